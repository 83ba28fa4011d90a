"""The title workflow through the services: register, check, evaluate, propose, recognise,
lock, revoke, recognise again, reissue, verify — on the commune of titles_commune.py.

Scores used here are the hand-worked ones (test_titles_handworked.py): Gia đình học tập
passes H1, H2, H4, H6; H3 fails at 60; H5 has nothing checked (20).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from desktop.domain import verification
from desktop.domain.errors import ConflictError, NotFoundError, ValidationError, ValidationErrors
from desktop.services import hamlets, register
from desktop.services.criteria import criteria_dir, import_set_file
from desktop.services.session import changes_since, last_position, transaction
from desktop.services.titles import certificates, evaluation, grid, recognition, registration
from desktop.services.titles.common import set_for_year
from desktop.store.db import write_setting
from desktop.store.models import (
    Certificate,
    ChangeLog,
    Citizen,
    Evaluation,
    Recognition,
    RecognitionDecision,
    SubjectChecks,
    TitleRegistration,
)
from tests.services import titles_commune as tc
from tests.services.titles_commune import SIGNED, YEAR

SIGNER = "Nguyễn Đình Thắng"
LOCKED = "Muốn sửa, hãy thu hồi công nhận (ghi rõ lý do) trước."


@pytest.fixture(autouse=True)
def data_home(tmp_path, monkeypatch):
    """Criteria sets "added on this PC" go to a folder of this test's own."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    return tmp_path / "data-home" / "XHHT"


@pytest.fixture
def year(db):
    """The commune set up and evaluated; yields (session, ids) inside one open transaction."""
    with transaction(db) as session:
        commune = tc.setup_year(session)
        evaluation.evaluate_year(session=session, year=YEAR)
        yield session, commune


def written(session, **kw) -> list[int]:
    return [s.written for s in evaluation.evaluate_year(session=session, year=YEAR, **kw)]


def recognise(session, title="gia-dinh", number="235/QĐ-UBND", **kw):
    kw.setdefault("signed_on", SIGNED)
    return recognition.recognize(session=session, year=YEAR, title=title, number=number, signer_name=SIGNER, **kw)


def stage(session, title, subject_id) -> str:
    return next(r.stage for r in grid.grid(session=session, year=YEAR, title=title).rows if r.subject_id == subject_id)


# --- registration ----------------------------------------------------------------------


def test_registration_and_unregistration(db):
    with transaction(db) as s:
        c = tc.build(s)
        first = registration.register_all(session=s, year=YEAR, title="gia-dinh")
        again = registration.register_all(session=s, year=YEAR, title="gia-dinh")
        assert (first.added, first.already, again.added, again.already) == (6, 0, 0, 6)
        hamlet_a = registration.register_all(session=s, year=YEAR, title="cong-dan", hamlet_id=c.hamlet["a"])
        assert hamlet_a.added == 5, "Hùng, Lệ, Lan (15 by 31/12), Quý, Ánh; not Minh (14)"

        assert registration.unregister(session=s, year=YEAR, title="gia-dinh", subject_ids=[c.household["h5"]]) == 1
        assert registration.unregister(session=s, year=YEAR, title="gia-dinh", subject_ids=[c.household["h5"]]) == 0
        assert sorted(registration.registered_ids(session=s, year=YEAR, title="gia-dinh")) == sorted(
            c.household[k] for k in ("h1", "h2", "h3", "h4", "h6"))
        # A registration is a tombstone away: registering again makes a new live row.
        assert registration.register(session=s, year=YEAR, title="gia-dinh", subject_ids=[c.household["h5"]]).added == 1
        rows = s.scalars(select(TitleRegistration).where(TitleRegistration.subject_id == c.household["h5"])).all()
        assert sorted(r.deleted for r in rows) == [False, True]

        with pytest.raises(NotFoundError):
            registration.register(session=s, year=YEAR, title="gia-dinh", subject_ids=["no-such-household"])
        with pytest.raises(ValidationError) as error:
            registration.register(session=s, year=YEAR, title="cong-dan", subject_ids=[c.people["Minh"],
                                                                                       c.people["Chiến"]])
        assert error.value.code == "not_eligible"
        assert "2 người" in error.value.message and "Nguyễn Văn Minh" in error.value.message
        assert "từ 15 tuổi" in error.value.message


def test_unregistered_subjects_leave_the_evaluation(year):
    s, c = year
    registration.unregister(session=s, year=YEAR, title="gia-dinh", subject_ids=[c.household["h5"]])
    # Gia đình, then the clans and hamlets that count households (evaluated before): only h5 goes.
    assert written(s, titles=["gia-dinh"]) == [1, 0, 0]
    live = s.scalars(select(Evaluation.subject_id).where(Evaluation.title == "gia-dinh",
                                                         Evaluation.deleted.is_(False))).all()
    assert c.household["h5"] not in live and len(live) == 5


