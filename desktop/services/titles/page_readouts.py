"""Read-outs the "Đánh giá – công nhận" page needs besides the grid, as plain frozen data.

`title_year` is what the page loads in one background read (the summary strip, the grid,
the item and level names, the criteria set by its document, the year's decisions); `subject_detail` is one subject's
result with every item's reason (live, or as frozen by its recognition) and the
officer's checks; `unit_staff` is what a learning unit reported for the year.
No Qt here: the page calls these on its worker and only shows what they return.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.criteria import MANUAL, CriteriaSet
from desktop.domain.errors import NotFoundError, XhhtError
from desktop.services.titles.common import (
    check_title,
    check_year,
    read_checks,
    set_for_year,
    subject_kind,
    subject_names,
    title_name,
)
from desktop.services.titles.evaluation import subject_result
from desktop.services.titles.grid import Grid, TitleCounts, grid, year_counts
from desktop.services.titles.recognition import DecisionSummary, decisions, standing_recognition
from desktop.store.models import LearningUnit, TitleRegistration
from desktop.store.queries import live


@dataclass(frozen=True)
class ItemInfo:
    """How the grid names an item column: number and short name, full name, points, manual or not."""

    id: str
    number: str  # "1.2" for "gdht.1.2"
    short: str  # "Học lực, hạnh kiểm"; "" when the set gives none
    name: str
    criterion: str
    max_points: float
    manual: bool  # "cán bộ chấm" (else "tự động tính")

    @property
    def label(self) -> str:
        return f"{self.number} {self.short}" if self.short else self.number


@dataclass(frozen=True)
class SetInfo:
    """Which criteria set a year uses, as the officer knows it: by its document."""

    id: str  # "gia-dinh/448-2016"
    citation: str  # "QĐ 448/QĐ-KHVN"
    document: str  # "Quyết định số 448/QĐ-KHVN ngày 10/11/2015 của Hội Khuyến học Việt Nam"
    period: str
    note: str
    confirmed: bool  # every part read in the document
    unconfirmed: tuple[str, ...]  # what is not, each with why
    outside_period: str = ""  # the year lies outside the document's period: what to say


def set_info(criteria: CriteriaSet, year: int | None = None) -> SetInfo:
    source = criteria.source
    return SetInfo(criteria.id, source.citation, source.full_citation, source.period, source.note,
                   criteria.confirmed, criteria.unconfirmed_points(),
                   source.outside_period(year) if year is not None else "")


@dataclass(frozen=True)
class TitleYear:
    year: int
    title: str
    overview: tuple[TitleCounts, ...]  # every title, in TITLE_ORDER
    grid: Grid | None  # None when the year cannot be graded (no criteria set…)
    grid_error: str = ""  # why there is no grid, in Vietnamese
    items: tuple[ItemInfo, ...] = ()
    level_names: dict[str, str] = field(default_factory=dict)
    decisions: tuple[DecisionSummary, ...] = ()
    criteria: SetInfo | None = None


def title_year(*, session: Session, year: int, title: str) -> TitleYear:
    """Everything the page shows for one title in one year, read in one go."""
    year, title = check_year(year), check_title(title)
    overview = year_counts(session=session, year=year)
    try:
        criteria = set_for_year(session=session, year=year, title=title)
        table = grid(session=session, year=year, title=title)
    except XhhtError as exc:  # a year with no set in force, a set changed on this PC…
        return TitleYear(year, title, overview, None, str(exc))
    items = tuple(ItemInfo(item.id, item.number, item.short, item.name, criterion.name, item.points,
                           item.kind == MANUAL)
                  for criterion in criteria.criteria for item in criterion.items)
    return TitleYear(year, title, overview, table, "", items, {level.id: level.name for level in criteria.levels},
                     tuple(decisions(session=session, year=year, title=title)), set_info(criteria, year))


@dataclass(frozen=True)
class ItemLine:
    """One item of a subject's result, with why it scored what it did."""

    item_id: str
    name: str
    criterion: str
    manual: bool
    points: float
    max_points: float
    source: str  # "computed", "manual" or "missing"
    reason: str
    evidence: str = ""
    data_used: tuple[tuple[str, str], ...] = ()
    label: str = ""  # number and short name, "1.2 Học lực, hạnh kiểm"
    suggestion: str = ""  # what the register shows as evidence (the set's `evidence`); never points


@dataclass(frozen=True)
class CheckLine:
    """A manual item as the officer has scored it (points None: chưa chấm)."""

    item_id: str
    name: str
    max_points: float
    points: float | None
    evidence: str
    label: str = ""
    criterion: str = ""  # the criterion's name: the checklist groups the items under it
    suggestion: str = ""  # what the register shows as evidence for this item ("Sổ TTHTCĐ năm 2026: …")


