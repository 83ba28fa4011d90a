"""The wire protocol between the commune program and the province server.

Shared by both sides, so it imports nothing but the standard library: the server takes it
without Qt, SQLAlchemy or requests (pyproject's import-linter contract and tests/sync).

What travels: JSON, gzip-compressed both ways. A batch is the rows of a stretch of one
device's change log (positions `first`..`last`, right after `after`); its id is derived
from the device, the positions, the schema revision and the payload hash, so a batch sent
twice is recognised and answered with the stored receipt. Each synced table is described
here (`TABLES`) in push order, parents before children; tests/sync compares that
description with the commune database's models so the two never drift apart.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import asdict, dataclass
from datetime import date, datetime, timezone
from functools import cached_property
from typing import Any, Mapping

from desktop import __version__

# Hashes and gzip-JSON bodies live in wire.py; named here too, where both sides (and the
# province's import contract) take the protocol from.
from desktop.sync.wire import (  # noqa: F401
    TooLarge,
    Unreadable,
    batch_id,
    canonical,
    log_hash,
    pack,
    payload_hash,
    row_hash,
    sha256,
    unpack,
    versions_digest,
)

APP_VERSION = __version__  # sent by the client, shown by the server
PROTOCOL = 1
MAX_INTEGER = 2 ** 63 - 1  # a BIGINT on PostgreSQL and an INTEGER on SQLite hold no more
MAX_POSITION = 2 ** 31 - 1  # change-log positions: the province keeps them in INTEGER columns
MAX_ID_LENGTH = 36  # ids are UUIDs; the province stores them in a 36-wide column (PostgreSQL refuses more)
MAX_TEXT_LENGTH = 1_000_000  # the longest texts are result_json of a recognition (a few KB)
MIN_CLIENT_VERSION = "0.1.0"  # the oldest commune program the server still accepts

API = "/api/v1"
CLIENT_HEADER = "X-XHHT-Client"
PROTOCOL_HEADER = "X-XHHT-Protocol"


@dataclass(frozen=True)
class Limits:
    """What the server accepts; the client starts smaller and shrinks after a timeout."""

    max_batch_rows: int = 2000
    max_batch_bytes: int = 8_000_000  # uncompressed JSON of one batch
    page_rows: int = 1000  # rows per page of a restore or a version listing
    reference_page: int = 200

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Limits":
        return cls(**{k: int(data[k]) for k in cls.__dataclass_fields__ if k in data})


DEFAULT_BATCH_ROWS = 500
DEFAULT_BATCH_BYTES = 1_000_000
MIN_BATCH_ROWS = 20


# --- the synced tables ------------------------------------------------------------

KINDS = ("text", "int", "float", "bool", "date", "timestamp")

# The commune program's closed lists, as the codes its database holds (labels and order live
# in desktop/domain; tests/sync compares the two so neither changes alone).
VOCABULARIES: dict[str, tuple[str, frozenset[str]]] = {  # name: (what the officer calls it, codes)
    "sex": ("giới tính", frozenset({"M", "F"})),
    "ethnicity": ("mã dân tộc", frozenset(f"{n:02d}" for n in range(1, 55))),
    "relation": ("quan hệ với chủ hộ", frozenset({"head", "wife", "husband", "child", "child_in_law", "grandchild",
                                                "father", "mother", "grandparent", "sibling", "other"})),
    "education": ("trình độ học vấn", frozenset({"none", "primary_incomplete", "primary", "lower_secondary",
                                                "upper_secondary", "elementary_vocational", "intermediate",
                                                "college", "university", "postgraduate"})),
    "literacy": ("mức biết chữ", frozenset({"illiterate", "level1", "level2"})),
    "citizen_status": ("tình trạng cư trú", frozenset({"resident", "temporary", "absent", "moved_away",
                                                      "deceased"})),
    "poverty": ("diện hộ nghèo", frozenset({"none", "near_poor", "poor"})),
    "hamlet_kind": ("loại thôn/tổ dân phố", frozenset({"thon", "ban", "ap", "lang", "buon", "bon", "phum", "soc",
                                                      "xom", "to_dan_pho", "khu_pho", "khoi_pho", "khom",
                                                      "tieu_khu", "khu_dan_cu"})),
    "unit_kind": ("loại đơn vị", frozenset({"school", "agency", "cooperative", "enterprise", "health", "other"})),
    "activity_category": ("loại hoạt động", frozenset({"literacy", "post_literacy", "topic", "skills",
                                                      "digital_skills", "foreign_language", "culture_sport",
                                                      "other"})),
    "title": ("danh hiệu", frozenset({"cong-dan", "gia-dinh", "dong-ho", "cong-dong", "don-vi"})),
    "subject_kind": ("loại đối tượng", frozenset({"citizen", "household", "clan", "hamlet", "unit"})),
}
# The officer's checks also keep the commune's own rating (desktop/services/commune_rating.py, CAP_XA).
VOCABULARIES["checked_title"] = ("danh hiệu", VOCABULARIES["title"][1] | {"cap-xa"})

# Texts with a shape of their own: name: (pattern, what it must look like, in words).
_IDENT = r"[0-9A-Za-z][0-9A-Za-z._-]{0,39}"  # an id in a criteria file (desktop/domain/criteria_reader.py)
FORMATS: dict[str, tuple[re.Pattern, str]] = {
    # A birth date known to the year, the month or the day (desktop/domain/dates.py, PartialDate.iso).
    "partial_date": (re.compile(r"(19|2\d)\d\d(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?"),
                     "năm sinh dạng YYYY, YYYY-MM hoặc YYYY-MM-DD, từ năm 1900"),
    "cccd": (re.compile(r"\d{12}"), "số định danh 12 chữ số"),
    "phone": (re.compile(r"(0\d{9,10})?"), "số điện thoại 10–11 chữ số bắt đầu bằng 0, hoặc để trống"),
    "ident": (re.compile(_IDENT), "mã gồm chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới (tối đa 40 ký tự)"),
    "set_id": (re.compile(f"({'|'.join(sorted(VOCABULARIES['title'][1]))})/{_IDENT}"),
               "mã bộ tiêu chí dạng danh-hiệu/phiên-bản"),
    "register_number": (re.compile(r"\d{4}-[A-ZĐ]{2,8}-\d{6,9}"), "số vào sổ dạng 2026-GĐHT-000123"),
    "check_value": (re.compile(r"[0-9A-Z]{4,16}"), "mã kiểm tra gồm chữ in hoa không dấu và số"),
    # A name's place in Vietnamese order, packed into code points (desktop/store/collation.py:
    # markers 1 and 2, digits from U+0100). The one text with controls; the province never reads it.
    "sort_key": (re.compile("[^\x00\ud800-\udfff]*"), "khóa sắp xếp tên, không chứa ký tự NUL"),
}


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    kind: str
    nullable: bool = False
    references: str | None = None  # the parent table whose id this column holds
    deferred: bool = False  # the parent may come later in push order (a DEFERRED key)
    # What the commune program can write there. Text: length bounds (min_length 1: not blank);
    # numbers: value bounds; a closed list of codes, or a shape.
    min_length: int = 0
    max_length: int = MAX_TEXT_LENGTH
    minimum: float | None = None
    maximum: float | None = None
    vocabulary: str | None = None
    format: str | None = None


@dataclass(frozen=True)
class TableSpec:
    name: str
    columns: tuple[ColumnSpec, ...]

    @cached_property  # asked for every row the server checks
    def column_names(self) -> frozenset[str]:
        return frozenset(c.name for c in self.columns)

    @cached_property
    def references(self) -> tuple[ColumnSpec, ...]:
        return tuple(c for c in self.columns if c.references)

    def column(self, name: str) -> ColumnSpec:
        return _COLUMNS[self.name][name]


# Every synced row carries these (desktop/store/base.py, Synced). Ids and the device id in
# origin are UUIDs (MAX_ID_LENGTH). A version counts one row's edits, and the province keeps it
# in an INTEGER column (32 bits on PostgreSQL).
_SYNCED = "id:text[1..36] version:int[1..2147483647] updated_at:timestamp deleted:bool origin:text[1..36]"
_TITLE_YEAR = "year:int[2000..2100] title:text{title}"  # desktop/services/titles/common.py, check_year
_SUBJECT = "subject_kind:text{subject_kind} subject_id:text[1..36]"

# One line per table, in push order. Grammar of a column: `name:kind`, or `name>parent` (an
# id of a row of the parent table), `name>>parent` (the same, checked at commit: the parent
# may come later); then what the program can write: `[lo..hi]` (a text's length, a number's
# value; either end may be left open), `{vocabulary}` (a code of VOCABULARIES), `~format` (a
# shape of FORMATS); a trailing `?` allows null. A text with no bounds is free up to
# MAX_TEXT_LENGTH (the JSON columns).
_DESCRIPTION = (
    ("hamlets", "name:text[1..120] kind:text{hamlet_kind} valid_from:date? valid_to:date? note:text[..400]"),
    ("learning_units", "name:text[1..200] kind:text{unit_kind} staff_count:int[0..] hamlet_id>hamlets? "
                       "address:text[..300] head_name:text[..120] phone:text~phone"),
    ("households", "code:text[1..30] hamlet_id>hamlets? address:text[..300] phone:text~phone "
                   "poverty:text{poverty} head_id>>citizens? search_text:text[..400]"),
    ("citizens", "household_id>households? family_name:text[..40] middle_name:text[..60] given_name:text[1..40] "
                 "sex:text{sex} birth_date:text~partial_date? identity_number:text~cccd? ethnicity:text{ethnicity} "
                 "relation:text{relation} education:text{education}? literacy:text{literacy}? "
                 "occupation:text[..120] studying:bool status:text{citizen_status} status_since:date? "
                 "status_note:text[..400]? full_name:text[1..142] birth_year:int[1900..2100]? "
                 "sort_key:text[..2000]~sort_key search_text:text[..200]"),
    ("clans", "name:text[1..120] hamlet_id>hamlets? head_id>citizens? note:text[..400]"),
    ("clan_households", "clan_id>clans household_id>households"),
    ("learning_centres", "name:text[1..200] director:text[..120] address:text[..300]"),
    ("activities", "centre_id>learning_centres title:text[1..300] category:text{activity_category} "
                   "start_date:date end_date:date hours:float[0..2000] place:text[..200] instructor:text[..120] "
                   "note:text[..400]"),
    ("participations", "activity_id>activities citizen_id>citizens hours:float[0..2000] completed:bool"),
    ("title_registrations", f"{_TITLE_YEAR} {_SUBJECT} registered_on:date? note:text[..400] "
                            "unit_staff:int[0..]? unit_staff_cdht:int[0..]?"),
    ("subject_checks", "year:int[2000..2100] title:text{checked_title} subject_id:text[1..36] "
                       "checks_json:text[1..]"),
    ("evaluation_rounds", f"{_TITLE_YEAR} set_id:text~set_id set_fingerprint:text[1..64] "
                          "evaluated_at:timestamp subjects:int[0..] passed:int[0..]"),
    ("evaluations", f"{_TITLE_YEAR} {_SUBJECT} set_id:text~set_id total:float[0..] max_points:float[0..] "
                    "passed:bool complete:bool level:text~ident? points_json:text[1..] proposed:bool "
                    "proposed_on:date? proposal_note:text[..400]"),
    ("recognition_decisions", f"{_TITLE_YEAR} number:text[1..40] signed_on:date signer_name:text[1..120] "
                              "signer_title:text[..80] signer_capacity:text[..80] set_id:text~set_id "
                              "note:text[..400]"),
    ("recognitions", f"decision_id>recognition_decisions {_TITLE_YEAR} {_SUBJECT} name:text[..300] "
                     "head:text[..120] detail:text[..300] sex:text{sex}? birth_year:int[1900..2100]? "
                     "total:float[0..] level:text~ident? result_json:text[1..] revoked_on:date? "
                     "revoke_reason:text[..400]"),
    ("certificates", f"recognition_id>recognitions {_TITLE_YEAR} serial:int[1..] "
                     "register_number:text~register_number name:text[..300] check_value:text~check_value "
                     "issued_on:date void:bool void_reason:text[..400]"),
    ("certificate_prints", "certificate_id>certificates printed_at:timestamp reprint:bool file_name:text[..300]"),
)

_TOKEN = re.compile(r"^(?P<name>[a-z_]+)(?::(?P<kind>[a-z]+)|(?P<arrow>>>?)(?P<parent>[a-z_]+))"
                    r"(?:\[(?P<low>-?\d*)\.\.(?P<high>-?\d*)\])?(?:\{(?P<vocabulary>[a-z_]+)\}|~(?P<format>[a-z_0-9]+))?"
                    r"(?P<null>\?)?$")


def _parse(name: str, spec: str) -> TableSpec:
    columns = []
    for token in f"{_SYNCED} {spec}".split():
        match = _TOKEN.match(token)
        kind = (match["kind"] or "text") if match else None
        if (match is None or kind not in KINDS or (match["vocabulary"] and match["vocabulary"] not in VOCABULARIES)
                or (match["format"] and match["format"] not in FORMATS)
                or ((match["vocabulary"] or match["format"]) and kind != "text")
                or (match["low"] is not None and kind not in ("text", "int", "float"))):
            raise ValueError(f"bad column {token!r} in the description of {name}")
        low, high = (int(match[end]) if match[end] else None for end in ("low", "high"))
        bounds: dict[str, Any] = {}
        if kind == "text":
            bounds = {"min_length": low or 0, "max_length": MAX_TEXT_LENGTH if high is None else high}
        elif match["low"] is not None:
            bounds = {"minimum": low, "maximum": high}
        if match["parent"]:  # an id of a row of ours
            bounds = {"min_length": 1, "max_length": MAX_ID_LENGTH}
        columns.append(ColumnSpec(match["name"], kind, bool(match["null"]), match["parent"], match["arrow"] == ">>",
                                  vocabulary=match["vocabulary"], format=match["format"], **bounds))
    return TableSpec(name, tuple(columns))


TABLES: tuple[TableSpec, ...] = tuple(_parse(name, spec) for name, spec in _DESCRIPTION)
TABLE_BY_NAME: dict[str, TableSpec] = {t.name: t for t in TABLES}
TABLE_ORDER: dict[str, int] = {t.name: i for i, t in enumerate(TABLES)}
_COLUMNS = {t.name: {c.name: c for c in t.columns} for t in TABLES}

# What the officer reads in messages about a row of each table.
TABLE_LABELS = {
    "hamlets": "Thôn/tổ dân phố", "learning_units": "Đơn vị học tập", "households": "Hộ gia đình",
    "citizens": "Công dân", "clans": "Dòng họ", "clan_households": "Hộ thuộc dòng họ",
    "learning_centres": "Trung tâm học tập cộng đồng", "activities": "Hoạt động",
    "participations": "Lượt tham gia hoạt động", "title_registrations": "Đăng ký danh hiệu",
    "subject_checks": "Điểm chấm của cán bộ", "evaluation_rounds": "Đợt đánh giá",
    "evaluations": "Kết quả đánh giá", "recognition_decisions": "Quyết định công nhận",
    "recognitions": "Người/đơn vị được công nhận", "certificates": "Giấy công nhận",
    "certificate_prints": "Lần in giấy công nhận",
}
# Counts are keyed like `xhht stats --json`; the other tables go by their own name.
STATS_KEYS = {t.name: {"learning_units": "units"}.get(t.name, t.name) for t in TABLES}
TITLE_NAMES = {
    "cong-dan": "Công dân học tập", "gia-dinh": "Gia đình học tập", "dong-ho": "Dòng họ học tập",
    "cong-dong": "Cộng đồng học tập", "don-vi": "Đơn vị học tập",
}
_NAMING_COLUMNS = ("full_name", "name", "code", "title", "number", "register_number")


def describe(table: str, row: Mapping[str, Any]) -> str:
    """'Hộ gia đình «YX-0012»': how a message names a row."""
    label = TABLE_LABELS.get(table, table)
    for column in _NAMING_COLUMNS:
        value = row.get(column)
        if column == "title" and value in TITLE_NAMES:  # a round or a result: the title and its year
            year = row.get("year")
            return f"{label} «{TITLE_NAMES[value]}{f' năm {year}' if isinstance(year, int) else ''}»"
        if isinstance(value, str) and value.strip():
            return f"{label} «{value.strip()}»"
    return f"{label} (mã {str(row.get('id', ''))[:8]})"


# --- values -----------------------------------------------------------------------

TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"  # as the commune database stores it (UTCTimestamp)
SECONDS_FORMAT = "%Y-%m-%dT%H:%M:%SZ"  # a UTC moment to the second: expiries, finish times, the sync state
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")
KIND_NAMES = {"text": "chuỗi", "int": "số nguyên", "float": "số", "bool": "đúng/sai", "date": "ngày (YYYY-MM-DD)",
              "timestamp": "thời điểm UTC"}


def value_ok(kind: str, value: Any) -> bool:
    """Whether a non-null wire value has the kind's shape."""
    if kind == "text":
        return isinstance(value, str)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "float":
        return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "date":
        return isinstance(value, str) and bool(_DATE.match(value)) and _parses(date.fromisoformat, value)
    if kind == "timestamp":
        return isinstance(value, str) and bool(_TIMESTAMP.match(value)) and _parses(datetime.fromisoformat, value[:-1])
    return False


