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

import gzip
import hashlib
import json
import math
import re
import zlib
from dataclasses import asdict, dataclass
from datetime import date, datetime, timezone
from functools import cached_property
from typing import Any, Iterable, Mapping

from desktop import __version__ as APP_VERSION  # sent by the client, shown by the server

PROTOCOL = 1
MAX_INTEGER = 2 ** 63 - 1  # a BIGINT on PostgreSQL and an INTEGER on SQLite hold no more
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


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    kind: str
    nullable: bool = False
    references: str | None = None  # the parent table whose id this column holds
    deferred: bool = False  # the parent may come later in push order (a DEFERRED key)


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


# Every synced row carries these (desktop/store/base.py, Synced).
_SYNCED = "id:text version:int updated_at:timestamp deleted:bool origin:text"

# One line per table, in push order. Grammar: `name:kind`, `name>parent` (an id of a row of
# the parent table), `name>>parent` (the same, checked at commit: the parent may come later);
# a trailing `?` allows null.
_DESCRIPTION = (
    ("hamlets", "name:text kind:text valid_from:date? valid_to:date? note:text"),
    ("learning_units", "name:text kind:text staff_count:int hamlet_id>hamlets? address:text head_name:text "
                       "phone:text"),
    ("households", "code:text hamlet_id>hamlets? address:text phone:text poverty:text head_id>>citizens? "
                   "search_text:text"),
    ("citizens", "household_id>households? family_name:text middle_name:text given_name:text sex:text "
                 "birth_date:text? identity_number:text? ethnicity:text relation:text education:text? "
                 "literacy:text? occupation:text studying:bool status:text status_since:date? status_note:text? "
                 "full_name:text birth_year:int? sort_key:text search_text:text"),
    ("clans", "name:text hamlet_id>hamlets? head_id>citizens? note:text"),
    ("clan_households", "clan_id>clans household_id>households"),
    ("learning_centres", "name:text director:text address:text"),
    ("activities", "centre_id>learning_centres title:text category:text start_date:date end_date:date "
                   "hours:float place:text instructor:text note:text"),
    ("participations", "activity_id>activities citizen_id>citizens hours:float completed:bool"),
    ("title_registrations", "year:int title:text subject_kind:text subject_id:text registered_on:date? "
                            "note:text unit_staff:int? unit_staff_cdht:int?"),
    ("subject_checks", "year:int title:text subject_id:text checks_json:text"),
    ("evaluation_rounds", "year:int title:text set_id:text set_fingerprint:text evaluated_at:timestamp "
                          "subjects:int passed:int"),
    ("evaluations", "year:int title:text subject_kind:text subject_id:text set_id:text total:float "
                    "max_points:float passed:bool complete:bool level:text? points_json:text proposed:bool "
                    "proposed_on:date? proposal_note:text"),
    ("recognition_decisions", "year:int title:text number:text signed_on:date signer_name:text "
                              "signer_title:text signer_capacity:text set_id:text note:text"),
    ("recognitions", "decision_id>recognition_decisions year:int title:text subject_kind:text subject_id:text "
                     "name:text head:text detail:text sex:text? birth_year:int? total:float level:text? "
                     "result_json:text revoked_on:date? revoke_reason:text"),
    ("certificates", "recognition_id>recognitions year:int title:text serial:int register_number:text "
                     "name:text check_value:text issued_on:date void:bool void_reason:text"),
    ("certificate_prints", "certificate_id>certificates printed_at:timestamp reprint:bool file_name:text"),
)

_TOKEN = re.compile(r"^(?P<name>[a-z_]+)(?::(?P<kind>[a-z]+)|(?P<arrow>>>?)(?P<parent>[a-z_]+))(?P<null>\?)?$")


def _parse(name: str, spec: str) -> TableSpec:
    columns = []
    for token in f"{_SYNCED} {spec}".split():
        match = _TOKEN.match(token)
        if match is None or (match["kind"] and match["kind"] not in KINDS):
            raise ValueError(f"bad column {token!r} in the description of {name}")
        columns.append(ColumnSpec(match["name"], match["kind"] or "text", bool(match["null"]),
                                  match["parent"], match["arrow"] == ">>"))
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


