"""Reading a criteria set from plain data (a parsed YAML file), checking everything.

Every problem in a set is reported at once, each naming its place ("tiêu chí gdht.2,
chỉ số gdht.2.1: …"), because the person fixing the file is an officer with a text
editor, not a developer. No I/O here: desktop.services.criteria reads the files.
"""

from __future__ import annotations

import math
import re
from datetime import date
from types import MappingProxyType
from typing import Mapping, TypeGuard

from desktop.domain.criteria import (
    COMPUTED,
    MANUAL,
    SCHEMA,
    SUBJECT_NAMES,
    TITLES,
    CriteriaError,
    CriteriaSet,
    Criterion,
    Item,
    Level,
    PassRule,
    SourceDocument,
    fmt,
)
from desktop.domain.file_checks import FileChecks
from desktop.domain.rules import RULES
from desktop.domain.text import normalize_text

_LABELS = {
    "schema": "phiên bản cấu trúc", "title": "mã danh hiệu", "name": "tên", "version": "phiên bản",
    "source": "văn bản ban hành", "code": "số hiệu văn bản", "issuer": "cơ quan ban hành",
    "date": "ngày ban hành", "period": "giai đoạn", "valid_from": "năm bắt đầu áp dụng",
    "valid_to": "năm cuối áp dụng", "recognised_by": "cấp công nhận",
    "validity_years": "số năm danh hiệu có giá trị", "max_points": "tổng điểm tối đa",
    "pass_rule": "quy tắc đạt", "min_total": "tổng điểm tối thiểu", "item_floor": "điểm sàn của mỗi chỉ số",
    "criterion_floor": "điểm sàn của mỗi tiêu chí", "no_criterion_at_zero": "không tiêu chí nào 0 điểm",
    "levels": "các mức", "criteria": "danh sách tiêu chí", "items": "danh sách chỉ số", "id": "mã",
    "points": "số điểm", "kind": "loại chỉ số", "rule": "quy tắc tính", "params": "tham số",
    "confirmed": "đã xác nhận", "why": "lý do giả định", "note": "ghi chú",
    "unconfirmed": "các điểm chưa xác nhận", "short": "tên ngắn", "cited_date": "ngày ghi khi trích dẫn",
    "evidence": "minh chứng gợi ý",
}
_TOP_KEYS = ("schema", "title", "name", "version", "source", "valid_from", "valid_to", "recognised_by",
             "validity_years", "max_points", "pass_rule", "levels", "criteria", "unconfirmed", "note")
_SOURCE_KEYS = ("code", "issuer", "date", "period", "note", "cited_date")
_RULE_KEYS = ("min_total", "item_floor", "criterion_floor", "no_criterion_at_zero")
_LEVEL_KEYS = ("id", "name", "min_total")
_CRITERION_KEYS = ("id", "name", "points", "items", "confirmed", "why", "note")
_ITEM_KEYS = ("id", "name", "points", "kind", "rule", "params", "confirmed", "why", "note", "short", "evidence")
_EVIDENCE_KEYS = ("rule", "params")
SHORT_NAME_LENGTH = 24  # two lines of a grid column header
_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,39}")  # versions are part of file names and set ids


def criteria_set_from_dict(data: object, *, source: str) -> CriteriaSet:
    """Check everything and build the set, or raise CriteriaError listing every problem."""
    return _Reader(source).read(data)


