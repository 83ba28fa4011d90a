"""The province schema goes through Alembic: the models and the migrations agree, on
SQLite and on PostgreSQL, and the migrations go down and up again."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from province.db import alembic_config, current_revision, head_revision, make_engine, upgrade
from province.models import Base


def test_models_and_migrations_agree(db_url):
    engine = make_engine(db_url)
    upgrade(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert current_revision(engine) == head_revision()
    engine.dispose()
    assert diff == [], f"a province model changed without a migration: {diff}"


def test_downgrade_and_upgrade_round_trip(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'tinh.sqlite'}")
    upgrade(engine)
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    assert "rows" in inspect(engine).get_table_names()
    engine.dispose()
