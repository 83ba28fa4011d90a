"""The big lists: filters, orders (Vietnamese name order), pages of rows in the asked order."""

from __future__ import annotations

import pytest

from desktop.domain.text import fold
from desktop.services import hamlets, listing, register
from desktop.services.demo.build import build_demo
from desktop.services.listing import CitizenFilter, HouseholdFilter
from desktop.services.session import transaction
from desktop.services.stats import register_stats
from desktop.store.models import Citizen
from tests.factories import family, person

YEAR = 2025


@pytest.fixture
def reg(db):
    """Two hamlets (one sorting differently in Vietnamese than in code points), four households."""
    with transaction(db) as s:
        bac = hamlets.add_hamlet(session=s, name="Thôn Bắc")
        ap = hamlets.add_hamlet(session=s, name="Thôn Ấp Mới")
        h1 = register.add_household(session=s, data=family(hamlet_id=bac.id, poverty="poor"))  # An, Hường, Bình
        h2 = register.add_household(session=s, data=family(
            person("Đặng Thị Ánh", "Nữ", "02/09/1960", relation="head", ethnicity="Tày"),
            person("Đỗ Văn Đức", "Nam", "1990", relation="child", occupation="Làm ruộng"),
            hamlet_id=ap.id, poverty="near_poor"))
        h3 = register.add_household(session=s, data=family(
            person("Nguyễn Thị Ân", "Nữ", "1950", relation="head"),
            person("Phạm Văn Dũng", "Nam", "2020", relation="grandchild"),
            person("Lò Văn Pánh", "Nam", "1930", relation="father", status="deceased"),
            hamlet_id=ap.id))
        h4 = register.add_household(session=s, data=family(person("Trần Văn Cường", "Nam", "1985", relation="head"),
                                                           hamlet_id=bac.id))
        register.delete_household(session=s, household_id=h4.id)
    names = {m.full_name: m.id for h in (h1, h2, h3) for m in h.members}
    return {"db": db, "bac": bac, "ap": ap, "h1": h1, "h2": h2, "h3": h3, "h4": h4, "names": names}


def names_of(db, ids):
    with db.session() as s:
        return [r.full_name for r in listing.citizen_rows(session=s, ids=ids)]


def ids(db, **kw):
    sort = kw.pop("sort", "name")
    descending = kw.pop("descending", False)
    with db.session() as s:
        return listing.citizen_ids(session=s, filter=CitizenFilter(**kw), sort=sort, descending=descending, year=YEAR)


def test_residents_in_vietnamese_name_order_given_name_first(reg):
    db = reg["db"]
    expected = ["Nguyễn Văn An", "Đặng Thị Ánh", "Nguyễn Thị Ân", "Nguyễn Văn Bình", "Phạm Văn Dũng",
                "Đỗ Văn Đức", "Trần Thị Hường"]
    assert names_of(db, ids(db)) == expected  # the deceased and the deleted household are left out
    assert names_of(db, ids(db, descending=True)) == expected[::-1]
    assert "Lò Văn Pánh" in names_of(db, ids(db, status=None))
    assert names_of(db, ids(db, status="deceased")) == ["Lò Văn Pánh"]


def test_text_search_matches_name_words_identity_number_and_household_code(reg):
    db = reg["db"]
    assert names_of(db, ids(db, text="nguyen thi")) == ["Nguyễn Thị Ân"]
    assert names_of(db, ids(db, text="ng van")) == ["Nguyễn Văn An", "Nguyễn Văn Bình"]
    assert names_of(db, ids(db, text="DUC")) == ["Đỗ Văn Đức"]  # đ folds to d
    assert names_of(db, ids(db, text="0401780")) == ["Trần Thị Hường"]
    assert names_of(db, ids(db, text=reg["h2"].code)) == ["Đặng Thị Ánh", "Đỗ Văn Đức"]
    assert ids(db, text="…") == []


def test_filters_combine(reg):
    db = reg["db"]
    assert names_of(db, ids(db, hamlet_id=reg["bac"].id)) == ["Nguyễn Văn An", "Nguyễn Văn Bình", "Trần Thị Hường"]
    assert names_of(db, ids(db, hamlet_id=reg["ap"].id, sex="F")) == ["Đặng Thị Ánh", "Nguyễn Thị Ân"]
    assert names_of(db, ids(db, ethnicity="02")) == ["Đặng Thị Ánh"]
    assert names_of(db, ids(db, age_band="0-5")) == ["Phạm Văn Dũng"]  # born 2020: 5 in 2025
    assert names_of(db, ids(db, age_band="18-35")) == ["Nguyễn Văn Bình", "Đỗ Văn Đức"]
    assert names_of(db, ids(db, age_band="61+")) == ["Đặng Thị Ánh", "Nguyễn Thị Ân"]


def test_age_bands_cover_every_age_once():
    covered = []
    for youngest, oldest, label in listing.AGE_BANDS.values():
        covered += range(youngest, (oldest if oldest is not None else 120) + 1)
        assert label
    assert covered == list(range(0, 121))


