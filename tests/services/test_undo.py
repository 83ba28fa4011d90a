"""Undo (Ctrl+Z) of a unit of work, run as the writer thread runs it: journal, work, flush,
step; later the step undone in a unit of its own, as new versions of every row."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from desktop.domain.errors import ConflictError
from desktop.services import centre, clans, register, trash
from desktop.services.centre import ActivityInput
from desktop.services.search import search_citizens
from desktop.services.session import transaction
from desktop.services.titles import evaluation, recognition
from desktop.services.undo import make_step, start_journal, undo_step
from desktop.store.models import (
    ChangeLog,
    Citizen,
    ClanHousehold,
    Evaluation,
    EvaluationRound,
    Household,
    Participation,
)
from tests.factories import family, person
from tests.services import titles_commune as tc


@pytest.fixture(autouse=True)
def data_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))


def run(db, label, fn):
    """As the lead's writer does: start_journal, the work, a final flush, make_step."""
    with transaction(db) as session:
        journal = start_journal(session)
        result = fn(session)
        session.flush()
        step = make_step(journal, label)
    return result, step


def undo(db, step, **kw):
    with transaction(db) as session:
        return undo_step(session=session, step=step, **kw)


def log_size(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(ChangeLog))


def citizen(db, citizen_id) -> Citizen:
    with db.session() as s:
        return s.get(Citizen, citizen_id)


def test_undo_of_an_added_household_tombstones_it_and_its_members(db):
    saved, step = run(db, "Thêm hộ", lambda s: register.add_household(session=s, data=family()))
    assert step.undoable and step.count == 4 and step.tables == {"households", "citizens"}
    assert all(r.before is None and r.version == 1 for r in step.rows)

    changes = undo(db, step)
    assert changes.tables == {"households", "citizens"} and changes.rows == 4
    with db.session() as s:
        rows = [s.get(Household, saved.id), *(s.get(Citizen, m.id) for m in saved.members)]
        assert all(r.deleted and r.version == 2 for r in rows)
        logged = s.execute(select(ChangeLog.op, ChangeLog.version).order_by(ChangeLog.position.desc()).limit(4)).all()
        assert logged == [("delete", 2)] * 4
        # One write: the trash lists the household and brings its members back with it.
        assert [(e.kind, e.id) for e in trash.list_deleted(session=s)] == [("household", saved.id)]


def test_undo_of_a_citizen_edited_twice_in_one_step(db):
    with transaction(db) as s:
        saved = register.add_household(session=s, data=family())
    wife = saved.members[1]

    def edit_twice(s):
        register.update_citizen(session=s, citizen_id=wife.id, data=person(
            "Trần Thị Hường", "Nữ", "12/03/1978", "040178000009", "wife", occupation="Giáo viên"))
        return register.update_citizen(session=s, citizen_id=wife.id, data=person(
            "Trần Thị Hương", "Nữ", "1979", "040179000010", "wife", occupation="Buôn bán"))

    edited, step = run(db, "Sửa công dân", edit_twice)
    assert edited.version == 3 and step.count == 1 and step.rows[0].version == 3
    undo(db, step)
    back = citizen(db, wife.id)
    assert (back.full_name, back.birth_date, back.identity_number, back.occupation) == (
        "Trần Thị Hường", "1978-03-12", "040178000002", "")
    assert back.version == 4, "an undo is a new version, synced like any edit"
    with db.session() as s:  # derived columns follow: the search finds the old name again
        assert [c.id for c in search_citizens(session=s, text="tran thi huong")] == [wife.id]


def test_undo_of_a_deleted_household_brings_back_members_memberships_and_participations(db):
    with transaction(db) as s:
        saved = register.add_household(session=s, data=family())
        clan = clans.add_clan(session=s, name="Họ Nguyễn", household_ids=(saved.id,))
        centre.save_centre(session=s, name="Trung tâm học tập cộng đồng xã Yên Xuân")
        activity = centre.add_activity(session=s, data=ActivityInput(title="Chuyên đề trồng lúa",
                                                                     start_date="10/03/2026"))
        centre.add_participant(session=s, activity_id=activity.id, citizen_id=saved.members[0].id)
    _, step = run(db, "Xóa hộ", lambda s: register.delete_household(session=s, household_id=saved.id))
    assert step.tables == {"households", "citizens", "clan_households", "participations"} and step.count == 6

    undo(db, step)
    with db.session() as s:
        assert not s.get(Household, saved.id).deleted
        assert [c.deleted for c in s.scalars(select(Citizen))] == [False] * 3
        assert s.scalar(select(ClanHousehold.deleted).where(ClanHousehold.clan_id == clan.id)) is False
        assert s.scalar(select(Participation.deleted)) is False
        assert s.get(Household, saved.id).head_id == saved.members[0].id


def test_undo_of_a_years_evaluation(db):
    """A batch: the year's first evaluation (bulk inserts), then a re-evaluation (updates)."""
    with transaction(db) as s:
        commune = tc.setup_year(s)
    _, first = run(db, "Đánh giá năm 2026", lambda s: evaluation.evaluate_year(session=s, year=tc.YEAR))
    assert first.undoable and first.tables == {"evaluations", "evaluation_rounds"}
    undo(db, first)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Evaluation).where(Evaluation.deleted.is_(False))) == 0
        assert s.scalar(select(func.count()).select_from(EvaluationRound).where(
            EvaluationRound.deleted.is_(False))) == 0

    with transaction(db) as s:
        evaluation.evaluate_year(session=s, year=tc.YEAR)

    def results(s):
        return sorted(s.execute(select(Evaluation.subject_id, Evaluation.title, Evaluation.total, Evaluation.passed,
                                       Evaluation.points_json).where(Evaluation.deleted.is_(False))).all())

    with db.session() as s:
        before = results(s)

    def recheck_and_evaluate(s):  # H3 now gets full marks: its result and those above it change
        tc.registration.check_full_marks(session=s, year=tc.YEAR, title="gia-dinh",
                                         subject_ids=[commune.household["h3"]])
        return evaluation.evaluate_year(session=s, year=tc.YEAR)

    _, again = run(db, "Chấm lại và đánh giá", recheck_and_evaluate)
    with db.session() as s:
        assert results(s) != before
    assert {"evaluations", "subject_checks", "evaluation_rounds"} <= again.tables
    undo(db, again)
    with db.session() as s:
        assert results(s) == before


