"""Restore codes and restore grants: a full download of a commune's rows (restore onto a
new PC) needs a one-time code from the province, not only a device token.

Revision ID: 0003_restore
Revises: 0002_tokens
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

revision = "0003_restore"
down_revision = "0002_tokens"
branch_labels = None
depends_on = None

TIME = sa.String(length=32)  # province.models.UTCText stores ISO text (frozen here)


def upgrade() -> None:
    op.create_table(
        "restore_codes",
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("commune_code", sa.String(length=5), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("expires_at", TIME, nullable=False),
        sa.Column("used_at", TIME, nullable=True),
        sa.Column("used_by", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(["commune_code"], ["communes.code"],
                                name=op.f("fk_restore_codes_commune_code_communes")),
        sa.PrimaryKeyConstraint("code_hash", name=op.f("pk_restore_codes")),
    )
    op.create_index(op.f("ix_restore_codes_commune_code"), "restore_codes", ["commune_code"], unique=False)
    op.create_table(
        "restore_grants",
        sa.Column("grant_hash", sa.String(length=64), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("commune_code", sa.String(length=5), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("expires_at", TIME, nullable=False),
        sa.Column("finished_at", TIME, nullable=True),
        sa.ForeignKeyConstraint(["code_hash"], ["restore_codes.code_hash"],
                                name=op.f("fk_restore_grants_code_hash_restore_codes")),
        sa.ForeignKeyConstraint(["device_id"], ["devices.id"], name=op.f("fk_restore_grants_device_id_devices")),
        sa.ForeignKeyConstraint(["commune_code"], ["communes.code"],
                                name=op.f("fk_restore_grants_commune_code_communes")),
        sa.PrimaryKeyConstraint("grant_hash", name=op.f("pk_restore_grants")),
    )
    op.create_index(op.f("ix_restore_grants_code_hash"), "restore_grants", ["code_hash"], unique=False)
    op.create_index(op.f("ix_restore_grants_device_id"), "restore_grants", ["device_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_restore_grants_device_id"), table_name="restore_grants")
    op.drop_index(op.f("ix_restore_grants_code_hash"), table_name="restore_grants")
    op.drop_table("restore_grants")
    op.drop_index(op.f("ix_restore_codes_commune_code"), table_name="restore_codes")
    op.drop_table("restore_codes")
