"""Fixtures of the province tests: the server on SQLite and on a throwaway PostgreSQL
(initdb in a temporary folder, as ../shared/ENVIRONMENT.md describes), each test with a
database of its own."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import psycopg
import pytest

from desktop.sync.client import SyncClient
from desktop.sync.service import enroll
from tests.conftest import COMMUNE
from tests.sync.conftest import demo_db, demo_template  # noqa: F401  (shared fixtures)
from tests.sync.live import FAST, HOST, ThreadServer, client_for, free_port


def _postgres_tool(name: str) -> str | None:
    found = shutil.which(name) or sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found if isinstance(found, str) else (found[-1] if found else None)


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server of our own on 127.0.0.1 for the session; yields its base URL."""
    initdb, pg_ctl = _postgres_tool("initdb"), _postgres_tool("pg_ctl")
    if not (initdb and pg_ctl):
        message = "PostgreSQL (initdb, pg_ctl) is not installed: apt-get install postgresql"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    base = Path(tempfile.mkdtemp(prefix="xhht-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        shutil.chown(base, "postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
    data, sockets, port = base / "data", base / "sock", free_port()
    subprocess.run(run_as + ["mkdir", str(sockets)], check=True)
    subprocess.run(run_as + [initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                             "--locale=C.UTF-8"], check=True, capture_output=True, timeout=120)
    options = f"-k {sockets} -c listen_addresses={HOST} -p {port} -c fsync=off -c synchronous_commit=off"
    subprocess.run(run_as + [pg_ctl, "-D", str(data), "-l", str(base / "log"), "-w", "-o", options, "start"],
                   check=True, capture_output=True, timeout=120)
    try:
        yield f"postgresql+psycopg://postgres@{HOST}:{port}"
    finally:
        subprocess.run(run_as + [pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True,
                       timeout=60)
        shutil.rmtree(base, ignore_errors=True)


def new_database(base_url: str) -> str:
    name = f"tinh_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base_url.replace("postgresql+psycopg", "postgresql") + "/postgres",
                         autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base_url}/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'tinh.sqlite'}"
    return new_database(request.getfixturevalue("postgres"))


@pytest.fixture
def province(db_url):
    server = ThreadServer(db_url).start()
    yield server
    server.stop()


@pytest.fixture
def enrolled(province, demo_db):
    enroll(demo_db, server=province.url, code=province.issue_code(COMMUNE))
    return demo_db


@pytest.fixture
def client(enrolled, province):
    return client_for(enrolled, province)


@pytest.fixture
def device(province) -> SyncClient:
    """A client enrolled as device "dev-test" of the commune, with no commune database behind it."""
    answer = SyncClient(province.url).enrol(code=province.issue_code(COMMUNE), device_id="dev-test", commune=COMMUNE)
    return SyncClient(province.url, answer["token"], retry=FAST)


def granted(device: SyncClient, province) -> SyncClient:
    """The device with a restore grant: the province issued a restore code, the device exchanged it."""
    device.restore_grant = device.open_restore(code=province.issue_restore_code(COMMUNE))["grant"]
    return device
