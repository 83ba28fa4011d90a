"""Where the program keeps its files: the user's data folder (platformdirs), and the
bundled resources (fonts, translations, criteria sets) shipped inside the package."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "XHHT"


def data_dir() -> Path:
    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_database() -> Path:
    return data_dir() / "xhht.sqlite"


def resources_dir() -> Path:
    """desktop/resources, package data: found the same way in a checkout, an installed wheel
    and a PyInstaller bundle (which must collect it: --collect-data desktop).

    reportlab and Qt take fonts by file name, so this has to be a real folder, not a zip."""
    folder = files("desktop") / "resources"
    if not isinstance(folder, Path):
        raise RuntimeError(f"desktop/resources must be a folder on disk, not inside {folder!r}")
    return folder
