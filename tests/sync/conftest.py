"""Fixtures of the sync tests: a demo commune made once and copied fresh for each test,
a live province server per test, and a commune database enrolled with it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.services.commune import init_commune
from desktop.services.demo.build import build_demo
from desktop.store.db import open_database
from desktop.sync.service import enroll
from tests.conftest import COMMUNE
from tests.sync.live import ThreadServer, client_for

DEMO_YEAR = 2025


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    init_commune(path, COMMUNE)
    with open_database(path) as db:
        build_demo(db=db, households=50, seed=1, year=DEMO_YEAR)
    return path


@pytest.fixture
def demo_db(demo_template, tmp_path):
    path = tmp_path / "xa.sqlite"
    shutil.copyfile(demo_template, path)
    database = open_database(path)
    yield database
    database.close()


@pytest.fixture
def province(tmp_path):
    server = ThreadServer(f"sqlite:///{tmp_path / 'tinh.sqlite'}").start()
    yield server
    server.stop()


@pytest.fixture
def enrolled(province, demo_db):
    """The demo commune enrolled with the live server (nothing pushed yet)."""
    enroll(demo_db, server=province.url, code=province.issue_code(COMMUNE))
    return demo_db


@pytest.fixture
def client(enrolled, province):
    return client_for(enrolled, province)
