"""Sync state kept on this PC: rows the province refused (quarantine) and its announcements.

They lived as JSON in local_settings (whose value column is meant for short facts);
the upgrade moves what is there into the tables.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""
import json

import sqlalchemy as sa
from alembic import op

from desktop.store.base import UTCTimestamp

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _stamp(text):
    """'2026-11-23T10:00:00Z' (the old JSON) -> the UTCTimestamp column's text."""
    return text.replace("Z", ".000000Z") if text and "." not in text else text


def upgrade() -> None:
    op.create_table(
        "sync_quarantine",
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("code", sa.String(length=30), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("quarantined_at", UTCTimestamp(), nullable=False),
        sa.PrimaryKeyConstraint("table_name", "row_id", name=op.f("pk_sync_quarantine")),
    )
    op.create_table(
        "province_announcements",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("published_at", UTCTimestamp(), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_province_announcements")),
    )
    conn = op.get_bind()
    settings: dict[str, str] = dict(conn.execute(sa.text(
        "SELECT key, value FROM local_settings WHERE key IN ('sync_quarantine', 'sync_announcements')")).all())
    for e in json.loads(settings.get("sync_quarantine") or "{}").values():
        conn.execute(sa.text("INSERT INTO sync_quarantine VALUES (:t, :i, :v, :c, :r, :a)"),
                     {"t": e["table"], "i": e["id"], "v": e.get("version"), "c": e["code"], "r": e["reason"],
                      "a": _stamp(e.get("at")) or "1970-01-01T00:00:00.000000Z"})
    for a in json.loads(settings.get("sync_announcements") or "[]"):
        conn.execute(sa.text("INSERT INTO province_announcements VALUES (:s, :t, :b, :p)"),
                     {"s": a["seq"], "t": a["title"], "b": a["body"], "p": _stamp(a.get("published_at"))})
    conn.execute(sa.text("DELETE FROM local_settings WHERE key IN ('sync_quarantine', 'sync_announcements')"))


def downgrade() -> None:
    op.drop_table("province_announcements")
    op.drop_table("sync_quarantine")
