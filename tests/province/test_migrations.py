"""The province schema goes through Alembic: the models and the migrations agree, on
SQLite and on PostgreSQL, and the migrations go down and up again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.orm import Session

from province.db import alembic_config, current_revision, head_revision, make_engine, upgrade
from province.errors import ProvinceError
from province.models import Base, utc_now
from province.services.tokens import authenticate, digest


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


def test_devices_enrolled_before_token_expiry_keep_working(db_url):
    """0002_tokens on a database of revision 0001 with devices: their tokens are kept, dated
    from their enrolment (so their next sync renews them) and given a full life from the
    upgrade, and each device remembers the code it enrolled with."""
    engine = make_engine(db_url)
    upgrade(engine, "0001")
    enrolled = (utc_now() - timedelta(days=200)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO communes (code, name, province_name, created_at) "
                          "VALUES ('17380', 'Xã Yên Xuân', 'Nghệ An', :t)"), {"t": enrolled})
        for device, code, revoked in (("pc-1", "c1", None), ("pc-2", "c2", enrolled), ("pc-3", None, None)):
            conn.execute(text("INSERT INTO devices (id, commune_code, token_hash, enrolled_at, revoked_at, "
                              "client_version) VALUES (:d, '17380', :h, :t, :r, '1.0.0')"),
                         {"d": device, "h": digest(f"token-{device}"), "t": enrolled, "r": revoked})
            if code:
                conn.execute(text("INSERT INTO enrolment_codes (code_hash, commune_code, created_at, expires_at, "
                                  "used_at, used_by) VALUES (:c, '17380', :t, :t, :t, :d)"),
                             {"c": digest(code), "t": enrolled, "d": device})
    upgrade(engine, "0002_tokens")
    assert current_revision(engine) == "0002_tokens"
    with engine.connect() as conn:
        rows = {r.id: r for r in conn.execute(text(
            "SELECT id, token_hash, token_issued_at, token_expires_at, enrolled_with FROM devices"))}
    assert {k: r.enrolled_with for k, r in rows.items()} == {"pc-1": digest("c1"), "pc-2": digest("c2"),
                                                              "pc-3": None}
    assert all(r.token_issued_at == enrolled and r.token_hash == digest(f"token-{k}") for k, r in rows.items())
    assert {"previous_tokens", "enrolment_failures", "enrolment_locks"} <= set(inspect(engine).get_table_names())

    upgrade(engine)
    with Session(engine) as session:
        caller = authenticate(session, "token-pc-1")
        assert caller.device.id == "pc-1" and caller.renewed is not None  # renewed on its first call
        assert caller.device.token_expires_at > utc_now() + timedelta(days=80)
        with pytest.raises(ProvinceError) as error:
            authenticate(session, "token-pc-2")
        assert error.value.code == "revoked"
    engine.dispose()
