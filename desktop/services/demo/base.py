"""What every part of the demo generator reads: the attributes `_Generator.__init__` sets
and the draws one part asks of another. The parts (people, households, places, clans,
activities) are mixins of one `_Generator`; declaring here what they share lets the type
checker follow them, and says in one place what a new part may rely on."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from desktop.domain.dates import PartialDate
from desktop.services.demo.random_tools import _CohortPicker, _Picker, _Rng

if TYPE_CHECKING:
    from desktop.services.demo.model import DemoPerson


class GeneratorBase:
    rng: _Rng
    year: int
    commune: str
    today: date
    home_province: str
    extra_provinces: list[str]
    other_provinces: list[str]
    used_ids: set[str]
    used_phones: set[str]
    _dates: dict[int, PartialDate]
    _years: dict[int, PartialDate]
    _id_prefixes: dict[tuple[str, str, int], str]
    last_age: int  # exact age of the person person() made last
    member_ages: list[int]  # ages of the members household_members() made last
    _birth_lo: list[int]
    _birth_span: list[int]
    kinh_family: _Picker
    ethnic_family: dict[str, _Picker]
    middle: dict[str, _CohortPicker]
    given: dict[str, _CohortPicker]
    ethnic_middle: dict[str, dict[str, _Picker]]
    lineage_middle: _Picker
    sizes: dict[bool, _Picker]
    composition: dict[int, _Picker]
    phone_prefix: _Picker
    occ_general: dict[str, _Picker]
    occ_qualified: dict[str, _Picker]
    occ_minority: dict[str, _Picker]
    occ_teen: dict[str, _Picker]
    occ_elderly: dict[str, _Picker]
    minority_share: float
    south: bool
    minorities: list[str]
    has_villages: bool

    if TYPE_CHECKING:  # made by PeopleMixin, drawn on by the other parts
        def family_name(self, ethnicity: str) -> str: ...
        def other_ethnicity(self, ethnicity: str) -> str: ...
        def person_names(self, sex: str, birth_year: int, ethnicity: str) -> tuple[str, str]: ...
        def person(self, relation: str, sex: str, age: int, family: str, ethnicity: str, used: set[str],
                   moved_in: bool = False, lineage_middle: str | None = None) -> DemoPerson: ...
