"""Where the program keeps its files on this PC (the user's data folder, via platformdirs)."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "XHHT"


def data_dir() -> Path:
    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_database() -> Path:
    return data_dir() / "xhht.sqlite"