# --- evaluation ------------------------------------------------------------------------


def test_evaluating_again_writes_only_what_changed(db):
    with transaction(db) as s:
        c = tc.setup_year(s)
        assert written(s) == [4, 6, 2, 2, 2]
        assert written(s) == [0, 0, 0, 0, 0]
        tc.check(s, "gia-dinh", c.household["h3"], gdht_3_3=5)  # 60 -> 65, still failing
        assert written(s) == [0, 1, 0, 0, 0]
        # H5 checked in full: 20 + 70 = 90, it passes; so clan Nguyễn has 2/2 GĐHT households
        # (21 -> 30) and Thôn Yên Thịnh 3/4 ≥ 70 % (14 -> 20: 77 -> 83, it passes too).
        registration.check_full_marks(session=s, year=YEAR, title="gia-dinh", subject_ids=[c.household["h5"]])
        assert written(s) == [0, 1, 1, 1, 0]
        hamlet = evaluation.subject_result(session=s, year=YEAR, title="cong-dong", subject_id=c.hamlet["b"])
        assert (hamlet.total, hamlet.passed) == (83, True)
        clan = evaluation.subject_result(session=s, year=YEAR, title="dong-ho", subject_id=c.clan["nguyen"])
        assert (clan.score("dhht.2.1").points, clan.total) == (30, 95.5)


def test_a_title_evaluates_the_lower_ones_it_reads_first(db):
    with transaction(db) as s:
        c = tc.setup_year(s)
        summaries = evaluation.evaluate_year(session=s, year=YEAR, titles=["dong-ho"])
        assert [x.title for x in summaries] == ["gia-dinh", "dong-ho"]
        score = evaluation.subject_result(session=s, year=YEAR, title="dong-ho",
                                          subject_id=c.clan["nguyen"]).score("dhht.2.1")
        assert score.source == "computed" and "hộ đạt Gia đình học tập" in score.reason


def test_without_anyone_registered_below_a_share_has_no_result(db):
    with transaction(db) as s:
        c = tc.setup_year(s)
        registration.unregister(session=s, year=YEAR, title="gia-dinh", subject_ids=list(c.household.values()))
        evaluation.evaluate_year(session=s, year=YEAR, titles=["dong-ho"])
        score = evaluation.subject_result(session=s, year=YEAR, title="dong-ho",
                                          subject_id=c.clan["nguyen"]).score("dhht.2.1")
        assert (score.source, score.reason) == ("missing", f"Chưa có kết quả Gia đình học tập năm {YEAR}.")


def _new_set_file(folder: Path, version: str, valid_from: int, **changes) -> Path:
    data = yaml.safe_load((criteria_dir() / "gia-dinh" / "448-2016.yaml").read_text(encoding="utf-8"))
    data.update(version=version, valid_from=valid_from, **changes)
    path = folder / f"{version}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_a_year_keeps_its_set_and_a_new_year_takes_the_newest(db, tmp_path, data_home):
    with transaction(db) as s:
        c = tc.setup_year(s)
        assert evaluation.evaluate_year(session=s, year=YEAR, titles=["gia-dinh"])[0].set_id == "gia-dinh/448-2016.2"
        # The province sends a newer set in force from 2026: it lands in this PC's folder.
        new = import_set_file(_new_set_file(tmp_path, "2026-tinh", 2026, name="Gia đình học tập (bộ của tỉnh)"))
        assert (data_home / "criteria" / "gia-dinh" / "2026-tinh.yaml").is_file()
        assert new.id == "gia-dinh/2026-tinh"
        # 2026 was evaluated with 448-2016.2 and keeps it; 2027 is new and takes the newest.
        assert set_for_year(session=s, year=YEAR, title="gia-dinh").id == "gia-dinh/448-2016.2"
        assert evaluation.evaluate_year(session=s, year=YEAR, titles=["gia-dinh"])[0].set_id == "gia-dinh/448-2016.2"
        assert grid.grid(session=s, year=YEAR, title="gia-dinh").set_id == "gia-dinh/448-2016.2"
        registration.register_all(session=s, year=YEAR + 1, title="gia-dinh")
        summary = evaluation.evaluate_year(session=s, year=YEAR + 1, titles=["gia-dinh"])[0]
        assert (summary.set_id, summary.evaluated) == ("gia-dinh/2026-tinh", 6)

        # Someone edits the file in place (same version, other content): 2027 is refused,
        # 2026 (another set) is not.
        edited = data_home / "criteria" / "gia-dinh" / "2026-tinh.yaml"
        edited.write_text(edited.read_text(encoding="utf-8").replace("bộ của tỉnh", "bộ đã sửa"), encoding="utf-8")
        for action in (lambda: set_for_year(session=s, year=YEAR + 1, title="gia-dinh"),
                       lambda: evaluation.evaluate_year(session=s, year=YEAR + 1, titles=["gia-dinh"]),
                       lambda: registration.check_full_marks(session=s, year=YEAR + 1, title="gia-dinh",
                                                             subject_ids=[c.household["h1"]])):
            with pytest.raises(ConflictError) as error:
                action()
            assert error.value.code == "set_changed"
            assert error.value.message == ("Bộ tiêu chí gia-dinh/2026-tinh trên máy này khác với bộ đã dùng để "
                                           "chấm năm 2027; hãy nạp lại đúng tệp đã dùng.")
        assert written(s, titles=["gia-dinh"]) == [0]
        # And importing the edited content under the same id is refused as well.
        with pytest.raises(ConflictError):
            import_set_file(_new_set_file(tmp_path, "2026-tinh", 2026, name="Gia đình học tập (khác)"))
        # The file removed: the year says which set to load back.
        edited.unlink()
        with pytest.raises(NotFoundError) as error:
            set_for_year(session=s, year=YEAR + 1, title="gia-dinh")
        assert "gia-dinh/2026-tinh" in error.value.message


