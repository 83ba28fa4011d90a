"""The commune's yearly report on the learning-society movement (domain README §6): the
figures (this module) and the .xlsx laid out as a statistics form (workbook.py).

Nothing is counted twice: the commune's shares against the 2025/2030 targets come from
`title_figures` (as the dashboard shows them), literacy from `commune_figures`; only the
split by hamlet and the centre's split by category, sex and ethnic minority are counted here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from desktop.domain import vocab
from desktop.domain.progress import Progress
from desktop.services.commune_figures import LiteracyBand, commune_figures
from desktop.services.title_figures import Share, TitleYearFigures, title_figures
from desktop.services.titles.common import check_year
from desktop.services.titles.grid import standing
from desktop.services.titles.registration import CITIZEN_MIN_AGE
from desktop.store.models import (
    Activity,
    Citizen,
    Clan,
    Hamlet,
    Household,
    Participation,
    Recognition,
    TitleRegistration,
)
from desktop.store.queries import live

NO_DATA = "chưa có số liệu"
OTHER_HAMLET = "Chưa gắn thôn, hoặc thôn không còn hiệu lực"
KINH = "01"  # vocab ethnic code of the Kinh: everyone else is an ethnic minority


@dataclass(frozen=True)
class HamletRow:
    name: str
    households: int
    family_registered: int  # Gia đình học tập
    family_recognised: int
    clans: int  # clans whose hall is in the hamlet
    clan_recognised: int  # Dòng họ học tập
    community: str  # the hamlet's Cộng đồng học tập: "Đã công nhận", "Đã đăng ký", "Không đăng ký" ("" for OTHER)
    community_recognised: int  # 1 or 0, so the total counts recognised hamlets
    adults: int  # living here, CITIZEN_MIN_AGE or older by the end of the year
    citizen_registered: int  # Công dân học tập
    citizen_recognised: int

    @property
    def family_rate(self) -> float | None:
        return self.family_recognised / self.households if self.households else None

    @property
    def citizen_rate(self) -> float | None:
        return self.citizen_recognised / self.adults if self.adults else None


@dataclass(frozen=True)
class CentreLine:
    category: str  # vocab.ACTIVITY_CATEGORIES name
    activities: int  # classes, topics, activities begun in the year
    participations: int  # participant-times (lượt người)
    women: int
    minorities: int  # participant-times of people not of the Kinh
    unknown_sex: int  # participations whose person is not on the register any more


@dataclass(frozen=True)
class YearlyReport:
    year: int
    hamlets_on: date
    hamlets: tuple[HamletRow, ...]  # in force on hamlets_on, then OTHER_HAMLET if anything is outside them
    total: HamletRow  # the sum of `hamlets`
    titles: TitleYearFigures  # registered/recognised per title and the shares against the targets
    centre: tuple[CentreLine, ...]  # categories with activities that year
    centre_total: CentreLine
    literacy: tuple[LiteracyBand, ...]

    def shares(self) -> tuple[Share, ...]:
        seen: dict[str, Share] = {}
        for figures in self.titles.titles:
            for share in figures.shares:
                seen.setdefault(share.base.key, share)
        return tuple(seen.values())


def _by_hamlet(session: Session, query) -> dict[str | None, int]:
    return {hamlet: int(n) for hamlet, n in session.execute(query).all()}


def _subjects(session: Session, model, hamlet_col, ids) -> dict[str | None, int]:
    return _by_hamlet(session, select(hamlet_col, func.count()).select_from(model)
                      .where(live(model), model.id.in_(ids)).group_by(hamlet_col))


def _registered(year: int, title: str):
    return select(TitleRegistration.subject_id).where(
        TitleRegistration.year == year, TitleRegistration.title == title, live(TitleRegistration))


def _recognised(year: int, title: str):
    return select(Recognition.subject_id).where(*standing(year, title))


def _adults(session: Session, year: int, *where) -> dict[str | None, int]:
    """People as title_figures counts its "citizens" base (living here, old enough, no birth year: counted)."""
    return _by_hamlet(session, select(Household.hamlet_id, func.count()).select_from(Citizen)
                      .join(Household, Household.id == Citizen.household_id)
                      .where(live(Citizen), live(Household), Citizen.status.in_(vocab.LIVING_HERE),
                             func.coalesce(Citizen.birth_year, 0) <= year - CITIZEN_MIN_AGE, *where)
                      .group_by(Household.hamlet_id))


def _hamlet_rows(session: Session, year: int, on: date) -> tuple[HamletRow, ...]:
    hamlets = session.execute(select(Hamlet.id, Hamlet.name).where(
        live(Hamlet), or_(Hamlet.valid_from.is_(None), Hamlet.valid_from <= on),
        or_(Hamlet.valid_to.is_(None), Hamlet.valid_to > on)).order_by(Hamlet.name)).all()
    households = _by_hamlet(session, select(Household.hamlet_id, func.count()).where(live(Household))
                            .group_by(Household.hamlet_id))
    family_reg = _subjects(session, Household, Household.hamlet_id, _registered(year, "gia-dinh"))
    family_rec = _subjects(session, Household, Household.hamlet_id, _recognised(year, "gia-dinh"))
    clans = _by_hamlet(session, select(Clan.hamlet_id, func.count()).where(live(Clan)).group_by(Clan.hamlet_id))
    clan_rec = _subjects(session, Clan, Clan.hamlet_id, _recognised(year, "dong-ho"))
    community_reg = set(session.scalars(_registered(year, "cong-dong")))
    community_rec = set(session.scalars(_recognised(year, "cong-dong")))
    adults = _adults(session, year)
    citizen_reg = _adults(session, year, Citizen.id.in_(_registered(year, "cong-dan")))
    citizen_rec = _adults(session, year, Citizen.id.in_(_recognised(year, "cong-dan")))
    tables = (households, family_reg, family_rec, clans, clan_rec, adults, citizen_reg, citizen_rec)

    def row(name: str, keys: set, community: str, recognised: int) -> HamletRow:
        h, fr, fc, c, cr, a, pr, pc = (sum(t.get(k, 0) for k in keys) for t in tables)
        return HamletRow(name, h, fr, fc, c, cr, community, recognised, a, pr, pc)

    rows = []
    for hamlet_id, name in hamlets:
        status = ("Đã công nhận" if hamlet_id in community_rec else
                  "Đã đăng ký, chưa công nhận" if hamlet_id in community_reg else "Không đăng ký")
        rows.append(row(name, {hamlet_id}, status, int(hamlet_id in community_rec)))
    outside = {k for t in tables for k in t} - {h for h, _ in hamlets}
    if outside:  # so that the total row is the whole register, as `xhht stats` counts it
        other = row(OTHER_HAMLET, outside, "", 0)
        if any((other.households, other.clans, other.adults)):
            rows.append(other)
    return tuple(rows)


def _sum(rows: tuple[HamletRow, ...]) -> HamletRow:
    def total(field: str) -> int:
        return sum(getattr(r, field) for r in rows)

    recognised = total("community_recognised")
    return HamletRow("Tổng cộng", total("households"), total("family_registered"), total("family_recognised"),
                     total("clans"), total("clan_recognised"), f"{recognised} thôn được công nhận", recognised,
                     total("adults"), total("citizen_registered"), total("citizen_recognised"))


def _centre(session: Session, year: int) -> tuple[tuple[CentreLine, ...], CentreLine]:
    """Activities begun in the year, as `xhht stats --year` counts them."""
    in_year = (live(Activity), Activity.start_date >= date(year, 1, 1), Activity.start_date <= date(year, 12, 31))
    activities = dict(session.execute(select(Activity.category, func.count()).where(*in_year)
                                      .group_by(Activity.category)).all())
    people: dict[str, tuple[int, int, int, int]] = {}
    for category, n, women, minorities, unknown in session.execute(
            select(Activity.category, func.count(),
                   func.sum(func.iif(Citizen.sex == "F", 1, 0)),
                   func.sum(func.iif(Citizen.ethnicity != KINH, 1, 0)),
                   func.sum(func.iif(Citizen.id.is_(None), 1, 0)))
            .select_from(Participation).join(Activity, Activity.id == Participation.activity_id)
            .outerjoin(Citizen, Citizen.id == Participation.citizen_id)
            .where(live(Participation), *in_year).group_by(Activity.category)):
        people[category] = (int(n), int(women or 0), int(minorities or 0), int(unknown or 0))
    lines = tuple(CentreLine(name, int(activities.get(key, 0)), *people.get(key, (0, 0, 0, 0)))
                  for key, name in vocab.ACTIVITY_CATEGORIES.items() if key in activities)
    total = CentreLine("Tổng cộng", *(sum(getattr(line, f) for line in lines) for f in
                                      ("activities", "participations", "women", "minorities", "unknown_sex")))
    return lines, total


def report_for_paper(*, session: Session, year: int, today: date | None = None,
                     progress: Progress | None = None) -> YearlyReport:
    """The year's figures as the workbook and the PDF both begin: the first of their two steps."""
    if progress is not None:
        progress.start(2, "Đang tính số liệu báo cáo…")
    report = yearly_report(session=session, year=year, today=today)
    if progress is not None:
        progress.advance(1)
    return report


def yearly_report(*, session: Session, year: int, today: date | None = None) -> YearlyReport:
    """The year's report. The register keeps no year-end snapshot: households and people are
    those of the register now; hamlets those in force at the end of the year (today for this year)."""
    year = check_year(year)
    titles = title_figures(session=session, year=year, today=today)
    rows = _hamlet_rows(session, year, titles.hamlets_on)
    centre, centre_total = _centre(session, year)
    literacy = commune_figures(session=session, year=year, today=today).literacy
    return YearlyReport(year, titles.hamlets_on, rows, _sum(rows), titles, centre, centre_total, literacy)
