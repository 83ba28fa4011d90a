"""Enrolment and tokens: token expiry and the code of each device's enrolment, tokens
replaced by a renewal (kept for a grace period), refused enrolment tries and lockouts.

Devices enrolled before this revision keep their token: it is dated from their enrolment
(so their first sync renews it) and expires TOKEN_LIFE after the upgrade, so that no PC is
locked out by the upgrade itself.

Revision ID: 0002_tokens
Revises: 0001
Create Date: 2026-12-03
"""
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from alembic import op

revision = "0002_tokens"
down_revision = "0001"
branch_labels = None
depends_on = None

# Frozen here: a later change of the models or of the token life must not rewrite this revision.
TIME = sa.String(length=32)  # province.models.UTCText stores ISO text
TOKEN_LIFE = timedelta(days=90)


def upgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("token_issued_at", TIME, nullable=True))
        batch.add_column(sa.Column("token_expires_at", TIME, nullable=True))
        batch.add_column(sa.Column("enrolled_with", sa.String(length=64), nullable=True))
    expires = (datetime.now(timezone.utc) + TOKEN_LIFE).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    op.execute(sa.text("UPDATE devices SET token_issued_at = enrolled_at, token_expires_at = :expires")
               .bindparams(expires=expires))
    op.execute("UPDATE devices SET enrolled_with = (SELECT c.code_hash FROM enrolment_codes c "
               "WHERE c.used_by = devices.id ORDER BY c.used_at DESC LIMIT 1)")
    with op.batch_alter_table("devices") as batch:
        batch.alter_column("token_issued_at", existing_type=TIME, nullable=False)
        batch.alter_column("token_expires_at", existing_type=TIME, nullable=False)

    op.create_table(
        "previous_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("replaced_at", TIME, nullable=False),
        sa.Column("valid_until", TIME, nullable=False),
        sa.ForeignKeyConstraint(["device_id"], ["devices.id"], name=op.f("fk_previous_tokens_device_id_devices")),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_previous_tokens")),
    )
    op.create_index(op.f("ix_previous_tokens_device_id"), "previous_tokens", ["device_id"], unique=False)
    op.create_table(
        "enrolment_failures",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("at", TIME, nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrolment_failures")),
    )
    op.create_index("ix_enrolment_failures_key_at", "enrolment_failures", ["key", "at"], unique=False)
    op.create_table(
        "enrolment_locks",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("locked_until", TIME, nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_enrolment_locks")),
    )


def downgrade() -> None:
    op.drop_table("enrolment_locks")
    op.drop_index("ix_enrolment_failures_key_at", table_name="enrolment_failures")
    op.drop_table("enrolment_failures")
    op.drop_index(op.f("ix_previous_tokens_device_id"), table_name="previous_tokens")
    op.drop_table("previous_tokens")
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("enrolled_with")
        batch.drop_column("token_expires_at")
        batch.drop_column("token_issued_at")
