"""The commune's business keys (desktop.sync.uniques) kept per commune, filled from the rows
already stored; and where a stream forked from another (an older copy of a file).

Where the rows already break a key (pushed before this revision), the row with the
smallest id keeps it and `xhht-province duplicates` reports the others.

Revision ID: 0004_keys
Revises: 0003_restore
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

# The keys as the server checks them on this day; a later change of them needs its own refill.
from desktop.sync.uniques import KEYS_BY_TABLE, keys_of

revision = "0004_keys"
down_revision = "0003_restore"
branch_labels = None
depends_on = None

BATCH = 2000


def upgrade() -> None:
    op.create_table(
        "row_keys",
        sa.Column("commune_code", sa.String(length=5), nullable=False),
        sa.Column("key_index", sa.String(length=60), nullable=False),
        sa.Column("key_value", sa.String(length=64), nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["commune_code"], ["communes.code"], name=op.f("fk_row_keys_commune_code_communes")),
        sa.PrimaryKeyConstraint("commune_code", "key_index", "key_value", name=op.f("pk_row_keys")),
    )
    op.create_index("ix_row_keys_row", "row_keys", ["table_name", "row_id"], unique=False)
    with op.batch_alter_table("streams") as batch:
        batch.add_column(sa.Column("fork_device_id", sa.String(length=36), nullable=True))
        batch.add_column(sa.Column("fork_position", sa.Integer(), nullable=True))
    _fill()


def _fill() -> None:
    """Keys of the rows already stored, in id order, one commune after another."""
    conn = op.get_bind()
    rows = sa.table("rows", sa.column("table_name"), sa.column("row_id"), sa.column("commune_code"),
                    sa.column("data", sa.JSON()))
    keys = sa.table("row_keys", sa.column("commune_code"), sa.column("key_index"), sa.column("key_value"),
                    sa.column("table_name"), sa.column("row_id"))
    taken: set[tuple[str, str, str]] = set()
    query = (sa.select(rows.c.table_name, rows.c.row_id, rows.c.commune_code, rows.c.data)
             .where(rows.c.table_name.in_(sorted(KEYS_BY_TABLE)))
             .order_by(rows.c.commune_code, rows.c.table_name, rows.c.row_id))
    pending = []
    for table, row_id, commune, data in conn.execute(query):
        for key, value in keys_of(table, data):
            if (commune, key.index, value) in taken:
                continue  # an older duplicate: reported by `province duplicates`, not keyed
            taken.add((commune, key.index, value))
            pending.append({"commune_code": commune, "key_index": key.index, "key_value": value,
                            "table_name": table, "row_id": row_id})
        if len(pending) >= BATCH:
            conn.execute(sa.insert(keys), pending)
            pending = []
    if pending:
        conn.execute(sa.insert(keys), pending)


def downgrade() -> None:
    with op.batch_alter_table("streams") as batch:
        batch.drop_column("fork_position")
        batch.drop_column("fork_device_id")
    op.drop_index("ix_row_keys_row", table_name="row_keys")
    op.drop_table("row_keys")
