"""Shared fixtures: a migrated commune database made once, copied fresh for each test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.services.commune import init_commune
from desktop.store.db import open_database

COMMUNE = "17380"  # Xã Yên Xuân, Nghệ An


@pytest.fixture(scope="session")
def template_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "commune.sqlite"
    init_commune(path, COMMUNE)
    return path


@pytest.fixture
def db_path(template_db, tmp_path) -> Path:
    path = tmp_path / "xhht.sqlite"
    shutil.copyfile(template_db, path)
    return path


@pytest.fixture
def db(db_path):
    database = open_database(db_path)
    yield database
    database.close()
