"""Vietnamese typed in the old 8-bit font encodings (TCVN3/ABC and VNI), made Unicode.

Communes' old spreadsheets were typed with fonts that drew Vietnamese glyphs over Latin-1
code points, so read as Unicode (Windows-1252 underneath) the text looks like garbage:
TCVN3 "Hµ Néi" and VNI "Haø Noäi" are both "Hà Nội".

TCVN3 (TCVN 5712:1993, the "VN3" font subset; fonts .VnTime, .VnArial…) puts one precomposed
lower-case letter on one byte; of the capitals it has only Ă Â Ê Ô Ơ Ư Đ (0xA1–0xA7).
Capitals with a tone are drawn by the upper-case fonts (.VnTimeH, .VnArialH…) from the
*lower-case* code points, so "HÀ NỘI" typed in .VnTimeH is stored as "Hµ NéI": only the font
name tells the two apart. `from_tcvn3(..., upper=True)` (and `to_unicode` given such a font
name) upper-cases the result; without it, capitals with tones come out lower-case. The
capitals that the full standard (VN1) puts in the gaps of the lower-case block (0xAF–0xF0)
are read as those capitals too; as far as the sources show, VN3 fonts leave those bytes
unused.

VNI (VNI-Times, VNI-Helve…) writes a base letter and then one mark character that carries
the tone and/or the hat (ˆ, ˘); ơ, ư, đ, ĩ, ỉ, ị, ỵ, ì, í have their own byte.

Sources (independent of each other; every letter cross-checked between them):
- apple-open-source/macos, X11/xc/extras/X-TrueType/TCVN/TCVNtoUCS2.c (TCVN 5712 byte →
  UCS-2 table, from Nguyen-Dai Quy's description of the standard);
- duydev/vietnamese-conversion, src/charsets.ts (Unicode ↔ TCVN3 ↔ VNI letter lists);
- khiemdoan/VBKey, Modules/mdlCodeTable.bas (TCVN3_TABLE, VNI_WINDOWS_TABLE; stored as
  Mac Roman, read back through Windows-1252 it agrees with both of the above).

Ambiguous on the text alone, so left as Unicode unless the font name says otherwise: a
TCVN3 or VNI string whose every byte is also a Vietnamese letter in Unicode ("Vò" is TCVN3
for "Vũ", "Hoà" is VNI for "Hồ"). Text read through code page 1258 instead of 1252 is not
handled (bytes 0xC3, 0xD0, 0xD2… differ).
"""

from __future__ import annotations

import re
import unicodedata

# Tone order in the rows below: none, sắc, huyền, hỏi, ngã, nặng.
_TONE_MARKS = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")

# TCVN3 code points as Windows-1252 shows them, one row per vowel, tones in the order above.
_TCVN3_ROWS = {
    "a": "a\u00b8\u00b5\u00b6\u00b7\u00b9",
    "ă": "\u00a8\u00be\u00bb\u00bc\u00bd\u00c6",
    "â": "\u00a9\u00ca\u00c7\u00c8\u00c9\u00cb",
    "e": "e\u00d0\u00cc\u00ce\u00cf\u00d1",
    "ê": "\u00aa\u00d5\u00d2\u00d3\u00d4\u00d6",
    "i": "i\u00dd\u00d7\u00d8\u00dc\u00de",
    "o": "o\u00e3\u00df\u00e1\u00e2\u00e4",
    "ô": "\u00ab\u00e8\u00e5\u00e6\u00e7\u00e9",
    "ơ": "\u00ac\u00ed\u00ea\u00eb\u00ec\u00ee",
    "u": "u\u00f3\u00ef\u00f1\u00f2\u00f4",
    "ư": "\u00ad\u00f8\u00f5\u00f6\u00f7\u00f9",
    "y": "y\u00fd\u00fa\u00fb\u00fc\u00fe",
}
_TCVN3_OTHERS = {
    "\u00ae": "đ",
    "\u00a1": "Ă", "\u00a2": "Â", "\u00a3": "Ê", "\u00a4": "Ô", "\u00a5": "Ơ", "\u00a6": "Ư",
    "\u00a7": "Đ",
    # VN1 capitals in the gaps of the lower-case block.
    "\u00af": "Ằ", "\u00ba": "Ẳ", "\u00bf": "Ẵ", "\u00c0": "Ắ", "\u00c1": "Ầ", "\u00c2": "Ẩ",
    "\u00c3": "Ẫ", "\u00c4": "Ấ", "\u00c5": "Ề", "\u00cd": "Ể", "\u00d9": "Ễ", "\u00da": "Ế",
    "\u00db": "Ồ", "\u00e0": "Ổ", "\u00f0": "Ỗ",
}


def _with_tone(letter: str, tone: int) -> str:
    return unicodedata.normalize("NFC", letter + _TONE_MARKS[tone])


