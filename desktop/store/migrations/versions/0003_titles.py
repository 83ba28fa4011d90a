"""Titles: registrations, officer's checks, evaluations, recognition decisions, the certificate register.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

from desktop.store.base import UTCTimestamp

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('evaluation_rounds',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=12), nullable=False),
    sa.Column('set_id', sa.String(length=60), nullable=False),
    sa.Column('set_fingerprint', sa.String(length=64), nullable=False),
    sa.Column('evaluated_at', UTCTimestamp(), nullable=False),
    sa.Column('subjects', sa.Integer(), nullable=False),
    sa.Column('passed', sa.Integer(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', UTCTimestamp(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_rounds'))
    )
    op.create_index('uq_evaluation_rounds_live', 'evaluation_rounds', ['year', 'title'], unique=True, sqlite_where=sa.text('deleted = 0'))

    op.create_table('evaluations',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=12), nullable=False),
    sa.Column('subject_kind', sa.String(length=10), nullable=False),
    sa.Column('subject_id', sa.String(length=36), nullable=False),
    sa.Column('set_id', sa.String(length=60), nullable=False),
    sa.Column('total', sa.Float(), nullable=False),
    sa.Column('max_points', sa.Float(), nullable=False),
    sa.Column('passed', sa.Boolean(), nullable=False),
    sa.Column('complete', sa.Boolean(), nullable=False),
    sa.Column('level', sa.String(length=30), nullable=True),
    sa.Column('points_json', sa.Text(), nullable=False),
    sa.Column('proposed', sa.Boolean(), nullable=False),
    sa.Column('proposed_on', sa.Date(), nullable=True),
    sa.Column('proposal_note', sa.String(length=400), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', UTCTimestamp(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluations'))
    )
    op.create_index('ix_evaluations_subject', 'evaluations', ['subject_id'], unique=False)
    op.create_index('uq_evaluations_live', 'evaluations', ['year', 'title', 'subject_id'], unique=True, sqlite_where=sa.text('deleted = 0'))

    op.create_table('subject_checks',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=12), nullable=False),
    sa.Column('subject_id', sa.String(length=36), nullable=False),
    sa.Column('checks_json', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', UTCTimestamp(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subject_checks'))
    )
    op.create_index('uq_subject_checks_live', 'subject_checks', ['year', 'title', 'subject_id'], unique=True, sqlite_where=sa.text('deleted = 0'))

    op.create_table('recognition_decisions',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=12), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.Column('signer_name', sa.String(length=120), nullable=False),
    sa.Column('signer_title', sa.String(length=80), nullable=False),
    sa.Column('signer_capacity', sa.String(length=80), nullable=False),
    sa.Column('set_id', sa.String(length=60), nullable=False),
    sa.Column('note', sa.String(length=400), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', UTCTimestamp(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recognition_decisions'))
    )
    op.create_index('uq_recognition_decisions_number', 'recognition_decisions', ['year', 'number'], unique=True, sqlite_where=sa.text('deleted = 0'))

    op.create_table('title_registrations',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=12), nullable=False),
    sa.Column('subject_kind', sa.String(length=10), nullable=False),
    sa.Column('subject_id', sa.String(length=36), nullable=False),
    sa.Column('registered_on', sa.Date(), nullable=True),
    sa.Column('note', sa.String(length=400), nullable=False),
    sa.Column('unit_staff', sa.Integer(), nullable=True),
    sa.Column('unit_staff_cdht', sa.Integer(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', UTCTimestamp(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_title_registrations'))
    )
    op.create_index('uq_title_registrations_live', 'title_registrations', ['year', 'title', 'subject_id'], unique=True, sqlite_where=sa.text('deleted = 0'))

    op.create_table('recognitions',
    sa.Column('decision_id', sa.String(length=36), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=12), nullable=False),
    sa.Column('subject_kind', sa.String(length=10), nullable=False),
    sa.Column('subject_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('head', sa.String(length=120), nullable=False),
    sa.Column('detail', sa.String(length=300), nullable=False),
    sa.Column('sex', sa.String(length=1), nullable=True),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('total', sa.Float(), nullable=False),
    sa.Column('level', sa.String(length=30), nullable=True),
    sa.Column('result_json', sa.Text(), nullable=False),
    sa.Column('revoked_on', sa.Date(), nullable=True),
    sa.Column('revoke_reason', sa.String(length=400), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', UTCTimestamp(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['decision_id'], ['recognition_decisions.id'], name=op.f('fk_recognitions_decision_id_recognition_decisions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recognitions'))
    )
    op.create_index('ix_recognitions_decision', 'recognitions', ['decision_id'], unique=False)
    op.create_index('uq_recognitions_standing', 'recognitions', ['year', 'title', 'subject_id'], unique=True, sqlite_where=sa.text('deleted = 0 AND revoked_on IS NULL'))

    op.create_table('certificates',
    sa.Column('recognition_id', sa.String(length=36), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=12), nullable=False),
    sa.Column('serial', sa.Integer(), nullable=False),
    sa.Column('register_number', sa.String(length=30), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('check_value', sa.String(length=16), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('void', sa.Boolean(), nullable=False),
    sa.Column('void_reason', sa.String(length=400), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', UTCTimestamp(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['recognition_id'], ['recognitions.id'], name=op.f('fk_certificates_recognition_id_recognitions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificates'))
    )
    op.create_index('ix_certificates_recognition', 'certificates', ['recognition_id'], unique=False)
    op.create_index('uq_certificates_number', 'certificates', ['register_number'], unique=True)
    op.create_index('uq_certificates_serial', 'certificates', ['year', 'serial'], unique=True)

    op.create_table('certificate_prints',
    sa.Column('certificate_id', sa.String(length=36), nullable=False),
    sa.Column('printed_at', UTCTimestamp(), nullable=False),
    sa.Column('reprint', sa.Boolean(), nullable=False),
    sa.Column('file_name', sa.String(length=300), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', UTCTimestamp(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['certificate_id'], ['certificates.id'], name=op.f('fk_certificate_prints_certificate_id_certificates')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_prints'))
    )
    op.create_index('ix_certificate_prints_certificate', 'certificate_prints', ['certificate_id'], unique=False)



def downgrade() -> None:
    op.drop_index('ix_certificate_prints_certificate', table_name='certificate_prints')

    op.drop_table('certificate_prints')
    op.drop_index('uq_certificates_serial', table_name='certificates')
    op.drop_index('uq_certificates_number', table_name='certificates')
    op.drop_index('ix_certificates_recognition', table_name='certificates')

    op.drop_table('certificates')
    op.drop_index('uq_recognitions_standing', table_name='recognitions')
    op.drop_index('ix_recognitions_decision', table_name='recognitions')

    op.drop_table('recognitions')
    op.drop_index('uq_title_registrations_live', table_name='title_registrations')

    op.drop_table('title_registrations')
    op.drop_index('uq_recognition_decisions_number', table_name='recognition_decisions')

    op.drop_table('recognition_decisions')
    op.drop_index('uq_subject_checks_live', table_name='subject_checks')

    op.drop_table('subject_checks')
    op.drop_index('uq_evaluations_live', table_name='evaluations')
    op.drop_index('ix_evaluations_subject', table_name='evaluations')

    op.drop_table('evaluations')
    op.drop_index('uq_evaluation_rounds_live', table_name='evaluation_rounds')

    op.drop_table('evaluation_rounds')
