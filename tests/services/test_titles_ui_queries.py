"""What the "Đánh giá – công nhận" page reads: one title-year at once, a subject's detail
(live, then frozen by its recognition), and a unit's reported staff."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.services.session import transaction
from desktop.services.titles import evaluation, recognition, registration
from desktop.services.titles.ui_queries import subject_detail, title_year, unit_staff
from tests.services import titles_commune as tc

YEAR = tc.YEAR


@pytest.fixture(autouse=True)
def data_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))


@pytest.fixture
def year(db):
    with transaction(db) as session:
        commune = tc.setup_year(session)
        evaluation.evaluate_year(session, year=YEAR)
        yield session, commune


def test_a_title_year_in_one_read(year):
    session, _ = year
    data = title_year(session, year=YEAR, title="gia-dinh")
    assert [o["title"] for o in data.overview] == ["cong-dan", "gia-dinh", "dong-ho", "cong-dong", "don-vi"]
    assert data.grid is not None and len(data.grid.rows) == 6 and data.grid_error == ""
    assert [i.id for i in data.items] == list(data.grid.item_ids)
    first = data.items[0]
    assert (first.short, first.max_points, first.manual) == ("1.1", 10, False) and first.criterion
    assert data.decisions == ()


def test_a_year_without_a_criteria_set_says_why(year):
    session, _ = year
    data = title_year(session, year=2010, title="cong-dan")
    assert data.grid is None and "Chưa có bộ tiêu chí Công dân học tập áp dụng cho năm 2010" in data.grid_error
    assert len(data.overview) == 5


def test_a_subjects_detail_live_then_frozen(year):
    session, c = year
    rows = title_year(session, year=YEAR, title="gia-dinh").grid.rows
    chosen = next(r for r in rows if r.passed)
    live = subject_detail(session, year=YEAR, title="gia-dinh", subject_id=chosen.subject_id)
    assert live.lock_note == "" and live.recognition_id is None
    assert live.total == chosen.total and live.passed
    assert {i.item_id for i in live.items} == set(chosen.items)
    computed = next(i for i in live.items if i.source == "computed")
    assert computed.reason and computed.criterion and not computed.manual
    assert [c.item_id for c in live.checks] == [i.item_id for i in live.items if i.manual]

    recognition.recognize(session, year=YEAR, title="gia-dinh", number="7/QĐ-UBND", signed_on=date(YEAR, 11, 20),
                          signer_name="Nguyễn Đình Thắng", subject_ids=[chosen.subject_id])
    frozen = subject_detail(session, year=YEAR, title="gia-dinh", subject_id=chosen.subject_id)
    assert frozen.recognition_id is not None
    assert "Quyết định số 7/QĐ-UBND ngày 20/11/2026" in frozen.lock_note
    assert [(i.item_id, i.points, i.source) for i in frozen.items] == [
        (i.item_id, i.points, i.source) for i in live.items]
    assert [(k.item_id, k.points) for k in frozen.checks] == [(k.item_id, k.points) for k in live.checks]


def test_a_units_reported_staff(year):
    session, c = year
    unit_id = next(iter(c.unit.values()))
    before = unit_staff(session, year=YEAR, unit_id=unit_id)
    registration.report_unit_staff(session, year=YEAR, unit_id=unit_id, staff=30, recognised_cdht=12)
    after = unit_staff(session, year=YEAR, unit_id=unit_id)
    assert (after.staff, after.recognised_cdht) == (30, 12)
    assert after.register_staff == before.register_staff and after.name == before.name
