"""Computed items: how an item's score is read off the register's data.

A criteria set names a rule by id (`rule: children_in_school`) with `params`; `RULES`
says which subjects each rule applies to and which parameters it takes, so a set file
is checked on load (desktop.domain.criteria) and scored here (desktop.domain.evaluation).
Every rule returns the figures it used, so an officer can see why an item scored what
it did. A rule that lacks the data it needs returns `points=None` ("thiếu số liệu").
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Callable, Mapping, cast

from desktop.domain.facts import CitizenFacts, Context
from desktop.domain.text import format_decimal

# Subject kinds of the five titles (criteria.TITLES maps title ids onto these).
CITIZEN, HOUSEHOLD, CLAN, HAMLET, UNIT = "citizen", "household", "clan", "hamlet", "unit"
GROUPS = frozenset({HOUSEHOLD, CLAN, HAMLET})  # subjects that have member citizens

_NOUN = {CITIZEN: "Công dân", HOUSEHOLD: "Hộ", CLAN: "Dòng họ", HAMLET: "Thôn", UNIT: "Đơn vị"}

# Literacy codes (vocab.LITERACY) as levels; a completed primary school is level 2
# (NĐ 20/2014: level 2 = grade 5), so the education field fills a missing literacy.
_LITERACY_LEVEL = {"illiterate": 0, "level1": 1, "level2": 2}
_PRIMARY_OR_MORE = frozenset({
    "primary", "lower_secondary", "upper_secondary", "elementary_vocational",
    "intermediate", "college", "university", "postgraduate",
})


@dataclass(frozen=True)
class Param:
    """One parameter of a rule: its kind, default and bounds (checked on load)."""

    kind: str  # "int", "number", "share" (0 < x ≤ 1), "choice", "bool"
    default: object
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    nullable: bool = False  # None means "no limit"

    def problem(self, value: object) -> str | None:
        """Why `value` does not fit, in Vietnamese (for the set file's error); None if it fits."""
        if value is None:
            return None if self.nullable else "không được để trống."
        if self.kind == "bool":
            return None if isinstance(value, bool) else "phải là true hoặc false."
        if self.kind == "choice":
            return None if value in self.choices else f"chọn một trong: {', '.join(self.choices)}."
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            return "phải là số."
        if self.kind == "int" and not float(value).is_integer():
            return "phải là số nguyên."
        if self.kind == "share":
            return None if 0 < value <= 1 else "là tỷ lệ, phải lớn hơn 0 và không quá 1 (ví dụ 0.7 là 70%)."
        low, high = self.minimum, self.maximum
        if low is not None and high is not None and not low <= value <= high:
            return f"phải từ {format_decimal(low)} đến {format_decimal(high)}."
        if low is not None and value < low:
            return f"phải từ {format_decimal(low)} trở lên."
        if high is not None and value > high:
            return f"không được lớn hơn {format_decimal(high)}."
        return None


@dataclass(frozen=True)
class Outcome:
    points: float | None  # None: the data the rule needs is missing
    reason: str
    data_used: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class Rule:
    id: str
    subjects: frozenset[str]
    params: Mapping[str, Param]
    label: str  # what the rule computes, for the set editor and the officer
    compute: Callable[[Context, str, Mapping[str, object], float], Outcome]
    reads_title: str | None = None  # the lower title of the same year whose results it counts


# --- scoring helpers -------------------------------------------------------------


@lru_cache(maxsize=4096)
def percent(share: float) -> str:
    return f"{format_decimal(round(share * 100, 1))}%"


def floor_half(value: float) -> float:
    """Round down to a multiple of 0.5 (the scoring step); never above what was earned."""
    stepped = math.floor(value * 2 + 1e-9) / 2
    return int(stepped) if stepped.is_integer() else stepped


def score_share(count: int, total: int, max_points: float, params: Mapping[str, object]) -> tuple[float, str]:
    """Points for `count` of `total` meeting a condition, by the item's scoring mode."""
    full = cast(float, params["full_share"])  # a "share" Param, checked when the set was read
    reached = count >= full * total - 1e-9
    if params["scoring"] == "proportional":
        points = max_points if reached else floor_half(max_points * count / (full * total))
        how = f"tính theo tỷ lệ, từ {percent(full)} được đủ {format_decimal(max_points)} điểm"
    else:
        points = max_points if reached else 0
        need = "cần tất cả" if full >= 1 else f"cần từ {percent(full)}"
        how = f"{need} để được {format_decimal(max_points)} điểm"
    return points, how


def _span(params: Mapping[str, object]) -> str:
    low, high = params["min_age"], params["max_age"]
    return f"{low}–{high} tuổi" if high is not None else f"từ {low} tuổi"


def _share(ctx: Context, name: str, params, max_points: float, count: int, total: int,
           words: Callable[[], tuple[str, str, str, str]], unknown: int = 0, unrecorded: int = 0,
           unrecorded_leave: bool = False) -> Outcome:
    """Outcome of an 'x of y meet it' rule. Households repeat the same few figures, so the
    outcome (and its wording, from `words`) is made once per figures and reused."""
    key = (name, id(params), max_points, count, total, unknown, unrecorded)
    outcome = ctx.memo.get(key)
    if not isinstance(outcome, Outcome):
        outcome = ctx.memo[key] = _share_outcome(ctx.kind, *words(), count, total, unknown, unrecorded,
                                                 max_points, params, unrecorded_leave)
    return outcome


def _share_outcome(kind: str, who: str, group: str, met: str, none: str, count: int, total: int, unknown: int,
                   unrecorded: int, max_points: float, params: Mapping[str, object],
                   unrecorded_leave: bool = False) -> Outcome:
    """`unrecorded` people are counted in `total` as not meeting it; their other answer is
    "meets it" or, with `unrecorded_leave`, "outside the group" (a school leaver may have
    graduated, which takes him out of the group rather than into the count)."""
    used: list[tuple[str, object]] = [(group, total), (met, count)]
    note = ""
    if unknown:  # left out of the count; the officer may fill the birth years in
        used.append(("chưa rõ năm sinh", unknown))
        note += f" Có {unknown} người chưa rõ năm sinh, không được tính."
    if total == 0:  # an empty group follows `if_none`
        full = params["if_none"] == "full"
        tail = "đạt điểm tối đa" if full else "không tính điểm"
        return Outcome(max_points if full else 0, f"{_NOUN[kind]} {none}: {tail}.{note}", tuple(used))
    points, how = score_share(count, total, max_points, params)
    if unrecorded:  # unknown is not "no": scored only when either answer gives the same points
        missing = "trình độ học vấn" if unrecorded_leave else "mức biết chữ"
        used.append((f"chưa ghi {missing}", unrecorded))
        if unrecorded_leave:
            other = score_share(count, total - unrecorded, max_points, params)[0] if total > unrecorded else max_points
        else:
            other = score_share(count + unrecorded, total, max_points, params)[0]
        if other != points:
            asked = missing if unrecorded_leave else "mức biết chữ hay trình độ học vấn"
            return Outcome(None, f"{count}/{total} {who} {met}; {unrecorded} người chưa ghi {asked}: "
                                 f"chưa đủ số liệu để tính.{note}", tuple(used))
        note += f" {unrecorded} người chưa ghi {missing} (không làm thay đổi điểm)."
    return Outcome(points, f"{count}/{total} {who} {met} ({percent(count / total)}); {how}.{note}", tuple(used))


# --- rules over the people of a household, clan or hamlet ------------------------


def _in_age_band(ctx: Context, subject: str, params) -> tuple[list[CitizenFacts], int]:
    """The subject's people within the rule's ages, and how many have no known age."""
    low, high = params["min_age"], params["max_age"]
    inside: list[CitizenFacts] = []
    unknown = 0
    for person in ctx.people(subject):
        age = person.age
        if age is None:
            unknown += 1
        elif age >= low and (high is None or age <= high):
            inside.append(person)
    return inside, unknown


def _children_in_school(ctx: Context, subject: str, params, max_points: float) -> Outcome:
    people, unknown = _in_age_band(ctx, subject, params)
    children, studying = len(people), sum(bool(p.studying) for p in people)

    def words():
        span = _span(params)
        return f"trẻ {span}", f"Trẻ {span}", "đang đi học", f"không có trẻ trong độ tuổi ({span})"
    return _share(ctx, "children", params, max_points, studying, children, words, unknown)


# NĐ 20/2014/NĐ-CP: phổ cập THCS is for those aged 11–18 who have not graduated THCS
# (Điều 12); a graduate (or anyone past that school level) has left the target group.
_THCS_OR_MORE = frozenset({
    "lower_secondary", "upper_secondary", "intermediate", "college", "university", "postgraduate",
})
_YOUNGEST_THCS_GRADUATE = 15  # grade 9 ends the year one turns 15; younger, graduation is not a question


def _school_age_in_school(ctx: Context, subject: str, params, max_points: float) -> Outcome:
    """Everyone in the universalisation ages who has not graduated THCS is in school.

    An unrecorded schooling leaves a young child in the group; from 15 a child out of school
    may have graduated (out of the group) or dropped out (in it, not met), so it is unknown.
    """
    people, unknown = _in_age_band(ctx, subject, params)
    group, studying, unrecorded = 0, 0, 0
    for person in people:
        if person.education in _THCS_OR_MORE:
            continue
        if person.studying:
            group += 1
            studying += 1
        elif person.education is None and person.age is not None and person.age >= _YOUNGEST_THCS_GRADUATE:
            group += 1
            unrecorded += 1
        else:
            group += 1

    def words():
        span = _span(params)
        who = f"người {span} chưa tốt nghiệp THCS"
        return who, f"Người {span} chưa tốt nghiệp THCS", "đang đi học", f"không có {who}"
    return _share(ctx, "school_age", params, max_points, studying, group, words, unknown, unrecorded,
                  unrecorded_leave=True)


def literacy_level(person: CitizenFacts) -> int | None:
    """Literacy level 0–2, or None when neither literacy nor schooling is recorded."""
    if person.literacy in _LITERACY_LEVEL:
        return _LITERACY_LEVEL[person.literacy]
    if person.education in _PRIMARY_OR_MORE:
        return 2
    return None


def _adults_literate(ctx: Context, subject: str, params, max_points: float) -> Outcome:
    level = params["min_level"]
    people, unknown = _in_age_band(ctx, subject, params)
    adults, literate, unrecorded = len(people), 0, 0
    for person in people:
        reached = literacy_level(person)
        if reached is None:
            unrecorded += 1
        elif reached >= level:
            literate += 1

    def words():
        span = _span(params)
        return (f"người {span}", f"Người {span}", f"biết chữ từ mức độ {level}",
                f"không có người trong độ tuổi ({span})")
    return _share(ctx, "literate", params, max_points, literate, adults, words, unknown, unrecorded)


def _adults_learning(ctx: Context, subject: str, params, max_points: float) -> Outcome:
    minimum, studying_counts = params["min_activities"], params["count_studying"]
    people, unknown = _in_age_band(ctx, subject, params)
    adults = len(people)
    learned = sum(1 for p in people if p.activities_in_year >= minimum or (studying_counts and p.studying))

    def words():
        span = _span(params)
        where = "ở TTHTCĐ hoặc đang đi học" if studying_counts else "ở TTHTCĐ"
        met = f"học {where} năm {ctx.year}"
        return f"người {span}", f"Người {span}", met, f"không có người trong độ tuổi ({span})"
    return _share(ctx, "learning", params, max_points, learned, adults, words, unknown)


def _households_in_activities(ctx: Context, subject: str, params, max_points: float) -> Outcome:
    households = ctx.households_of(subject)
    minimum = params["min_activities"]
    joined = sum(1 for h in households if any(c.activities_in_year >= minimum for c in ctx.members(h)))

    def words():
        return "hộ", "Số hộ", f"có người học ở TTHTCĐ năm {ctx.year}", "không có hộ nào"
    return _share(ctx, "households_learning", params, max_points, joined, len(households), words)


# --- rules over lower titles of the same year -------------------------------------


def _recognised_share(lower_title: str, lower_name: str, members_of: str, noun: str):
    def compute(ctx: Context, subject: str, params, max_points: float) -> Outcome:
        recognised = ctx.recognised(lower_title)
        members = ctx.households_of(subject) if members_of == HOUSEHOLD else ctx.clans_of(subject)
        if recognised is None:
            return Outcome(None, f"Chưa có kết quả {lower_name} năm {ctx.year}.", ((f"Số {noun}", len(members)),))
        count = sum(1 for m in members if m in recognised)

        def words():
            return noun, f"Số {noun}", f"đạt {lower_name} năm {ctx.year}", f"không có {noun} nào"
        return _share(ctx, lower_title, params, max_points, count, len(members), words)
    return compute


def _unit_staff_cdht(ctx: Context, subject: str, params, max_points: float) -> Outcome:
    unit = ctx.facts.units[subject]
    staff, recognised = unit.staff_count, unit.staff_recognised_cdht
    used = (("Số cán bộ, nhân viên", staff), ("đạt Công dân học tập", recognised))
    if not staff:
        return Outcome(None, "Đơn vị chưa ghi số cán bộ, nhân viên.", used)
    if recognised is None:
        return Outcome(None, "Chưa có số cán bộ, nhân viên đạt Công dân học tập.", used)
    if not 0 <= recognised <= staff:
        return Outcome(None, f"Số đạt Công dân học tập ({recognised}) không khớp tổng số cán bộ ({staff}); "
                             "kiểm tra lại số liệu.", used)
    points, how = score_share(recognised, staff, max_points, params)
    return Outcome(points, f"{recognised}/{staff} cán bộ, nhân viên đạt Công dân học tập "
                           f"({percent(recognised / staff)}); {how}.", used)


# --- rules over one citizen --------------------------------------------------------


def _citizen_activities(ctx: Context, subject: str, params, max_points: float) -> Outcome:
    person = ctx.facts.citizens[subject]
    count = person.completed if params["completed_only"] else person.activities_in_year
    # Most people share the same few figures: one outcome per figures (75,000 citizens a year).
    key = ("activities", id(params), max_points, count, person.hours, person.studying)
    outcome = ctx.memo.get(key)
    if not isinstance(outcome, Outcome):
        outcome = ctx.memo[key] = _activities_outcome(ctx.year, params, max_points, count, person.hours,
                                                      person.studying)
    return outcome


def _activities_outcome(year: int, params, max_points: float, count: int, hours: float, studying: bool) -> Outcome:
    need_n, need_h = params["min_activities"], params["min_hours"]
    what = "hoạt động hoàn thành" if params["completed_only"] else "hoạt động đã tham gia"
    used = [(f"Số {what} ở TTHTCĐ năm {year}", count), ("số giờ học", format_decimal(hours))]
    if params["count_studying"]:
        used.append(("đang đi học", "có" if studying else "không"))
        if studying:
            return Outcome(max_points, "Đang đi học: được đủ điểm.", tuple(used))
    ratio = min(count / need_n if need_n else 1.0, hours / need_h if need_h else 1.0)
    need = f"cần ít nhất {need_n} {what}" + (f" và {format_decimal(need_h)} giờ học" if need_h else "")
    if ratio >= 1:
        return Outcome(max_points, f"{count} {what}; {need}: đạt.", tuple(used))
    points = floor_half(max_points * ratio) if params["scoring"] == "proportional" else 0
    return Outcome(points, f"{count} {what}, {format_decimal(hours)} giờ; {need}.", tuple(used))


def _citizen_digital_skills(ctx: Context, subject: str, params, max_points: float) -> Outcome:
    count = ctx.facts.citizens[subject].digital_skills
    key = ("digital", id(params), max_points, count)
    outcome = ctx.memo.get(key)
    if not isinstance(outcome, Outcome):
        need = params["min_activities"]
        used = ((f"Hoạt động kỹ năng số năm {ctx.year}", count),)
        if count >= need:
            outcome = Outcome(max_points, f"Đã học {count} lớp/chuyên đề kỹ năng số (cần {need}).", used)
        else:
            outcome = Outcome(0, f"Chưa học đủ lớp/chuyên đề kỹ năng số ({count}/{need}).", used)
        ctx.memo[key] = outcome
    return outcome


# --- the registry ----------------------------------------------------------------

_SHARE = {
    "scoring": Param("choice", "threshold", choices=("threshold", "proportional")),
    "full_share": Param("share", 1.0),
}
_IF_NONE = {"if_none": Param("choice", "full", choices=("full", "zero"))}
_IF_NONE_ZERO = {"if_none": Param("choice", "zero", choices=("full", "zero"))}  # an empty clan earns nothing


def _age_params(low: int, high: int | None) -> dict[str, Param]:
    return {"min_age": Param("int", low, 0, 120), "max_age": Param("int", high, 0, 120, nullable=True)}


def _rule(rule_id: str, subjects, params: dict[str, Param], label: str, compute,
          reads_title: str | None = None) -> Rule:
    return Rule(rule_id, frozenset(subjects), MappingProxyType(params), label, compute, reads_title)


RULES: Mapping[str, Rule] = MappingProxyType({rule.id: rule for rule in (
    _rule("children_in_school", GROUPS, {**_age_params(6, 14), **_SHARE, **_IF_NONE},
          "Trẻ trong độ tuổi phổ cập đang đi học", _children_in_school),
    _rule("school_age_in_school", GROUPS, {**_age_params(6, 18), **_SHARE, **_IF_NONE},
          "Người trong độ tuổi phổ cập (NĐ 20/2014) chưa tốt nghiệp THCS đang đi học", _school_age_in_school),
    _rule("adults_literate", GROUPS,
          {**_age_params(15, 60), "min_level": Param("int", 1, 1, 2), **_SHARE, **_IF_NONE},
          "Người lớn biết chữ", _adults_literate),
    _rule("adults_learning", GROUPS,
          {**_age_params(15, 60), "min_activities": Param("int", 1, 1, 100),
           "count_studying": Param("bool", True), **_SHARE, **_IF_NONE},
          "Người lớn có học trong năm (TTHTCĐ hoặc đang đi học)", _adults_learning),
    _rule("households_in_activities", {CLAN, HAMLET},
          {"min_activities": Param("int", 1, 1, 100), **_SHARE, **_IF_NONE_ZERO},
          "Hộ có người tham gia hoạt động của TTHTCĐ trong năm", _households_in_activities),
    _rule("households_recognised_share", {CLAN, HAMLET},
          {**_SHARE, **_IF_NONE_ZERO},
          "Tỷ lệ hộ đạt Gia đình học tập cùng năm",
          _recognised_share("gia-dinh", "Gia đình học tập", HOUSEHOLD, "hộ"), "gia-dinh"),
    _rule("clans_recognised_share", {HAMLET}, {**_SHARE, **_IF_NONE},
          "Tỷ lệ dòng họ (có hộ trong thôn) đạt Dòng họ học tập cùng năm",
          _recognised_share("dong-ho", "Dòng họ học tập", CLAN, "dòng họ"), "dong-ho"),
    _rule("unit_staff_cdht", {UNIT}, dict(_SHARE),
          "Tỷ lệ cán bộ, nhân viên đạt Công dân học tập", _unit_staff_cdht),
    _rule("citizen_activities", {CITIZEN},
          {"min_activities": Param("int", 1, 0, 100), "min_hours": Param("number", 0, 0, 10_000),
           "completed_only": Param("bool", False), "count_studying": Param("bool", True),
           "scoring": _SHARE["scoring"]},
          "Tham gia hoạt động học tập của TTHTCĐ trong năm", _citizen_activities),
    _rule("citizen_digital_skills", {CITIZEN}, {"min_activities": Param("int", 1, 1, 100)},
          "Học lớp/chuyên đề kỹ năng số trong năm", _citizen_digital_skills),
)})
