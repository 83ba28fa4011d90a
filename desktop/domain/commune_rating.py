"""The commune's own rating, “Cộng đồng học tập” cấp xã (Thông tư 25/2023/TT-BGDĐT): the
document's criteria and indicators read from plain data, and the level they add up to.

Unlike the five titles (criteria.py) nothing is scored: each indicator is met at level 2
(Tốt), met at level 1 (Khá) or not met, and the commune reaches a level when every
indicator is met at that level. Where level 2 asks nothing more of an indicator than
level 1, meeting it meets both. The NĐ 20/2014 literacy standards the register can compute
(evidence for criterion 4) are here too. No I/O: desktop.services.commune_rating reads the file.

Every problem of a file is reported at once, each naming its place, as criteria_reader does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Iterable, Mapping

from desktop.domain.errors import ValidationError
from desktop.domain.file_checks import FileChecks
from desktop.domain.text import normalize_text

SCHEMA = 1
LEVELS = (1, 2)

# What an officer records per indicator; None = not yet assessed (chưa đánh giá).
MET_2, MET_1, NOT_MET = 2, 1, 0
STATES = {MET_2: "Đạt mức độ 2", MET_1: "Đạt mức độ 1", NOT_MET: "Chưa đạt"}
NOT_ASSESSED = "Chưa đánh giá"
MET_BOTH = "Đạt"  # an indicator level 2 asks nothing more of

# Groups of register figures an indicator may cite as evidence (services.commune_figures).
FIGURES = {
    "literacy": "Kết quả xóa mù chữ",
    "schooling": "Trẻ em, thiếu niên trong độ tuổi phổ cập đi học",
    "centre": "Hoạt động của Trung tâm học tập cộng đồng",
    "titles": "Các danh hiệu học tập được công nhận",
}

_LABELS = {
    "id": "mã", "name": "tên", "code": "số hiệu văn bản", "kind": "loại văn bản", "issuer": "cơ quan ban hành",
    "date": "ngày ban hành", "in_force": "ngày có hiệu lực", "title": "trích yếu", "valid_from": "năm đánh giá đầu tiên",
    "valid_to": "năm đánh giá cuối cùng", "period": "thời gian tính số liệu", "recognised_by": "cấp công nhận",
    "what": "việc phải làm", "day": "ngày", "month": "tháng", "level2_higher": "mức độ 2 cao hơn mức độ 1",
    "confirmed": "đã xác nhận", "why": "lý do chưa xác nhận", "note": "ghi chú",
}
_ID = re.compile(r"[1-9][0-9]?(\.[1-9][0-9]?)?")
_TOP_KEYS = ("schema", "id", "name", "source", "valid_from", "valid_to", "period", "deadlines", "recognised_by",
             "levels", "unconfirmed", "note", "criteria")
_SOURCE_KEYS = ("code", "kind", "issuer", "date", "in_force", "title")
_DEADLINE_KEYS = ("what", "day", "month")
_LEVEL_KEYS = ("id", "name")
_CRITERION_KEYS = ("id", "name", "note", "indicators")
_INDICATOR_KEYS = ("id", "name", "level2_higher", "figures", "confirmed", "why", "note")


class RatingFileError(ValidationError):
    """A rating file with one or more problems; `errors` lists each with its place."""

    default_code = "invalid_rating_file"

    def __init__(self, source: str, errors: list[ValidationError]) -> None:
        self.errors = tuple(errors)
        head = f"Tệp tiêu chí “Cộng đồng học tập” cấp xã “{source}”" + (
            f" có {len(errors)} lỗi" if len(errors) > 1 else "")
        super().__init__(f"{head}: " + "; ".join(e.message for e in errors))
        self.source = source


@dataclass(frozen=True)
class Source:
    code: str  # "25/2023/TT-BGDĐT"
    kind: str  # "Thông tư"
    issuer: str
    date: str  # ISO
    in_force: str  # ISO
    title: str

    @property
    def citation(self) -> str:
        """"Thông tư số 25/2023/TT-BGDĐT ngày 27 tháng 12 năm 2023 của Bộ trưởng Bộ Giáo dục và Đào tạo"."""
        day = date.fromisoformat(self.date)
        month = f"{day.month:02d}" if day.month < 3 else str(day.month)
        issuer = f"Bộ trưởng {self.issuer}" if self.issuer.startswith("Bộ ") else self.issuer
        return f"{self.kind} số {self.code} ngày {day.day:02d} tháng {month} năm {day.year} của {issuer}"


@dataclass(frozen=True)
class Deadline:
    what: str
    day: int
    month: int

    def on(self, year: int) -> date:
        """The day of the year after the evaluated `year` (hồ sơ and recognition come the next year)."""
        return date(year + 1, self.month, self.day)


@dataclass(frozen=True)
class Indicator:
    id: str  # "1.2"; a criterion's whole-criterion entry carries the criterion's id ("3")
    criterion_id: str
    name: str
    level2_higher: bool  # level 2 asks more of it than level 1
    figures: tuple[str, ...] = ()  # keys of FIGURES
    confirmed: bool = True
    why: str = ""
    note: str = ""

    @property
    def whole_criterion(self) -> bool:
        return self.id == self.criterion_id

    def state_text(self, state: int | None) -> str:
        if state is None:
            return NOT_ASSESSED
        if state != NOT_MET and not self.level2_higher:
            return MET_BOTH
        return STATES[state]

    def reached(self, state: int | None) -> int | None:
        """The highest level the indicator is met at (0: none), None when not assessed."""
        if state is None or state == NOT_MET:
            return state
        return MET_2 if not self.level2_higher else state


@dataclass(frozen=True)
class CriterionDef:
    id: str
    name: str
    indicators: tuple[Indicator, ...]
    note: str = ""


@dataclass(frozen=True)
class RatingSet:
    id: str
    name: str
    source: Source
    valid_from: int  # the first evaluation year the document governs
    valid_to: int | None
    period: str
    deadlines: tuple[Deadline, ...]
    recognised_by: str
    levels: Mapping[int, str]  # 1 -> "Mức độ 1 (Khá)"
    criteria: tuple[CriterionDef, ...]
    unconfirmed: Mapping[str, str]  # what of the document itself is not confirmed, and why
    note: str
    origin: str  # the file it was read from

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for c in self.criteria for i in c.indicators)

    def indicator(self, indicator_id: str) -> Indicator | None:
        return next((i for i in self.indicators if i.id == indicator_id), None)

    def covers(self, year: int) -> bool:
        return year >= self.valid_from and (self.valid_to is None or year <= self.valid_to)

    @property
    def unconfirmed_indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if not i.confirmed)

    def unconfirmed_notes(self) -> tuple[str, ...]:
        """What the program could not confirm from the document's text, one sentence each."""
        notes = list(self.unconfirmed.values())
        for indicator in self.unconfirmed_indicators:
            notes.append(f"Chỉ tiêu {indicator.id}: {indicator.why}")
        return tuple(notes)