# --- proposal and recognition ------------------------------------------------------------


def test_proposal_list(year):
    s, c = year
    h = c.household
    assert sorted(recognition.candidates(session=s, year=YEAR, title="gia-dinh")) == sorted(h[k] for k in ("h1", "h2",
                                                                                                           "h4", "h6"))
    assert recognition.propose(session=s, year=YEAR, title="gia-dinh", subject_ids=[h["h1"]],
                               on=date(2026, 11, 10), note="Tờ trình của thôn") == 1
    assert stage(s, "gia-dinh", h["h1"]) == "proposed"
    # Once there is a list, it is the list.
    assert recognition.candidates(session=s, year=YEAR, title="gia-dinh") == [h["h1"]]
    recognition.propose(session=s, year=YEAR, title="gia-dinh", subject_ids=[h["h1"], h["h3"]], proposed=False)
    assert stage(s, "gia-dinh", h["h1"]) == "passed" and len(recognition.candidates(session=s, year=YEAR,
                                                                                    title="gia-dinh")) == 4
    registration.unregister(session=s, year=YEAR, title="gia-dinh", subject_ids=[h["h5"]])
    evaluation.evaluate_year(session=s, year=YEAR, titles=["gia-dinh"])  # H5 leaves the results
    with pytest.raises(ValidationError) as error:
        recognition.propose(session=s, year=YEAR, title="gia-dinh", subject_ids=[h["h5"]])
    assert error.value.code == "not_evaluated"


def test_recognise_checks_number_signer_and_date(year):
    s, c = year
    with pytest.raises(ValidationErrors) as error:
        recognition.recognize(session=s, year=YEAR, title="gia-dinh", number="  ", signer_name="",
                              signed_on=date(2025, 12, 31))
    assert [(e.field, e.message) for e in error.value.errors] == [
        ("number", "hãy nhập số quyết định."), ("signer_name", "hãy nhập người ký."),
        ("signed_on", "ngày ký phải trong năm 2026 hoặc sau đó.")]
    with pytest.raises(ValidationErrors) as error:
        recognise(s, signed_on=date.today() + timedelta(days=1))
    assert [(e.field, e.code) for e in error.value.errors] == [("signed_on", "future_date")]
    with pytest.raises(ValidationErrors):
        recognise(s, signed_on=None)
    assert s.scalar(select(func.count()).select_from(RecognitionDecision)) == 0