_TCVN3_TO_UNICODE: dict[str, str] = dict(_TCVN3_OTHERS)
for _vowel, _row in _TCVN3_ROWS.items():
    for _tone, _code in enumerate(_row):
        if _code != _vowel:  # a plain ASCII vowel stays itself
            _TCVN3_TO_UNICODE[_code] = _with_tone(_vowel, _tone)
_TCVN3_TABLE = str.maketrans(_TCVN3_TO_UNICODE)

# VNI: marks that follow a base vowel (lower-case forms; the upper-case ones are their
# Windows-1252 capitals). Each gives (hat, tone index); hat is "" , "\u0302" (ˆ) or "\u0306" (˘).
_VNI_MARKS_LOWER = {
    "\u00f9": ("", 1), "\u00f8": ("", 2), "\u00fb": ("", 3), "\u00f5": ("", 4), "\u00ef": ("", 5),
    "\u00e2": ("\u0302", 0), "\u00e1": ("\u0302", 1), "\u00e0": ("\u0302", 2),
    "\u00e5": ("\u0302", 3), "\u00e3": ("\u0302", 4), "\u00e4": ("\u0302", 5),
    "\u00ea": ("\u0306", 0), "\u00e9": ("\u0306", 1), "\u00e8": ("\u0306", 2),
    "\u00fa": ("\u0306", 3), "\u00fc": ("\u0306", 4), "\u00eb": ("\u0306", 5),
}
_VNI_MARKS = {**_VNI_MARKS_LOWER, **{k.upper(): v for k, v in _VNI_MARKS_LOWER.items()}}
# Letters with a byte of their own.
_VNI_LETTERS_LOWER = {
    "\u00f4": "ơ", "\u00f6": "ư", "\u00f1": "đ",
    "\u00ec": "ì", "\u00ed": "í", "\u00e6": "ỉ", "\u00f3": "ĩ", "\u00f2": "ị", "\u00ee": "ỵ",
}
_VNI_LETTERS = {**_VNI_LETTERS_LOWER, **{k.upper(): v.upper() for k, v in _VNI_LETTERS_LOWER.items()}}
# Which bases take a hat: ˆ on a, e, o; ˘ on a only. Tones go on every vowel base.
_HAT_BASES = {"\u0302": "aeoAEO", "\u0306": "aA"}
_TONE_BASES = "aeiouyAEIOUYơưƠƯ"

_TCVN3_FONT = re.compile(r"^\s*\.vn", re.IGNORECASE)
_TCVN3_UPPER_FONT = re.compile(r"^\s*\.vn.*h\s*$", re.IGNORECASE)
_VNI_FONT = re.compile(r"^\s*vni[\s_-]", re.IGNORECASE)


def from_tcvn3(text: str, *, upper: bool = False) -> str:
    """TCVN3 (ABC) text read through Windows-1252 → NFC Unicode.

    `upper=True` for the upper-case fonts (.VnTimeH…), whose capitals with tones share the
    lower-case code points: the whole result is then upper-cased.
    """
    out = text.translate(_TCVN3_TABLE)
    if upper:
        out = out.upper()
    return unicodedata.normalize("NFC", out)


def from_vni(text: str) -> str:
    """VNI Windows text read through Windows-1252 → NFC Unicode.

    A mark character joins the vowel just before it when that vowel can carry it (ˆ on
    a/e/o, ˘ on a, a tone on any vowel, ơ and ư included); otherwise it is left as it is.
    """
    out: list[str] = []
    open_base = False  # the last character is a vowel that has not yet taken a mark
    for ch in text:
        mark = _VNI_MARKS.get(ch)
        if mark is not None and open_base:
            hat, tone = mark
            base = out[-1]
            if (hat and base in _HAT_BASES[hat]) or (not hat and base in _TONE_BASES):
                out[-1] = unicodedata.normalize("NFC", base + hat + _TONE_MARKS[tone])
                open_base = False
                continue
        letter = _VNI_LETTERS.get(ch, ch)
        out.append(letter)
        open_base = letter in _TONE_BASES
    return unicodedata.normalize("NFC", "".join(out))


def _vietnamese_letters() -> frozenset[str]:
    letters = {"đ", "Đ"}
    for vowel in ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"):
        for tone in range(6):
            low = _with_tone(vowel, tone)
            letters.update((low, low.upper()))
    return frozenset(letters)


