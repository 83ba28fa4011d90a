"""Province storage: communes, enrolment codes, devices, streams, batches with their
receipts, the rows as received, row counts, reference changes.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Frozen here: a later change of the models must not rewrite what this revision made.
TIME = sa.String(length=32)  # province.models.UTCText stores ISO text


def document() -> sa.types.TypeEngine:
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "communes",
        sa.Column("code", sa.String(length=5), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("province_name", sa.String(length=120), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("last_seen_at", TIME, nullable=True),
        sa.Column("last_batch_id", sa.String(length=64), nullable=True),
        sa.Column("last_batch_at", TIME, nullable=True),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_communes")),
    )
    op.create_table(
        "reference_changes",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("data", document(), nullable=False),
        sa.Column("published_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_reference_changes")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "batches",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("commune_code", sa.String(length=5), nullable=False),
        sa.Column("after", sa.Integer(), nullable=False),
        sa.Column("first", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.Column("repair", sa.Boolean(), nullable=False),
        sa.Column("schema", sa.String(length=40), nullable=False),
        sa.Column("log_hash", sa.String(length=64), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("received_at", TIME, nullable=False),
        sa.Column("receipt", document(), nullable=False),
        sa.ForeignKeyConstraint(["commune_code"], ["communes.code"], name=op.f("fk_batches_commune_code_communes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_batches")),
    )
    op.create_index("ix_batches_stream", "batches", ["device_id", "last"], unique=False)
    op.create_table(
        "devices",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("commune_code", sa.String(length=5), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("enrolled_at", TIME, nullable=False),
        sa.Column("revoked_at", TIME, nullable=True),
        sa.Column("last_seen_at", TIME, nullable=True),
        sa.Column("client_version", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(["commune_code"], ["communes.code"], name=op.f("fk_devices_commune_code_communes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_devices")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_devices_token_hash")),
    )
    op.create_index(op.f("ix_devices_commune_code"), "devices", ["commune_code"], unique=False)
    op.create_table(
        "enrolment_codes",
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("commune_code", sa.String(length=5), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("expires_at", TIME, nullable=False),
        sa.Column("used_at", TIME, nullable=True),
        sa.Column("used_by", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(["commune_code"], ["communes.code"],
                                name=op.f("fk_enrolment_codes_commune_code_communes")),
        sa.PrimaryKeyConstraint("code_hash", name=op.f("pk_enrolment_codes")),
    )
    op.create_index(op.f("ix_enrolment_codes_commune_code"), "enrolment_codes", ["commune_code"], unique=False)
    op.create_table(
        "row_counts",
        sa.Column("commune_code", sa.String(length=5), nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("live", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["commune_code"], ["communes.code"], name=op.f("fk_row_counts_commune_code_communes")),
        sa.PrimaryKeyConstraint("commune_code", "table_name", name=op.f("pk_row_counts")),
    )
    op.create_table(
        "rows",
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("commune_code", sa.String(length=5), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("row_hash", sa.String(length=32), nullable=False),
        sa.Column("batch_id", sa.String(length=64), nullable=False),
        sa.Column("data", document(), nullable=False),
        sa.ForeignKeyConstraint(["commune_code"], ["communes.code"], name=op.f("fk_rows_commune_code_communes")),
        sa.PrimaryKeyConstraint("table_name", "row_id", name=op.f("pk_rows")),
    )
    op.create_index("ix_rows_commune_table", "rows", ["commune_code", "table_name", "row_id"], unique=False)
    op.create_table(
        "streams",
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("enrolment_id", sa.String(length=36), nullable=False),
        sa.Column("commune_code", sa.String(length=5), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("last_batch_id", sa.String(length=64), nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.ForeignKeyConstraint(["commune_code"], ["communes.code"], name=op.f("fk_streams_commune_code_communes")),
        sa.ForeignKeyConstraint(["enrolment_id"], ["devices.id"], name=op.f("fk_streams_enrolment_id_devices")),
        sa.PrimaryKeyConstraint("device_id", name=op.f("pk_streams")),
    )
    op.create_index(op.f("ix_streams_enrolment_id"), "streams", ["enrolment_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_streams_enrolment_id"), table_name="streams")
    op.drop_table("streams")
    op.drop_index("ix_rows_commune_table", table_name="rows")
    op.drop_table("rows")
    op.drop_table("row_counts")
    op.drop_index(op.f("ix_enrolment_codes_commune_code"), table_name="enrolment_codes")
    op.drop_table("enrolment_codes")
    op.drop_index(op.f("ix_devices_commune_code"), table_name="devices")
    op.drop_table("devices")
    op.drop_index("ix_batches_stream", table_name="batches")
    op.drop_table("batches")
    op.drop_table("reference_changes")
    op.drop_table("communes")