def test_recognise_only_passed_subjects_with_unique_numbers(year):
    s, c = year
    h = c.household
    with pytest.raises(ValidationError) as error:
        recognise(s, subject_ids=[h["h1"], h["h3"], h["h5"]])
    assert error.value.code == "incomplete"  # h5 has unscored items: that is said first
    assert error.value.message == (
        "Không công nhận được: 1 chưa đủ căn cứ — còn chỉ số chưa chấm hoặc thiếu số liệu (Nguyễn Văn Tùng); "
        f"1 chưa đạt (Hoàng Văn Thắng). Chỉ công nhận đối tượng đã đạt Gia đình học tập năm {YEAR}.")
    with pytest.raises(ValidationError) as error:
        recognise(s, title="cong-dan", subject_ids=[])
    assert error.value.code == "nothing_to_recognise"

    decision = recognise(s)  # the candidates: every passed, fully checked household
    assert (decision.recognised, decision.revoked, decision.number, decision.title_name) == (
        4, 0, "235/QĐ-UBND", "Gia đình học tập")
    # Decision numbers are unique in the year, across titles.
    with pytest.raises(ConflictError) as error:
        recognise(s, title="dong-ho", number=" 235/QĐ-UBND ")
    assert error.value.code == "duplicate_number"
    assert error.value.message == "Số quyết định 235/QĐ-UBND đã được dùng năm 2026 (Gia đình học tập)."
    clans = recognise(s, title="dong-ho", number="236/QĐ-UBND")
    assert clans.recognised == 1
    assert [d.number for d in recognition.decisions(session=s, year=YEAR)] == ["235/QĐ-UBND", "236/QĐ-UBND"]
    # Nothing left to recognise: every passed household is recognised.
    with pytest.raises(ValidationError) as error:
        recognise(s, number="237/QĐ-UBND")
    assert error.value.code == "nothing_to_recognise"


def test_a_recognition_freezes_the_result_and_the_names(year):
    s, c = year
    recognise(s, subject_ids=[c.household["h4"]])
    row = s.scalar(select(Recognition).where(Recognition.subject_id == c.household["h4"]))
    assert (row.name, row.head, row.detail, row.sex, row.total) == (
        "Đặng Quốc Việt", "Đặng Quốc Việt", "Thôn Yên Thịnh", "M", 100)
    frozen = json.loads(row.result_json)
    assert frozen["set_id"] == "gia-dinh/448-2016.2" and frozen["passed"] is True
    first = frozen["items"][0]
    assert (first["id"], first["points"], first["source"], first["evidence"]) == (
        "gdht.1.1", 10, "manual", tc.SICK_CHILD)
    assert first["data_used"] == [["Người 6–18 tuổi chưa tốt nghiệp THCS", 1], ["đang đi học", 0]]
    assert first["name"].startswith("Trẻ em ở độ tuổi phổ cập đều được đến trường")


def test_a_stale_result_is_refused(year):
    s, c = year
    h1 = c.household["h1"]
    tc.check(s, "gia-dinh", h1, gdht_3_2=5)  # still passes (95), but not what was evaluated (100)
    with pytest.raises(ConflictError) as error:
        recognise(s, subject_ids=[h1])
    assert error.value.code == "stale_result"
    assert "hãy đánh giá lại" in error.value.message
    evaluation.evaluate_year(session=s, year=YEAR)
    assert recognise(s, subject_ids=[h1]).recognised == 1
    assert s.scalar(select(Recognition.total).where(Recognition.subject_id == h1)) == 95
    # A household's checks changed and nothing was evaluated again: the clans counting it
    # are refused too — the check scores the households afresh, not from their stored rows.
    before = evaluation.subject_result(session=s, year=YEAR, title="dong-ho", subject_id=c.clan["nguyen"])
    registration.check_full_marks(session=s, year=YEAR, title="gia-dinh", subject_ids=[c.household["h5"]])
    after = evaluation.subject_result(session=s, year=YEAR, title="dong-ho", subject_id=c.clan["nguyen"])
    assert after.score("dhht.2.1").points > before.score("dhht.2.1").points, "h5 is in the Nguyễn clan"
    clans = [c.clan["nguyen"]]
    with pytest.raises(ConflictError) as error:
        recognise(s, title="dong-ho", number="236/QĐ-UBND", subject_ids=clans)
    assert error.value.code == "stale_result"
    # Evaluating the households evaluates the clans (and hamlets) that count them.
    assert [x.title for x in evaluation.evaluate_year(session=s, year=YEAR, titles=["gia-dinh"])] == [
        "gia-dinh", "dong-ho", "cong-dong"]
    stored = s.scalar(select(Evaluation.points_json).where(
        Evaluation.title == "dong-ho", Evaluation.subject_id == c.clan["nguyen"], Evaluation.deleted.is_(False)))
    assert f'"dhht.2.1":[{after.score("dhht.2.1").points}' in stored


