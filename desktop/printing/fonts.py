"""The bundled serif family for formal documents, registered with reportlab once.

Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần I, Mục I.4 asks for "Phông chữ tiếng Việt Times
New Roman". Times New Roman itself may not be redistributed, so we ship Liberation Serif
2.1.5 (SIL Open Font License 1.1, desktop/resources/fonts/LICENSE-Liberation.txt): it is
metric-compatible with Times New Roman (same advance widths, so lines break where they would
in Word) and covers every precomposed Vietnamese letter in all four styles (checked by
tests/printing/test_fonts.py). Shipping it means a PDF looks the same on any PC; reportlab
embeds only the glyphs used (a subset). The decision and the whole certificate use it (the
certificate has no separate decorative face).

reportlab does no shaping: a decomposed (NFD) letter prints its mark beside the base
letter. Everything drawn passes through `nfc` first.
"""

from __future__ import annotations

import threading
import unicodedata
from pathlib import Path
from typing import Literal

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desktop.paths import resources_dir

FAMILY = "XHHTSerif"
REGULAR, BOLD, ITALIC, BOLD_ITALIC = FAMILY, f"{FAMILY}-Bold", f"{FAMILY}-Italic", f"{FAMILY}-BoldItalic"
FILES = {
    REGULAR: "LiberationSerif-Regular.ttf",
    BOLD: "LiberationSerif-Bold.ttf",
    ITALIC: "LiberationSerif-Italic.ttf",
    BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
}

_lock = threading.Lock()
_registered = False


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def register_fonts(folder: Path | None = None) -> str:
    """Register the four styles and the family (bold/italic mapping); returns the family."""
    global _registered
    with _lock:
        if _registered:
            return FAMILY
        folder = folder or fonts_dir()
        for name, file in FILES.items():
            path = folder / file
            if not path.is_file():
                raise FileNotFoundError(f"Thiếu tệp phông chữ {path}")
            pdfmetrics.registerFont(TTFont(name, str(path)))
        pdfmetrics.registerFontFamily(FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC)
        # Paragraph markup (<b>, <i>) looks fonts up through this mapping.
        faces: tuple[tuple[Literal[0, 1], Literal[0, 1], str], ...] = (
            (0, 0, REGULAR), (1, 0, BOLD), (0, 1, ITALIC), (1, 1, BOLD_ITALIC))
        for bold, italic, name in faces:
            addMapping(FAMILY, bold, italic, name)
        _registered = True
        return FAMILY


def nfc(text: object) -> str:
    """The one form reportlab draws correctly (precomposed letters)."""
    return unicodedata.normalize("NFC", "" if text is None else str(text))


def width(text: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(nfc(text), font, size)


def fit_size(text: str, font: str, size: float, max_width: float, *, minimum: float = 6.0) -> float:
    """The largest size up to `size` at which `text` fits `max_width` (never below `minimum`)."""
    natural = width(text, font, size)
    if natural <= max_width or natural == 0:
        return size
    return max(minimum, size * max_width / natural * 0.999)


def split_in_two(text: str, font: str, size: float) -> list[str]:
    """Break `text` at the word that makes its two lines most even (one line if one word)."""
    words = nfc(text).split()
    if len(words) < 2:
        return [" ".join(words)]
    candidates = ([" ".join(words[:i]), " ".join(words[i:])] for i in range(1, len(words)))
    return min(candidates, key=lambda lines: max(width(line, font, size) for line in lines))


def balanced_lines(text: str, font: str, size: float, max_width: float) -> list[str]:
    """A centred title that needs two lines breaks near its middle, not before its last word.

    Returns one line when it fits, two balanced lines when that works, else the text
    unchanged in one item (the caller's normal wrapping takes over).
    """
    text = nfc(text)
    if width(text, font, size) <= max_width:
        return [text]
    lines = split_in_two(text, font, size)
    if len(lines) == 2 and all(width(line, font, size) <= max_width for line in lines):
        return lines
    return [text]