# --- the result ----------------------------------------------------------------------


@dataclass(frozen=True)
class RatingResult:
    level: int | None  # 2, 1; 0 = not reached; None = chưa đủ căn cứ (something not assessed)
    missing: tuple[str, ...]  # indicators not assessed
    not_met: tuple[str, ...]  # indicators not met at any level
    only_level1: tuple[str, ...]  # indicators met at level 1 only (they keep the commune from level 2)

    @property
    def complete(self) -> bool:
        return not self.missing


def rate(states: Iterable[tuple[Indicator, int | None]]) -> RatingResult:
    """Level 2 when every indicator is met at level 2, 1 when every one is met at least at level 1,
    0 otherwise; None (never a level) while any indicator is not assessed."""
    missing, not_met, only_level1, levels = [], [], [], []
    for indicator, state in states:
        reached = indicator.reached(state)
        if reached is None:
            missing.append(indicator.id)
            continue
        levels.append(reached)
        if reached == NOT_MET:
            not_met.append(indicator.id)
        elif reached == MET_1:
            only_level1.append(indicator.id)
    if missing or not levels:
        level = None
    else:
        level = min(levels)
    return RatingResult(level, tuple(missing), tuple(not_met), tuple(only_level1))


def verdict(result: RatingResult, levels: Mapping[int, str]) -> str:
    """The result in one sentence, naming what keeps the commune from a level."""
    if result.level is None:
        return (f"Chưa đủ căn cứ kết luận: còn {len(result.missing)} chỉ tiêu chưa đánh giá "
                f"({', '.join(result.missing) or 'không có chỉ tiêu'}).")
    if result.level == NOT_MET:
        return f"Chưa đạt: chỉ tiêu {', '.join(result.not_met)} chưa đạt."
    if result.level == MET_1:
        return (f"Đạt {levels[1]}; chưa đạt {levels[2]} vì chỉ tiêu {', '.join(result.only_level1)} "
                "mới đạt mức độ 1.")
    return f"Đạt {levels[2]}."


