"""Generate a realistic demo commune: hamlets, households, clans, units, activities.

Pure and deterministic: everything comes from one `random.Random(seed)` (a subclass
with cheaper integer draws), nothing is read or written, and the result is plain frozen
dataclasses for the caller to store. Same arguments -> equal result, in any process (no
iteration over sets or string hashes).

What "realistic" means here:
- household sizes follow the census shape (mean ≈ 3.6; 1 person ≈ 10 %, 4 ≈ 26 %…),
  minorities a little larger;
- a household is a nuclear family, a couple living with the head's parent(s), a
  three-generation family headed by the grandparents, a single parent, or grandparents
  raising grandchildren; spouses are of the other sex and of similar age, children
  18–50 years younger than the parent heading the household and carrying the father's
  family name, wives keep their own;
- family names cluster in lineages (dòng họ) per hamlet, some spilling into the
  neighbouring hamlet; lineages with four or more households become clans, headed by
  their oldest living man;
- ethnic minorities live mostly in their own hamlets ("Bản …"), which of them depends
  on the region of `birth_province_codes[0]`;
- schooling, literacy and occupation follow age, birth cohort, sex and ethnicity;
- identity numbers encode sex and year of birth, are unique, and some are missing.
"""

from __future__ import annotations

import calendar
import gc
import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from desktop.domain import vocab
from desktop.domain.cccd import PROVINCE_CODES, compose_cccd
from desktop.domain.dates import PartialDate
from desktop.domain.errors import ValidationError
from desktop.domain.text import normalize_text
from desktop.services.demo import names as N


# --- results --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DemoPerson:
    family_name: str
    middle_name: str
    given_name: str
    sex: str  # "M" / "F" (vocab.SEX)
    birth: PartialDate
    identity_number: str | None
    ethnicity: str  # two-digit code of desktop.domain.ethnicities
    relation: str  # vocab.RELATIONS; members[0] of a household is "head"
    education: str | None  # vocab.EDUCATION; None under 6
    literacy: str | None  # vocab.LITERACY; None under 6
    occupation: str | None
    studying: bool
    status: str  # vocab.CITIZEN_STATUS

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.family_name, self.middle_name, self.given_name) if p)


@dataclass(frozen=True, slots=True)
class DemoHousehold:
    code: str
    hamlet: int  # index into DemoCommune.hamlets
    address: str
    phone: str | None
    poverty: str  # vocab.POVERTY
    members: tuple[DemoPerson, ...]  # members[0] is the head


@dataclass(frozen=True, slots=True)
class DemoHamlet:
    name: str
    kind: str  # vocab.HAMLET_KINDS


@dataclass(frozen=True, slots=True)
class DemoClan:
    name: str
    households: tuple[int, ...]  # indexes into DemoCommune.households, ascending
    head: tuple[int, int]  # (household index, member index) of the trưởng họ


@dataclass(frozen=True, slots=True)
class DemoUnit:
    name: str
    kind: str  # vocab.UNIT_KINDS
    staff_count: int


@dataclass(frozen=True, slots=True)
class DemoParticipation:
    household: int
    member: int
    hours: float
    completed: bool


@dataclass(frozen=True, slots=True)
class DemoActivity:
    title: str
    category: str  # vocab.ACTIVITY_CATEGORIES
    start_date: date
    end_date: date
    hours: float
    place: str
    instructor: str
    participants: tuple[DemoParticipation, ...]


@dataclass(frozen=True, slots=True)
class DemoCommune:
    hamlets: tuple[DemoHamlet, ...]
    households: tuple[DemoHousehold, ...]
    clans: tuple[DemoClan, ...]
    units: tuple[DemoUnit, ...]
    centre_name: str
    activities: tuple[DemoActivity, ...]


# --- weighted choice ------------------------------------------------------------------


class _Picker:
    """Weighted choice by table lookup: one rng.random() and one index per pick.

    The weights are spread over a table of about `size` slots (largest remainder, at
    least one slot for any positive weight), so shares are exact to 1/size.
    """

    __slots__ = ("items", "weights", "table", "n")

    def __init__(self, pairs, size: int = 1024) -> None:
        pairs = [(item, float(w)) for item, w in pairs if w > 0]
        self.items = [item for item, _ in pairs]
        self.weights = [w for _, w in pairs]
        total = sum(self.weights)
        exact = [w / total * size for w in self.weights]
        slots = [max(1, int(e)) for e in exact]
        short = size - sum(slots)
        for i in sorted(range(len(exact)), key=lambda i: (int(exact[i]) - exact[i], i))[:max(0, short)]:
            slots[i] += 1
        self.table = [item for item, count in zip(self.items, slots) for _ in range(count)]
        self.n = len(self.table)

    def __call__(self, rng: random.Random):
        return self.table[int(rng.random() * self.n)]


def _modernity(birth_year: int) -> float:
    """0 for people born up to 1975, 1 from 2000 on: how 'modern' their names are."""
    return min(1.0, max(0.0, (birth_year - 1975) / 25))


class _Rng(random.Random):
    """random.Random with cheaper integer draws (floor of random() * n).

    The stdlib versions reject-sample from getrandbits to be exactly uniform; a bias
    below 2**-40 does not matter for demo data, and these are several times faster.
    Still fully determined by the seed.
    """

    def randrange(self, start: int, stop: int | None = None) -> int:  # type: ignore[override]
        if stop is None:
            return int(self.random() * start)
        return start + int(self.random() * (stop - start))

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def choice(self, seq):  # type: ignore[override]
        return seq[int(self.random() * len(seq))]


