"""Search as you type: diacritic-, case- and đ-insensitive, by name, identity number, code."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from desktop.services import register
from desktop.services.session import transaction
from desktop.store.search import match_expression, rebuild_indexes, search_citizens, search_households
from tests.factories import family, person


@pytest.fixture
def people(db):
    with transaction(db) as s:
        register.add_household(session=s, data=family(
            person("Nguyễn Thị Hường", "Nữ", "1980", "040180000123", "head"),
            person("Đỗ Văn Đào", "Nam", "1978", None, "husband"),
            code="H00042", address="Xóm Chùa, thôn Yên Phúc"))
        register.add_household(session=s, data=family(
            person("Trần Văn Hùng", "Nam", "1960", None, "head"),
            person("Lê Thị Hương", "Nữ", "1962", None, "wife"),
            code="H00043"))
    return db


def names(db, query):
    with db.session() as s:
        return [c.full_name for c in search_citizens(s, query)]


@pytest.mark.parametrize("query", ["nguyen thi huong", "NGUYEN THI HUONG", "huong", "Nguyễn Thị Hường",
                                   "ng th huo", "hường", "nguyen  huong"])
def test_finds_nguyen_thi_huong(people, query):
    assert "Nguyễn Thị Hường" in names(people, query)


def test_unaccented_query_matches_every_tone(people):
    # Sorted by given name first: Hương (no tone) before Hường (huyền).
    assert names(people, "huong") == ["Lê Thị Hương", "Nguyễn Thị Hường"]


def test_d_with_stroke_folds_to_d(people):
    assert names(people, "do van dao") == ["Đỗ Văn Đào"]
    assert names(people, "ĐÀO") == ["Đỗ Văn Đào"]


def test_identity_number_and_its_prefix(people):
    assert names(people, "040180000123") == ["Nguyễn Thị Hường"]
    assert names(people, "04018") == ["Nguyễn Thị Hường"]


def test_all_words_must_match(people):
    assert names(people, "huong tran") == []


def test_nothing_searchable_gives_nothing(people):
    assert match_expression("  ,.;  ") is None
    assert names(people, '"*') == []


def test_quotes_and_operators_in_the_query_are_plain_text(people):
    assert names(people, 'huong OR "hung') == []  # no FTS syntax error, no injection


def test_households_by_code_address_or_head(people):
    with people.session() as s:
        assert [h.code for h, _, _ in search_households(s, "h00042")] == ["H00042"]
        assert [h.code for h, _, _ in search_households(s, "yen phuc")] == ["H00042"]
        assert [(h.code, head, n) for h, head, n in search_households(s, "tran van hung")] == [("H00043", "Trần Văn Hùng", 2)]
        assert search_households(s, "le thi huong") == []  # a member who is not the head


def test_renamed_and_deleted_people_follow(people):
    with transaction(people) as s:
        hung = search_citizens(s, "tran van hung")[0]
        register.update_citizen(session=s, citizen_id=hung.id, data=person("Trần Văn Hưng", "Nam", "1960", relation="head"))
        huong = search_citizens(s, "le thi huong")[0]
        register.delete_citizen(session=s, citizen_id=huong.id)
    assert names(people, "hung") == ["Trần Văn Hưng"]
    assert names(people, "le thi") == []


def test_rebuild_gives_the_same_answers(people):
    with transaction(people) as s:
        rebuild_indexes(s)
    assert names(people, "huong") and "Nguyễn Thị Hường" in names(people, "huong")
    with people.engine.connect() as conn:
        conn.execute(text("INSERT INTO citizen_search(citizen_search, rank) VALUES ('integrity-check', 1)"))


def test_deleted_households_are_not_found_by_code_or_head(people):
    with transaction(people) as s:
        household, _, _ = search_households(s, "h00042")[0]
        register.delete_household(session=s, household_id=household.id)
    with people.session() as s:
        assert search_households(s, "h00042") == []
        assert search_households(s, "nguyen thi huong") == []