def test_an_incomplete_subject_is_neither_proposed_nor_a_candidate(year):
    """Issue 9: "chưa đủ căn cứ" stops at the services, whatever the total; older programs
    stored such rows as passed, and those are held back too."""
    s, c = year
    h1 = c.household["h1"]
    tc.check(s, "gia-dinh", h1, gdht_3_2=None)  # one item back to "chưa chấm": 90 points, incomplete
    evaluation.evaluate_year(session=s, year=YEAR, titles=["gia-dinh"])
    row = s.scalar(select(Evaluation).where(Evaluation.subject_id == h1, Evaluation.deleted.is_(False)))
    assert (row.passed, row.complete) == (False, False) and row.total >= 80
    assert h1 not in recognition.candidates(session=s, year=YEAR, title="gia-dinh")
    with pytest.raises(ValidationError) as error:
        recognition.propose(session=s, year=YEAR, title="gia-dinh", subject_ids=[h1])
    assert error.value.code == "incomplete" and "chưa đủ căn cứ" in error.value.message
    stage = {r.subject_id: r.stage for r in grid.grid(session=s, year=YEAR, title="gia-dinh").rows}
    assert stage[h1] == "incomplete"
    row.passed = True  # as a program before this rule stored it
    s.flush()
    assert stage_of(s, h1) == "incomplete" and h1 not in recognition.candidates(session=s, year=YEAR, title="gia-dinh")
    with pytest.raises(ValidationError) as error:
        recognise(s, subject_ids=[h1])
    assert error.value.code == "incomplete"
    counts = {t.title: t for t in grid.year_counts(session=s, year=YEAR)}
    assert counts["gia-dinh"].passed == sum(r.stage == "passed" for r in grid.grid(session=s, year=YEAR,
                                                                                   title="gia-dinh").rows)


def stage_of(session, subject_id: str, title: str = "gia-dinh") -> str:
    return next(r.stage for r in grid.grid(session=session, year=YEAR, title=title).rows if r.subject_id == subject_id)


def test_a_registered_citizen_who_moved_away_is_shown_with_the_reason(year):
    s, c = year
    hung = c.people["Hùng"]
    register.set_citizen_status(session=s, citizen_id=hung, status="moved_away", since=f"{YEAR}-03-01",
                                note="Vào Bình Dương làm ăn")
    evaluation.evaluate_year(session=s, year=YEAR, titles=["cong-dan"])
    row = next(r for r in grid.grid(session=s, year=YEAR, title="cong-dan").rows if r.subject_id == hung)
    assert row.stage == "left" and row.total is None
    assert row.note == (f"Đã chuyển đi từ 01/03/{YEAR} (Vào Bình Dương làm ăn): không còn là người đang cư trú để "
                        "đánh giá.")
    assert not s.scalar(select(func.count()).select_from(Evaluation).where(
        Evaluation.subject_id == hung, Evaluation.deleted.is_(False))), "the old result is withdrawn"


def test_a_hamlet_retired_before_the_year_is_neither_registered_nor_evaluated(year):
    s, c = year
    b = c.hamlet["b"]
    hamlets.retire_hamlet(session=s, hamlet_id=b, valid_to=f"{YEAR - 1}-12-31")
    assert b not in registration.eligible_ids(session=s, year=YEAR, title="cong-dong")
    assert b in registration.eligible_ids(session=s, year=YEAR - 1, title="cong-dong"), "it was there the year before"
    registration.unregister(session=s, year=YEAR, title="cong-dong", subject_ids=[b])
    with pytest.raises(ValidationError) as error:
        registration.register(session=s, year=YEAR, title="cong-dong", subject_ids=[b])
    assert error.value.code == "not_eligible" and "Thôn Yên Thịnh không còn hiệu lực" in error.value.message
    assert registration.register_all(session=s, year=YEAR, title="cong-dong").added == 0
    # Registered before it was retired: the evaluation leaves it out and the grid says why.
    s.add(TitleRegistration(year=YEAR, title="cong-dong", subject_kind="hamlet", subject_id=b,
                            registered_on=date(YEAR, 1, 5)))
    s.flush()
    evaluation.evaluate_year(session=s, year=YEAR, titles=["cong-dong"])
    row = next(r for r in grid.grid(session=s, year=YEAR, title="cong-dong").rows if r.subject_id == b)
    assert row.stage == "left"
    assert row.note == f"Thôn, tổ dân phố hết hiệu lực từ 31/12/{YEAR - 1}: không đánh giá năm {YEAR}."


def test_the_grid_says_when_the_register_changed_since_the_evaluation(year):
    s, c = year
    assert grid.grid(session=s, year=YEAR, title="cong-dong").stale == ""
    tc.check(s, "gia-dinh", c.household["h2"], gdht_3_2=5)  # a household's check, read by the hamlets
    note = grid.grid(session=s, year=YEAR, title="cong-dong").stale
    assert note.startswith("Sổ hoặc điểm chấm đã thay đổi sau lần đánh giá ngày") and "«Đánh giá»" in note
    assert grid.grid(session=s, year=YEAR, title="don-vi").stale == "", "units do not read households"
    evaluation.evaluate_year(session=s, year=YEAR, titles=["gia-dinh"])  # and the titles that read it
    assert grid.grid(session=s, year=YEAR, title="cong-dong").stale == ""