class _CohortPicker:
    """Names whose weights drift from traditional to modern with the year of birth."""

    _STEP = 5
    _FIRST = 1970
    _LAST = 2005

    def __init__(self, table) -> None:
        pickers = []
        for year in range(self._FIRST, self._LAST + 1, self._STEP):
            t = _modernity(year)
            pickers.append(_Picker(((name, old * (1 - t) + new * t) for name, old, new in table), 4096).table)
        # Lookup table per year of birth (1850–2150 covers anyone the register can hold).
        self.by_year = {
            year: pickers[(min(max(year, self._FIRST), self._LAST) - self._FIRST) // self._STEP]
            for year in range(1850, 2151)
        }

    def __call__(self, rng: random.Random, birth_year: int):
        table = self.by_year[birth_year]
        return table[int(rng.random() * len(table))]


_KINH = N.KINH
_EDU_RANK = {code: i for i, code in enumerate(vocab.EDUCATION)}
_QUALIFIED_RANK = _EDU_RANK["intermediate"]
_ONE_LEVEL_DOWN = {
    "primary_incomplete": "none", "primary": "primary_incomplete", "lower_secondary": "primary",
    "upper_secondary": "lower_secondary", "elementary_vocational": "lower_secondary",
    "intermediate": "upper_secondary", "college": "intermediate", "university": "college",
    "postgraduate": "university",
}

# Highest level completed, for people 22 and over, by birth cohort (rural commune).
_EDU_BY_COHORT = (
    (1959, _Picker([("none", 10), ("primary_incomplete", 17), ("primary", 28), ("lower_secondary", 27),
                    ("upper_secondary", 10), ("elementary_vocational", 2), ("intermediate", 3),
                    ("college", 1), ("university", 2)])),
    (1974, _Picker([("none", 3), ("primary_incomplete", 8), ("primary", 20), ("lower_secondary", 38),
                    ("upper_secondary", 17), ("elementary_vocational", 4), ("intermediate", 5),
                    ("college", 2), ("university", 3), ("postgraduate", 0.2)])),
    (1989, _Picker([("none", 2), ("primary_incomplete", 4), ("primary", 12), ("lower_secondary", 35),
                    ("upper_secondary", 22), ("elementary_vocational", 7), ("intermediate", 7),
                    ("college", 4), ("university", 7), ("postgraduate", 0.5)])),
    (9999, _Picker([("none", 1), ("primary_incomplete", 2), ("primary", 5), ("lower_secondary", 25),
                    ("upper_secondary", 30), ("elementary_vocational", 7), ("intermediate", 8),
                    ("college", 8), ("university", 13), ("postgraduate", 1)])),
)
# 18–21 and no longer at school.
_EDU_YOUNG_ADULT = _Picker([("none", 1), ("primary_incomplete", 2), ("primary", 8), ("lower_secondary", 28),
                            ("upper_secondary", 45), ("elementary_vocational", 8), ("intermediate", 6),
                            ("college", 2)])

_HOUSEHOLD_SIZES = {
    # size: (Kinh weight, minority weight) — census 2019 shape, minorities larger.
    1: (10, 6), 2: (18.5, 12), 3: (22, 17), 4: (26.5, 24), 5: (12.5, 18), 6: (6, 11), 7: (3, 7), 8: (1.5, 5),
}
# size -> weights of (nuclear, single parent, with the head's parents, three generations, grandparents+grandchildren)
_COMPOSITION = {
    3: (60, 10, 12, 10, 8),
    4: (62, 6, 13, 14, 5),
    5: (45, 3, 22, 26, 4),
    6: (25, 2, 28, 42, 3),
    7: (15, 2, 30, 50, 3),
}

_CATEGORY_WEIGHTS = {
    "topic": 35, "skills": 12, "digital_skills": 15, "culture_sport": 12, "other": 8,
    "foreign_language": 5, "literacy": 4, "post_literacy": 4,
}


def _years_before(day: date, years: int) -> date:
    year = day.year - years
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return day.replace(year=year)


def _kind_of(name: str) -> str:
    for code, label in sorted(vocab.HAMLET_KINDS.items(), key=lambda kv: -len(kv[1])):
        if name.startswith(label + " "):
            return code
    return "khu_dan_cu"


def _region(province_code: str) -> str:
    for region, codes in N.REGION_PROVINCES.items():
        if province_code in codes:
            return region
    return N.DEFAULT_REGION


# --- the generator ----------------------------------------------------------------------


@dataclass
class _Lineage:
    family: str
    middle: str | None  # the middle name its men traditionally share ("Họ Nguyễn Văn")
    ethnicity: str
    hamlet: int


class _Generator:
    def __init__(self, *, seed: int, year: int, commune_name: str, provinces: tuple[str, ...], today: date):
        self.rng = _Rng(seed)
        self.year = year
        self.commune = commune_name
        self.today = today
        self.home_province = provinces[0]
        self.extra_provinces = list(provinces[1:])
        self.other_provinces = [code for code in PROVINCE_CODES if code != self.home_province]
        self.used_ids: set[str] = set()
        self.used_phones: set[str] = set()
        # PartialDate is immutable: people born the same day share one instance.
        self._dates: dict[int, PartialDate] = {}
        self._years: dict[int, PartialDate] = {}
        self._id_prefixes: dict[tuple[str, str, int], str] = {}
        self.last_age = 0  # exact age of the person person() made last
        # Birth dates for an exact age `a` lie in [lo[a], lo[a] + span[a]) (ordinals).
        self._birth_lo: list[int] = []
        self._birth_span: list[int] = []
        for age in range(0, 111):
            latest = _years_before(today, age)
            earliest = _years_before(today, age + 1) + timedelta(days=1)
            self._birth_lo.append(earliest.toordinal())
            self._birth_span.append(latest.toordinal() - earliest.toordinal() + 1)

        self.kinh_family = _Picker(N.KINH_FAMILY_NAMES, 8192)
        self.ethnic_family = {code: _Picker(table) for code, table in N.ETHNIC_FAMILY_NAMES.items()}
        self.middle = {"M": _CohortPicker(N.MALE_MIDDLE_NAMES), "F": _CohortPicker(N.FEMALE_MIDDLE_NAMES)}
        self.given = {"M": _CohortPicker(N.MALE_GIVEN_NAMES), "F": _CohortPicker(N.FEMALE_GIVEN_NAMES)}
        self.ethnic_middle = {
            code: {sex: _Picker(table) for sex, table in by_sex.items()}
            for code, by_sex in N.ETHNIC_MIDDLE_NAMES.items()
        }
        self.lineage_middle = _Picker(N.LINEAGE_MIDDLE_NAMES)
        self.sizes = {
            False: _Picker((size, w[0]) for size, w in _HOUSEHOLD_SIZES.items()),
            True: _Picker((size, w[1]) for size, w in _HOUSEHOLD_SIZES.items()),
        }
        self.composition = {size: _Picker(enumerate(w)) for size, w in _COMPOSITION.items()}
        self.phone_prefix = _Picker(N.MOBILE_PREFIXES)

        def by_sex(table):
            return {sex: _Picker((name, w) for name, only, w in table if only in (None, sex)) for sex in "MF"}

        self.occ_general = by_sex(N.OCCUPATIONS_GENERAL)
        self.occ_qualified = by_sex(N.OCCUPATIONS_QUALIFIED)
        self.occ_minority = by_sex(N.OCCUPATIONS_MINORITY)
        self.occ_teen = by_sex(N.OCCUPATIONS_TEENAGER)
        self.occ_elderly = by_sex(N.OCCUPATIONS_ELDERLY)

        region = _region(self.home_province)
        groups, self.minority_share = N.REGION_MINORITIES[region]
        self.south = region == "south"
        rng = self.rng
        count = rng.randint(2, min(4, len(groups)))
        self.minorities = [groups[0], *rng.sample(list(groups[1:]), count - 1)]

    # --- small draws ------------------------------------------------------------------

    def family_name(self, ethnicity: str) -> str:
        picker = self.ethnic_family.get(ethnicity)
        return (picker or self.kinh_family)(self.rng)

    def other_ethnicity(self, ethnicity: str) -> str:
        """Ethnicity of a spouse from another group: Kinh for minorities, else a local minority."""
        if ethnicity != _KINH:
            return _KINH
        return self.rng.choice(self.minorities)

    def birth(self, age: int) -> PartialDate:
        ordinal = self._birth_lo[age] + self.rng.randrange(self._birth_span[age])
        cached = self._dates.get(ordinal)
        if cached is None:
            d = date.fromordinal(ordinal)
            cached = self._dates[ordinal] = PartialDate(d.year, d.month, d.day)
        if cached.year < 1960 and self.rng.random() < 0.08:
            year_only = self._years.get(cached.year)
            if year_only is None:
                year_only = self._years[cached.year] = PartialDate(cached.year)
            return year_only
        return cached

    def person_names(self, sex: str, birth_year: int, ethnicity: str) -> tuple[str, str]:
        rng = self.rng
        if ethnicity == _KINH:  # the common case, kept short
            random_ = rng.random
            middles = self.middle[sex].by_year[birth_year]
            givens = self.given[sex].by_year[birth_year]
            return middles[int(random_() * len(middles))], givens[int(random_() * len(givens))]
        special = self.ethnic_middle.get(ethnicity)
        middle = special[sex](rng) if special else self.middle[sex](rng, birth_year)
        pool = N.ETHNIC_GIVEN_NAMES.get(ethnicity)
        if pool and rng.random() < pool[0] * (1.0 - 0.6 * _modernity(birth_year)):
            given = rng.choice(pool[1][sex])
        else:
            given = self.given[sex](rng, birth_year)
        return middle, given

    def identity(self, sex: str, birth_year: int, moved_in: bool) -> str | None:
        rng = self.rng
        random_ = rng.random
        if random_() < 0.03:
            return None
        if random_() < (0.25 if moved_in else 0.04):
            if self.extra_provinces and rng.random() < 0.6:
                province = rng.choice(self.extra_provinces)
            else:
                province = rng.choice(self.other_provinces)
        else:
            province = self.home_province
        key = (province, sex, birth_year)
        prefix = self._id_prefixes.get(key)
        if prefix is None:
            # Digits 1–6 (province, century and sex, year) as compose_cccd writes them.
            prefix = self._id_prefixes[key] = compose_cccd(province, sex, birth_year, 0)[:6]
        used = self.used_ids
        while True:
            number = f"{prefix}{int(random_() * 1_000_000):06d}"
            if number not in used:
                used.add(number)
                return number

    def phone(self) -> str:
        rng = self.rng
        while True:
            number = f"{self.phone_prefix(rng)}{rng.randrange(10_000_000):07d}"
            if number not in self.used_phones:
                self.used_phones.add(number)
                return number

    # --- schooling and work -------------------------------------------------------------

    def schooling(self, age: int, birth_year: int, sex: str, minority: bool) -> tuple[str | None, str | None, bool]:
        """(education, literacy, studying) for a living person of that age."""
        r = self.rng.random
        if age < 6:
            return None, None, False
        if age <= 10:
            # Biết chữ mức độ 1 = grade 3 completed (NĐ 20/2014), so from about 9.
            return "primary_incomplete", ("illiterate" if age < 9 else "level1"), r() < 0.99
        if age <= 14:
            if r() < (0.92 if minority else 0.975):
                return "primary", "level2", True
            return ("primary_incomplete", "level1", False) if r() < 0.5 else ("primary", "level2", False)
        if age <= 17:
            if r() < (0.72 if minority else 0.88):
                return "lower_secondary", "level2", True
            x = r()
            if x < 0.55:
                return "lower_secondary", "level2", False
            return ("primary", "level2", False) if x < 0.9 else ("primary_incomplete", "level1", False)
        if age <= 21:
            if r() < (0.15 if minority else 0.32):
                # University / college students (completed upper secondary) or trung cấp pupils.
                return ("upper_secondary" if r() < 0.85 else "lower_secondary"), "level2", True
            education = _EDU_YOUNG_ADULT(self.rng)
            if (education == "college" and age < 21) or (education == "intermediate" and age < 19):
                education = "upper_secondary"
        else:
            for last_year, picker in _EDU_BY_COHORT:
                if birth_year <= last_year:
                    education = picker(self.rng)
                    break
            if minority and r() < 0.35:
                education = _ONE_LEVEL_DOWN.get(education, education)
            if sex == "F" and birth_year < 1970 and r() < 0.15:
                education = _ONE_LEVEL_DOWN.get(education, education)
            if education == "postgraduate" and age < 24:
                education = "university"
        if education == "none":
            literacy = "illiterate" if r() < 0.8 else "level1"  # some went to literacy classes
        elif education == "primary_incomplete":
            literacy = "illiterate" if r() < 0.2 else "level1"
        else:
            literacy = "level2"
        studying = 22 <= age <= 24 and _EDU_RANK[education] >= _EDU_RANK["upper_secondary"] and r() < 0.08
        return education, literacy, studying

    def occupation(self, age: int, sex: str, education: str | None, studying: bool, minority: bool) -> str | None:
        rng = self.rng
        if age < 6:
            return None
        if age < 18 or (studying and age <= 19 and education != "upper_secondary"):
            if studying:
                return N.STUDENT_PUPIL
            return self.occ_teen[sex](rng) if age >= 15 else None
        if studying:
            return N.STUDENT_HIGHER
        qualified = _EDU_RANK[education] >= _QUALIFIED_RANK
        if age >= (61 if sex == "M" else 57):
            if qualified and rng.random() < 0.85:
                return N.RETIRED
            x = rng.random()
            if age >= 75:
                return None if x < 0.7 else self.occ_elderly[sex](rng)
            if x < 0.08:
                return N.RETIRED
            return None if x < 0.4 else self.occ_elderly[sex](rng)
        if rng.random() < 0.03:
            return None
        if qualified:
            return self.occ_qualified[sex](rng)
        return (self.occ_minority if minority else self.occ_general)[sex](rng)

    def status(self, relation: str, age: int) -> str:
        if relation == "head":
            return "resident"
        x = self.rng.random()
        if age >= 80:
            dead = 0.2
        elif age >= 70:
            dead = 0.09
        elif age >= 60:
            dead = 0.03
        else:
            dead = 0.001
        if x < dead:
            return "deceased"
        if relation in ("child", "grandchild", "child_in_law", "sibling") and 18 <= age <= 40:
            away = 0.11
        else:
            away = 0.004
        return "moved_away" if x < dead + away else "resident"

    def person(self, relation: str, sex: str, age: int, family: str, ethnicity: str, used: set[str],
               moved_in: bool = False, lineage_middle: str | None = None) -> DemoPerson:
        random_ = self.rng.random
        age = 0 if age < 0 else 110 if age > 110 else age
        birth = self.birth(age)
        by = birth.year
        self.last_age = age if birth.month is not None else birth.age_on(self.today)
        for _ in range(6):
            middle, given = self.person_names(sex, by, ethnicity)
            if lineage_middle and by < 1990 and random_() < 0.7:
                middle = lineage_middle
            if given not in used and given != middle:
                break
        used.add(given)
        minority = ethnicity != _KINH
        status = self.status(relation, age)
        education, literacy, studying = self.schooling(age, by, sex, minority)
        occupation = self.occupation(age, sex, education, studying, minority)
        if status == "deceased":
            studying = False
            if occupation in (N.STUDENT_PUPIL, N.STUDENT_HIGHER):
                occupation = None
        return DemoPerson(family, middle, given, sex, birth, self.identity(sex, by, moved_in), ethnicity,
                          relation, education, literacy, occupation, studying, status)

    # --- family shapes --------------------------------------------------------------------

    def kids(self, k: int, max_mother: int = 80) -> tuple[int, list[int]]:
        """(mother's age, children's ages oldest first): births at 19–40, 1–6 years apart."""
        rng = self.rng
        first = rng.randint(19, 29)
        births = [first]
        for _ in range(k - 1):
            births.append(births[-1] + rng.randint(1, 6))
        if births[-1] > 40:
            births = [first + (b - first) * (40 - first) // (births[-1] - first) for b in births]
        x = rng.random()
        if x < 0.45:
            youngest = rng.randint(0, 6)
        elif x < 0.75:
            youngest = rng.randint(7, 15)
        else:
            youngest = rng.randint(16, 24) if x < 0.92 else rng.randint(25, 35)
        mother = min(births[-1] + youngest, max(max_mother, births[-1]))
        return mother, [mother - b for b in births]

    def husband_age(self, wife: int, kids: list[int]) -> int:
        age = wife + min(10, max(-3, round(self.rng.gauss(3, 2.5))))
        if kids:
            age = max(age, max(kids) + 18)
            age = min(age, min(kids) + 50)
        return min(max(age, 20), 100)

    def child_sex(self) -> str:
        return "M" if self.rng.random() < 0.52 else "F"

    def household_members(self, size: int, paternal: str, ethnicity: str,
                          lineage_middle: str | None) -> list[DemoPerson]:
        rng = self.rng
        used: set[str] = set()
        out: list[DemoPerson] = []
        person = self.person
        member_ages: list[int] = []
        self.member_ages = member_ages

        def add(relation, sex, age, family, eth=ethnicity, moved_in=False):
            mid = lineage_middle if (sex == "M" and family == paternal) else None
            out.append(person(relation, sex, age, family, eth, used, moved_in, mid))
            member_ages.append(self.last_age)

        def spouse_eth():
            return ethnicity if rng.random() < 0.92 else self.other_ethnicity(ethnicity)

        def couple(wife_age, kid_ages, head_female_p=0.12):
            husband = self.husband_age(wife_age, kid_ages)
            if rng.random() < head_female_p:
                eth = spouse_eth()
                add("head", "F", wife_age, self.family_name(ethnicity))
                add("husband", "M", husband, paternal, eth, moved_in=True)
            else:
                add("head", "M", husband, paternal)
                eth = spouse_eth()
                add("wife", "F", wife_age, self.family_name(eth), eth, moved_in=True)
            return husband

        def children(ages, relation="child", family=None):
            for age in ages:
                add(relation, self.child_sex(), age, family or paternal)

        if size == 1:
            if rng.random() < 0.5:
                sex = "F" if rng.random() < 0.7 else "M"
                age = int(rng.triangular(60, 93, 66))
            else:
                sex = "M" if rng.random() < 0.6 else "F"
                age = rng.randint(22, 59)
            add("head", sex, age, paternal if sex == "M" else self.family_name(ethnicity))
            return out

        if size == 2:
            x = rng.random()
            if x < 0.36:  # elderly couple
                couple(int(rng.triangular(50, 88, 60)), [])
            elif x < 0.55:  # young couple
                couple(rng.randint(19, 32), [])
            elif x < 0.80:  # single parent and one child
                mother, ages = self.kids(1)
                if rng.random() < 0.72:
                    add("head", "F", mother, self.family_name(ethnicity))
                else:
                    add("head", "M", self.husband_age(mother, ages), paternal)
                children(ages)
            elif x < 0.90:  # unmarried head and a parent
                sex = "M" if rng.random() < 0.6 else "F"
                age = rng.randint(25, 55)
                family = paternal if sex == "M" else self.family_name(ethnicity)
                add("head", sex, age, family)
                mother = min(age + rng.randint(20, 38), 98)
                if rng.random() < 0.75:
                    add("mother", "F", mother, self.family_name(ethnicity))
                else:
                    add("father", "M", min(mother + rng.randint(0, 6), 100), family)
            else:
                self.skipped_generation(size, paternal, ethnicity, add)
            return out

        shape = self.composition[min(size, 7)](rng)
        if shape == 0:  # couple and children
            wife, ages = self.kids(size - 2)
            couple(wife, ages)
            children(ages)
        elif shape == 1:  # single parent
            mother, ages = self.kids(size - 1)
            if rng.random() < 0.72:
                add("head", "F", mother, self.family_name(ethnicity))
            else:
                add("head", "M", self.husband_age(mother, ages), paternal)
            children(ages)
        elif shape == 2:
            self.with_parents(size, paternal, ethnicity, add, spouse_eth, children)
        elif shape == 3:
            self.three_generations(size, paternal, ethnicity, add, spouse_eth, children)
        else:
            self.skipped_generation(size, paternal, ethnicity, add)
        return out

    def with_parents(self, size, paternal, ethnicity, add, spouse_eth, children) -> None:
        """Head (with or without spouse and children) living with their own parent(s)."""
        rng = self.rng
        n_parents = 2 if size >= 4 and rng.random() < 0.4 else 1
        rest = size - 1 - n_parents
        has_spouse = rest >= 1 and rng.random() < 0.85
        k = rest - has_spouse
        if k:
            wife, ages = self.kids(k, max_mother=56)
        else:
            wife, ages = rng.randint(20, 50), []
        husband = self.husband_age(wife, ages)
        head_female = rng.random() < (0.15 if has_spouse else 0.35)
        if head_female:
            head_age, head_family = wife, self.family_name(ethnicity)
            add("head", "F", wife, head_family)
            if has_spouse:
                add("husband", "M", husband, paternal, spouse_eth(), moved_in=True)
        else:
            head_age, head_family = husband, paternal
            add("head", "M", husband, paternal)
            if has_spouse:
                eth = spouse_eth()
                add("wife", "F", wife, self.family_name(eth), eth, moved_in=True)
        mother = min(head_age + rng.randint(20, 34), 98)
        father = min(mother + rng.randint(0, 6), 100)
        with_father = n_parents == 2 or rng.random() < 0.3
        if with_father:
            add("father", "M", father, head_family)
        if n_parents == 2 or not with_father:
            add("mother", "F", mother, self.family_name(ethnicity))
        children(ages)

    def three_generations(self, size, paternal, ethnicity, add, spouse_eth, children) -> None:
        """Grandparents heading the household, a married child with spouse, grandchildren."""
        rng = self.rng
        head_female = rng.random() < 0.18  # widow
        head_spouse = (not head_female) and size >= 4 and rng.random() < 0.75
        slots = size - 1 - head_spouse
        grand_total = slots - 2
        g = min(grand_total, 4)
        others = grand_total - g
        through_son = rng.random() < 0.8
        if g:
            mother, grand_ages = self.kids(g, max_mother=42)
        else:
            mother, grand_ages = rng.randint(22, 45), []
        if through_son:
            child_age = self.husband_age(mother, grand_ages)
        else:
            child_age = mother
        wife_age = min(child_age + rng.randint(21, 34), 97)
        other_ages = [rng.randint(max(0, wife_age - 42), max(0, child_age - 2)) for _ in range(others)]
        if head_female:
            add("head", "F", wife_age, self.family_name(ethnicity))
        else:
            add("head", "M", self.husband_age(wife_age, [child_age, *other_ages]), paternal)
            if head_spouse:
                eth = spouse_eth()
                add("wife", "F", wife_age, self.family_name(eth), eth, moved_in=True)
        if through_son:
            add("child", "M", child_age, paternal)
            eth = spouse_eth()
            add("child_in_law", "F", mother, self.family_name(eth), eth, moved_in=True)
            grand_family = paternal
        else:
            add("child", "F", child_age, paternal)
            eth = spouse_eth()
            grand_family = self.family_name(eth)
            add("child_in_law", "M", self.husband_age(mother, grand_ages), grand_family, eth, moved_in=True)
        children(sorted(other_ages, reverse=True))
        children(grand_ages, relation="grandchild", family=grand_family)

    def skipped_generation(self, size, paternal, ethnicity, add) -> None:
        """Grandparents raising the children of a son working away."""
        rng = self.rng
        grandfather = rng.random() < 0.55
        with_wife = grandfather and size >= 3 and rng.random() < 0.8
        g = size - 1 - with_wife
        ages = [rng.randint(1, 12)]
        for _ in range(g - 1):
            ages.append(min(17, ages[-1] + rng.randint(1, 4)))
        ages.sort(reverse=True)
        parent = ages[0] + rng.randint(20, 30)
        grandmother = min(parent + rng.randint(20, 32), 90)
        if grandfather:
            add("head", "M", self.husband_age(grandmother, [parent]), paternal)
            if with_wife:
                add("wife", "F", grandmother, self.family_name(ethnicity), moved_in=True)
        else:
            add("head", "F", grandmother, self.family_name(ethnicity))
        for age in ages:
            add("grandchild", self.child_sex(), age, paternal)

    # --- hamlets, households, clans ----------------------------------------------------------

    def hamlet_plan(self, households: int) -> tuple[list[DemoHamlet], list[str | None]]:
        """Hamlets (Kinh ones first, minority villages last) and each one's minority group."""
        rng = self.rng
        n = max(2, round(households / rng.uniform(120, 250)))
        m = 0
        if n >= 3 and self.minority_share >= 0.05:
            m = min(n - 1, max(1, round(n * self.minority_share / 0.85)))
        main, others = self.minorities[0], self.minorities[1:]
        groups: list[str | None] = [None] * (n - m)
        for j in range(m):
            groups.append(others[(j // 3) % len(others)] if j % 3 == 2 else main)
        # Hoa communities live in ordinary hamlets; other groups in their own villages.
        plain = sum(1 for g in groups if g is None or g == "06")
        plain_names = iter(self.plain_hamlet_names(plain, households))
        village_pools: dict[tuple[str, ...], list[str]] = {}  # names not used yet, per table
        numbered: dict[str, int] = {}  # "Bản" -> last number given once a table ran out
        hamlets = []
        for g in groups:
            if g is None or g == "06":
                name = next(plain_names)
            else:
                table = N.MINORITY_HAMLET_NAMES.get(g, N.BAN_NAMES)
                if table not in village_pools:
                    village_pools[table] = rng.sample(list(table), len(table))
                pool = village_pools[table]
                if pool:
                    name = pool.pop()
                else:
                    prefix = table[0].split(" ")[0]
                    numbered[prefix] = numbered.get(prefix, 0) + 1
                    name = f"{prefix} {numbered[prefix]}"
            hamlets.append(DemoHamlet(name=name, kind=_kind_of(name)))
        return hamlets, groups

    def plain_hamlet_names(self, count: int, households: int) -> list[str]:
        rng = self.rng
        names: list[str] = []
        if households >= 3000 and rng.random() < 0.4:
            # The former township: its residential groups kept their numbers.
            names += [f"Tổ dân phố {i}" for i in range(1, min(count - 1, rng.randint(1, 3)) + 1)]
        rest = count - len(names)
        if self.south:
            prefix, pool = "Ấp", N.AP_NAMES
        else:
            style = rng.random()
            prefix, pool = ("Thôn", N.THON_NAMES) if style < 0.7 else ("Xóm", N.XOM_NAMES)
            if style >= 0.55 and style < 0.7 or style >= 0.9:
                pool = ()  # numbered: "Thôn 1", "Xóm 2" …
        if rest <= len(pool):
            names += rng.sample(list(pool), rest)
        else:
            names += [f"{prefix} {i}" for i in range(1, rest + 1)]
        return names

    def ethnic_mix(self, group: str | None) -> _Picker:
        kinh = _KINH
        if group is None:
            scatter = 0.03 if self.has_villages else min(self.minority_share, 0.1)
            return _Picker([(kinh, 1 - scatter)] + [(g, scatter / len(self.minorities)) for g in self.minorities])
        if group == "06":
            return _Picker([(kinh, 0.6), ("06", 0.4)])
        others = [g for g in self.minorities if g != group]
        return _Picker([(group, 0.85), (kinh, 0.10 if others else 0.15)] + [(g, 0.05 / len(others)) for g in others])

    def generate(self, households: int) -> DemoCommune:
        rng = self.rng
        hamlets, groups = self.hamlet_plan(households)
        self.has_villages = any(g is not None for g in groups)
        n = len(hamlets)
        weights = [rng.uniform(0.6, 1.4) * (0.7 if g is not None else 1.0) for g in groups]
        counts = _allocate(households, weights)
        mixes = [self.ethnic_mix(g) for g in groups]

        # Lineages (dòng họ) of each hamlet and ethnicity; about 60 % of households belong to one.
        lineages: list[_Lineage] = []
        lineage_pick: dict[tuple[int, str], _Picker] = {}
        spill_pick: dict[tuple[int, str], _Picker] = {}
        for h in range(n):
            for eth, share in zip(mixes[h].items, _shares(mixes[h])):
                expected = counts[h] * share
                if expected < 6:
                    continue
                wanted = max(1, round(expected * 0.6 / 18))
                seen: set[tuple[str, str | None]] = set()
                ids = []
                for _ in range(wanted * 3):
                    if len(ids) == wanted:
                        break
                    family = self.family_name(eth)
                    middle = self.lineage_middle(rng) if eth == _KINH and rng.random() < 0.55 else None
                    if (family, middle) in seen:
                        continue
                    seen.add((family, middle))
                    ids.append(len(lineages))
                    lineages.append(_Lineage(family, middle, eth, h))
                lineage_pick[(h, eth)] = _Picker((lid, 1 / (i + 1) ** 0.7) for i, lid in enumerate(ids))
                # About one lineage in five has branches in the next hamlet too.
                spanning = [lid for lid in ids if rng.random() < 0.2]
                if spanning:
                    spill_pick[(h + 1, eth)] = _Picker((lid, 1.0) for lid in spanning)

        width = max(5, len(str(households)))
        result: list[DemoHousehold] = []
        household_lineage: list[int | None] = []
        residents: list[tuple[int, int, int, int, str | None, int]] = []  # hh, member, age, hamlet, literacy, edu rank
        for h in range(n):
            hamlet = hamlets[h]
            numbers = rng.sample(range(1, int(counts[h] * 1.5) + 2), counts[h])
            for j in range(counts[h]):
                eth = mixes[h](rng)
                lid = None
                if rng.random() < 0.62:
                    picker = None
                    if rng.random() < 0.08:
                        picker = spill_pick.get((h, eth))
                    picker = picker or lineage_pick.get((h, eth))
                    if picker:
                        lid = picker(rng)
                minority = eth != _KINH
                if lid is None:
                    paternal, lineage_middle = self.family_name(eth), None
                else:
                    paternal, lineage_middle = lineages[lid].family, lineages[lid].middle
                size = self.sizes[minority](rng)
                members = self.household_members(size, paternal, eth, lineage_middle)
                ages = self.member_ages
                phone = self.phone() if rng.random() < (0.6 if minority else 0.72) else None
                x = rng.random()
                poor, near = (0.12, 0.10) if minority else (0.03, 0.045)
                if size == 1 and ages[0] >= 60:
                    poor, near = poor * 2, near * 1.5
                poverty = "poor" if x < poor else "near_poor" if x < poor + near else "none"
                index = len(result)
                result.append(DemoHousehold(
                    code=f"H{index + 1:0{width}d}", hamlet=h, address=f"Số {numbers[j]}, {hamlet.name}",
                    phone=phone, poverty=poverty, members=tuple(members),
                ))
                household_lineage.append(lid)
                for m, p in enumerate(members):
                    if p.status == "resident":
                        residents.append((index, m, ages[m], h, p.literacy,
                                          _EDU_RANK[p.education] if p.education else -1))

        clans = self.clans(result, household_lineage, lineages, hamlets)
        return DemoCommune(
            hamlets=tuple(hamlets),
            households=tuple(result),
            clans=tuple(clans),
            units=tuple(self.units(households)),
            centre_name=f"Trung tâm học tập cộng đồng xã {self.commune}",
            activities=tuple(self.activities(hamlets, residents, households)),
        )

    def clans(self, households, household_lineage, lineages, hamlets) -> list[DemoClan]:
        members: dict[int, list[int]] = {}
        for index, lid in enumerate(household_lineage):
            if lid is not None and households[index].members[0].family_name == lineages[lid].family:
                members.setdefault(lid, []).append(index)
        found = []
        for lid in sorted(members):
            indexes = members[lid]
            if len(indexes) < 4:
                continue
            lineage = lineages[lid]
            head = None
            for index in indexes:
                for m, p in enumerate(households[index].members):
                    if p.sex == "M" and p.family_name == lineage.family and p.status == "resident":
                        if head is None or p.birth < head[0]:
                            head = (p.birth, (index, m))
            if head is None:
                continue
            base = f"Họ {lineage.family} {lineage.middle}" if lineage.middle else f"Dòng họ {lineage.family}"
            found.append((base, tuple(indexes), head[1]))
        # Clans sharing a name are told apart by the hamlet of their first household (the
        # one a register would file them under), then by branch (chi) number.
        repeated = Counter(base for base, *_ in found)
        taken: Counter[str] = Counter()
        clans = []
        for base, indexes, head in found:
            name = base
            if repeated[base] > 1:
                name = f"{base} ({hamlets[households[indexes[0]].hamlet].name})"
                taken[name] += 1
                if taken[name] > 1:
                    name = f"{name[:-1]}, chi {taken[name]})"
            clans.append(DemoClan(name=name, households=indexes, head=head))
        return clans

    def units(self, households: int) -> list[DemoUnit]:
        rng = self.rng
        extra = min(len(N.EXTRA_UNITS), max(0, households // 1500 + rng.randint(0, 2)))
        chosen = list(N.CORE_UNITS)
        if extra:
            # Nearly every commune has its agricultural cooperative.
            first = [N.EXTRA_UNITS[0]] if rng.random() < 0.9 else []
            rest = [u for u in N.EXTRA_UNITS if u not in first]
            chosen += first + rng.sample(rest, extra - len(first))
        chosen = chosen[:12]
        return [
            DemoUnit(name=pattern.format(c=self.commune), kind=kind, staff_count=rng.randint(lo, hi))
            for pattern, kind, lo, hi in chosen
        ]

    # --- learning-centre activities ------------------------------------------------------------

    def activities(self, hamlets: list[DemoHamlet], residents, households: int) -> list[DemoActivity]:
        """The learning centre's year: 25–60 activities, every category, topics the most."""
        rng = self.rng
        c = self.commune
        n_activities = min(60, max(25, 25 + households // 600 + rng.randint(0, 6)))
        categories = list(vocab.ACTIVITY_CATEGORIES)
        weighted = _Picker((cat, _CATEGORY_WEIGHTS.get(cat, 1)) for cat in categories)
        plan = categories + [weighted(rng) for _ in range(n_activities - len(categories))]

        # Who may join what: per category and hamlet. Literacy classes that cannot fill
        # up take people at level 1 too ("literacy_more").
        pools = {cat: [[] for _ in hamlets] for cat in (*categories, "literacy_more")}
        kinds_cache: dict[tuple[int, str | None, int], tuple[str, ...]] = {}
        for hh, m, age, h, literacy, rank in residents:
            key = (age, literacy, rank)
            kinds = kinds_cache.get(key)
            if kinds is None:
                kinds = kinds_cache[key] = _eligible(age, literacy, rank)
            entry = (hh, m)
            for cat in kinds:
                pools[cat][h].append(entry)

        first = date(self.year, 1, 1)
        last = date(self.year, 12, 31)
        if first <= self.today < last:
            # The year so far; in January, its first month (activities just planned).
            last = max(self.today, first + timedelta(days=30))
        span = (last - first).days

        title_queues: dict[str, list[tuple[str, str]]] = {}
        title_uses: dict[str, int] = {}
        out = []
        for cat in plan:
            queue = title_queues.get(cat)
            if not queue:
                queue = title_queues[cat] = rng.sample(list(N.ACTIVITY_TITLES[cat]), len(N.ACTIVITY_TITLES[cat]))
            title, role = queue.pop()
            uses = title_uses[title] = title_uses.get(title, 0) + 1
            club = title.startswith(("Câu lạc bộ", "Tập luyện"))
            lo, hi = {
                "literacy": (15, 30), "post_literacy": (15, 30), "topic": (25, 60), "skills": (15, 35),
                "digital_skills": (20, 50), "foreign_language": (15, 30),
            }.get(cat, (20, 60))
            wanted = rng.randint(lo, hi)

            local_p = {"topic": 0.6, "culture_sport": 0.4, "other": 0.3, "literacy": 0.85,
                       "post_literacy": 0.85, "digital_skills": 0.3, "skills": 0.2}.get(cat, 0.0)
            by_hamlet = pools[cat]
            pool: list[tuple[int, int]] = []
            hamlet = None
            if rng.random() < local_p:
                if cat in ("literacy", "post_literacy"):
                    sizes = [len(p) for p in by_hamlet]
                    if max(sizes) >= 8:
                        hamlet = _Picker((h, s) for h, s in enumerate(sizes))(rng)
                else:
                    hamlet = rng.randrange(len(hamlets))
                if hamlet is not None:
                    pool = list(by_hamlet[hamlet])
                    if cat == "literacy" and len(pool) < lo:
                        pool += pools["literacy_more"][hamlet]
                    if len(pool) < lo:
                        hamlet, pool = None, []
            if hamlet is None:
                pool = [e for p in by_hamlet for e in p]
                if cat == "literacy" and len(pool) < lo:
                    pool += [e for p in pools["literacy_more"] for e in p]
            if not pool:
                # Nobody to teach (a tiny commune): no class.
                title_uses[title] -= 1
                continue
            chosen = sorted(rng.sample(pool, min(wanted, len(pool))))

            if hamlet is not None:
                place = f"Nhà văn hóa {_lower_kind(hamlets[hamlet])}"
                if cat in ("literacy", "post_literacy"):
                    title = f"{title} – {hamlets[hamlet].name}"
            elif cat in ("literacy", "post_literacy"):
                place = f"Trường Tiểu học {c}"
            elif cat == "digital_skills":
                place = rng.choice((f"Phòng tin học Trường THCS {c}", f"Trung tâm học tập cộng đồng xã {c}"))
            elif cat == "foreign_language":
                place = rng.choice((f"Trường THCS {c}", f"Trung tâm học tập cộng đồng xã {c}"))
            elif cat == "culture_sport" and "bóng" in title:
                place = f"Sân vận động xã {c}"
            elif cat == "culture_sport" and "Sách" in title:
                place = f"Thư viện Trung tâm học tập cộng đồng xã {c}"
            elif cat in ("topic", "other"):
                place = rng.choice((f"Hội trường Trung tâm học tập cộng đồng xã {c}",
                                    f"Hội trường Ủy ban nhân dân xã {c}"))
            else:
                place = f"Trung tâm học tập cộng đồng xã {c}"
            if uses > 1:
                title = f"{title} (đợt {uses})"

            if cat == "literacy":
                hours, days = rng.choice((120, 150, 180, 240)), rng.randint(90, 180)
            elif cat == "post_literacy":
                hours, days = rng.choice((60, 90, 120)), rng.randint(60, 120)
            elif cat == "skills":
                hours, days = rng.choice((16, 24, 40, 60)), rng.randint(4, 30)
            elif cat == "digital_skills":
                hours, days = rng.choice((4, 6, 8, 12)), rng.randint(0, 4)
            elif cat == "foreign_language":
                hours, days = rng.choice((30, 45, 60)), rng.randint(45, 90)
            elif cat == "culture_sport" and club:
                hours, days = rng.choice((24, 36, 48)), rng.randint(90, 240)
            elif cat == "culture_sport":
                hours, days = rng.choice((3, 4, 8)), rng.randint(0, 2)
            else:
                hours, days = rng.choice((2, 3, 4)), 0
            days = min(days, span)
            start = first + timedelta(days=rng.randrange(span - days + 1))
            fixed = N.ACTIVITY_FIXED_DAYS.get(title)
            if fixed:
                day = date(self.year, *fixed)
                if first <= day and day + timedelta(days=days) <= last:
                    start = day
            end = start + timedelta(days=days)

            completion = {"literacy": 0.8, "post_literacy": 0.85, "foreign_language": 0.75,
                          "skills": 0.88}.get(cat, 0.95)
            participants = []
            for hh, m in chosen:
                if rng.random() < completion:
                    participants.append(DemoParticipation(hh, m, float(hours), True))
                else:
                    partial = min(hours - 0.5, max(0.5, round(hours * rng.uniform(0.2, 0.9) * 2) / 2))
                    participants.append(DemoParticipation(hh, m, partial, False))

            out.append(DemoActivity(
                title=title, category=cat, start_date=start, end_date=end, hours=float(hours), place=place,
                instructor=self.instructor(role), participants=tuple(participants),
            ))
        out.sort(key=lambda a: (a.start_date, a.end_date, a.title))
        return out

    def instructor(self, role: str) -> str:
        rng = self.rng
        sex = "M" if rng.random() < 0.5 else "F"
        birth_year = self.today.year - rng.randint(27, 58)
        middle, given = self.person_names(sex, birth_year, _KINH)
        if role.endswith((" xã", "Trường Tiểu học", "Trường THCS")):
            role = f"{role} {self.commune}"
        return f"{self.kinh_family(rng)} {middle} {given} ({role})"


def _eligible(age: int, literacy: str | None, rank: int) -> tuple[str, ...]:
    """Activity categories a resident of that age and schooling may be drawn into."""
    kinds = []
    if 15 <= age <= 60:
        if literacy == "illiterate":
            kinds.append("literacy")
        elif literacy == "level1":
            kinds += ["post_literacy", "literacy_more"]
        elif literacy == "level2" and rank <= _EDU_RANK["primary"]:
            kinds.append("post_literacy")
    if 18 <= age <= 75:
        kinds += ["topic", "other"]
    if 16 <= age <= 55:
        kinds.append("skills")
    if 15 <= age <= 70:
        kinds.append("digital_skills")
    if 15 <= age <= 40:
        kinds.append("foreign_language")
    if 10 <= age <= 80:
        kinds.append("culture_sport")
    return tuple(kinds)


def _lower_kind(hamlet: DemoHamlet) -> str:
    """'Thôn Đông' -> 'thôn Đông', as it reads inside a longer name."""
    label = vocab.HAMLET_KINDS.get(hamlet.kind, "")
    if label and hamlet.name.startswith(label + " "):
        return label.lower() + hamlet.name[len(label):]
    return hamlet.name


def _shares(picker: _Picker) -> list[float]:
    total = sum(picker.weights)
    return [w / total for w in picker.weights]


def _allocate(total: int, weights: list[float]) -> list[int]:
    """Split `total` in proportion to `weights`, at least one each when there are enough."""
    n = len(weights)
    base = [1] * n if total >= n else [0] * n
    rest = total - sum(base)
    scale = sum(weights)
    exact = [w / scale * rest for w in weights]
    counts = [b + int(e) for b, e in zip(base, exact)]
    leftover = total - sum(counts)
    order = sorted(range(n), key=lambda i: (-(exact[i] - int(exact[i])), i))
    for i in order[:leftover]:
        counts[i] += 1
    return counts


def generate_commune(
    *,
    households: int,
    seed: int = 1,
    year: int = 2025,
    commune_name: str = "Tân Lập",
    birth_province_codes: tuple[str, ...] = ("040",),
    today: date | None = None,
) -> DemoCommune:
    """A whole demo commune of `households` households, the same for the same arguments.

    `birth_province_codes[0]` is where most people's births were registered (it also
    picks the region, hence which minorities live there); further codes are where
    people who moved in come from (otherwise any province). Ages are counted back from
    `today` (default 31/12 of `year`), so nobody is born after it. Activities lie in
    `year`, and when `today` falls inside that year, not after it (in January: within
    the first month). Raises ValidationError for unusable arguments.
    """
    if isinstance(households, bool) or not isinstance(households, int) or households < 1:
        raise ValidationError(f"số hộ phải là số nguyên dương (đang là {households!r}).", code="out_of_range")
    codes = tuple(birth_province_codes)
    if not codes:
        raise ValidationError("cần ít nhất một mã tỉnh nơi đăng ký khai sinh.", code="required")
    for code in codes:
        if code not in PROVINCE_CODES:
            raise ValidationError(f"mã tỉnh “{code}” không có trong danh mục.", code="cccd_province")
    name = normalize_text(commune_name)
    if not name:
        raise ValidationError("tên xã không được để trống.", code="required", field="commune")
    generator = _Generator(
        seed=seed, year=year, commune_name=name, provinces=codes, today=today or date(year, 12, 31),
    )
    # Hundreds of thousands of small objects, none of them garbage: the cyclic collector
    # would only rescan them over and over (about 15 % of the time for a large commune).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return generator.generate(households)
    finally:
        if collecting:
            gc.enable()
