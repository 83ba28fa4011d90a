"""Revision 0005 added citizens.status_since and status_note: the server takes rows with
them from new programs and rows without them from programs not yet updated, on SQLite and
on PostgreSQL, and still checks their shape."""

from __future__ import annotations

from sqlalchemy import select

from province.models import StoredRow
from tests.province.test_batches import STAMP, batch, household


def citizen(row_id: str, **extra) -> dict:
    """A citizen row as a program before revision 0005 sends it (no status date or note)."""
    return {"id": row_id, "version": 1, "updated_at": STAMP, "deleted": False, "origin": "pc-1",
            "household_id": "hh-1", "family_name": "Nguyễn", "middle_name": "Thị", "given_name": "Hường",
            "sex": "F", "birth_date": "1990", "identity_number": None, "ethnicity": "01", "relation": "head",
            "education": None, "literacy": None, "occupation": "", "studying": False, "status": "resident",
            "full_name": "Nguyễn Thị Hường", "birth_year": 1990, "sort_key": "k", "search_text": "nguyen thi huong",
            **extra}


def test_old_and_new_citizen_rows_are_both_accepted(device, province):
    rows = {("households", "hh-1"): household("hh-1", None, "YX-001"),
            ("citizens", "c-old"): citizen("c-old"),
            ("citizens", "c-new"): citizen("c-new", status="absent", status_since="2026-01-05",
                                           status_note="Đi làm ở Bình Dương"),
            ("citizens", "c-bad"): citizen("c-bad", status="deceased", status_since="05/01/2026")}
    receipt = device.send_batch(batch(rows, after=0, last=4))
    assert receipt["accepted"] == {"households": 1, "citizens": 2}
    [rejected] = receipt["rejected"]
    assert (rejected["id"], rejected["code"]) == ("c-bad", "bad_row") and "status_since" in rejected["reason"]
    store = province.store()
    with store.session() as session:
        data = dict(session.execute(select(StoredRow.row_id, StoredRow.data).where(
            StoredRow.table_name == "citizens")).all())
    store.close()
    assert "status_since" not in data["c-old"], "kept as received"
    assert (data["c-new"]["status_since"], data["c-new"]["status_note"]) == ("2026-01-05", "Đi làm ở Bình Dương")
