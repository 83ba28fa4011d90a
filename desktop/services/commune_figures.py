"""What the register says about a year, as evidence for the commune's own rating (“Cộng đồng
học tập” cấp xã, TT 25/2023): literacy and the NĐ 20/2014 literacy standards, children and
teenagers of school age in school, the community learning centre's year, the learning titles.

People are read as the titles' evaluation reads them (`titles.facts.load_facts`: ages reached
by 31 December, literacy level from `rules.literacy_level`, which fills a missing literacy
from a completed primary school), counting only those living in the commune
(`vocab.LIVING_HERE`). The titles' counts come from `title_figures`, as the dashboard shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain.commune_rating import FIGURES, LITERACY_STANDARDS, LiteracyStandard

# The THCS target group as the titles' rule `school_age_in_school` reads it (NĐ 20/2014 Điều 12);
# imported rather than copied so the commune's figure and the households' item always agree.
from desktop.domain.rules import _THCS_OR_MORE as THCS_OR_MORE
from desktop.domain.rules import _YOUNGEST_THCS_GRADUATE as YOUNGEST_THCS_GRADUATE
from desktop.domain.rules import literacy_level
from desktop.domain.text import format_count, format_decimal
from desktop.domain.vocab import LIVING_HERE
from desktop.services.title_figures import title_figures
from desktop.services.titles.facts import Scope, load_facts
from desktop.store.models import Activity, Participation
from desktop.store.queries import live

# Which share of title_figures is each title's "out of how many".
_TITLE_BASE = {"cong-dan": "citizens", "gia-dinh": "households", "dong-ho": "clans", "cong-dong": "hamlets",
               "don-vi": "units"}


def share(count: int, of: int) -> str:
    """"45,5%" (one decimal, Vietnamese comma), "–" when there is nothing to divide by."""
    return f"{format_decimal(round(100 * count / of, 1))}%" if of else "–"


@dataclass(frozen=True)
class LiteracyBand:
    min_age: int
    max_age: int
    people: int  # living here, of these ages
    level1: int  # literate at level 1 or more
    level2: int  # literate at level 2
    unrecorded: int  # neither literacy nor schooling recorded (in `people`, in neither count)


@dataclass(frozen=True)
class StandardResult:
    standard: LiteracyStandard
    count: int
    of: int
    unrecorded: int
    met: bool | None  # None: no one of those ages, or the unrecorded could decide it


@dataclass(frozen=True)
class Schooling:
    children: int  # 6–14 living here
    children_studying: int
    youth: int  # 11–18 who have not graduated THCS (as the rule school_age_in_school counts them)
    youth_studying: int
    youth_unrecorded: int  # 15–18, out of school, no education recorded: graduate or dropout? (not in `youth`)


@dataclass(frozen=True)
class Centre:
    activities: int  # activities that ran during the year (any day of it)
    participants: int  # distinct people who took part in them
    adults: int  # living here, 15–60
    adults_taking_part: int


@dataclass(frozen=True)
class TitleLine:
    title: str
    name: str
    recognised: int
    registered: int
    total: int  # households, clans, hamlets, units, people from 15 in the register
    unit: str  # "hộ", "dòng họ"…


@dataclass(frozen=True)
class CommuneFigures:
    year: int
    residents: int
    unknown_age: int  # living here with no birth date: in no age band
    literacy: tuple[LiteracyBand, ...]  # 15–35, 15–60
    standards: tuple[StandardResult, ...]  # LITERACY_STANDARDS
    schooling: Schooling
    centre: Centre
    titles: tuple[TitleLine, ...]

    def lines(self, key: str) -> tuple[str, ...]:
        """The figures of one group (commune_rating.FIGURES), as sentences for the screen and the report."""
        if key == "literacy":
            out = [f"Người {b.min_age}–{b.max_age} tuổi: {format_count(b.people)}; biết chữ từ mức độ 1: "
                   f"{format_count(b.level1)}{_pct(b.level1, b.people)}, mức độ 2: {format_count(b.level2)}"
                   f"{_pct(b.level2, b.people)}" + (f"; chưa ghi mức biết chữ: {format_count(b.unrecorded)}"
                                                    if b.unrecorded else "") + "."
                   for b in self.literacy]
            out += [_standard_line(s) for s in self.standards]
            if self.unknown_age:
                out.append(f"{format_count(self.unknown_age)} người chưa rõ năm sinh, không tính vào độ tuổi nào.")
            return tuple(out)
        if key == "schooling":
            s = self.schooling
            youth = (f"Người 11–18 tuổi chưa tốt nghiệp trung học cơ sở: {format_count(s.youth)}, đang đi học: "
                     f"{format_count(s.youth_studying)}{_pct(s.youth_studying, s.youth)}")
            if s.youth_unrecorded:
                youth += (f"; {format_count(s.youth_unrecorded)} người 15–18 tuổi không đi học chưa ghi trình độ học "
                          "vấn (chưa rõ đã tốt nghiệp trung học cơ sở hay chưa)")
            return (f"Trẻ 6–14 tuổi: {format_count(s.children)}, đang đi học: {format_count(s.children_studying)}"
                    f"{_pct(s.children_studying, s.children)}.", youth + ".")
        if key == "centre":
            c = self.centre
            return (f"Trung tâm học tập cộng đồng: {format_count(c.activities)} lớp, chuyên đề, hoạt động trong năm; "
                    f"{format_count(c.participants)} người tham gia.",
                    f"Người 15–60 tuổi tham gia ít nhất một hoạt động: {format_count(c.adults_taking_part)}/"
                    f"{format_count(c.adults)}{_pct(c.adults_taking_part, c.adults)}.")
        if key == "titles":
            return tuple(f"{t.name}: công nhận {format_count(t.recognised)}/{format_count(t.total)} {t.unit}"
                         f"{_pct(t.recognised, t.total)}; đăng ký: {format_count(t.registered)}." for t in self.titles)
        raise KeyError(key)

    def groups(self) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
        """Every group: (key, heading, lines)."""
        return tuple((key, label, self.lines(key)) for key, label in FIGURES.items())


def _pct(count: int, of: int) -> str:
    """" (45,5%)", or nothing when there is nothing to divide by."""
    return f" ({share(count, of)})" if of else ""


def _standard_line(result: StandardResult) -> str:
    s = result.standard
    verdict = {True: "đạt", False: "chưa đạt", None: "chưa đủ số liệu để kết luận"}[result.met]
    doubt = " (tỷ lệ này chưa đối chiếu được với văn bản gốc)" if not s.confirmed else ""
    return (f"{s.name} theo {s.basis}, ít nhất {s.percent}% người {s.min_age}–{s.max_age} tuổi biết chữ mức độ "
            f"{s.level}{doubt}: {format_count(result.count)}/{format_count(result.of)}"
            f"{_pct(result.count, result.of)}, {verdict}.")


def commune_figures(*, session: Session, year: int, today: date | None = None) -> CommuneFigures:
    """The year's figures. The register keeps no year-end snapshot: people are those living
    here now, their ages those reached by 31 December of `year`."""
    facts = load_facts(session=session, year=year, scope=Scope(clans=frozenset(), hamlets=frozenset(),
                                                               units=frozenset()))
    residents = [p for p in facts.citizens.values() if p.status in LIVING_HERE]
    unknown_age = sum(p.age is None for p in residents)

    def aged(low: int, high: int):
        return [p for p in residents if p.age is not None and low <= p.age <= high]

    bands = []
    for low, high in ((15, 35), (15, 60)):
        levels = [literacy_level(p) for p in aged(low, high)]
        bands.append(LiteracyBand(low, high, len(levels), sum(v is not None and v >= 1 for v in levels),
                                  sum(v == 2 for v in levels), sum(v is None for v in levels)))
    standards = []
    for standard in LITERACY_STANDARDS:
        band = next(b for b in bands if (b.min_age, b.max_age) == (standard.min_age, standard.max_age))
        count = band.level1 if standard.level == 1 else band.level2
        standards.append(StandardResult(standard, count, band.people, band.unrecorded,
                                        standard.met(count, band.people, band.unrecorded)))

    children = aged(6, 14)
    youth, unrecorded = [], 0
    for p in aged(11, 18):
        if p.education in THCS_OR_MORE:
            continue  # graduated: out of the group
        if not p.studying and p.education is None and p.age >= YOUNGEST_THCS_GRADUATE:
            unrecorded += 1
        else:
            youth.append(p)
    schooling = Schooling(len(children), sum(p.studying for p in children), len(youth),
                          sum(p.studying for p in youth), unrecorded)

    adults = aged(15, 60)
    start, end = date(year, 1, 1), date(year, 12, 31)
    ran = (live(Activity), Activity.start_date <= end, Activity.end_date >= start)  # as load_facts
    activities = session.scalar(select(func.count()).select_from(Activity).where(*ran))
    participants = session.scalar(
        select(func.count(func.distinct(Participation.citizen_id))).join(Activity, Activity.id == Participation.activity_id)
        .where(live(Participation), *ran))
    centre = Centre(int(activities or 0), int(participants or 0), len(adults),
                    sum(p.activities_in_year > 0 for p in adults))

    titles = []
    for figures in title_figures(session=session, year=year, today=today).titles:
        base = next(s for s in figures.shares if s.base.key == _TITLE_BASE[figures.title])
        titles.append(TitleLine(figures.title, figures.counts.name, figures.counts.recognised,
                                figures.counts.registered, base.of, base.base.unit))
    return CommuneFigures(year, len(residents), unknown_age, tuple(bands), tuple(standards), schooling, centre,
                          tuple(titles))
