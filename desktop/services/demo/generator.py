"""The demo commune generator: one seeded rng driving the draws of each part."""

from __future__ import annotations

from datetime import date, timedelta

from desktop.domain.cccd import PROVINCE_CODES
from desktop.domain.dates import PartialDate
from desktop.services.demo import names as N
from desktop.services.demo.activities import ActivitiesMixin
from desktop.services.demo.clans import ClansMixin
from desktop.services.demo.households import _COMPOSITION, _HOUSEHOLD_SIZES, HouseholdsMixin
from desktop.services.demo.model import DemoCommune, DemoHousehold
from desktop.services.demo.people import _EDU_RANK, _KINH, PeopleMixin, _years_before
from desktop.services.demo.places import PlacesMixin, _region
from desktop.services.demo.random_tools import _allocate, _CohortPicker, _Picker, _Rng


class _Generator(PeopleMixin, HouseholdsMixin, PlacesMixin, ClansMixin, ActivitiesMixin):
    """All the draws of one commune, from one `_Rng(seed)`, in a fixed order."""

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

    def generate(self, households: int) -> DemoCommune:
        rng = self.rng
        hamlets, groups = self.hamlet_plan(households)
        self.has_villages = any(g is not None for g in groups)
        n = len(hamlets)
        weights = [rng.uniform(0.6, 1.4) * (0.7 if g is not None else 1.0) for g in groups]
        counts = _allocate(households, weights)
        mixes = [self.ethnic_mix(g) for g in groups]

        lineages, lineage_pick, spill_pick = self.plan_lineages(counts, mixes)

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