def test_a_recognised_result_cannot_change_silently(year):
    s, c = year
    h1 = c.household["h1"]
    recognise(s)
    refused = {
        "set_checks": lambda: tc.check(s, "gia-dinh", h1, gdht_3_2=5),
        "clear a check": lambda: tc.check(s, "gia-dinh", h1, gdht_3_2=None),
        "full marks": lambda: registration.check_full_marks(session=s, year=YEAR, title="gia-dinh", subject_ids=[h1]),
        "unregister": lambda: registration.unregister(session=s, year=YEAR, title="gia-dinh", subject_ids=[h1]),
        "propose": lambda: recognition.propose(session=s, year=YEAR, title="gia-dinh", subject_ids=[h1]),
        "recognise again": lambda: recognise(s, number="240/QĐ-UBND", subject_ids=[h1]),
    }
    for what, action in refused.items():
        with pytest.raises(ConflictError) as error:
            action()
        assert error.value.code == "locked", what
        assert "thu hồi công nhận" in error.value.message and "Nguyễn Văn Hùng" in error.value.message, what
        assert error.value.message.endswith(LOCKED), what
    # The register changes under it (Minh leaves school): evaluation leaves the recognised
    # result as it was recognised.
    s.get(Citizen, c.people["Minh"]).studying = False
    summary = next(t for t in evaluation.evaluate_year(session=s, year=YEAR) if t.title == "gia-dinh")
    assert (summary.locked, summary.passed, summary.written) == (4, 4, 0)
    row = next(r for r in grid.grid(session=s, year=YEAR, title="gia-dinh").rows if r.subject_id == h1)
    assert (row.stage, row.total, row.decision_number) == ("recognised", 100, "235/QĐ-UBND")
    assert evaluation.subject_result(session=s, year=YEAR, title="gia-dinh",
                                     subject_id=h1).total == 90, "live score moved"


def test_a_recognised_units_figures_are_locked(year):
    s, c = year
    recognise(s, title="don-vi", number="238/QĐ-UBND")
    registration.report_unit_staff(session=s, year=YEAR, unit_id=c.unit["school"], staff=25, recognised_cdht=12)  # same
    with pytest.raises(ConflictError) as error:
        registration.report_unit_staff(session=s, year=YEAR, unit_id=c.unit["school"], staff=25, recognised_cdht=20)
    assert error.value.code == "locked"
    with pytest.raises(ValidationError) as error:
        registration.report_unit_staff(session=s, year=YEAR, unit_id=c.unit["coop"], staff=10, recognised_cdht=11)
    assert error.value.field == "unit_staff_cdht"


# --- revocation, new decisions, the certificate register ----------------------------------


def test_revoke_then_recognise_again_gives_a_new_register_number(year, tmp_path):
    s, c = year
    h1 = c.household["h1"]
    recognise(s)
    assert certificates.print_certificates(session=s, year=YEAR, title="gia-dinh", path=tmp_path / "a.pdf") == 4
    first = {e.name: e for e in certificates.register_entries(session=s, year=YEAR)}
    old = first["Nguyễn Văn Hùng"]
    assert [e.register_number for e in first.values()] == [f"2026-GĐHT-{n:06d}" for n in range(1, 5)]
    recognition_id = recognition.standing_recognition(session=s, year=YEAR, title="gia-dinh", subject_id=h1).id

    for reason in ("", "  sai ", None):
        with pytest.raises(ValidationError) as error:
            recognition.revoke(session=s, recognition_id=recognition_id, reason=reason)
        assert (error.value.code, error.value.field) == ("required", "reason")
    recognition.revoke(session=s, recognition_id=recognition_id, reason="Hộ khai sai số người đi học",
                       on=date(2026, 11, 22))
    with pytest.raises(ConflictError) as error:
        recognition.revoke(session=s, recognition_id=recognition_id, reason="Hộ khai sai số người đi học")
    assert error.value.code == "already_revoked" and "22/11/2026" in error.value.message

    entry = next(e for e in certificates.register_entries(session=s, year=YEAR) if e.id == old.id)
    assert (entry.void, entry.void_reason) == (True, "Thu hồi công nhận: Hộ khai sai số người đi học")
    assert recognition.decisions(session=s, year=YEAR)[0].revoked == 1
    assert stage(s, "gia-dinh", h1) == "passed", "unlocked: back on the grid as an ordinary result"
    tc.check(s, "gia-dinh", h1, gdht_3_2=8, evidence="Kiểm tra lại")  # allowed again
    evaluation.evaluate_year(session=s, year=YEAR)
    with pytest.raises(ValidationError):  # its void paper cannot be printed again
        certificates.reprint(session=s, certificate=old.register_number, path=tmp_path / "old.pdf")

    again = recognise(s, number="240/QĐ-UBND", subject_ids=[h1])
    assert again.recognised == 1
    certificates.print_certificates(session=s, year=YEAR, title="gia-dinh", path=tmp_path / "b.pdf", subject_ids=[h1])
    entries = [e for e in certificates.register_entries(session=s, year=YEAR) if e.name == "Nguyễn Văn Hùng"]
    assert [(e.register_number, e.void, e.decision_number) for e in entries] == [
        (old.register_number, True, "235/QĐ-UBND"), ("2026-GĐHT-000005", False, "240/QĐ-UBND")]
    row = next(r for r in grid.grid(session=s, year=YEAR, title="gia-dinh").rows if r.subject_id == h1)
    assert (row.stage, row.total, row.decision_number, row.register_number) == (
        "recognised", 98, "240/QĐ-UBND", "2026-GĐHT-000005")


