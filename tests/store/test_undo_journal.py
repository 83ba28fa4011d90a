"""The undo journal: the change-log hooks hand it the before-image of every synced row a unit
writes — new rows as "was not there", changed ones as the database had them before the unit."""

from __future__ import annotations

from sqlalchemy import insert, select

from desktop.store.models import Citizen, Evaluation, Hamlet, Household
from desktop.store.undo import active_journal, start_journal, stop_journal


def image(journal, table: str, row_id: str) -> dict | None:
    before = journal.images[(table, row_id)]
    return None if before is None else dict(zip(journal.columns[table], before, strict=True))


def committed_household(db) -> tuple[str, str, str]:
    """A household with two members, the first its head: (household, head, other) ids."""
    with db.session() as s:
        household = Household(code="H00001", address="Xóm 1")
        head = Citizen(household=household, given_name="An", family_name="Nguyễn", sex="M", birth_date="1970",
                       relation="head")
        other = Citizen(household=household, given_name="Bình", family_name="Nguyễn", sex="M", birth_date="1995",
                        relation="child")
        s.add_all([household, head, other])
        household.head = head
        s.commit()
        return household.id, head.id, other.id


def test_a_new_row_is_noted_as_not_there(db):
    with db.session() as s:
        journal = start_journal(s)
        hamlet = Hamlet(name="Thôn Đông", kind="thon")
        s.add(hamlet)
        s.flush()
        hamlet.note = "sửa trong cùng thao tác"  # a later flush of a new row: still "not there"
        s.flush()
        assert journal.images == {("hamlets", hamlet.id): None} and journal.tables == {"hamlets"}


def test_a_row_changed_twice_keeps_its_first_image(db):
    household_id, head_id, _ = committed_household(db)
    with db.session() as s:
        journal = start_journal(s)
        head = s.get(Citizen, head_id)
        head.occupation = "Nông dân"
        s.flush()
        head.occupation = "Giáo viên"
        head.given_name = "Ân"
        s.flush()
        before = image(journal, "citizens", head_id)
    assert (before["occupation"], before["given_name"], before["deleted"]) == ("", "An", False)
    # Written by the hook, or following from the other columns: not kept.
    assert not {"version", "updated_at", "origin", "id", "full_name", "sort_key"} & set(before)


def test_a_head_set_through_the_relationship_keeps_the_old_head(db):
    """Household.head has post_update: head_id is written during the flush itself."""
    household_id, head_id, other_id = committed_household(db)
    with db.session() as s:
        journal = start_journal(s)
        household = s.get(Household, household_id)
        household.head = s.get(Citizen, other_id)
        s.flush()
        assert image(journal, "households", household_id)["head_id"] == head_id
        assert s.get(Household, household_id).head_id == other_id


def test_an_expired_row_still_gives_every_column(db):
    household_id, _, _ = committed_household(db)
    with db.session() as s:
        journal = start_journal(s)
        household = s.get(Household, household_id)
        s.expire(household)  # nothing loaded: the ORM's history would not know the old values
        household.address = "Xóm 2"
        s.flush()
        before = image(journal, "households", household_id)
    assert (before["address"], before["code"]) == ("Xóm 1", "H00001")


def test_a_tombstone_keeps_the_live_row(db):
    household_id, head_id, _ = committed_household(db)
    with db.session() as s:
        journal = start_journal(s)
        s.get(Citizen, head_id).deleted = True
        s.flush()
        assert image(journal, "citizens", head_id)["deleted"] is False


def test_bulk_inserts_are_noted(db):
    rows = [dict(year=2026, title="gia-dinh", subject_kind="household", subject_id=f"s-{i}", set_id="x",
                 total=0, max_points=100, passed=False, complete=False, points_json="{}", proposed=False,
                 proposal_note="") for i in range(3)]
    with db.session() as s:
        journal = start_journal(s)
        s.execute(insert(Evaluation), rows)
        ids = set(s.scalars(select(Evaluation.id)))
        assert {k for k, v in journal.images.items() if v is None} == {("evaluations", i) for i in ids}


def test_past_its_limit_a_journal_drops_its_images_but_counts(db):
    with db.session() as s:
        journal = start_journal(s, limit=2)
        s.add_all([Hamlet(name=f"Thôn {i}", kind="thon") for i in range(3)])
        s.flush()
        assert journal.overflow and journal.images == {} and journal.count == 3 and journal.tables == {"hamlets"}


def test_a_stopped_journal_captures_nothing(db):
    with db.session() as s:
        journal = start_journal(s)
        stop_journal(s)
        s.add(Hamlet(name="Thôn Đông", kind="thon"))
        s.flush()
        assert active_journal(s) is None and journal.images == {} and not journal.active
