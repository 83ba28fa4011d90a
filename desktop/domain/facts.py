"""The register as the rules see it: plain facts of citizens, households, clans, hamlets
and units, indexed once (`Facts`), and what a rule may read while scoring one title of
one year (`Context`). Built by the evaluation service; read by desktop.domain.rules and
desktop.domain.evaluation, which is why they live apart from both."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterable, Mapping

from desktop.domain.dates import PartialDate
from desktop.domain.vocab import LIVING_HERE


@dataclass(frozen=True, slots=True)
class CitizenFacts:
    id: str
    household_id: str | None = None
    sex: str = ""
    age: int | None = None  # age reached in the evaluated year (see age_in_year); None: unknown
    literacy: str | None = None  # vocab.LITERACY code
    education: str | None = None  # vocab.EDUCATION code
    studying: bool = False
    status: str = "resident"  # vocab.CITIZEN_STATUS code; only those living here (vocab.LIVING_HERE) count
    activities_in_year: int = 0  # TTHTCĐ activities taken part in during the year
    hours: float = 0
    completed: int = 0  # of which completed
    digital_skills: int = 0  # of which in the "digital_skills" category


@dataclass(frozen=True, slots=True)
class HouseholdFacts:
    id: str
    hamlet_id: str | None = None
    member_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ClanFacts:
    id: str
    household_ids: tuple[str, ...] = ()  # may lie in several hamlets


@dataclass(frozen=True, slots=True)
class HamletFacts:
    id: str


@dataclass(frozen=True, slots=True)
class UnitFacts:
    id: str
    staff_count: int = 0
    staff_recognised_cdht: int | None = None  # None: the unit has not reported it


def age_in_year(birth: PartialDate | str | None, year: int) -> int | None:
    """Age reached during `year`, the way school and literacy ages are counted.

    Ages by 31 December, so a year of birth alone gives the same answer as a full date.
    """
    if birth is None or birth == "":
        return None
    if isinstance(birth, str):
        birth = PartialDate.from_iso(birth)
    return birth.age_on(date(year, 12, 31))


class Facts:
    """The register as the rules see it, indexed once: who lives where, who belongs to what."""

    def __init__(self, *, citizens: Iterable[CitizenFacts] = (), households: Iterable[HouseholdFacts] = (),
                 clans: Iterable[ClanFacts] = (), hamlets: Iterable[HamletFacts] = (),
                 units: Iterable[UnitFacts] = ()) -> None:
        self.citizens = {c.id: c for c in citizens}
        self.households = {h.id: h for h in households}
        self.clans = {c.id: c for c in clans}
        self.hamlets = {h.id: h for h in hamlets}
        self.units = {u.id: u for u in units}
        self._by_kind: dict[str, Mapping[str, object]] = {
            "citizen": self.citizens, "household": self.households, "clan": self.clans,
                         "hamlet": self.hamlets, "unit": self.units}
        self._residents = {
            h.id: tuple(c for m in h.member_ids if (c := self.citizens.get(m)) and c.status in LIVING_HERE)
            for h in self.households.values()}
        households_of_hamlet: dict[str, list[str]] = {}
        for h in self.households.values():
            if h.hamlet_id is not None:
                households_of_hamlet.setdefault(h.hamlet_id, []).append(h.id)
        self._hamlet_households = {k: tuple(v) for k, v in households_of_hamlet.items()}
        # A clan is present in every hamlet where one of its households lives.
        clans_of_hamlet: dict[str, list[str]] = {}
        for clan in self.clans.values():
            where = {self.households[h].hamlet_id for h in clan.household_ids if h in self.households}
            for hamlet in (h for h in where if h is not None):
                clans_of_hamlet.setdefault(hamlet, []).append(clan.id)
        self._hamlet_clans = {k: tuple(v) for k, v in clans_of_hamlet.items()}
        self._people: dict[tuple[str, str], tuple[CitizenFacts, ...]] = {}

    def subject_ids(self, kind: str) -> tuple[str, ...]:
        """Everyone a title applies to by default: resident citizens, every other subject."""
        if kind == "citizen":
            return tuple(c.id for c in self.citizens.values() if c.status in LIVING_HERE)
        return tuple(self._by_kind[kind])

    def known(self, kind: str, subject_id: str) -> bool:
        return subject_id in self._by_kind[kind]

    def kind_of(self, subject_id: str) -> str | None:
        for kind, table in self._by_kind.items():
            if subject_id in table:
                return kind
        return None

    def members(self, household_id: str) -> tuple[CitizenFacts, ...]:
        return self._residents.get(household_id, ())

    def households_of(self, kind: str, subject_id: str) -> tuple[str, ...]:
        if kind == "household":
            return (subject_id,)
        if kind == "clan":
            return tuple(h for h in self.clans[subject_id].household_ids if h in self.households)
        if kind == "hamlet":
            return self._hamlet_households.get(subject_id, ())
        return ()

    def clans_of(self, hamlet_id: str) -> tuple[str, ...]:
        return self._hamlet_clans.get(hamlet_id, ())

    def people(self, kind: str, subject_id: str) -> tuple[CitizenFacts, ...]:
        """Resident members of a household, of a clan's households, of a hamlet's households."""
        if kind == "household":
            return self.members(subject_id)
        key = (kind, subject_id)
        if key not in self._people:  # several items of one clan or hamlet read the same people
            self._people[key] = tuple(c for h in self.households_of(kind, subject_id) for c in self.members(h))
        return self._people[key]


class Context:
    """What a rule may read while scoring one title of one year."""

    def __init__(self, facts: Facts, year: int, kind: str, recognised: Mapping[str, frozenset[str]]) -> None:
        self.facts, self.year, self.kind = facts, year, kind
        self._recognised = recognised
        # Rules keep outcomes here keyed by the figures they read; lives for one evaluate()
        # (so keys may hold id(params): the set, and its params, outlive it).
        self.memo: dict[tuple, object] = {}
        # Resident people of the subject; for households (the hot path) without a call per item.
        self.people: Callable[[str], tuple[CitizenFacts, ...]] = (
            facts.members if kind == "household" else self._people_of)

    def _people_of(self, subject_id: str) -> tuple[CitizenFacts, ...]:
        """Resident people of the subject (a household's members, a clan's, a hamlet's)."""
        return self.facts.people(self.kind, subject_id)

    def members(self, household_id: str) -> tuple[CitizenFacts, ...]:
        return self.facts.members(household_id)

    def households_of(self, subject_id: str) -> tuple[str, ...]:
        return self.facts.households_of(self.kind, subject_id)

    def clans_of(self, subject_id: str) -> tuple[str, ...]:
        return self.facts.clans_of(subject_id)

    def recognised(self, title: str) -> frozenset[str] | None:
        """Ids that reached `title` this year; None when that title has not been evaluated."""
        return self._recognised.get(title)