def test_reissue_and_reprint(year, tmp_path):
    s, c = year
    recognise(s, subject_ids=[c.household["h2"]])
    certificates.print_certificates(session=s, year=YEAR, title="gia-dinh", path=tmp_path / "a.pdf")
    number = certificates.register_entries(session=s, year=YEAR)[0].register_number
    assert certificates.reprint(session=s, certificate=number.lower(), path=tmp_path / "again.pdf") == number
    with pytest.raises(ValidationError) as error:
        certificates.reissue(session=s, certificate=number, reason="mất")
    assert error.value.field == "reason"
    new = certificates.reissue(session=s, certificate=number, reason="Gia đình làm mất giấy")
    assert (new.voided, new.issued.register_number, new.issued.void) == (number, "2026-GĐHT-000002", False)
    old, fresh = certificates.register_entries(session=s, year=YEAR)
    assert (old.void, old.void_reason, old.prints) == (True, "Cấp lại: Gia đình làm mất giấy", 2)
    assert (fresh.void, fresh.prints, fresh.check != old.check) == (False, 0, True)
    with pytest.raises(ValidationError) as error:
        certificates.reissue(session=s, certificate=number, reason="Gia đình làm mất giấy")
    assert error.value.code == "void_certificate"
    with pytest.raises(NotFoundError):
        certificates.reprint(session=s, certificate="2026-GĐHT-999999", path=tmp_path / "x.pdf")


def _key_with_zero_and_one(name: str, number: str) -> bytes:
    """A certificate key whose check value for this paper has a 0 and a 1 (to type O, I, L)."""
    for i in range(1, 256):
        key = bytes([i]) * 32
        code = verification.check_value(key, commune_code="17380", register_number=number, year=YEAR,
                                        title="gia-dinh", name=name)
        if "0" in code and "1" in code:
            return key
    raise AssertionError("no such key")


def test_verify_a_paper(year, tmp_path):
    s, c = year
    recognise(s, subject_ids=[c.household["h1"]])
    write_setting(s, certificates.KEY_SETTING, _key_with_zero_and_one("Nguyễn Văn Hùng", "2026-GĐHT-000001").hex())
    certificates.print_certificates(session=s, year=YEAR, title="gia-dinh", path=tmp_path / "a.pdf")
    entry = certificates.register_entries(session=s, year=YEAR)[0]
    code, number = entry.check, entry.register_number
    assert len(code) == 9 and code[4] == "-"
    typed = [code, code.lower(), code.replace("-", ""), f" {code[:4]} {code[5:]} ",
             code.replace("0", "O").replace("1", "I"), code.lower().replace("0", "o").replace("1", "l"),
             code.replace("-", "\u2013")]
    for variant in typed:
        found = certificates.verify(session=s, register_number=number, check=variant)
        assert found is not None and found.id == entry.id, variant
    # The number as typed in lower case, or as the QR code carries it (ASCII, no Đ).
    payload = verification.parse_qr_payload(
        verification.qr_payload(commune_code="17380", register_number=number, year=YEAR, title="GĐHT", check=code))
    assert payload["register_number"] == "2026-GDHT-000001"
    for written_number in (number.lower(), payload["register_number"], payload["register_number"].lower()):
        assert certificates.verify(session=s, register_number=written_number, check=payload["check"]).id == entry.id
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    assert certificates.verify(session=s, register_number=number, check=wrong) is None
    assert certificates.verify(session=s, register_number="2026-GĐHT-000002", check=code) is None
    assert certificates.verify(session=s, register_number="2026-CDHT-000001",
                               check=code) is None, "the title must agree"
    assert certificates.verify(session=s, register_number="gibberish", check=code) is None
    # A voided paper still verifies as what it is: a void entry of the register.
    certificates.reissue(session=s, certificate=number, reason="In hỏng, in lại")
    assert certificates.verify(session=s, register_number=number, check=code).void is True