def test_an_undo_is_refused_when_a_row_changed_since(db):
    with transaction(db) as s:
        saved = register.add_household(session=s, data=family())
    head = saved.members[0]
    _, step = run(db, "Sửa nghề nghiệp", lambda s: register.update_citizen(
        session=s, citizen_id=head.id, data=person("Nguyễn Văn An", "Nam", "1975", "040075000001", "head",
                                                   occupation="Nông dân")))
    with transaction(db) as s:
        register.set_citizen_status(session=s, citizen_id=head.id, status="absent", since=date(2026, 1, 5),
                                    note="Đi làm ở Bình Dương")
    size = log_size(db)
    with pytest.raises(ConflictError) as error:
        undo(db, step)
    assert error.value.code == "changed_since"
    assert "đã có thay đổi khác sau thao tác này" in error.value.message and "Sửa nghề nghiệp" in error.value.message
    after = citizen(db, head.id)
    assert (after.occupation, after.status, log_size(db)) == ("Nông dân", "absent", size), "nothing written"


def test_steps_that_wrote_signed_paper_are_not_undoable(db):
    with transaction(db) as s:
        tc.setup_year(s)
        evaluation.evaluate_year(session=s, year=tc.YEAR)
    _, step = run(db, "Công nhận Gia đình học tập", lambda s: recognition.recognize(
        session=s, year=tc.YEAR, title="gia-dinh", number="235/QĐ-UBND", signed_on=tc.SIGNED, signer_name="Nguyễn Đình Thắng"))
    assert not step.undoable and "thu hồi" in step.reason and step.rows == ()
    assert "recognitions" in step.tables
    with pytest.raises(ConflictError) as error:
        undo(db, step)
    assert error.value.code == "not_undoable" and "thu hồi hoặc cấp lại" in error.value.message


def test_an_undo_that_would_clash_on_a_household_code_writes_nothing(db):
    with transaction(db) as s:
        saved = register.add_household(session=s, data=family())
    _, step = run(db, "Xóa hộ", lambda s: register.delete_household(session=s, household_id=saved.id))
    with transaction(db) as s:  # the code is free again, and taken by a new household
        register.add_household(session=s, data=family(person("Lê Văn Tám", "Nam", "1980", relation="head"),
                                                      code="H00001"))
    size = log_size(db)
    with pytest.raises(ConflictError) as error:
        undo(db, step)
    assert error.value.code == "duplicate_code" and "mã hộ H00001" in error.value.message
    assert log_size(db) == size


def test_an_undo_that_would_clash_on_an_identity_number_names_the_other_person(db):
    with transaction(db) as s:
        saved = register.add_household(session=s, data=family())
        other = register.add_household(session=s, data=family(person("Lê Văn Tám", "Nam", "1980", relation="head")))
    wife = saved.members[1]
    _, step = run(db, "Xóa công dân", lambda s: register.delete_citizen(session=s, citizen_id=wife.id))
    with transaction(db) as s:  # entered again, by mistake, in another household
        register.add_member(session=s, household_id=other.id, data=person(
            "Trần Thị Hường", "Nữ", "12/03/1978", "040178000002", "wife"))
    with pytest.raises(ConflictError) as error:
        undo(db, step)
    assert error.value.code == "duplicate_identity"
    assert "040178000002" in error.value.message and "Trần Thị Hường" in error.value.message
    assert citizen(db, wife.id).deleted


def test_an_undo_can_itself_be_undone(db):
    with transaction(db) as s:
        saved = register.add_household(session=s, data=family())
    _, step = run(db, "Xóa hộ", lambda s: register.delete_household(session=s, household_id=saved.id))
    _, back = run(db, "Hoàn tác: Xóa hộ", lambda s: undo_step(session=s, step=step))
    assert back.undoable and back.count == 4
    undo(db, back)
    with db.session() as s:
        assert s.get(Household, saved.id).deleted


def test_too_large_or_empty_steps_are_not_undoable(db):
    with transaction(db) as s:
        journal = start_journal(s, limit=3)
        register.add_household(session=s, data=family())
        big = make_step(journal, "Nhập danh sách")
        journal = start_journal(s)
        empty = make_step(journal, "Không làm gì")
    assert not big.undoable and "hơn 3 bản ghi" in big.reason and big.count == 4
    assert not empty.undoable and "không thay đổi" in empty.reason


def test_a_household_code_passes_back_to_the_household_the_step_deleted(db):
    """Deleted and entered again in one step: the undo tombstones the new one before the old
    one takes its code back (SQLite checks the unique index at each statement)."""
    with transaction(db) as s:
        old = register.add_household(session=s, data=family())

    def replace(s):
        register.delete_household(session=s, household_id=old.id)
        return register.add_household(session=s, data=family(person("Lê Văn Tám", "Nam", "1980", relation="head"),
                                                             code="H00001"))

    new, step = run(db, "Nhập lại hộ", replace)
    undo(db, step)
    with db.session() as s:
        assert (s.get(Household, old.id).deleted, s.get(Household, new.id).deleted) == (False, True)
        assert s.get(Household, old.id).code == "H00001"
