"""The bundled font: every Vietnamese mark renders on any PC, with or without system fonts.

A bare Windows install renders Vietnamese, but a minimal Linux box (or CI) has no font
at all and shows empty boxes. DejaVu Sans (Bitstream Vera licence, desktop/resources/fonts/
LICENSE-DejaVu.txt) covers Latin Extended Additional, where the stacked marks live.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from desktop.paths import resources_dir

log = logging.getLogger(__name__)

FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")

_loaded: list[str] = []  # families already added (addApplicationFont would add twice)


def load_fonts(folder: Path | None = None) -> list[str]:
    """Add the bundled fonts to Qt's database; returns their families (once per process)."""
    if _loaded:
        return list(_loaded)
    folder = folder or resources_dir() / "fonts"
    for name in FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(folder / name))
        if font_id < 0:
            log.warning("Không nạp được phông chữ %s", folder / name)
            continue
        for family in QFontDatabase.applicationFontFamilies(font_id):
            if family not in _loaded:
                _loaded.append(family)
    return list(_loaded)


def install_fonts(app: QGuiApplication) -> str:
    """Load the bundled fonts and make the first the application font; returns its family.

    The platform's point size is kept (users who enlarged text keep it). Without the
    files the platform font stays and its family is returned.
    """
    families = load_fonts()
    font = QFont(app.font())
    if not families:
        return font.family()
    font.setFamily(families[0])
    app.setFont(font)
    return families[0]