def _is_number(value: object) -> TypeGuard[float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _tidy_number(value: float) -> float:
    return int(value) if float(value).is_integer() else value


class _Reader(FileChecks):
    # Small typed readers: each returns None (and records why) when the value is unusable.

    def required(self, data: dict, key: str, place: str) -> object:
        if data.get(key) is None or data.get(key) == "":
            self.fail(place, f"thiếu {_LABELS[key]} ({key}).", "required")
            return None
        return data[key]

    def text(self, data: dict, key: str, place: str, *, required: bool = True) -> str | None:
        value = self.required(data, key, place) if required else data.get(key)
        if value is None:
            return None if required else ""
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            self.fail(place, f"{_LABELS[key]} ({key}) phải là chữ (đang là “{value}”).", "invalid_type")
            return None
        return normalize_text(str(value))

    def ident(self, data: dict, key: str, place: str) -> str | None:
        value = self.text(data, key, place)
        if value is not None and not _ID.fullmatch(value):
            self.fail(place, f"{_LABELS[key]} “{value}” chỉ được gồm chữ không dấu, số, dấu chấm, "
                             "gạch ngang, gạch dưới (tối đa 40 ký tự).")
            return None
        return value

    def number(self, data: dict, key: str, place: str, *, required: bool = True, low: float = 0,
               high: float | None = None, step: bool = False, whole: bool = False) -> float | None:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(place, f"thiếu {_LABELS[key]} ({key}).", "required")
            return None
        if not _is_number(value):
            self.fail(place, f"{_LABELS[key]} ({key}) phải là số (đang là “{value}”).", "invalid_type")
            return None
        if value < low or (high is not None and value > high):
            limit = f"từ {fmt(low)} đến {fmt(high)}" if high is not None else f"từ {fmt(low)} trở lên"
            self.fail(place, f"{_LABELS[key]} ({key}) = {fmt(value)} phải {limit}.")
            return None
        if step and not float(value * 2).is_integer():
            self.fail(place, f"{_LABELS[key]} ({key}) = {fmt(value)}: điểm phải chẵn hoặc lẻ 0,5.")
            return None
        if whole and not float(value).is_integer():
            self.fail(place, f"{_LABELS[key]} ({key}) = {fmt(value)} phải là số nguyên.")
            return None
        return _tidy_number(value)

    def flag(self, data: dict, key: str, place: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.fail(place, f"{_LABELS[key]} ({key}) phải là true hoặc false (đang là “{value}”).",
                      "invalid_type")
            return default
        return value

    def confirmation(self, data: dict, place: str) -> tuple[bool, str]:
        confirmed = self.flag(data, "confirmed", place, True)
        why = self.text(data, "why", place, required=False)
        if not confirmed and not why:
            self.fail(place, "chưa xác nhận (confirmed: false) thì phải ghi lý do giả định (why).", "required")
        return confirmed, why or ""

    # The set, part by part.

    def read(self, data: object) -> CriteriaSet:
        data = self.mapping(data, "", "Nội dung tệp")
        if data is None:
            raise CriteriaError(self.source, self.errors)
        self.keys(data, _TOP_KEYS, "")
        if data.get("schema", SCHEMA) != SCHEMA:
            self.fail("", f"phiên bản cấu trúc (schema) {data.get('schema')} chưa được hỗ trợ "
                          f"(chỉ đọc được {SCHEMA}).")
        title = self.text(data, "title", "")
        if title is not None and title not in TITLES:
            self.fail("", f"mã danh hiệu (title) “{title}” không có; chọn một trong: {', '.join(TITLES)}.")
            title = None
        name = self.text(data, "name", "")
        version = self.ident(data, "version", "")
        source = self.source_document(data.get("source"))
        valid_from = self.number(data, "valid_from", "", low=1945, high=2100, whole=True)
        valid_to = self.number(data, "valid_to", "", required=False, low=1945, high=2100, whole=True)
        if valid_from is not None and valid_to is not None and valid_to < valid_from:
            self.fail("", f"năm cuối áp dụng (valid_to) {valid_to} trước năm bắt đầu (valid_from) {valid_from}.")
        recognised_by = self.text(data, "recognised_by", "")
        validity = self.number(data, "validity_years", "", low=1, high=10, whole=True)
        max_points = self.number(data, "max_points", "", required=False, low=1, step=True)
        # Absent (or left empty) means 100; a value that number() refused stays None, its error recorded.
        max_points = 100 if max_points is None and data.get("max_points") is None else max_points
        criteria = self.criteria(data.get("criteria"), TITLES[title][0] if title else None, title)
        pass_rule = self.pass_rule(data.get("pass_rule"), max_points, criteria)
        levels = self.levels(data.get("levels"), max_points)
        unconfirmed = self.unconfirmed(data.get("unconfirmed"))
        note = self.text(data, "note", "", required=False)
        checked = [c for c in criteria if c is not None]
        if max_points is not None and criteria and len(checked) == len(criteria):
            total = sum(c.points for c in checked)
            if total != max_points:
                self.fail("", f"tổng điểm các tiêu chí ({fmt(total)}) khác tổng điểm tối đa (max_points = "
                              f"{fmt(max_points)}).", "points_sum")
        # Every None below had its problem recorded; the checks say so to the type checker too.
        if (self.errors or title is None or name is None or version is None or source is None
                or valid_from is None or recognised_by is None or validity is None or max_points is None
                or pass_rule is None or len(checked) != len(criteria)):
            raise CriteriaError(self.source, self.errors)
        return CriteriaSet(title, name, version, source, int(valid_from),
                           None if valid_to is None else int(valid_to), recognised_by, int(validity),
                           max_points, pass_rule, levels, tuple(checked), unconfirmed, note or "", self.source)

    def iso_date(self, data: dict, key: str, place: str) -> str | None:
        value = data.get(key)
        if isinstance(value, date):  # YAML reads an unquoted 2023-10-25 as a date
            return value.isoformat()
        if value is None:
            return None
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError:
            self.fail(place, f"{_LABELS[key]} ({key}) “{value}” phải ghi dạng năm-tháng-ngày, ví dụ 2023-10-25.")
            return None

    def source_document(self, value: object) -> SourceDocument | None:
        place = "văn bản ban hành (source)"
        if value is None:
            self.fail("", "thiếu văn bản ban hành (source): số hiệu, cơ quan ban hành.", "required")
            return None
        data = self.mapping(value, place, "Văn bản ban hành")
        if data is None:
            return None
        self.keys(data, _SOURCE_KEYS, place)
        code, issuer = self.text(data, "code", place), self.text(data, "issuer", place)
        issued, cited = self.iso_date(data, "date", place), self.iso_date(data, "cited_date", place)
        period = self.text(data, "period", place, required=False)
        note = self.text(data, "note", place, required=False)
        if code is None or issuer is None:
            return None
        return SourceDocument(code, issuer, issued, period or "", note or "", cited)

    def pass_rule(self, value: object, max_points: float | None,
                  criteria: list[Criterion | None]) -> PassRule | None:
        place = "quy tắc đạt (pass_rule)"
        if value is None:
            self.fail("", "thiếu quy tắc đạt (pass_rule), ví dụ min_total: 80.", "required")
            return None
        data = self.mapping(value, place, "Quy tắc đạt")
        if data is None:
            return None
        self.keys(data, _RULE_KEYS, place)
        high = max_points or None
        min_total = self.number(data, "min_total", place, low=0, high=high)
        item_floor = self.number(data, "item_floor", place, required=False, low=0, high=high)
        criterion_floor = self.number(data, "criterion_floor", place, required=False, low=0, high=high)
        nonzero = self.flag(data, "no_criterion_at_zero", place, False)
        # A floor above an item's (criterion's) points can never be met: say so now.
        for criterion in (c for c in criteria if c is not None):
            if criterion_floor is not None and criterion_floor > criterion.points:
                self.fail(place, f"điểm sàn tiêu chí {fmt(criterion_floor)} lớn hơn số điểm của tiêu chí "
                                 f"{criterion.id} ({fmt(criterion.points)}).")
            for item in criterion.items:
                if item_floor is not None and item_floor > item.points:
                    self.fail(place, f"điểm sàn chỉ số {fmt(item_floor)} lớn hơn số điểm của chỉ số "
                                     f"{item.id} ({fmt(item.points)}).")
        if min_total is None:
            return None
        return PassRule(min_total, item_floor, criterion_floor, nonzero)

    def levels(self, value: object, max_points: float | None) -> tuple[Level, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail("", "các mức (levels) phải là một danh sách.", "invalid_type")
            return ()
        levels: list[Level] = []
        for n, raw in enumerate(value, 1):
            place = f"mức thứ {n}"
            data = self.mapping(raw, place, "Mức")
            if data is None:
                continue
            self.keys(data, _LEVEL_KEYS, place)
            level_id = self.ident(data, "id", place)
            place = f"mức {level_id}" if level_id else place
            name = self.text(data, "name", place)
            min_total = self.number(data, "min_total", place, low=0, high=max_points or None)
            if level_id in {lv.id for lv in levels}:
                self.fail(place, "mã mức bị trùng.", "duplicate_id")
            elif levels and min_total is not None and min_total <= levels[-1].min_total:
                self.fail(place, "các mức phải xếp từ thấp đến cao, điểm tối thiểu tăng dần.")
            elif level_id is not None and name is not None and min_total is not None:
                levels.append(Level(level_id, name, min_total))
        return tuple(levels)

    def unconfirmed(self, value: object) -> Mapping[str, str]:
        if value is None:
            return MappingProxyType({})
        data = self.mapping(value, "các điểm chưa xác nhận (unconfirmed)", "Các điểm chưa xác nhận")
        if data is None:
            return MappingProxyType({})
        self.keys(data, _TOP_KEYS, "các điểm chưa xác nhận (unconfirmed)")
        return MappingProxyType({key: normalize_text(str(why or "")) for key, why in data.items()})

    def criteria(self, value: object, subject: str | None, title: str | None) -> list[Criterion | None]:
        if not isinstance(value, list) or not value:
            self.fail("", "thiếu danh sách tiêu chí (criteria) hoặc danh sách trống.", "required")
            return []
        seen_criteria: set[str] = set()
        seen_items: set[str] = set()
        result: list[Criterion | None] = []
        for n, raw in enumerate(value, 1):
            result.append(self.criterion(raw, n, subject, title, seen_criteria, seen_items))
        return result

    def criterion(self, raw: object, n: int, subject: str | None, title: str | None, seen: set[str],
                  seen_items: set[str]) -> Criterion | None:
        place = f"tiêu chí thứ {n}"
        data = self.mapping(raw, place, "Tiêu chí")
        if data is None:
            return None
        criterion_id = self.ident(data, "id", place)
        place = f"tiêu chí {criterion_id}" if criterion_id else place
        self.keys(data, _CRITERION_KEYS, place)
        if criterion_id is not None and criterion_id in seen:
            self.fail(place, "mã tiêu chí bị trùng.", "duplicate_id")
        if criterion_id is not None:
            seen.add(criterion_id)
        name = self.text(data, "name", place)
        points = self.number(data, "points", place, low=0.5, step=True)
        confirmed, why = self.confirmation(data, place)
        note = self.text(data, "note", place, required=False)
        raw_items = data.get("items")
        if not isinstance(raw_items, list) or not raw_items:
            self.fail(place, "thiếu danh sách chỉ số (items) hoặc danh sách trống.", "required")
            return None
        read = [self.item(r, k, place, subject, title, seen_items) for k, r in enumerate(raw_items, 1)]
        items = [i for i in read if i is not None]
        if len(items) != len(read) or criterion_id is None or name is None or points is None:
            return None
        total = sum(i.points for i in items)
        if total != points:
            self.fail(place, f"tổng điểm các chỉ số ({fmt(total)}) khác số điểm của tiêu chí ({fmt(points)}).",
                      "points_sum")
            return None
        return Criterion(criterion_id, name, points, tuple(items), confirmed, why, note or "")

    def item(self, raw: object, n: int, parent: str, subject: str | None, title: str | None,
             seen: set[str]) -> Item | None:
        place = f"{parent}, chỉ số thứ {n}"
        data = self.mapping(raw, place, "Chỉ số")
        if data is None:
            return None
        item_id = self.ident(data, "id", place)
        place = f"{parent}, chỉ số {item_id}" if item_id else place
        self.keys(data, _ITEM_KEYS, place)
        if item_id is not None and item_id in seen:
            self.fail(place, "mã chỉ số bị trùng (mã chỉ số phải khác nhau trong cả bộ).", "duplicate_id")
        if item_id is not None:
            seen.add(item_id)
        name = self.text(data, "name", place)
        points = self.number(data, "points", place, low=0.5, step=True)
        confirmed, why = self.confirmation(data, place)
        note = self.text(data, "note", place, required=False)
        short = self.text(data, "short", place, required=False)
        if short and len(short) > SHORT_NAME_LENGTH:
            self.fail(place, f"tên ngắn (short) “{short}” dài {len(short)} ký tự; tối đa {SHORT_NAME_LENGTH} ký tự "
                             "(tên đầy đủ ghi ở name).")
            short = None
        kind = data.get("kind")
        rule_id: str | None = None
        params: Mapping[str, object] | None = MappingProxyType({})
        evidence_rule: str | None = None
        evidence_params: Mapping[str, object] | None = MappingProxyType({})
        if kind == MANUAL:
            for key in ("rule", "params"):
                if key in data:
                    self.fail(place, f"chỉ số chấm tay (kind: manual) không có {_LABELS[key]} ({key}).")
            if "evidence" in data:
                evidence_rule, evidence_params = self.evidence(data["evidence"], place, subject, title)
        elif kind == COMPUTED:
            rule_id = self.text(data, "rule", place)
            params = self.params(data.get("params"), rule_id, place, subject, title)
            if "evidence" in data:
                self.fail(place, "minh chứng gợi ý (evidence) chỉ dùng cho chỉ số chấm tay (kind: manual); chỉ "
                                 "số tính tự động đã có quy tắc tính (rule).")
        elif kind is None:
            self.fail(place, "thiếu loại chỉ số (kind): manual (cán bộ chấm) hoặc computed (tính từ dữ liệu).",
                      "required")
        else:
            self.fail(place, f"loại chỉ số (kind) “{kind}” không có; dùng manual hoặc computed.")
        if (item_id is None or name is None or points is None or params is None or short is None
                or evidence_params is None or kind not in (MANUAL, COMPUTED)):
            return None
        return Item(item_id, name, points, kind, rule_id, params, confirmed, why, note or "", short,
                    evidence_rule, evidence_params)

    def evidence(self, value: object, place: str, subject: str | None,
                 title: str | None) -> tuple[str | None, Mapping[str, object] | None]:
        """`evidence: {rule: …, params: {…}}` of a manual item: checked as an item's rule and
        params are (the rule exists, fits the subject, takes these parameters)."""
        place = f"{place}, minh chứng gợi ý (evidence)"
        data = self.mapping(value, place, "Minh chứng gợi ý")
        if data is None:
            return None, None
        self.keys(data, _EVIDENCE_KEYS, place)
        rule_id = self.text(data, "rule", place)
        if rule_id is not None and rule_id in RULES and RULES[rule_id].reads_title is not None:
            self.fail(place, f"quy tắc “{rule_id}” đọc kết quả danh hiệu khác, không dùng làm minh chứng gợi ý.",
                      "invalid_evidence")
            return None, None
        return rule_id, self.params(data.get("params"), rule_id, place, subject, title)

    def params(self, value: object, rule_id: str | None, place: str, subject: str | None,
               title: str | None) -> Mapping[str, object] | None:
        if rule_id is None:
            return None
        rule = RULES.get(rule_id)
        if rule is None:
            self.fail(place, f"quy tắc tính (rule) “{rule_id}” không có; các quy tắc có: {', '.join(RULES)}.",
                      "unknown_rule")
            return None
        # A subject comes from a known title, so both are set or neither.
        if subject is not None and title is not None and subject not in rule.subjects:
            self.fail(place, f"quy tắc tính “{rule_id}” không dùng được cho {SUBJECT_NAMES[subject]} "
                             f"(danh hiệu {TITLES[title][1]}).", "rule_subject")
            return None
        given = {} if value is None else self.mapping(value, place, "Tham số (params)")
        if given is None:
            return None
        result: dict[str, object] = {}
        ok = True
        for key, raw in given.items():
            spec = rule.params.get(key)
            if spec is None:
                self.fail(place, f"tham số “{key}” không dùng được với quy tắc {rule_id} "
                                 f"(tham số có: {', '.join(rule.params) or 'không có'}).", "invalid_param")
                ok = False
            elif (problem := spec.problem(raw)) is not None:
                self.fail(place, f"tham số {key} = “{raw}”: {problem}", "invalid_param")
                ok = False
            else:
                result[key] = _tidy_number(raw) if _is_number(raw) else raw
        for key, spec in rule.params.items():  # 1.0 and 1 alike, so the fingerprint is stable
            result.setdefault(key, _tidy_number(spec.default) if _is_number(spec.default) else spec.default)
        low, high = result.get("min_age"), result.get("max_age")
        if ok and _is_number(low) and _is_number(high) and low > high:
            self.fail(place, f"tuổi tối thiểu (min_age = {low}) lớn hơn tuổi tối đa (max_age = {high}).",
                      "invalid_param")
            ok = False
        return MappingProxyType(result) if ok else None