# C0 controls but tab, newline and CR; and lone surrogates (no encoding a file or a server
# keeps holds them). The commune drops both at input (desktop/domain/text.py, normalize_text).
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def _shown(value: Any) -> str:
    """A value quoted in a reason, cut short: a reason must not echo a megabyte back."""
    text = value if isinstance(value, str) else json.dumps(value)
    text = _NOT_TEXT.sub("\ufffd", text)
    return f"“{text[:40]}…”" if len(text) > 40 else f"“{text}”"


def _number(value: float) -> str:
    return f"{value:,}".replace(",", ".") if isinstance(value, int) else f"{value:g}".replace(".", ",")


def _value_limit(column: ColumnSpec, value: Any) -> str | None:
    """Why a value of the right JSON kind is not one the commune program writes: a number past
    64 bits or out of its range, a NUL (PostgreSQL text refuses it) or another control
    character, a text blank or longer than the column, a code outside its list."""
    kind = column.kind
    if kind == "int" and not -MAX_INTEGER - 1 <= value <= MAX_INTEGER:
        return "có số nguyên vượt quá giới hạn 64 bit"
    if kind in ("int", "float"):
        low, high = column.minimum, column.maximum
        if low is not None and high is not None and (value < low or value > high):
            limit = f"từ {_number(low)} đến {_number(high)}"
        elif low is not None and value < low:
            limit = f"từ {_number(low)} trở lên"
        elif high is not None and value > high:
            limit = f"không quá {_number(high)}"
        else:
            limit = ""
        if limit:
            return f"phải {limit} (đang là {_shown(value) if abs(value) > 1e15 else _number(value)})"
    if kind != "text":
        return None
    if len(value) > column.max_length:
        return f"dài quá {_number(column.max_length)} ký tự (đang có {_number(len(value))})"
    bad = _NOT_TEXT.search(value) if column.format != "sort_key" else None
    if bad is not None:
        code = ord(bad.group())
        if code == 0:
            return "chứa ký tự NUL (mã 0), không lưu được"
        if code >= 0xD800:
            return "chứa ký tự Unicode không hợp lệ (nửa cặp surrogate)"
        return f"chứa ký tự điều khiển (mã {code}), không phải văn bản"
    if column.min_length and len(value.strip()) < column.min_length:
        return "không được để trống"
    if column.vocabulary is not None:
        label, codes = VOCABULARIES[column.vocabulary]
        if value not in codes:
            listed = f" ({', '.join(sorted(codes))})" if len(codes) <= 12 else ""
            return f"có giá trị {_shown(value)} không thuộc danh mục {label}{listed}"
    if column.format is not None:
        pattern, words = FORMATS[column.format]
        if pattern.fullmatch(value) is None or (len(value) == 10 and column.format == "partial_date"
                                                and not _parses(date.fromisoformat, value)):
            return f"phải là {words} (đang là {_shown(value)})"
    return None


