"""The bundled print face covers Vietnamese and ships with its licence (desktop/printing/fonts.py)."""

import unicodedata

import pytest
from reportlab.pdfbase.ttfonts import TTFontFile

from desktop.printing.fonts import FILES, fonts_dir

VOWELS = "aăâeêioôơuưy"
MARKS = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")  # huyền, sắc, ngã, hỏi, nặng


def vietnamese_letters() -> set[str]:
    letters = set("đĐ") | set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    for vowel in VOWELS:
        for mark in MARKS:
            for letter in (vowel, vowel.upper()):
                composed = unicodedata.normalize("NFC", letter + mark)
                assert len(composed) == 1  # every Vietnamese letter has a precomposed form
                letters.add(composed)
    return letters | set("ỦY BAN NHÂN DÂN Độc lập - Tự do - Hạnh phúc ữ ỹ ẵ ặ ờ ợ “”–./:;,()")


def test_the_set_holds_twelve_vowels_in_six_tones_in_both_cases():
    assert len({c for c in vietnamese_letters() if c.lower() in set(
        unicodedata.normalize("NFC", v + m) for v in VOWELS for m in MARKS)}) == 12 * 6 * 2


@pytest.mark.parametrize("name", sorted(FILES))
def test_each_style_covers_every_vietnamese_letter(name):
    face = TTFontFile(str(fonts_dir() / FILES[name]))
    assert face.name.decode().startswith("LiberationSerif")
    missing = sorted(c for c in vietnamese_letters() if c.strip() and ord(c) not in face.charToGlyph)
    assert missing == []


def test_the_licence_ships_beside_the_fonts():
    text = (fonts_dir() / "LICENSE-Liberation.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in text and "Reserved Font Name Liberation" in text
