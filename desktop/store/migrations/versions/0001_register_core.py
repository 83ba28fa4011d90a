"""Register core: reference units, the register tables, the change log and search indexes.

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 16:34:30.778281
"""
import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None

# Search: external-content FTS5 over the folded `search_text` columns, kept by triggers.
# Written out here (not imported) so this revision never changes after release.
SEARCH_DDL = [
    "CREATE VIRTUAL TABLE citizen_search USING fts5("
    "search_text, content='citizens', content_rowid='rowid', tokenize='unicode61', prefix='1 2 3')",
    "CREATE TRIGGER citizens_search_ai AFTER INSERT ON citizens BEGIN "
    "INSERT INTO citizen_search(rowid, search_text) VALUES (new.rowid, new.search_text); END",
    "CREATE TRIGGER citizens_search_ad AFTER DELETE ON citizens BEGIN "
    "INSERT INTO citizen_search(citizen_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text); END",
    "CREATE TRIGGER citizens_search_au AFTER UPDATE OF search_text ON citizens BEGIN "
    "INSERT INTO citizen_search(citizen_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text); "
    "INSERT INTO citizen_search(rowid, search_text) VALUES (new.rowid, new.search_text); END",
    "CREATE VIRTUAL TABLE household_search USING fts5("
    "search_text, content='households', content_rowid='rowid', tokenize='unicode61', prefix='1 2 3')",
    "CREATE TRIGGER households_search_ai AFTER INSERT ON households BEGIN "
    "INSERT INTO household_search(rowid, search_text) VALUES (new.rowid, new.search_text); END",
    "CREATE TRIGGER households_search_ad AFTER DELETE ON households BEGIN "
    "INSERT INTO household_search(household_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text); END",
    "CREATE TRIGGER households_search_au AFTER UPDATE OF search_text ON households BEGIN "
    "INSERT INTO household_search(household_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text); "
    "INSERT INTO household_search(rowid, search_text) VALUES (new.rowid, new.search_text); END",
]
SEARCH_DROP = [
    "DROP TRIGGER citizens_search_ai", "DROP TRIGGER citizens_search_ad", "DROP TRIGGER citizens_search_au",
    "DROP TABLE citizen_search", "DROP TRIGGER households_search_ai", "DROP TRIGGER households_search_ad",
    "DROP TRIGGER households_search_au", "DROP TABLE household_search",
]