def _parses(parse, value: str) -> bool:
    try:
        parse(value)
    except ValueError:
        return False
    return True


def encode_value(kind: str, value: Any) -> Any:
    """A value read from the commune database as it travels. Dates and timestamps read as
    the text SQLite holds are already in wire form."""
    if value is None or isinstance(value, str):
        return value
    if kind == "date":
        return value.isoformat()
    if kind == "timestamp":
        return value.astimezone(timezone.utc).strftime(TIMESTAMP_FORMAT)
    if kind == "bool":
        return bool(value)
    if kind == "float":
        return float(value)
    return value


def decode_value(kind: str, value: Any) -> Any:
    """A wire value as the commune database's column types take it."""
    if value is None:
        return None
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "timestamp":
        return datetime.fromisoformat(value[:-1]).replace(tzinfo=timezone.utc)
    return value


def check_row(table: str, row: Any) -> tuple[str, str] | None:
    """Shape problems of one wire row as (code, Vietnamese reason); None when it is well formed."""
    spec = TABLE_BY_NAME.get(table)
    if spec is None:
        return "unknown_table", f"bảng “{table}” không thuộc dữ liệu đồng bộ"
    if not isinstance(row, dict):
        return "bad_row", "bản ghi không phải một đối tượng JSON"
    unknown = sorted(set(row) - spec.column_names)
    if unknown:
        return "unknown_column", f"cột không có trong cấu trúc dữ liệu: {', '.join(unknown)}"
    problems = []
    for column in spec.columns:
        value = row.get(column.name)
        if value is None:
            if not column.nullable:
                problems.append(f"thiếu giá trị cột {column.name}")
        elif not value_ok(column.kind, value):
            problems.append(f"cột {column.name} phải là {KIND_NAMES[column.kind]}")
        elif (problem := _value_limit(column, value)) is not None:
            problems.append(f"cột {column.name} {problem}")
    if problems:
        return "bad_row", "; ".join(problems)
    return None


# --- versions ---------------------------------------------------------------------

VERSION_PATTERN = re.compile(r"\d{1,6}(\.\d{1,6}){0,3}([.+-][0-9A-Za-z.+-]{0,24})?")


def version_tuple(text: str) -> tuple[int, ...]:
    parts = []
    for part in text.split("."):
        digits = re.match(r"\d*", part)  # matches always, perhaps empty
        parts.append(int(digits.group() or 0) if digits else 0)
    return tuple(parts)
