"""The demo commune generator: deterministic, internally consistent, plausible."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from desktop.domain import vocab
from desktop.domain.cccd import validate_cccd
from desktop.domain.errors import ValidationError
from desktop.domain.ethnicities import ETHNICITIES
from desktop.domain.records import CitizenInput, HouseholdInput, clean_citizen, clean_household
from desktop.domain.text import clean_name, normalize_text
from desktop.services.demo import names as N
from desktop.services.demo.population import DemoCommune, DemoPerson, generate_commune

TODAY = date(2025, 12, 31)
ROOT = Path(__file__).resolve().parents[2]
EDU = {code: i for i, code in enumerate(vocab.EDUCATION)}
PHONE = re.compile(r"0(3[2-9]|5[689]|7[06-9]|8[1-689]|9\d)\d{7}")


@pytest.fixture(scope="module")
def commune() -> DemoCommune:
    return generate_commune(households=5000, seed=7)


@pytest.fixture(scope="module")
def small() -> DemoCommune:
    return generate_commune(households=300, seed=3)


def people(c: DemoCommune):
    for hi, household in enumerate(c.households):
        for mi, person in enumerate(household.members):
            yield hi, mi, household, person


def age(p: DemoPerson, today: date = TODAY) -> int:
    return p.birth.age_on(today)


def digest(c: DemoCommune) -> str:
    return hashlib.sha256(repr(c).encode("utf-8")).hexdigest()


# --- determinism --------------------------------------------------------------------------


def test_same_seed_same_commune_and_other_seed_differs():
    a = generate_commune(households=400, seed=11)
    b = generate_commune(households=400, seed=11)
    assert a == b
    assert digest(a) == digest(b)
    assert generate_commune(households=400, seed=12) != a


def test_deterministic_across_processes_whatever_the_hash_seed():
    code = (
        "import hashlib; from desktop.services.demo.population import generate_commune; "
        "print(hashlib.sha256(repr(generate_commune(households=150, seed=5)).encode()).hexdigest())"
    )
    digests = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                             check=True)
        digests.add(out.stdout.strip())
    assert digests == {digest(generate_commune(households=150, seed=5))}


def test_bad_arguments_are_refused():
    with pytest.raises(ValidationError):
        generate_commune(households=0)
    with pytest.raises(ValidationError):
        generate_commune(households=10, birth_province_codes=("999",))
    with pytest.raises(ValidationError):
        generate_commune(households=10, birth_province_codes=())


# --- people ---------------------------------------------------------------------------------


def test_identity_numbers_match_sex_and_birth_year_and_are_unique(commune):
    numbers = []
    missing = 0
    for *_, p in people(commune):
        if p.identity_number is None:
            missing += 1
            continue
        assert validate_cccd(p.identity_number, sex=p.sex, birth_year=p.birth.year) == p.identity_number
        numbers.append(p.identity_number)
    assert len(numbers) == len(set(numbers))
    total = len(numbers) + missing
    assert 0.015 < missing / total < 0.05
    home = sum(n.startswith("040") for n in numbers) / len(numbers)
    assert 0.85 < home < 0.99  # most births registered in the home province, some moved in


def test_names_are_clean_nfc(commune):
    for *_, p in people(commune):
        for part in (p.family_name, p.middle_name, p.given_name):
            assert part
            assert unicodedata.is_normalized("NFC", part)
            assert clean_name(part) == part
    # Hamlets, clans, units and activities are stored as typed (normalize_text), not title-cased.
    texts = [h.name for h in commune.hamlets] + [c.name for c in commune.clans] + [u.name for u in commune.units]
    texts += [h.address for h in commune.households]
    texts += [t for a in commune.activities for t in (a.title, a.place, a.instructor)]
    for text in texts:
        assert unicodedata.is_normalized("NFC", text)
        assert normalize_text(text) == text


def test_name_tables_are_clean_and_big_enough():
    for table in (N.MALE_GIVEN_NAMES, N.FEMALE_GIVEN_NAMES):
        assert len({name for name, *_ in table}) >= 60
    tables = [N.KINH_FAMILY_NAMES, N.MALE_MIDDLE_NAMES, N.FEMALE_MIDDLE_NAMES, N.MALE_GIVEN_NAMES,
              N.FEMALE_GIVEN_NAMES, N.LINEAGE_MIDDLE_NAMES, *N.ETHNIC_FAMILY_NAMES.values()]
    for table in tables:
        names = [row[0] for row in table]
        assert len(names) == len(set(names))
        for name in names:
            assert unicodedata.is_normalized("NFC", name) and clean_name(name) == name
    assert set(N.ETHNIC_FAMILY_NAMES) <= set(ETHNICITIES)
    assert set(N.ACTIVITY_TITLES) == set(vocab.ACTIVITY_CATEGORIES)


def test_codes_come_from_the_vocabularies(commune):
    for *_, p in people(commune):
        assert p.sex in vocab.SEX
        assert p.relation in vocab.RELATIONS
        assert p.status in vocab.CITIZEN_STATUS
        assert p.ethnicity in ETHNICITIES
        assert p.education is None or p.education in vocab.EDUCATION
        assert p.literacy is None or p.literacy in vocab.LITERACY
    for h in commune.households:
        assert h.poverty in vocab.POVERTY
    for u in commune.units:
        assert u.kind in vocab.UNIT_KINDS
    for a in commune.activities:
        assert a.category in vocab.ACTIVITY_CATEGORIES


def test_nobody_is_born_after_today():
    mid_year = date(2025, 3, 15)
    c = generate_commune(households=800, seed=2, today=mid_year)
    for *_, p in people(c):
        assert p.birth.year <= mid_year.year
        if p.birth.is_full:
            assert p.birth.to_date() <= mid_year
    for a in c.activities:
        assert date(2025, 1, 1) <= a.start_date <= a.end_date <= mid_year


def test_year_only_birth_dates_only_for_the_old(commune):
    old = [p for *_, p in people(commune) if p.birth.year < 1960]
    year_only = [p for *_, p in people(commune) if not p.birth.is_full]
    assert all(p.birth.year < 1960 and p.birth.month is None for p in year_only)
    assert 0.04 < len(year_only) / len(old) < 0.13


def test_education_literacy_and_work_fit_age(commune):
    for *_, p in people(commune):
        a = age(p)
        if a < 6:
            assert p.education is None and p.literacy is None and p.occupation is None
            continue
        assert p.education is not None and p.literacy is not None
        if a <= 10:
            assert p.education == "primary_incomplete"
        if a < 22:
            assert p.education not in ("university", "postgraduate")
        if a < 21:
            assert p.education != "college"
        if a < 24:
            assert p.education != "postgraduate"
        if a < 15:
            assert EDU[p.education] <= EDU["primary"]
        if a < 18:
            assert EDU[p.education] <= EDU["lower_secondary"]
        if EDU[p.education] >= EDU["primary"]:
            assert p.literacy == "level2"
        if p.literacy == "illiterate":
            assert p.education in ("none", "primary_incomplete")
        if p.occupation in N.QUALIFIED_ONLY:
            assert EDU[p.education] >= EDU["intermediate"], p
        if p.studying:
            assert p.status != "deceased" and a <= 24
        if p.occupation in (N.STUDENT_PUPIL, N.STUDENT_HIGHER):
            assert p.studying
    school_age = [p for *_, p in people(commune) if 6 <= age(p) <= 14 and p.status == "resident"]
    at_school = sum(p.studying for p in school_age) / len(school_age)
    assert 0.9 < at_school < 1.0  # most, with a few dropouts


def test_statuses_are_mostly_resident(commune):
    everyone = [p for *_, p in people(commune)]
    counts = Counter(p.status for p in everyone)
    assert 0.01 < counts["moved_away"] / len(everyone) < 0.04
    assert 0.004 < counts["deceased"] / len(everyone) < 0.02
    for h in commune.households:
        assert h.members[0].status == "resident"


def test_family_name_frequencies(commune):
    everyone = [p for *_, p in people(commune)]
    share = Counter(p.family_name for p in everyone)
    assert 0.30 <= share["Nguyễn"] / len(everyone) <= 0.45
    top = [name for name, _ in share.most_common(5)]
    assert top[0] == "Nguyễn" and {"Trần", "Lê"} <= set(top)


def test_ethnic_mix_is_mostly_kinh_with_a_few_clustered_minorities(commune):
    everyone = [p for *_, p in people(commune)]
    shares = Counter(p.ethnicity for p in everyone)
    assert 0.75 < shares["01"] / len(everyone) < 0.95
    assert 2 <= len(shares) - 1 <= 4
    minority_hamlets = {h.hamlet for h in commune.households
                        if Counter(p.ethnicity for p in h.members).most_common(1)[0][0] != "01"}
    bans = {i for i, hamlet in enumerate(commune.hamlets) if hamlet.kind == "ban"}
    assert bans and bans <= minority_hamlets


def test_south_commune_has_ap_and_khmer():
    c = generate_commune(households=3000, seed=4, commune_name="Long Hòa", birth_province_codes=("084", "079"))
    kinds = Counter(h.kind for h in c.hamlets)
    assert kinds["ap"] >= 1 and set(kinds) <= set(vocab.HAMLET_KINDS)
    groups = {p.ethnicity for *_, p in people(c)}
    assert "05" in groups
    numbers = [p.identity_number for *_, p in people(c) if p.identity_number]
    assert Counter(n[:3] for n in numbers).most_common(1)[0][0] == "084"
    assert any(n.startswith("079") for n in numbers)
    assert c.centre_name == "Trung tâm học tập cộng đồng xã Long Hòa"


# --- households -------------------------------------------------------------------------------


def test_household_sizes_follow_the_census(commune):
    sizes = Counter(len(h.members) for h in commune.households)
    n = len(commune.households)
    assert n == 5000
    mean = sum(size * count for size, count in sizes.items()) / n
    assert 3.3 <= mean <= 4.0
    assert 0.06 < sizes[1] / n < 0.14
    assert 0.20 < sizes[4] / n < 0.32
    assert 0.05 < sum(v for k, v in sizes.items() if k >= 6) / n < 0.16


def test_household_codes_addresses_phones(commune):
    codes = [h.code for h in commune.households]
    assert codes[0] == "H00001" and len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"H\d{5}", code) for code in codes)
    phones = [h.phone for h in commune.households if h.phone]
    assert 0.6 < len(phones) / len(codes) < 0.8
    assert len(set(phones)) == len(phones)
    assert all(PHONE.fullmatch(p) for p in phones)
    poverty = Counter(h.poverty for h in commune.households)
    assert 0.02 < poverty["poor"] / len(codes) < 0.08
    assert 0.03 < poverty["near_poor"] / len(codes) < 0.09
    for h in commune.households:
        assert 0 <= h.hamlet < len(commune.hamlets)
        assert re.fullmatch(r"Số \d+, .+", h.address)
        assert h.address.endswith(", " + commune.hamlets[h.hamlet].name)


def test_heads_are_adults_and_alone(commune):
    for h in commune.households:
        assert h.members[0].relation == "head"
        assert age(h.members[0]) >= 18
        assert sum(p.relation == "head" for p in h.members) == 1


def test_spouses_are_of_the_other_sex_and_similar_age(commune):
    couples = 0
    for h in commune.households:
        head = h.members[0]
        for p in h.members[1:]:
            if p.relation in ("wife", "husband"):
                couples += 1
                assert p.sex != head.sex
                assert p.sex == ("F" if p.relation == "wife" else "M")
                assert abs(age(p) - age(head)) <= 15
                assert age(p) >= 18
        assert sum(p.relation in ("wife", "husband") for p in h.members) <= 1
    assert couples > 0.5 * len(commune.households)


def test_children_carry_the_fathers_family_name(commune):
    for h in commune.households:
        head = h.members[0]
        husbands = [p for p in h.members if p.relation == "husband"]
        children = [p for p in h.members if p.relation == "child"]
        if head.sex == "M":
            father = head.family_name
        elif husbands:
            father = husbands[0].family_name
        else:
            father = None  # widowed or divorced mother: the children share their father's name
        names = {p.family_name for p in children}
        if father:
            assert names <= {father}, h
        else:
            assert len(names) <= 1, h
        for p in children:
            assert 18 <= age(head) - age(p) <= 50, h
        fathers_of_grandchildren = {p.family_name for p in h.members
                                    if p.sex == "M" and p.relation in ("head", "husband", "child", "child_in_law")}
        for p in h.members:
            if p.relation == "grandchild" and fathers_of_grandchildren:
                assert p.family_name in fathers_of_grandchildren, h
        for p in h.members:
            if p.relation == "father":
                assert p.family_name == head.family_name and age(p) - age(head) >= 18
            if p.relation in ("father", "mother"):
                assert age(p) > age(head)


def test_the_register_accepts_every_record(small):
    for h in small.households:
        members = [
            CitizenInput(
                family_name=p.family_name, middle_name=p.middle_name, given_name=p.given_name, sex=p.sex,
                birth_date=p.birth, identity_number=p.identity_number, ethnicity=p.ethnicity,
                relation=p.relation, education=p.education, literacy=p.literacy,
                occupation=p.occupation or "", studying=p.studying, status=p.status,
            )
            for p in h.members
        ]
        for member, p in zip(members, h.members, strict=True):
            clean = clean_citizen(member, today=TODAY)
            assert (clean.family_name, clean.middle_name, clean.given_name) == (
                p.family_name, p.middle_name, p.given_name)
            assert clean.identity_number == p.identity_number
        household = clean_household(HouseholdInput(code=h.code, address=h.address, phone=h.phone or "",
                                                   poverty=h.poverty, members=members))
        assert household.code == h.code


# --- hamlets, clans, units --------------------------------------------------------------------------


def test_hamlets(commune, small):
    for c, households in ((commune, 5000), (small, 300)):
        assert len(c.hamlets) >= 2
        assert households / 250 - 1 <= len(c.hamlets) <= households / 120 + 1
        assert len({h.name for h in c.hamlets}) == len(c.hamlets)
        for hamlet in c.hamlets:
            label = vocab.HAMLET_KINDS[hamlet.kind]
            assert hamlet.name.startswith(label + " ")
        used = Counter(h.hamlet for h in c.households)
        assert set(used) == set(range(len(c.hamlets)))
    assert len(generate_commune(households=1).hamlets) == 2


def test_clans(commune):
    assert 20 <= len(commune.clans) <= len(commune.households) // 10
    names = [clan.name for clan in commune.clans]
    assert len(set(names)) == len(names)
    spanning = 0
    for clan in commune.clans:
        assert clan.name.startswith(("Họ ", "Dòng họ "))
        assert len(clan.households) >= 4 and list(clan.households) == sorted(set(clan.households))
        hi, mi = clan.head
        head = commune.households[hi].members[mi]
        family = head.family_name
        assert hi in clan.households
        assert head.sex == "M" and head.status == "resident"
        assert clan.name.split(" (")[0].split(" ")[1 if clan.name.startswith("Họ ") else 2] == family
        for index in clan.households:
            assert 0 <= index < len(commune.households)
            assert commune.households[index].members[0].family_name == family
        # The head is the oldest living man of the name in the clan.
        oldest = min(p.birth for i in clan.households for p in commune.households[i].members
                     if p.sex == "M" and p.family_name == family and p.status == "resident")
        assert head.birth == oldest
        hamlets = {commune.households[i].hamlet for i in clan.households}
        assert len(hamlets) <= 2
        spanning += len(hamlets) == 2
    assert 0 < spanning < len(commune.clans) / 2
    ages = sorted(age(commune.households[hi].members[mi]) for hi, mi in (c.head for c in commune.clans))
    assert ages[len(ages) // 2] >= 55  # clan heads are older men


def test_units(commune, small):
    for c in (commune, small):
        assert 5 <= len(c.units) <= 12
        assert len({u.name for u in c.units}) == len(c.units)
        kinds = Counter(u.kind for u in c.units)
        assert kinds["school"] >= 3 and kinds["health"] >= 1
        for u in c.units:
            assert u.staff_count > 0
            if u.kind == "school":
                assert 20 <= u.staff_count <= 60
    assert commune.centre_name == "Trung tâm học tập cộng đồng xã Tân Lập"


# --- activities ------------------------------------------------------------------------------------


def test_activities(commune):
    acts = commune.activities
    assert 25 <= len(acts) <= 60
    categories = Counter(a.category for a in acts)
    assert set(categories) == set(vocab.ACTIVITY_CATEGORIES)
    assert categories["topic"] > categories["literacy"]
    for a in acts:
        assert date(2025, 1, 1) <= a.start_date <= a.end_date <= date(2025, 12, 31)
        assert a.title and a.place and a.instructor and 0 < a.hours <= 2000
        assert 15 <= len(a.participants) <= 60
        seen = set()
        for part in a.participants:
            assert 0 <= part.household < len(commune.households)
            members = commune.households[part.household].members
            assert 0 <= part.member < len(members)
            assert (part.household, part.member) not in seen
            seen.add((part.household, part.member))
            p = members[part.member]
            assert p.status == "resident"
            assert age(p) >= 10
            assert 0 < part.hours <= a.hours
            assert part.completed == (part.hours == a.hours)
            if a.category == "literacy":
                assert p.literacy in ("illiterate", "level1") and 15 <= age(p) <= 60
    adults = sum(age(commune.households[x.household].members[x.member]) >= 18
                 for a in acts for x in a.participants)
    assert adults / sum(len(a.participants) for a in acts) > 0.8


@pytest.mark.parametrize("households", [1, 2, 40])
def test_tiny_communes_still_make_sense(households):
    c = generate_commune(households=households, seed=9)
    assert len(c.households) == households and len(c.hamlets) == 2
    assert len(c.activities) <= 60
    for a in c.activities:
        assert 1 <= len(a.participants) <= 60
        for part in a.participants:
            assert c.households[part.household].members[part.member].status == "resident"
    if households == 40:
        assert len(c.activities) >= 20


# --- size and speed ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_large_commune_is_fast_and_consistent():
    started = time.process_time()
    c = generate_commune(households=20_000, seed=1)
    elapsed = time.process_time() - started
    assert len(c.households) == 20_000
    numbers = [p.identity_number for *_, p in people(c) if p.identity_number]
    assert len(numbers) == len(set(numbers))
    assert 80 <= len(c.hamlets) <= 170
    assert elapsed < 3.0, f"{elapsed:.2f} s of CPU for 20,000 households"