def upgrade() -> None:
    op.create_table('change_log',
    sa.Column('position', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('row_id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('op', sa.String(length=6), nullable=False),
    sa.Column('changed_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('position', name=op.f('pk_change_log')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.create_index('ix_change_log_row', ['table_name', 'row_id'], unique=False)

    op.create_table('hamlets',
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('note', sa.String(length=400), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hamlets'))
    )
    op.create_table('learning_centres',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('director', sa.String(length=120), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_learning_centres'))
    )
    op.create_table('local_settings',
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('value', sa.String(length=400), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_local_settings'))
    )
    op.create_table('provinces',
    sa.Column('code', sa.String(length=2), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('division_type', sa.String(length=40), nullable=False),
    sa.Column('search_text', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_provinces'))
    )
    op.create_table('activities',
    sa.Column('centre_id', sa.String(length=36), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('hours', sa.Float(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('instructor', sa.String(length=120), nullable=False),
    sa.Column('note', sa.String(length=400), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['centre_id'], ['learning_centres.id'], name=op.f('fk_activities_centre_id_learning_centres')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activities'))
    )
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.create_index('ix_activities_start', ['start_date'], unique=False)

    op.create_table('communes',
    sa.Column('code', sa.String(length=5), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('division_type', sa.String(length=40), nullable=False),
    sa.Column('province_code', sa.String(length=2), nullable=False),
    sa.Column('search_text', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['province_code'], ['provinces.code'], name=op.f('fk_communes_province_code_provinces')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_communes'))
    )
    with op.batch_alter_table('communes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_communes_province_code'), ['province_code'], unique=False)

    op.create_table('households',
    sa.Column('code', sa.String(length=30), nullable=False),
    sa.Column('hamlet_id', sa.String(length=36), nullable=True),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('poverty', sa.String(length=12), nullable=False),
    sa.Column('head_id', sa.String(length=36), nullable=True),
    sa.Column('search_text', sa.String(length=400), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['hamlet_id'], ['hamlets.id'], name=op.f('fk_households_hamlet_id_hamlets')),
    sa.ForeignKeyConstraint(['head_id'], ['citizens.id'], name=op.f('fk_households_head_id_citizens'), use_alter=True, deferrable=True, initially='DEFERRED'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_households'))
    )
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.create_index('ix_households_hamlet', ['hamlet_id'], unique=False)
        batch_op.create_index('ix_households_head', ['head_id'], unique=False)
        batch_op.create_index('uq_households_code_live', ['code'], unique=True, sqlite_where=sa.text('deleted = 0'))

    op.create_table('learning_units',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('staff_count', sa.Integer(), nullable=False),
    sa.Column('hamlet_id', sa.String(length=36), nullable=True),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('head_name', sa.String(length=120), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['hamlet_id'], ['hamlets.id'], name=op.f('fk_learning_units_hamlet_id_hamlets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_learning_units'))
    )
    op.create_table('citizens',
    sa.Column('household_id', sa.String(length=36), nullable=True),
    sa.Column('family_name', sa.String(length=40), nullable=False),
    sa.Column('middle_name', sa.String(length=60), nullable=False),
    sa.Column('given_name', sa.String(length=40), nullable=False),
    sa.Column('sex', sa.String(length=1), nullable=False),
    sa.Column('birth_date', sa.String(length=10), nullable=True),
    sa.Column('identity_number', sa.String(length=12), nullable=True),
    sa.Column('ethnicity', sa.String(length=2), nullable=False),
    sa.Column('relation', sa.String(length=16), nullable=False),
    sa.Column('education', sa.String(length=24), nullable=True),
    sa.Column('literacy', sa.String(length=12), nullable=True),
    sa.Column('occupation', sa.String(length=120), nullable=False),
    sa.Column('studying', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('full_name', sa.String(length=140), nullable=False),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('sort_key', sa.String(length=400), nullable=False),
    sa.Column('search_text', sa.String(length=200), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_citizens_household_id_households')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_citizens'))
    )
    with op.batch_alter_table('citizens', schema=None) as batch_op:
        batch_op.create_index('ix_citizens_birth_year', ['birth_year'], unique=False)
        batch_op.create_index('ix_citizens_household', ['household_id'], unique=False)
        batch_op.create_index('ix_citizens_sort', ['sort_key'], unique=False)
        batch_op.create_index('uq_citizens_identity_live', ['identity_number'], unique=True, sqlite_where=sa.text('deleted = 0 AND identity_number IS NOT NULL'))

    op.create_table('clans',
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('hamlet_id', sa.String(length=36), nullable=True),
    sa.Column('head_id', sa.String(length=36), nullable=True),
    sa.Column('note', sa.String(length=400), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['hamlet_id'], ['hamlets.id'], name=op.f('fk_clans_hamlet_id_hamlets')),
    sa.ForeignKeyConstraint(['head_id'], ['citizens.id'], name=op.f('fk_clans_head_id_citizens')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clans'))
    )
    op.create_table('participations',
    sa.Column('activity_id', sa.String(length=36), nullable=False),
    sa.Column('citizen_id', sa.String(length=36), nullable=False),
    sa.Column('hours', sa.Float(), nullable=False),
    sa.Column('completed', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_participations_activity_id_activities')),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], name=op.f('fk_participations_citizen_id_citizens')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participations'))
    )
    with op.batch_alter_table('participations', schema=None) as batch_op:
        batch_op.create_index('ix_participations_citizen', ['citizen_id'], unique=False)
        batch_op.create_index('uq_participations_live', ['activity_id', 'citizen_id'], unique=True, sqlite_where=sa.text('deleted = 0'))

    op.create_table('clan_households',
    sa.Column('clan_id', sa.String(length=36), nullable=False),
    sa.Column('household_id', sa.String(length=36), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['clan_id'], ['clans.id'], name=op.f('fk_clan_households_clan_id_clans')),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_clan_households_household_id_households')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clan_households'))
    )
    with op.batch_alter_table('clan_households', schema=None) as batch_op:
        batch_op.create_index('ix_clan_households_household', ['household_id'], unique=False)
        batch_op.create_index('uq_clan_households_live', ['clan_id', 'household_id'], unique=True, sqlite_where=sa.text('deleted = 0'))
    for statement in SEARCH_DDL:
        op.execute(statement)


def downgrade() -> None:
    for statement in SEARCH_DROP:
        op.execute(statement)
    with op.batch_alter_table('clan_households', schema=None) as batch_op:
        batch_op.drop_index('uq_clan_households_live', sqlite_where=sa.text('deleted = 0'))
        batch_op.drop_index('ix_clan_households_household')

    op.drop_table('clan_households')
    with op.batch_alter_table('participations', schema=None) as batch_op:
        batch_op.drop_index('uq_participations_live', sqlite_where=sa.text('deleted = 0'))
        batch_op.drop_index('ix_participations_citizen')

    op.drop_table('participations')
    op.drop_table('clans')
    with op.batch_alter_table('citizens', schema=None) as batch_op:
        batch_op.drop_index('uq_citizens_identity_live', sqlite_where=sa.text('deleted = 0 AND identity_number IS NOT NULL'))
        batch_op.drop_index('ix_citizens_sort')
        batch_op.drop_index('ix_citizens_household')
        batch_op.drop_index('ix_citizens_birth_year')

    op.drop_table('citizens')
    op.drop_table('learning_units')
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.drop_index('uq_households_code_live', sqlite_where=sa.text('deleted = 0'))
        batch_op.drop_index('ix_households_head')
        batch_op.drop_index('ix_households_hamlet')

    op.drop_table('households')
    with op.batch_alter_table('communes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_communes_province_code'))

    op.drop_table('communes')
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.drop_index('ix_activities_start')

    op.drop_table('activities')
    op.drop_table('provinces')
    op.drop_table('local_settings')
    op.drop_table('learning_centres')
    op.drop_table('hamlets')
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.drop_index('ix_change_log_row')

    op.drop_table('change_log')