# --- literacy standards of Nghị định 20/2014/NĐ-CP (evidence for criterion 4) --------


@dataclass(frozen=True)
class LiteracyStandard:
    id: str
    name: str
    basis: str
    min_age: int
    max_age: int
    level: int  # literacy level counted (at least)
    percent: int  # at least this share of the age band
    confirmed: bool
    why: str = ""

    def met(self, count: int, of: int, unrecorded: int) -> bool | None:
        """Whether `count` of `of` reach `percent`; None when the people with no literacy
        recorded (counted in `of`, not in `count`) could decide it either way, or `of` is 0."""
        if of == 0:
            return None
        now = count * 100 >= self.percent * of
        if unrecorded and ((count + unrecorded) * 100 >= self.percent * of) != now:
            return None
        return now


# Read for /work/research/findings.md §4: Điều 21 in Vietnamese (quoted by a legal Q&A page),
# Điều 20 only in lawnet.vn's English translation, so its 90 % of 15–35 stays unconfirmed.
# The bands of communes with especially hard conditions (Điều 20: 15–25, Điều 21: 15–35) are
# not computed: the register does not say whether the commune is one of them.
LITERACY_STANDARDS = (
    LiteracyStandard("xmc1", "Chuẩn xóa mù chữ mức độ 1", "Điều 20 Nghị định 20/2014/NĐ-CP", 15, 35, 1, 90, False,
                     "Điều 20 mới đọc được qua bản dịch tiếng Anh của lawnet.vn (“at least 90% of individuals "
                     "aged 15 to 35”), chưa đối chiếu lời văn tiếng Việt."),
    LiteracyStandard("xmc2", "Chuẩn xóa mù chữ mức độ 2", "Điều 21 Nghị định 20/2014/NĐ-CP", 15, 60, 2, 90, True),
)


# --- reading the file -------------------------------------------------------------


def rating_set_from_dict(data: object, *, source: str) -> RatingSet:
    """Check everything and build the set, or raise RatingFileError listing every problem."""
    return _Reader(source).read(data)


