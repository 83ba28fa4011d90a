"""The year's learning titles against the national targets, for the dashboard: plain frozen data.

How many registered, passed and were recognised comes from the title area's own counting
(`titles.grid.year_counts`). Each title's share of its denominator is then set against the
2025 and 2030 targets of the programmes that the emulation movement of QĐ 1315/QĐ-TTg
(2023–2030) carries out: QĐ 387/QĐ-TTg (families, clans, communities, units) and QĐ
677/QĐ-TTg (Công dân học tập). QĐ 1315 itself sets no percentages. Where no target was
found for a share, the share has none: the page says "chưa có chỉ tiêu", it never guesses.

Every share is counted in SQL (one query each, two for the residents), over indexed columns.
Measured on `xhht demo --households 20000` (71,885 people; the year evaluated and every
title recognised): 0.2–0.3 s, of which 0.2 s is the pass over the residents.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, or_, select, union_all
from sqlalchemy.orm import Session

from desktop.domain import vocab
from desktop.services.titles.grid import TitleCounts, standing, year_counts
from desktop.services.titles.registration import CITIZEN_MIN_AGE
from desktop.store.models import (
    Citizen,
    Clan,
    ClanHousehold,
    Hamlet,
    Household,
    LearningUnit,
    Recognition,
    TitleRegistration,
)
from desktop.store.queries import live

MIDTERM, FINAL = 2025, 2030  # sơ kết and tổng kết of the movement (QĐ 1315/QĐ-TTg)


@dataclass(frozen=True)
class Target:
    """A national target: `percent` of the share's denominator recognised by `deadline`."""

    deadline: int  # MIDTERM or FINAL
    percent: int
    source: str  # the document that sets it
    confirmed: bool  # read in the document's own text (False: only as restated by a province's plan)


# Sources as read for /work/shared/domain/README.md §3. 387's 2030 figures were read only in
# plans that restate it (Hà Nội KH 291/KH-UBND, 05/12/2022; Bà Rịa–Vũng Tàu KH 49/KH-UBND,
# 2023), so they are marked unconfirmed; 677's wording for 2030 was read in its text.
_387 = "QĐ 387/QĐ-TTg"
_387_RESTATED = "QĐ 387/QĐ-TTg, theo KH 291/KH-UBND của TP Hà Nội và KH 49/KH-UBND của tỉnh Bà Rịa – Vũng Tàu nhắc lại"
_677 = "QĐ 677/QĐ-TTg"


def _targets(source_2025: str, p2025: int, source_2030: str, p2030: int, confirmed_2030: bool) -> tuple[Target, ...]:
    return (Target(MIDTERM, p2025, source_2025, True), Target(FINAL, p2030, source_2030, confirmed_2030))


# What each share counts, its denominator (in words, for the page and the reports), the unit
# its "how many more" is said in, and its targets (none: no target was found for it).
@dataclass(frozen=True)
class Base:
    key: str
    what: str  # the numerator, in words
    of: str  # the denominator, in words
    unit: str  # "hộ", "người"…
    targets: tuple[Target, ...] = ()
    note: str = ""  # why there is no target, or how the denominator was read