def test_other_orders(reg):
    db = reg["db"]
    assert names_of(db, ids(db, sort="birth"))[:3] == ["Nguyễn Thị Ân", "Đặng Thị Ánh", "Nguyễn Văn An"]
    by_household = names_of(db, ids(db, sort="household"))
    assert by_household == ["Nguyễn Văn An", "Trần Thị Hường", "Nguyễn Văn Bình",  # head first, then oldest
                            "Đặng Thị Ánh", "Đỗ Văn Đức", "Nguyễn Thị Ân", "Phạm Văn Dũng"]
    # "Ấp" comes before "Bắc" in Vietnamese (not in code points); names in order within a hamlet.
    assert names_of(db, ids(db, sort="hamlet")) == ["Đặng Thị Ánh", "Nguyễn Thị Ân", "Phạm Văn Dũng", "Đỗ Văn Đức",
                                                    "Nguyễn Văn An", "Nguyễn Văn Bình", "Trần Thị Hường"]
    with pytest.raises(ValueError):
        ids(db, sort="colour")


def test_rows_come_in_the_asked_order_with_labels(reg):
    db = reg["db"]
    names = reg["names"]
    wanted = [names["Trần Thị Hường"], names["Đỗ Văn Đức"], "no-such-id", names["Nguyễn Văn An"]]
    with db.session() as s:
        rows = listing.citizen_rows(session=s, ids=wanted, year=YEAR)
    assert [r.id for r in rows] == [wanted[0], wanted[1], wanted[3]]
    wife, son, head = rows
    assert (wife.sex_label, wife.birth_date, wife.birth_display, wife.age) == ("Nữ", "1978-03-12", "12/03/1978", 47)
    assert (wife.relation, wife.status, wife.ethnicity) == ("Vợ", "Thường trú", "Kinh")
    assert (wife.household_code, wife.hamlet_name, wife.household_id) == (reg["h1"].code, "Thôn Bắc", reg["h1"].id)
    assert wife.identity_number == "040178000002"
    assert (son.birth_display, son.age, son.occupation, son.identity_number) == ("1990", 35, "Làm ruộng", "")
    assert head.relation == "Chủ hộ"


def hids(db, **kw):
    sort = kw.pop("sort", "code")
    descending = kw.pop("descending", False)
    with db.session() as s:
        return listing.household_ids(session=s, filter=HouseholdFilter(**kw), sort=sort, descending=descending)


def test_households_filters_and_orders(reg):
    db = reg["db"]
    h1, h2, h3 = reg["h1"].id, reg["h2"].id, reg["h3"].id
    assert hids(db) == [h1, h2, h3]  # the deleted one is gone
    assert hids(db, descending=True) == [h3, h2, h1]
    assert hids(db, poverty="poor") == [h1]
    assert hids(db, hamlet_id=reg["ap"].id) == [h2, h3]
    assert hids(db, text="dang thi") == [h2]  # by the head's name
    assert hids(db, text="nguyen") == [h1, h3]
    assert hids(db, text="duc") == []  # a member, not the head
    assert hids(db, text=reg["h3"].code) == [h3]
    assert hids(db, sort="head") == [h1, h2, h3]  # An, Ánh, Ân
    assert hids(db, sort="hamlet") == [h2, h3, h1]
    assert hids(db, sort="members") == [h2, h3, h1]  # 2 residents, 2 (the deceased not counted), 3


def test_household_rows(reg):
    db = reg["db"]
    with db.session() as s:
        rows = listing.household_rows(session=s, ids=[reg["h3"].id, reg["h4"].id, reg["h1"].id])
    h3, h1 = rows
    assert (h3.code, h3.head_name, h3.hamlet_name, h3.residents, h3.poverty_label) == (
        reg["h3"].code, "Nguyễn Thị Ân", "Thôn Ấp Mới", 2, "Không thuộc diện nghèo")
    assert (h1.head_name, h1.residents, h1.poverty, h1.poverty_label) == ("Nguyễn Văn An", 3, "poor", "Hộ nghèo")


def test_choices_for_the_filter_combos(reg):
    with reg["db"].session() as s:
        hamlet_choices = listing.hamlet_choices(session=s)
        ethnicities = listing.ethnicity_choices(session=s)
    assert [(c.label, c.count) for c in hamlet_choices] == [("Thôn Ấp Mới", 2), ("Thôn Bắc", 1)]
    assert [(c.value, c.label, c.count) for c in ethnicities] == [("01", "Kinh", 6), ("02", "Tày", 1)]


def test_on_a_demo_commune_the_lists_agree_with_the_register(db):
    build_demo(db=db, households=60, seed=5, year=YEAR)
    with db.session() as s:
        everyone = listing.citizen_ids(session=s, filter=CitizenFilter(), year=YEAR)
        stats = register_stats(session=s)
        keys = dict(s.query(Citizen.id, Citizen.sort_key))
        rows = listing.citizen_rows(session=s, ids=everyone[:25], year=YEAR)
        households = listing.household_ids(session=s, filter=HouseholdFilter(), sort="members")
        counts = [r.residents for r in listing.household_rows(session=s, ids=households)]
        by_band = sum(len(listing.citizen_ids(session=s, filter=CitizenFilter(age_band=band), year=YEAR))
                      for band in listing.AGE_BANDS)
        by_hamlet = sum(len(listing.citizen_ids(session=s, filter=CitizenFilter(hamlet_id=c.value)))
                        for c in listing.hamlet_choices(session=s))
    assert len(everyone) == stats.residents == by_band == by_hamlet
    assert [keys[i] for i in everyone] == sorted(keys[i] for i in everyone)
    assert [r.id for r in rows] == everyone[:25]
    assert len(households) == stats.households and counts == sorted(counts)
    assert all(r.birth_display and fold(r.full_name) for r in rows)
