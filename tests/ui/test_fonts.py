"""The bundled font is the application font and has a glyph for every Vietnamese letter."""

from __future__ import annotations

import unicodedata

import pytest
from PySide6.QtGui import QFont, QFontInfo, QFontMetrics
from PySide6.QtWidgets import QApplication

from desktop.paths import resources_dir
from desktop.ui.fonts import FONT_FILES, install_fonts

VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # huyền, sắc, hỏi, ngã, nặng


def every_vietnamese_letter() -> str:
    lower = "".join(unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES) + "đ"
    return lower + lower.upper()


def test_the_font_files_and_their_licence_are_shipped():
    folder = resources_dir() / "fonts"
    assert all((folder / name).stat().st_size > 100_000 for name in FONT_FILES)
    assert list(folder.glob("LICENSE-*.txt"))


@pytest.fixture
def family(qapp):
    before = QApplication.font()
    yield install_fonts(qapp)
    QApplication.setFont(before)


def test_install_fonts_sets_the_application_font(qapp, family):
    assert family == "DejaVu Sans"
    assert QApplication.font().family() == family
    assert QFontInfo(QApplication.font()).family() == family  # really resolved, not a fallback
    assert install_fonts(qapp) == family  # a second call is harmless


def test_no_vietnamese_glyph_is_missing(family):
    for weight in (QFont.Weight.Normal, QFont.Weight.Bold):
        font = QFont(family)
        font.setWeight(weight)
        metrics = QFontMetrics(font)
        text = unicodedata.normalize("NFC", "Nguyễn Thị Hường Đắk Lắk") + every_vietnamese_letter()
        missing = [ch for ch in text if not metrics.inFontUcs4(ord(ch))]
        assert missing == [], f"{weight}: {missing}"
