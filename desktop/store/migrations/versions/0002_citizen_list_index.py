"""Citizen list index: name order, status and tombstone with the id, so lists read the index only.

Replaces ix_citizens_sort (a prefix of the new index).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


# Plain index operations, not batch mode: a batch would copy the table, and the FTS5
# index is keyed by the citizens' rowids, which a copy may renumber.
def upgrade() -> None:
    op.create_index("ix_citizens_list", "citizens", ["sort_key", "status", "deleted", "id"], unique=False)
    op.drop_index("ix_citizens_sort", table_name="citizens")


def downgrade() -> None:
    op.create_index("ix_citizens_sort", "citizens", ["sort_key"], unique=False)
    op.drop_index("ix_citizens_list", table_name="citizens")
