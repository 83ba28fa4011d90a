"""Where the program keeps its files: the user's data folder (platformdirs), and the
bundled resources/ folder (fonts, translations, criteria sets)."""

from __future__ import annotations

import sys
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "XHHT"


def data_dir() -> Path:
    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_database() -> Path:
    return data_dir() / "xhht.sqlite"


def resources_dir() -> Path:
    """The project's resources/ folder; inside a PyInstaller bundle, the bundle's copy."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"
