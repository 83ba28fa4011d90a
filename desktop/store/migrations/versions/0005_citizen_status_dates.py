"""Dated status changes: when a citizen's status (tạm trú, tạm vắng, đã chuyển đi, đã mất)
took effect, and a note.

Plain ADD COLUMN, not batch mode: a batch would copy the citizens table, and the FTS5
index is keyed by its rowids, which a copy may renumber. Both columns are nullable: a
status recorded before this revision has no known date.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("citizens", sa.Column("status_since", sa.Date(), nullable=True))
    op.add_column("citizens", sa.Column("status_note", sa.String(length=400), nullable=True))


def downgrade() -> None:
    # SQLite 3.35+ drops a column in place (no table copy) when nothing indexes it.
    op.execute("ALTER TABLE citizens DROP COLUMN status_note")
    op.execute("ALTER TABLE citizens DROP COLUMN status_since")