def _value_limit(kind: str, value: Any) -> str | None:
    """What no store can hold, though the JSON type is right: numbers past 64 bits, a NUL
    (PostgreSQL text refuses it), a text longer than any the program writes."""
    if kind == "int" and not -MAX_INTEGER - 1 <= value <= MAX_INTEGER:
        return "có số nguyên vượt quá giới hạn 64 bit"
    if kind == "text":
        if len(value) > MAX_TEXT_LENGTH:
            return f"dài quá {MAX_TEXT_LENGTH:,} ký tự".replace(",", ".")
        if "\x00" in value:
            return "chứa ký tự NUL (mã 0), không lưu được"
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
        elif (problem := _value_limit(column.kind, value)) is not None:
            problems.append(f"cột {column.name} {problem}")
    if not problems and (row["version"] < 1 or not row["id"].strip() or len(row["id"]) > MAX_ID_LENGTH):
        problems.append(f"mã bản ghi trống hoặc dài quá {MAX_ID_LENGTH} ký tự, hoặc phiên bản nhỏ hơn 1")
    if problems:
        return "bad_row", "; ".join(problems)
    return None


# --- hashes and ids ----------------------------------------------------------------

def canonical(value: Any) -> bytes:
    """One byte string per JSON value: what every hash here is taken over."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def payload_hash(rows: list[dict]) -> str:
    return sha256(canonical(rows))


def row_hash(row: Mapping[str, Any]) -> str:
    return sha256(canonical(row))[:32]


def batch_id(device_id: str, first: int, last: int, schema: str, payload: str) -> str:
    """Same device, positions, schema and rows: the same batch, applied once."""
    return sha256(f"{device_id}|{first}|{last}|{schema}|{payload}".encode())


def log_hash(entries: Iterable[tuple[int, str, str, int, str]]) -> str:
    """Fingerprint of change-log entries (position, table, row id, version, changed at): lets
    a client tell a receipt it lost from a log that was replaced (a restored backup whose
    officer has since made the same number of edits; the times tell them apart)."""
    return sha256("".join(f"{p}|{t}|{r}|{v}|{c}\n" for p, t, r, v, c in entries).encode())


def versions_digest(pairs: Iterable[tuple[str, int]]) -> str:
    """Digest of a table's (id, version) pairs, in code-point order of the ids."""
    digest = hashlib.sha256()
    for row_id, version in sorted(pairs):
        digest.update(f"{row_id}:{version}\n".encode())
    return digest.hexdigest()


VERSION_PATTERN = re.compile(r"\d{1,6}(\.\d{1,6}){0,3}([.+-][0-9A-Za-z.+-]{0,24})?")


def version_tuple(text: str) -> tuple[int, ...]:
    parts = []
    for part in text.split("."):
        digits = re.match(r"\d*", part).group()
        parts.append(int(digits or 0))
    return tuple(parts)


# --- gzip JSON -----------------------------------------------------------------------

class Unreadable(ValueError):
    """A body that is not gzip, not UTF-8, not JSON, nested past reason or holding a lone surrogate."""


# A lone surrogate can only arrive as a \u escape; a pair (an emoji) matches too, so a
# match only means the parsed strings must be walked.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89abcdefABCDEF][0-9a-fA-F]{2}")


def _has_lone_surrogate(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if any("\ud800" <= ch <= "\udfff" for ch in item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


class TooLarge(ValueError):
    """A body that would inflate past the limit (or a gzip bomb)."""


def pack(value: Any) -> bytes:
    return gzip.compress(canonical(value), compresslevel=6)


def unpack(body: bytes, *, limit: int, compressed: bool = True) -> Any:
    """Parse a (gzip) JSON body, refusing to inflate it past `limit` bytes."""
    if compressed:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            body = inflater.decompress(body, limit + 1)
        except zlib.error:
            raise Unreadable("không phải dữ liệu nén gzip") from None
        if len(body) > limit or inflater.unconsumed_tail:
            raise TooLarge(limit)
    elif len(body) > limit:
        raise TooLarge(limit)
    try:
        value = json.loads(body.decode("utf-8"))
    except RecursionError:
        raise Unreadable("JSON lồng nhau quá nhiều tầng") from None
    except UnicodeDecodeError:
        raise Unreadable("không phải văn bản UTF-8") from None
    except ValueError as exc:
        raise Unreadable(f"không phải JSON ({exc})") from None
    if _SURROGATE_ESCAPE.search(body) and _has_lone_surrogate(value):
        raise Unreadable("một chuỗi chứa ký tự Unicode không hợp lệ (nửa cặp surrogate)")
    return value
