"""The one rule of who a recognition decision takes (recognition.candidate_rows), on the
hand-worked commune: Gia đình học tập passes H1, H2, H4, H6 (hamlet A: H1, H2; B: H4, H6);
H3 fails; H5 has nothing checked. The page and the command line use the same rule
(tests/ui/test_titles_candidates_agree.py shows the three agree)."""

from __future__ import annotations

import pytest

from desktop.domain.errors import ValidationError
from desktop.services.session import transaction
from desktop.services.titles import evaluation, grid, recognition, registration
from tests.services import titles_commune as tc
from tests.services.titles_commune import SIGNED, YEAR

TITLE = "gia-dinh"


@pytest.fixture(autouse=True)
def data_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))


@pytest.fixture
def year(db):
    with transaction(db) as session:
        commune = tc.setup_year(session)
        evaluation.evaluate_year(session=session, year=YEAR, titles=[TITLE])
        yield session, commune


def rows(session) -> list[grid.GridRow]:
    return grid.grid(session=session, year=YEAR, title=TITLE).rows


def names(c, ids) -> set[str]:
    back = {v: k for k, v in c.household.items()}
    return {back[i] for i in ids}


def fall(session, c, key: str) -> None:
    """One item of the household back to "chưa chấm", evaluated again: incomplete."""
    tc.check(session, TITLE, c.household[key], gdht_3_2=None)
    evaluation.evaluate_year(session=session, year=YEAR, titles=[TITLE])


def test_without_a_list_everyone_passed_and_fully_scored(year):
    s, c = year
    assert names(c, recognition.candidates(session=s, year=YEAR, title=TITLE)) == {"h1", "h2", "h4", "h6"}
    assert {r.stage for r in rows(s) if r.subject_id == c.household["h5"]} == {"incomplete"}


def test_a_list_is_the_list_even_when_a_member_fell(year):
    s, c = year
    h = c.household
    recognition.propose(session=s, year=YEAR, title=TITLE, subject_ids=[h["h1"], h["h2"]])
    fall(s, c, "h1")
    stages = {r.subject_id: r.stage for r in rows(s)}
    assert (stages[h["h1"]], stages[h["h2"]]) == ("proposed", "proposed")  # h1 stays listed, now incomplete
    # h1 is no candidate (it is not đạt), and h4, h6 are not either: there is a list.
    assert names(c, recognition.candidates(session=s, year=YEAR, title=TITLE)) == {"h2"}
    # Taking the whole list off takes the fallen member too; putting on takes only đạt rows.
    assert names(c, [r.subject_id for r in rows(s) if recognition.proposal_applies(r, proposed=False)]) == {
        "h1", "h2"}
    assert names(c, [r.subject_id for r in rows(s) if recognition.proposal_applies(r)]) == {"h4", "h6"}
    decision = recognition.recognize(session=s, year=YEAR, title=TITLE, number="5/QĐ-UBND", signed_on=SIGNED,
                                     signer_name="Nguyễn Đình Thắng")
    assert decision.recognised == 1
    # Recognised subjects are no candidates any more; the list's rest (h1) still holds the list.
    assert recognition.candidates(session=s, year=YEAR, title=TITLE) == []


def test_a_filter_narrows_the_list_and_a_selection_ignores_it(year):
    s, c = year
    h = c.household
    recognition.propose(session=s, year=YEAR, title=TITLE, subject_ids=[h["h1"]])
    all_rows = rows(s)
    hamlet_b = {r.subject_id for r in all_rows if r.hamlet_id == c.hamlet["b"]}
    hamlet_a = {r.subject_id for r in all_rows if r.hamlet_id == c.hamlet["a"]}
    # The list is the year's: filtered to hamlet B (nobody listed there) there is no one.
    assert recognition.candidate_rows(all_rows, among=hamlet_b) == []
    assert names(c, [r.subject_id for r in recognition.candidate_rows(all_rows, among=hamlet_a)]) == {"h1"}
    # Rows picked one by one: the đạt ones among them, on the list or not.
    picked = [r for r in all_rows if r.subject_id in (h["h1"], h["h3"], h["h4"], h["h5"])]
    assert names(c, [r.subject_id for r in recognition.candidate_rows(picked, picked=True)]) == {"h1", "h4"}


def test_a_subject_no_longer_registered_is_no_candidate_before_evaluating_again(year):
    """The stored result outlives the registration until the next evaluation; the decision
    must not take it (the old rule read stored results alone and did)."""
    s, c = year
    registration.unregister(session=s, year=YEAR, title=TITLE, subject_ids=[c.household["h2"]])
    assert names(c, recognition.candidates(session=s, year=YEAR, title=TITLE)) == {"h1", "h4", "h6"}
    decision = recognition.recognize(session=s, year=YEAR, title=TITLE, number="6/QĐ-UBND", signed_on=SIGNED,
                                     signer_name="Nguyễn Đình Thắng")
    assert decision.recognised == 3


def test_nothing_to_recognise_when_the_only_listed_fell(year):
    s, c = year
    recognition.propose(session=s, year=YEAR, title=TITLE, subject_ids=[c.household["h1"]])
    fall(s, c, "h1")
    with pytest.raises(ValidationError) as error:
        recognition.recognize(session=s, year=YEAR, title=TITLE, number="7/QĐ-UBND", signed_on=SIGNED,
                              signer_name="Nguyễn Đình Thắng")
    assert error.value.code == "nothing_to_recognise"