@dataclass(frozen=True)
class SubjectDetail:
    year: int
    title: str
    subject_id: str
    name: str
    place: str
    set_id: str
    total: float
    max_points: float
    passed: bool
    complete: bool
    level: str  # the level's name; "" when the set has none
    reasons: tuple[str, ...]
    items: tuple[ItemLine, ...]
    checks: tuple[CheckLine, ...]
    recognition_id: str | None = None
    lock_note: str = ""  # why the checks cannot be changed; "" when they can


def _data(pairs) -> tuple[tuple[str, str], ...]:
    return tuple((str(k), str(v)) for k, v in pairs)


def subject_detail(*, session: Session, year: int, title: str, subject_id: str) -> SubjectDetail:
    """One subject: its result as recognised (frozen) or as scored now, and its checks."""
    year, title = check_year(year), check_title(title)
    criteria = set_for_year(session=session, year=year, title=title)
    criteria_of = {item.id: c.name for c in criteria.criteria for item in c.items}
    manual = {item.id for item in criteria.items if item.kind == MANUAL}
    levels = {level.id: level.name for level in criteria.levels}

    def label_of(item_id: str) -> str:  # a frozen result may name an item the set no longer has
        item = criteria.item(item_id)
        return item.label if item is not None else item_id.split(".", 1)[-1]
    names = subject_names(session=session, kind=subject_kind(title), ids=[subject_id])
    recognition = standing_recognition(session=session, year=year, title=title, subject_id=subject_id)
    if recognition is not None:
        frozen = json.loads(recognition.result_json)
        items = tuple(ItemLine(i["id"], i.get("name", i["id"]), criteria_of.get(i["id"], ""), i["id"] in manual,
                               i["points"], i["max"], i["source"], i.get("reason", ""), i.get("evidence", ""),
                               _data(i.get("data_used", ())), label_of(i["id"]), i.get("suggestion", ""))
                      for i in frozen.get("items", ()))
        checks = tuple(CheckLine(i.item_id, i.name, i.max_points, i.points if i.source == "manual" else None,
                                 i.evidence, i.label, i.criterion, i.suggestion) for i in items if i.manual)
        note = (f"Đã được công nhận {title_name(title)} năm {year} theo Quyết định số {recognition.decision_number} ngày "
                f"{recognition.signed_on:%d/%m/%Y}: kết quả đã khóa, không sửa được điểm chấm. Muốn sửa, hãy thu hồi "
                "công nhận (ghi rõ lý do) trước.")
        return SubjectDetail(year, title, subject_id, recognition.name, recognition.detail,
                             frozen.get("set_id", criteria.id), recognition.total, frozen.get("max_points", 0),
                             bool(frozen.get("passed", True)), all(i.source != "missing" for i in items),
                             levels.get(recognition.level or "", recognition.level or ""),
                             tuple(frozen.get("reasons", ())), items, checks, recognition.id, note)
    name = names.get(subject_id)
    if name is None:
        raise NotFoundError("Không tìm thấy đối tượng này (có thể đã bị xóa hoặc đã chuyển đi).")
    result = subject_result(session=session, year=year, title=title, subject_id=subject_id)
    items = tuple(ItemLine(s.item_id, item.name if (item := criteria.item(s.item_id)) else s.item_id,
                           criteria_of.get(s.item_id, ""),
                           s.item_id in manual, s.points, s.max_points, s.source, s.reason, s.evidence,
                           _data(s.data_used), label_of(s.item_id), s.suggestion) for s in result.items)
    hints = {s.item_id: s.suggestion for s in result.items}
    checked = read_checks(session=session, year=year, title=title, subject_ids=[subject_id]).get(subject_id, {})
    checks = tuple(CheckLine(item.id, item.name, item.points, checked[item.id][0] if item.id in checked else None,
                             checked[item.id][1] if item.id in checked else "", item.label, criteria_of[item.id],
                             hints.get(item.id, ""))
                   for item in criteria.items if item.kind == MANUAL)
    return SubjectDetail(year, title, subject_id, name.name, name.detail, result.set_id, result.total,
                         result.max_points, result.passed, result.complete, levels.get(result.level or "", ""),
                         tuple(result.reasons), items, checks)


@dataclass(frozen=True)
class UnitStaff:
    unit_id: str
    name: str
    register_staff: int  # the staff count kept on the unit's record
    staff: int | None  # reported for the year (None: not yet)
    recognised_cdht: int | None


def unit_staff(*, session: Session, year: int, unit_id: str) -> UnitStaff:
    """What a learning unit reported for Đơn vị học tập in `year`."""
    unit = session.get(LearningUnit, unit_id)
    if unit is None or unit.deleted:
        raise NotFoundError("Không tìm thấy đơn vị học tập này (có thể đã bị xóa).", field="unit")
    row = session.scalar(select(TitleRegistration).where(
        TitleRegistration.year == check_year(year), TitleRegistration.title == "don-vi",
        TitleRegistration.subject_id == unit_id, live(TitleRegistration)))
    return UnitStaff(unit.id, unit.name, unit.staff_count or 0, row.unit_staff if row else None,
                     row.unit_staff_cdht if row else None)
