"""The official list for the first-run wizard, read from the package without any database."""

from __future__ import annotations

import pytest

from desktop.domain.errors import NotFoundError
from desktop.domain.text import fold
from desktop.services.commune import CommuneInfo, communes_of, find_communes, list_provinces


def test_the_34_provinces_in_dictionary_order():
    provinces = list_provinces()
    assert len(provinces) == 34
    assert len({p.code for p in provinces}) == 34 and all(len(p.code) == 2 for p in provinces)
    names = [p.name for p in provinces]
    assert "Nghệ An" in names and "Thành phố Hà Nội" in names
    # Sorted by the proper name: "Thành phố Hà Nội" sits among the H, not among the T.
    assert names.index("Thành phố Hà Nội") < names.index("Hà Tĩnh") < names.index("Nghệ An")


def test_every_commune_of_the_reform_is_listed_once():
    communes = [c for p in list_provinces() for c in communes_of(p.code)]
    assert len(communes) == 3321
    assert len({c.code for c in communes}) == 3321
    assert all(isinstance(c, CommuneInfo) and len(c.code) == 5 for c in communes)
    assert all("  " not in c.name for c in communes)  # the package's double spaces are gone


def test_communes_of_a_province_carry_the_province_name():
    nghe_an = next(p for p in list_provinces() if p.name == "Nghệ An")
    communes = communes_of(nghe_an.code)
    yen_xuan = [c for c in communes if "yen xuan" in fold(c.name)]
    assert [(c.code, c.name, c.province_name) for c in yen_xuan] == [("17380", "Xã Yên Xuân", "Nghệ An")]
    assert yen_xuan[0].full_name == "Xã Yên Xuân, Nghệ An"
    assert communes_of(40) == communes  # a code typed as a number still works


def test_an_unknown_province_is_a_typed_error():
    with pytest.raises(NotFoundError) as error:
        communes_of("99")
    assert error.value.field == "province"


def test_the_offline_list_agrees_with_the_database(db):
    with db.session() as session:
        found = find_communes(session=session, text="yen xuan")
    offline = [c for p in list_provinces() for c in communes_of(p.code) if "yen xuan" in fold(c.name)]
    assert sorted(found, key=lambda c: c.code) == sorted(offline, key=lambda c: c.code)
