"""Recording what the server answered: advance the acknowledged position and quarantine
rejected rows in one local transaction, so a power cut keeps both or neither."""

from __future__ import annotations

from desktop.store.db import Database
from desktop.sync import state
from desktop.sync.client import SyncError
from desktop.sync.outbox import Outgoing


def record_receipt(db: Database, batch: Outgoing, receipt: dict) -> None:
    if receipt.get("batch_id") != batch.batch_id:
        raise SyncError("Máy chủ tỉnh trả lời cho một lô dữ liệu khác; sẽ thử lại.", code="bad_receipt")
    rejected = receipt.get("rejected", [])
    refused = {(r["table"], r["id"]) for r in rejected if r.get("id")}
    with db.session() as session:
        if not batch.body["repair"]:
            state.write_acked(session, batch.last)
        state.update_quarantine(session, rejected=rejected, cleared=set(batch.keys) - refused)
        session.commit()


def adopt_lost_receipt(db: Database, last_batch: dict) -> None:
    """A batch the server applied whose receipt never reached this PC: take it as answered."""
    receipt = last_batch["receipt"]
    with db.session() as session:
        state.write_acked(session, last_batch["last"])
        state.update_quarantine(session, rejected=receipt.get("rejected", []), cleared=set())
        session.commit()
