"""One person at a time: dates of birth, names, identity numbers, schooling, work."""

from __future__ import annotations

import calendar
from datetime import date

from desktop.domain import vocab
from desktop.domain.cccd import compose_cccd
from desktop.domain.dates import PartialDate
from desktop.services.demo import names as N
from desktop.services.demo.base import GeneratorBase
from desktop.services.demo.model import DemoPerson
from desktop.services.demo.random_tools import _modernity, _Picker

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


def _years_before(day: date, years: int) -> date:
    year = day.year - years
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return day.replace(year=year)


class PeopleMixin(GeneratorBase):
    """Draws for one person at a time.

    Mixed into `_Generator` (generator.py), whose __init__ builds the rng and the
    name, occupation and birth-date tables these methods read.
    """

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
        qualified = education is not None and _EDU_RANK[education] >= _QUALIFIED_RANK
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