BASES: dict[str, Base] = {base.key: base for base in (
    Base("households", "Hộ được công nhận Gia đình học tập", "hộ gia đình hiện có trong sổ", "hộ",
         _targets(_387, 70, _387_RESTATED, 80, False)),
    Base("clans", "Dòng họ được công nhận Dòng họ học tập", "dòng họ hiện có trong sổ", "dòng họ",
         _targets(_387, 65, _387_RESTATED, 75, False)),
    Base("hamlets", "Thôn, tổ dân phố được công nhận Cộng đồng học tập", "thôn, tổ dân phố đang có hiệu lực",
         "thôn, tổ dân phố", _targets(_387, 65, _387_RESTATED, 75, False)),
    Base("units", "Đơn vị được công nhận Đơn vị học tập", "cơ quan, trường học, doanh nghiệp… trong sổ đơn vị",
         "đơn vị", _targets(_387, 80, _387_RESTATED, 90, False)),
    Base("unit_staff", "Cán bộ, người lao động đạt Công dân học tập",
         "cán bộ, người lao động của các Đơn vị học tập được công nhận (số đơn vị báo cáo)", "người",
         _targets(_677, 60, _677, 80, True)),
    Base("adults_in_models", "Người lớn đạt Công dân học tập",
         f"người từ {CITIZEN_MIN_AGE} tuổi đang cư trú trong Gia đình, Dòng họ, Cộng đồng học tập được "
         "công nhận cùng năm", "người",
         _targets(_677, 40, _677, 60, True),
         note=f"“Người lớn” tính từ {CITIZEN_MIN_AGE} tuổi, tuổi được đăng ký Công dân học tập."),
    Base("citizens", "Người đạt Công dân học tập", f"người từ {CITIZEN_MIN_AGE} tuổi đang cư trú", "người",
         note="Chưa có chỉ tiêu cho toàn bộ người dân: dòng chỉ tiêu về Công dân học tập của QĐ 1373/QĐ-TTg "
              "chưa đối chiếu được."),
)}

# Which shares each title shows, first the one its card leads with.
TITLE_BASES: dict[str, tuple[str, ...]] = {
    "cong-dan": ("adults_in_models", "citizens"),
    "gia-dinh": ("households",),
    "dong-ho": ("clans",),
    "cong-dong": ("hamlets",),
    "don-vi": ("units", "unit_staff"),
}


def measured_against(year: int) -> int:
    """The deadline a year is measured against: 2025 up to the interim review, 2030 after."""
    return MIDTERM if year <= MIDTERM else FINAL