class _Reader(FileChecks):
    @staticmethod
    def label(key: str) -> str:
        return f"{_LABELS[key]} ({key})" if key in _LABELS else key

    def text(self, data: dict, key: str, place: str, *, required: bool = True) -> str | None:
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.fail(place, f"thiếu {self.label(key)}.", "required")
                return None
            return ""
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            self.fail(place, f"{self.label(key)} phải là chữ (đang là “{value}”).", "invalid_type")
            return None
        return normalize_text(str(value))

    def whole(self, data: dict, key: str, place: str, low: int, high: int, *, required: bool = True) -> int | None:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(place, f"thiếu {self.label(key)}.", "required")
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(place, f"{self.label(key)} = “{value}” phải là số nguyên từ {low} đến {high}.")
            return None
        return value

    def iso_date(self, data: dict, key: str, place: str) -> str | None:
        value = data.get(key)
        if isinstance(value, date):  # YAML reads an unquoted 2023-12-27 as a date
            return value.isoformat()
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError:
            self.fail(place, f"{self.label(key)} “{value}” phải ghi dạng năm-tháng-ngày, ví dụ 2023-12-27.")
            return None

    def flag(self, data: dict, key: str, place: str, default: bool | None) -> bool | None:
        value = data.get(key, default)
        if not isinstance(value, bool):
            what = "thiếu" if value is None else f"đang là “{value}”"
            self.fail(place, f"{self.label(key)} phải là true hoặc false ({what}).", "invalid_type")
            return None
        return value

    def read(self, raw: object) -> RatingSet:
        data = self.mapping(raw, "Nội dung tệp")
        if data is None:
            raise RatingFileError(self.source, self.errors)
        self.keys(data, _TOP_KEYS, "")
        if data.get("schema", SCHEMA) != SCHEMA:
            self.fail("", f"phiên bản cấu trúc (schema) {data.get('schema')} chưa được hỗ trợ (chỉ đọc được {SCHEMA}).")
        set_id, name = self.text(data, "id", ""), self.text(data, "name", "")
        source = self.source_document(data.get("source"))
        valid_from = self.whole(data, "valid_from", "", 1945, 2100)
        valid_to = self.whole(data, "valid_to", "", 1945, 2100, required=False)
        if valid_from is not None and valid_to is not None and valid_to < valid_from:
            self.fail("", f"năm cuối áp dụng (valid_to) {valid_to} trước năm bắt đầu (valid_from) {valid_from}.")
        period = self.text(data, "period", "", required=False)
        recognised_by = self.text(data, "recognised_by", "")
        deadlines = self.deadlines(data.get("deadlines"))
        levels = self.levels(data.get("levels"))
        unconfirmed = self.unconfirmed(data.get("unconfirmed"))
        note = self.text(data, "note", "", required=False)
        criteria = self.criteria(data.get("criteria"))
        # Every None below had its problem recorded; the checks say so to the type checker too.
        if (self.errors or set_id is None or name is None or source is None or valid_from is None
                or period is None or recognised_by is None or note is None):
            raise RatingFileError(self.source, self.errors)
        return RatingSet(set_id, name, source, valid_from, valid_to, period, deadlines, recognised_by,
                         MappingProxyType(levels), tuple(criteria), unconfirmed, note, self.source)

    def source_document(self, value: object) -> Source | None:
        place = "văn bản (source)"
        if value is None:
            self.fail("", "thiếu văn bản (source).", "required")
            return None
        data = self.mapping(value, place)
        if data is None:
            return None
        self.keys(data, _SOURCE_KEYS, place)
        code, kind, issuer = (self.text(data, key, place) for key in ("code", "kind", "issuer"))
        issued, in_force = self.iso_date(data, "date", place), self.iso_date(data, "in_force", place)
        title = self.text(data, "title", place)
        if (code is None or kind is None or issuer is None or issued is None or in_force is None
                or title is None):
            return None
        return Source(code, kind, issuer, issued, in_force, title)

    def deadlines(self, value: object) -> tuple[Deadline, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail("", "thời hạn (deadlines) phải là một danh sách.", "invalid_type")
            return ()
        result = []
        for n, raw in enumerate(value, 1):
            place = f"thời hạn thứ {n}"
            data = self.mapping(raw, place)
            if data is None:
                continue
            self.keys(data, _DEADLINE_KEYS, place)
            what = self.text(data, "what", place)
            day, month = self.whole(data, "day", place, 1, 31), self.whole(data, "month", place, 1, 12)
            if what is None or day is None or month is None:
                continue
            try:
                date(2023, month, day)  # not a leap year: 29/02 could not be kept every year
            except ValueError:
                self.fail(place, f"ngày {day}/{month} không có thật.")
                continue
            result.append(Deadline(what, day, month))
        return tuple(result)

    def levels(self, value: object) -> dict[int, str]:
        if not isinstance(value, list):
            self.fail("", "thiếu các mức độ (levels): mức độ 1 và mức độ 2.", "required")
            return {}
        levels: dict[int, str] = {}
        before = len(self.errors)
        for n, raw in enumerate(value, 1):
            place = f"mức độ thứ {n}"
            data = self.mapping(raw, place)
            if data is None:
                continue
            self.keys(data, _LEVEL_KEYS, place)
            level, name = self.whole(data, "id", place, 1, 2), self.text(data, "name", place)
            if level in levels:
                self.fail(place, f"mức độ {level} bị ghi hai lần.", "duplicate_id")
            elif level is not None and name is not None:
                levels[level] = name
        if len(self.errors) == before and set(levels) != set(LEVELS):
            self.fail("", "phải có đúng hai mức độ: 1 và 2.", "required")
        return levels

    def unconfirmed(self, value: object) -> Mapping[str, str]:
        if value is None:
            return MappingProxyType({})
        data = self.mapping(value, "các điểm chưa xác nhận (unconfirmed)")
        if data is None:
            return MappingProxyType({})
        return MappingProxyType({str(key): normalize_text(str(why or "")) for key, why in data.items()})

    def criteria(self, value: object) -> list[CriterionDef]:
        if not isinstance(value, list) or not value:
            self.fail("", "thiếu danh sách tiêu chí (criteria) hoặc danh sách trống.", "required")
            return []
        result: list[CriterionDef] = []
        seen: set[str] = set()
        for n, raw in enumerate(value, 1):
            criterion = self.criterion(raw, n, seen)
            if criterion is not None:
                result.append(criterion)
        return result

    def criterion(self, raw: object, n: int, seen: set[str]) -> CriterionDef | None:
        place = f"tiêu chí thứ {n}"
        data = self.mapping(raw, place)
        if data is None:
            return None
        criterion_id = self.ident(data, place, single=True)
        place = f"tiêu chí {criterion_id}" if criterion_id else place
        self.keys(data, _CRITERION_KEYS, place)
        if criterion_id is not None and criterion_id in seen:
            self.fail(place, "mã tiêu chí bị trùng.", "duplicate_id")
        if criterion_id is not None:
            seen.add(criterion_id)
        name, note = self.text(data, "name", place), self.text(data, "note", place, required=False)
        raw_items = data.get("indicators")
        if not isinstance(raw_items, list) or not raw_items:
            self.fail(place, "thiếu danh sách chỉ tiêu (indicators) hoặc danh sách trống.", "required")
            return None
        read = [self.indicator(r, k, place, criterion_id, seen) for k, r in enumerate(raw_items, 1)]
        indicators = [i for i in read if i is not None]
        if len(indicators) != len(read) or criterion_id is None or name is None or note is None:
            return None
        if len(indicators) > 1 and any(i.whole_criterion for i in indicators):
            self.fail(place, f"chỉ tiêu mang mã {criterion_id} (đại diện cả tiêu chí) phải là chỉ tiêu duy nhất "
                             "của tiêu chí; khi đã có các chỉ tiêu riêng thì bỏ chỉ tiêu đại diện.")
            return None
        return CriterionDef(criterion_id, name, tuple(indicators), note)

    def ident(self, data: dict, place: str, *, single: bool) -> str | None:
        value = self.text(data, "id", place)
        if value is None:
            return None
        if not _ID.fullmatch(value) or (single and "." in value):
            shape = "một số, ví dụ 3" if single else "số tiêu chí, dấu chấm, số thứ tự, ví dụ 1.2"
            self.fail(place, f"mã “{value}” phải là {shape}.")
            return None
        return value

    def indicator(self, raw: object, n: int, parent: str, criterion_id: str | None,
                  seen: set[str]) -> Indicator | None:
        place = f"{parent}, chỉ tiêu thứ {n}"
        data = self.mapping(raw, place)
        if data is None:
            return None
        indicator_id = self.ident(data, place, single=False)
        place = f"{parent}, chỉ tiêu {indicator_id}" if indicator_id else place
        self.keys(data, _INDICATOR_KEYS, place)
        if indicator_id is not None and criterion_id is not None and indicator_id.split(".")[0] != criterion_id:
            self.fail(place, f"mã chỉ tiêu phải bắt đầu bằng mã tiêu chí {criterion_id}.")
            indicator_id = None
        elif indicator_id is not None and indicator_id != criterion_id and indicator_id in seen:
            self.fail(place, "mã chỉ tiêu bị trùng.", "duplicate_id")
        if indicator_id is not None:
            seen.add(indicator_id)
        name = self.text(data, "name", place)
        higher = self.flag(data, "level2_higher", place, None)
        confirmed = self.flag(data, "confirmed", place, True)
        why, note = self.text(data, "why", place, required=False), self.text(data, "note", place, required=False)
        if confirmed is False and not why:
            self.fail(place, "chưa xác nhận (confirmed: false) thì phải ghi lý do (why).", "required")
        figures = data.get("figures") or []
        if not isinstance(figures, list) or any(f not in FIGURES for f in figures):
            self.fail(place, f"số liệu minh chứng (figures) “{figures}” phải là danh sách gồm: {', '.join(FIGURES)}.")
            figures = None
        if (indicator_id is None or name is None or higher is None or confirmed is None or why is None
                or note is None or figures is None or criterion_id is None):
            return None
        return Indicator(indicator_id, criterion_id, name, higher, tuple(dict.fromkeys(figures)), confirmed, why, note)
