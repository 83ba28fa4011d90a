"""The outbox: one change-log row per write of a synced row, in the same transaction."""

from __future__ import annotations

from datetime import timezone

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop.domain.errors import StorageError, ValidationError
from desktop.services.hamlets import add_hamlet
from desktop.services.session import transaction
from desktop.store.models import ChangeLog, Citizen, Hamlet, LocalSetting


def log(session) -> list[ChangeLog]:
    return list(session.scalars(select(ChangeLog).order_by(ChangeLog.position)))


def test_every_insert_writes_one_row_with_version_one(db):
    with db.session() as s:
        before = len(log(s))
        hamlet = Hamlet(name="Thôn Đông", kind="thon")
        s.add(hamlet)
        s.commit()
        entries = log(s)[before:]
    assert [(e.table_name, e.row_id, e.version, e.op) for e in entries] == [("hamlets", hamlet.id, 1, "insert")]
    assert entries[0].device_id == db.device_id == hamlet.origin
    assert hamlet.updated_at.tzinfo == timezone.utc


def test_update_bumps_version_and_logs_once_per_flush(db):
    with db.session() as s:
        hamlet = Hamlet(name="Thôn Đông", kind="thon")
        s.add(hamlet)
        s.commit()
        hamlet.name = "Thôn Đông Hòa"
        hamlet.note = "sáp nhập 2025"
        s.commit()
        entries = [e for e in log(s) if e.row_id == hamlet.id]
    assert [(e.version, e.op) for e in entries] == [(1, "insert"), (2, "update")]
    assert hamlet.version == 2


def test_setting_the_same_value_writes_nothing(db):
    with db.session() as s:
        hamlet = Hamlet(name="Thôn Đông", kind="thon")
        s.add(hamlet)
        s.commit()
        count = len(log(s))
        hamlet.name = "Thôn Đông"
        s.commit()
        assert len(log(s)) == count
        assert hamlet.version == 1


def test_tombstone_is_logged_as_delete(db):
    with db.session() as s:
        hamlet = Hamlet(name="Thôn Đông", kind="thon")
        s.add(hamlet)
        s.commit()
        hamlet.deleted = True
        s.commit()
        assert log(s)[-1].op == "delete"
        assert log(s)[-1].version == 2


def test_rolled_back_transaction_leaves_no_rows(db):
    with db.session() as s:
        count = len(log(s))
        s.add(Hamlet(name="Thôn Tây", kind="thon"))
        s.flush()  # rows and their log entries are written inside the transaction...
        assert len(log(s)) == count + 1
        s.rollback()  # ...and go away with it
        assert len(log(s)) == count
        assert s.scalar(select(Hamlet).where(Hamlet.name == "Thôn Tây")) is None


def test_failed_flush_leaves_no_rows(db):
    with db.session() as s:
        count = len(log(s))
        s.add(Citizen(given_name="An", sex="M", household_id="no-such-household"))
        with pytest.raises(IntegrityError):  # the household does not exist
            s.commit()
        s.rollback()
        assert len(log(s)) == count


def test_hard_delete_of_a_synced_row_is_refused(db):
    with db.session() as s:
        hamlet = Hamlet(name="Thôn Đông", kind="thon")
        s.add(hamlet)
        s.commit()
        s.delete(hamlet)
        with pytest.raises(StorageError) as error:
            s.flush()
        assert "đánh dấu đã xóa" in error.value.message


def test_positions_increase_across_sessions_and_after_rollback(db):
    positions = []
    for name in ("A", "B"):
        with db.session() as s:
            s.add(Hamlet(name=f"Thôn {name}", kind="thon"))
            s.commit()
            positions.append(log(s)[-1].position)
    with db.session() as s:  # a rolled-back position is never handed out again
        s.add(Hamlet(name="Thôn C", kind="thon"))
        s.flush()
        s.rollback()
        s.add(Hamlet(name="Thôn D", kind="thon"))
        s.commit()
        positions.append(log(s)[-1].position)
    assert positions[0] < positions[1] < positions[2]


def test_local_tables_are_not_logged(db):
    with db.session() as s:
        count = len(log(s))
        s.add(LocalSetting(key="ui.columns", value="[]"))
        s.commit()
        assert len(log(s)) == count


def test_a_session_without_device_cannot_write_synced_rows(db):
    with Session(db.engine) as s:
        s.add(Hamlet(name="Thôn Đông", kind="thon"))
        with pytest.raises(StorageError) as error:
            s.flush()
        assert error.value.code == "no_device"


def test_derived_columns_follow_the_name(db):
    with db.session() as s:
        citizen = Citizen(family_name="Đỗ", middle_name="Thị", given_name="Đào", sex="F", birth_date="1980-05-01")
        s.add(citizen)
        s.commit()
        assert (citizen.full_name, citizen.search_text, citizen.birth_year) == ("Đỗ Thị Đào", "do thi dao", 1980)
        citizen.given_name = "Hoa"
        s.commit()
        assert citizen.search_text == "do thi hoa"


def test_a_bulk_insert_of_a_plain_synced_table_is_stamped_and_logged(db):
    from sqlalchemy import insert, update

    from desktop.store.models import Evaluation

    rows = [{"year": 2026, "title": "gia-dinh", "subject_kind": "household", "subject_id": f"h-{i}",
             "set_id": "gia-dinh/448-2016", "points_json": "{}"} for i in range(3)]
    with db.session() as s:
        s.execute(insert(Evaluation), rows)
        s.commit()
        stored = s.scalars(select(Evaluation).order_by(Evaluation.subject_id)).all()
        entries = [x for x in log(s) if x.table_name == "evaluations"]
    assert [(e.version, e.origin, e.deleted) for e in stored] == [(1, db.device_id, False)] * 3
    assert all(e.updated_at.tzinfo is timezone.utc for e in stored)
    assert [(x.table_name, x.row_id, x.op) for x in entries] == [("evaluations", e.id, "insert") for e in stored]
    with db.session() as s:  # a bulk update or a table with derived columns would bypass the stamps
        with pytest.raises(StorageError):
            s.execute(update(Evaluation).where(Evaluation.year == 2026).values(total=1))
        with pytest.raises(StorageError):
            s.execute(insert(Citizen), [{"given_name": "An", "sex": "M"}])


def test_a_text_wider_than_its_column_is_refused_before_it_is_written(db):
    """The province refuses such a row at the next sync; the officer hears it at once."""
    with db.session() as session:
        logged = len(session.scalars(select(ChangeLog)).all())
    with pytest.raises(ValidationError) as error:
        with transaction(db) as session:
            add_hamlet(session=session, name="Thôn " + "Đông" * 40)
    assert error.value.field == "name" and error.value.code == "too_long"
    assert error.value.message.startswith("dài quá 120 ký tự (đang có 165)")
    with db.session() as session:
        assert session.scalars(select(Hamlet)).all() == []
        assert len(session.scalars(select(ChangeLog)).all()) == logged