@dataclass(frozen=True)
class Share:
    base: Base
    count: int  # the numerator: recognised (or, for unit staff, reported as CDHT) within the base
    of: int  # the denominator

    @property
    def percent(self) -> float | None:
        """None when there is nothing to divide by (chưa có số liệu)."""
        return 100 * self.count / self.of if self.of else None

    def target(self, deadline: int) -> Target | None:
        return next((t for t in self.base.targets if t.deadline == deadline), None)

    def reached(self, deadline: int) -> bool | None:
        """Whether the share meets the deadline's target (None: no target, or no data)."""
        target = self.target(deadline)
        if target is None or not self.of:
            return None
        return self.count * 100 >= target.percent * self.of

    def missing(self, deadline: int) -> int | None:
        """How many more (households, people…) the target needs; 0 when it is met."""
        target = self.target(deadline)
        if target is None or not self.of:
            return None
        needed = -(-target.percent * self.of // 100)  # rounded up: 70 % of 3 households is 3
        return max(0, needed - self.count)


@dataclass(frozen=True)
class TitleFigures:
    counts: TitleCounts  # registered, evaluated, passed, recognised
    shares: tuple[Share, ...]  # as TITLE_BASES lists them

    @property
    def title(self) -> str:
        return self.counts.title


@dataclass(frozen=True)
class TitleYearFigures:
    year: int
    deadline: int  # the targets this year is measured against (measured_against)
    hamlets_on: date  # the hamlets in force on this day are the hamlets' denominator
    titles: tuple[TitleFigures, ...]  # in TITLE_ORDER


def _recognised(year: int, title: str):
    return select(Recognition.subject_id).where(*standing(year, title))


def _counted(session: Session, model, year: int, title: str, *where) -> tuple[int, int]:
    """(recognised within, all) live rows of `model` meeting `where`."""
    recognised = case((model.id.in_(_recognised(year, title)), 1), else_=0)
    of, count = session.execute(select(func.count(), func.coalesce(func.sum(recognised), 0))
                                .select_from(model).where(live(model), *where)).one()
    return int(count), int(of)


def _people(session: Session, year: int) -> dict[str, tuple[int, int]]:
    """Residents from CITIZEN_MIN_AGE (as `registration.eligible_ids` picks them), those of them
    in a household, clan or hamlet recognised the same year, and how many of each are CDHT.

    Two queries: one over the residents, one from the CDHT recognitions; the households "in a
    learning model" are one list SQLite builds once. Checking each resident against each
    title's recognitions instead took a second on 20,000 households; this takes 0.25 s.
    """
    in_models = union_all(
        select(Household.id).where(or_(Household.id.in_(_recognised(year, "gia-dinh")),
                                       Household.hamlet_id.in_(_recognised(year, "cong-dong")))),
        select(ClanHousehold.household_id).where(ClanHousehold.deleted == False,  # noqa: E712
                                                 ClanHousehold.clan_id.in_(_recognised(year, "dong-ho"))))
    in_model = case((Citizen.household_id.in_(in_models), 1), else_=0)
    eligible = (live(Citizen), Citizen.status.in_(vocab.LIVING_HERE), live(Household),
                func.coalesce(Citizen.birth_year, 0) <= year - CITIZEN_MIN_AGE)  # no birth year: eligible
    counts = select(func.count(), func.coalesce(func.sum(in_model), 0))
    everyone, in_models_count = session.execute(
        counts.select_from(Citizen).join(Household, Household.id == Citizen.household_id).where(*eligible)).one()
    cdht, cdht_in_models = session.execute(
        counts.select_from(Recognition).join(Citizen, Citizen.id == Recognition.subject_id)
        .join(Household, Household.id == Citizen.household_id)
        .where(*standing(year, "cong-dan"), *eligible)).one()
    return {"citizens": (int(cdht), int(everyone)), "adults_in_models": (int(cdht_in_models), int(in_models_count))}


def _unit_staff(session: Session, year: int) -> tuple[int, int]:
    """Staff recognised CDHT, and all staff, of the units recognised ĐVHT that reported their figures."""
    cdht, staff = session.execute(
        select(func.coalesce(func.sum(TitleRegistration.unit_staff_cdht), 0),
               func.coalesce(func.sum(TitleRegistration.unit_staff), 0))
        .where(TitleRegistration.year == year, TitleRegistration.title == "don-vi",
               live(TitleRegistration), TitleRegistration.unit_staff.is_not(None),
               TitleRegistration.subject_id.in_(_recognised(year, "don-vi")))).one()
    return int(cdht or 0), int(staff or 0)


def _hamlets_in_force(on: date):
    """As `hamlets.list_hamlets(on=…)` picks them."""
    return (or_(Hamlet.valid_from.is_(None), Hamlet.valid_from <= on),
            or_(Hamlet.valid_to.is_(None), Hamlet.valid_to > on))


def title_figures(*, session: Session, year: int, today: date | None = None) -> TitleYearFigures:
    """The five titles of `year`: counts, and each share against its 2025/2030 targets.

    Denominators are the register as it stands (the commune keeps no year-end snapshot);
    hamlets are those in force at the end of the year, or today for the current year.
    """
    today = today or date.today()
    hamlets_on = min(today, date(year, 12, 31))
    counted = {
        "households": _counted(session, Household, year, "gia-dinh"),
        "clans": _counted(session, Clan, year, "dong-ho"),
        "hamlets": _counted(session, Hamlet, year, "cong-dong", *_hamlets_in_force(hamlets_on)),
        "units": _counted(session, LearningUnit, year, "don-vi"),
        "unit_staff": _unit_staff(session, year),
        **_people(session, year),
    }
    titles = tuple(TitleFigures(counts, tuple(Share(BASES[key], *counted[key]) for key in TITLE_BASES[counts.title]))
                   for counts in year_counts(session=session, year=year))
    return TitleYearFigures(year=year, deadline=measured_against(year), hamlets_on=hamlets_on, titles=titles)


def title_years(*, session: Session) -> set[int]:
    """Years in which anything was registered for a title."""
    return {int(y) for y in session.scalars(
        select(TitleRegistration.year).where(live(TitleRegistration)).distinct())}
