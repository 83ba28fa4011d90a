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

import gc
from datetime import date

from desktop.domain.cccd import PROVINCE_CODES
from desktop.domain.errors import ValidationError
from desktop.domain.text import normalize_text
from desktop.services.demo.generator import _Generator
from desktop.services.demo.model import (
    DemoActivity,
    DemoClan,
    DemoCommune,
    DemoHamlet,
    DemoHousehold,
    DemoParticipation,
    DemoPerson,
    DemoUnit,
)

__all__ = [
    "DemoActivity",
    "DemoClan",
    "DemoCommune",
    "DemoHamlet",
    "DemoHousehold",
    "DemoParticipation",
    "DemoPerson",
    "DemoUnit",
    "generate_commune",
]


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
