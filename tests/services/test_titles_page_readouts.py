"""What the "Đánh giá – công nhận" page reads: one title-year at once, a subject's detail
(live, then frozen by its recognition), and a unit's reported staff."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from desktop.domain.criteria_reader import criteria_set_from_dict
from desktop.domain.errors import ConflictError
from desktop.services.criteria import bundled_sets
from desktop.services.session import transaction
from desktop.services.titles import evaluation, recognition, registration
from desktop.services.titles.common import set_for_year
from desktop.services.titles.page_readouts import subject_detail, title_year, unit_staff
from desktop.store.models import EvaluationRound
from tests.services import titles_commune as tc

YEAR = tc.YEAR


@pytest.fixture(autouse=True)
def data_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))


@pytest.fixture
def year(db):
    with transaction(db) as session:
        commune = tc.setup_year(session)
        evaluation.evaluate_year(session=session, year=YEAR)
        yield session, commune


def test_a_title_year_in_one_read(year):
    session, _ = year
    data = title_year(session=session, year=YEAR, title="gia-dinh")
    assert [o.title for o in data.overview] == ["cong-dan", "gia-dinh", "dong-ho", "cong-dong", "don-vi"]
    assert data.grid is not None and len(data.grid.rows) == 6 and data.grid_error == ""
    assert [i.id for i in data.items] == list(data.grid.item_ids)
    first = data.items[0]
    assert (first.number, first.short, first.max_points, first.manual) == ("1.1", "Trẻ đi học", 10, False)
    assert first.label == "1.1 Trẻ đi học" and first.criterion == "Học tập của trẻ em trong gia đình"
    assert first.name.startswith("Trẻ em ở độ tuổi phổ cập đều được đến trường")
    assert data.decisions == ()
    # The set is named by the document it follows, and says it is not wholly checked against it.
    info = data.criteria
    assert (info.id, info.citation) == ("gia-dinh/448-2016.2", "QĐ 448/QĐ-KHVN")
    assert info.document == "Quyết định số 448/QĐ-KHVN ngày 01/12/2015 của Hội Khuyến học Việt Nam"
    assert not info.confirmed and any(p.startswith("Chỉ số 3.2: ") for p in info.unconfirmed)
    assert title_year(session=session, year=YEAR, title="cong-dan").criteria.citation == "QĐ 324/QĐ-KHVN"


def test_a_year_without_a_criteria_set_says_why(year):
    session, _ = year
    data = title_year(session=session, year=2010, title="cong-dan")
    assert data.grid is None and "Chưa có bộ tiêu chí Công dân học tập áp dụng cho năm 2010" in data.grid_error
    assert len(data.overview) == 5


def test_a_subjects_detail_live_then_frozen(year):
    session, c = year
    rows = title_year(session=session, year=YEAR, title="gia-dinh").grid.rows
    chosen = next(r for r in rows if r.passed)
    live = subject_detail(session=session, year=YEAR, title="gia-dinh", subject_id=chosen.subject_id)
    assert live.lock_note == "" and live.recognition_id is None
    assert [i.label for i in live.items][:2] == ["1.1 Trẻ đi học", "1.2 Học lực, hạnh kiểm"]
    assert live.checks[0].label == "1.2 Học lực, hạnh kiểm"
    assert live.total == chosen.total and live.passed
    assert {i.item_id for i in live.items} == set(chosen.items)
    computed = next(i for i in live.items if i.source == "computed")
    assert computed.reason and computed.criterion and not computed.manual
    assert [c.item_id for c in live.checks] == [i.item_id for i in live.items if i.manual]

    recognition.recognize(session=session, year=YEAR, title="gia-dinh", number="7/QĐ-UBND", signed_on=date(YEAR, 11,
                                                                                                           20),
                          signer_name="Nguyễn Đình Thắng", subject_ids=[chosen.subject_id])
    frozen = subject_detail(session=session, year=YEAR, title="gia-dinh", subject_id=chosen.subject_id)
    assert frozen.recognition_id is not None
    assert "Quyết định số 7/QĐ-UBND ngày 20/11/2026" in frozen.lock_note
    assert [(i.item_id, i.points, i.source) for i in frozen.items] == [
        (i.item_id, i.points, i.source) for i in live.items]
    assert [(k.item_id, k.points) for k in frozen.checks] == [(k.item_id, k.points) for k in live.checks]
    assert [i.label for i in frozen.items] == [i.label for i in live.items]


def test_a_units_reported_staff(year):
    session, c = year
    unit_id = next(iter(c.unit.values()))
    before = unit_staff(session=session, year=YEAR, unit_id=unit_id)
    registration.report_unit_staff(session=session, year=YEAR, unit_id=unit_id, staff=30, recognised_cdht=12)
    after = unit_staff(session=session, year=YEAR, unit_id=unit_id)
    assert (after.staff, after.recognised_cdht) == (30, 12)
    assert after.register_staff == before.register_staff and after.name == before.name


# The fingerprints the bundled sets had before their items got short names: years evaluated
# with them stored these, and must still find their set.
FINGERPRINTS = {
    "cong-dan/324-2023": "f37b4df8728490cef93b26b3172d3c584c091f37efbdf07431b795b88d4b237d",
    # Its second version names evidence (items' `evidence`); the key is written only where used,
    # so the fingerprints above (computed before the key existed) do not move.
    "cong-dan/324-2023.2": "41080d8da262be6f519f5784b6cddf7a0e5a1b59218fe0a4e906f179f9d3c4a6",
    "gia-dinh/448-2016": "c02b79f901bcd49701a77c72bfe508ca4ed4d2de6403ba74670ebee2915af5bc",
    "dong-ho/448-2016": "49fb058c0f16475a65a0c663564b517f07864a3d9a680bf387d1cf1e4801db71",
    "cong-dong/448-2016": "4fb021aedecfaeb2c5e968a234c5ea304ebeb360368521efa10ac5c1a00ba713",
    "don-vi/448-2016": "f1d2fe6dd84b4634b9b2f3da6301f9e4eb59c0e100d293e579ccb32695afd66f",
    # The second issues (NĐ 20/2014 school ages), as first bundled.
    "gia-dinh/448-2016.2": "9387b26e5c2f989718963c660b908ee6874beee395b9db135f8041d1af541ecf",
    "dong-ho/448-2016.2": "ec1b97a1a6486fcfc88cb39d0917a47ffec6be120c7cec3212ae8b697108b3fa",
    "cong-dong/448-2016.2": "747631f8d572710036dd1806f77705542f87f612fe1c25b8e1c4d46d31a995d2",
}


def test_every_bundled_item_has_a_short_name_and_the_sets_keep_their_fingerprints():
    sets = {s.id: s for s in bundled_sets()}
    assert {k: s.fingerprint for k, s in sets.items()} == FINGERPRINTS
    for criteria in sets.values():
        shorts = [item.short for item in criteria.items]
        assert all(shorts) and len(set(shorts)) == len(shorts), criteria.id  # each column told apart


def test_a_year_evaluated_before_the_short_names_still_opens(year):
    session, _ = year
    bundled = next(s for s in bundled_sets() if s.id == "gia-dinh/448-2016.2")
    older = bundled.to_dict()  # the file as it was: no short names
    for criterion in older["criteria"]:
        for item in criterion["items"]:
            del item["short"]
    older = criteria_set_from_dict(older, source="448-2016.yaml")
    round_ = session.scalar(select(EvaluationRound).where(EvaluationRound.year == YEAR,
                                                          EvaluationRound.title == "gia-dinh"))
    assert round_.set_fingerprint == older.fingerprint == bundled.fingerprint
    assert set_for_year(session=session, year=YEAR, title="gia-dinh", sets=[older]) is older
    assert set_for_year(session=session, year=YEAR, title="gia-dinh", sets=[bundled]) is bundled
    changed = bundled.to_dict()
    changed["criteria"][0]["items"][1]["name"] = "Học lực từ khá"  # what an item says is content
    with pytest.raises(ConflictError) as refused:
        set_for_year(session=session, year=YEAR, title="gia-dinh", sets=[criteria_set_from_dict(changed,
                                                                                                source="sua.yaml")])
    assert refused.value.code == "set_changed"
