"""Shared fixtures: a migrated commune database made once, copied fresh for each test."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from desktop.services.commune import init_commune
from desktop.store.db import open_database

COMMUNE = "17380"  # Xã Yên Xuân, Nghệ An

# Sync secrets: never the developer's keyring, never their data folder (desktop/sync/secret_store.py).
# Set at import so session fixtures and subprocesses inherit it; each test then gets a folder of its own.
os.environ["XHHT_SECRET_STORE"] = "file"
os.environ["XHHT_KEY_DIR"] = tempfile.mkdtemp(prefix="xhht-keys-")


@pytest.fixture(autouse=True)
def key_dir(tmp_path_factory, monkeypatch) -> Path:
    """This test's folder for the sealing key (the user's data folder on a real PC)."""
    folder = tmp_path_factory.mktemp("keys")
    monkeypatch.setenv("XHHT_KEY_DIR", str(folder))
    return folder


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