# --- bookkeeping -------------------------------------------------------------------------


def test_every_title_table_is_in_the_change_log(db, tmp_path):
    with transaction(db) as s:
        start = last_position(session=s)
        c = tc.setup_year(s)
        evaluation.evaluate_year(session=s, year=YEAR)
        recognition.propose(session=s, year=YEAR, title="gia-dinh", subject_ids=[c.household["h1"]])
        recognise(s)
        certificates.print_certificates(session=s, year=YEAR, title="gia-dinh", path=tmp_path / "a.pdf")
        middle = last_position(session=s)
        recognition.revoke(session=s, recognition_id=recognition.standing_recognition(
            session=s, year=YEAR, title="gia-dinh", subject_id=c.household["h1"]).id, reason="Khai sai thông tin")
        changes = changes_since(session=s, position=start)
        revoked = changes_since(session=s, position=middle)
    assert {"title_registrations", "subject_checks", "evaluation_rounds", "evaluations", "recognition_decisions",
            "recognitions", "certificates", "certificate_prints"} <= changes.tables
    # A revocation touches the recognition, voids its certificate, takes it off the list.
    assert revoked.tables == {"recognitions", "certificates", "evaluations"} and revoked.rows == 3


def test_a_recognition_that_fails_midway_leaves_nothing(db, monkeypatch):
    with transaction(db) as s:
        tc.setup_year(s)
        evaluation.evaluate_year(session=s, year=YEAR)
        start = last_position(session=s)
    frozen = recognition._result_json
    calls = []

    def fail_on_third(result, criteria):
        calls.append(result.subject_id)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return frozen(result, criteria)

    monkeypatch.setattr(recognition, "_result_json", fail_on_third)
    with pytest.raises(RuntimeError), transaction(db) as s:
        recognise(s)
    with db.session() as s:
        assert len(calls) == 3
        assert s.scalar(select(func.count()).select_from(RecognitionDecision)) == 0
        assert s.scalar(select(func.count()).select_from(Recognition)) == 0
        assert s.scalar(select(func.count()).select_from(ChangeLog).where(ChangeLog.position > start)) == 0
        assert s.scalar(select(func.count()).select_from(Certificate)) == 0


def test_only_passed_subjects_can_be_proposed(year):
    session, commune = year
    with pytest.raises(ValidationError) as error:
        recognition.propose(session=session, year=YEAR, title="gia-dinh", subject_ids=[commune.household["h3"]])
    assert error.value.code == "not_passed" and "chưa đạt" in error.value.message
    # Taking a failed subject off the list is always allowed.
    assert recognition.propose(session=session, year=YEAR, title="gia-dinh", subject_ids=[commune.household["h3"]],
                               proposed=False) == 1


def test_checks_typed_under_an_older_issue_keep_it_for_their_year(db):
    """A program update brings 324-2023.2 mid-year: checks an officer already typed under
    324-2023 (items the new issue does not have) keep that set for the year, so nothing
    typed is orphaned; a year without checks, or with checks both issues hold, takes the new one."""
    with transaction(db) as s:
        c = tc.build(s)
        registration.register(session=s, year=YEAR, title="cong-dan", subject_ids=[c.people["Lệ"]])
        assert set_for_year(session=s, year=YEAR, title="cong-dan").id == "cong-dan/324-2023.2"
        s.add(SubjectChecks(year=YEAR, title="cong-dan", subject_id=c.people["Lệ"],
                            checks_json=json.dumps({"cdht.4.1": [20, "Phiếu tự đánh giá"]})))  # an older program's
        s.flush()
        assert set_for_year(session=s, year=YEAR, title="cong-dan").id == "cong-dan/324-2023"
        assert set_for_year(session=s, year=YEAR + 1, title="cong-dan").id == "cong-dan/324-2023.2"
        [summary] = evaluation.evaluate_year(session=s, year=YEAR, titles=["cong-dan"])
        assert summary.set_id == "cong-dan/324-2023"
        assert set_for_year(session=s, year=YEAR, title="gia-dinh").id == "gia-dinh/448-2016.2"  # no checks: the newest