VIETNAMESE_LETTERS = _vietnamese_letters()
# Vietnamese letters a Windows-1252 byte can never show: their presence proves Unicode.
_UNICODE_ONLY = frozenset(c for c in VIETNAMESE_LETTERS if ord(c) > 0xFF)
_TCVN3_CHARS = frozenset(_TCVN3_TO_UNICODE)
_VNI_CHARS = frozenset(_VNI_MARKS) | frozenset(_VNI_LETTERS)
_LEGACY_CHARS = _TCVN3_CHARS | _VNI_CHARS
# A vowel followed by a Latin-1 letter with a hat or tone, which Vietnamese never writes
# (after a, e: only plain i, o, u, y follow; after y only ê; no tone mark after a plain o or
# u, no â after o) but VNI does for every hat and tone.
_VNI_PAIR = re.compile(
    "[aeAE][\u00c0-\u00ff]"
    "|[yY][\u00c0-\u00c9\u00cb-\u00e9\u00eb-\u00ff]"
    "|(?:[oO]|(?<![qQ])[uU])[\u00f9\u00f8\u00f5\u00d9\u00d8\u00d5]"  # "quõ" is Vietnamese
    "|[oO][\u00e2\u00c2]"
)
_VOWELS = frozenset("aeiouyAEIOUY")
_AFTER_MARK = _VOWELS | frozenset("\u00f4\u00f6\u00d4\u00d6")  # VNI ơ, ư take a tone mark too


def _starts_letter(text: str, i: int) -> bool:
    """True when text[i] opens a syllable or follows a plain consonant (a whole vowel there)."""
    if i == 0:
        return True
    before = text[i - 1]
    return before not in _VOWELS and before not in _LEGACY_CHARS


def _score_tcvn3(text: str) -> int:
    score = 0
    for i, ch in enumerate(text):
        if ch in _TCVN3_CHARS:
            if ch not in _VNI_CHARS:
                score += 2
            elif _starts_letter(text, i):
                score += 1
    return score


def _score_vni(text: str) -> int:
    score = 0
    for i, ch in enumerate(text):
        if ch in _VNI_CHARS:
            if ch not in _TCVN3_CHARS:
                score += 2
            elif ch in _VNI_MARKS and i > 0 and text[i - 1] in _AFTER_MARK:
                score += 1  # a mark right after its vowel
            elif ch in _VNI_LETTERS and _starts_letter(text, i):
                score += 1
    return score


def _leftovers(text: str) -> int:
    """Characters that are neither ASCII nor a Vietnamese letter: garbage after conversion."""
    return sum(1 for c in text if ord(c) > 0x7F and c not in VIETNAMESE_LETTERS and c in _LEGACY_CHARS)


def guess_encoding(text: str, *, font_name: str | None = None) -> str:
    """"unicode", "tcvn3" or "vni" for one cell's text.

    Never "tcvn3"/"vni" for text that holds a Vietnamese letter only Unicode has (ạ, ư, ề…)
    or a combining mark. The font name decides next; without one, the text needs a byte
    that is no Vietnamese letter (µ, ø, ª…) or a pair Vietnamese never writes ("eã", "aê"),
    and the encoding whose typical bytes it has more of wins; a tie goes to the conversion
    that leaves fewer stray bytes, and stays "unicode" if that ties too.
    """
    if any(c in _UNICODE_ONLY or unicodedata.combining(c) for c in text):
        return "unicode"
    if font_name:
        if _VNI_FONT.match(font_name):
            return "vni"
        if _TCVN3_FONT.match(font_name):
            return "tcvn3"
    if text.isascii():
        return "unicode"
    garbage = any(c in _LEGACY_CHARS and c not in VIETNAMESE_LETTERS for c in text)
    if not garbage and not _VNI_PAIR.search(text):
        return "unicode"
    tcvn3, vni = _score_tcvn3(text), _score_vni(text)
    if _VNI_PAIR.search(text):
        vni += 1
    if tcvn3 == vni:
        left_t, left_v = _leftovers(from_tcvn3(text)), _leftovers(from_vni(text))
        if left_t == left_v:
            return "unicode"
        return "tcvn3" if left_t < left_v else "vni"
    return "tcvn3" if tcvn3 > vni else "vni"


def to_unicode(text: str, *, font_name: str | None = None, encoding: str | None = None) -> str:
    """The cell's text as NFC Unicode, converted from TCVN3 or VNI when `guess_encoding` says so
    (or `encoding`, when the caller has decided already).

    Decomposed Unicode (a letter and combining marks, as code page 1258 leaves it) comes out
    composed. Whitespace is left alone: `desktop.domain.text.normalize_text` tidies it, and
    must run after this, not before: it drops U+00AD, which is TCVN3's "ư".
    """
    encoding = encoding or guess_encoding(text, font_name=font_name)
    if encoding == "tcvn3":
        return from_tcvn3(text, upper=bool(font_name and _TCVN3_UPPER_FONT.match(font_name)))
    if encoding == "vni":
        return from_vni(text)
    return unicodedata.normalize("NFC", text)


def is_legacy_font(font_name: str | None) -> bool:
    """A TCVN3 (.VnTime…) or VNI (VNI-Times…) font: its cells hold text in that encoding."""
    return bool(font_name) and bool(_VNI_FONT.match(font_name or "") or _TCVN3_FONT.match(font_name or ""))
