"""Vietnamese text: tidy storage form, diacritic-free search form, dictionary order.

Stored text is NFC and trimmed; searches compare `fold` forms; lists sort with
`vietnamese_key` (alphabet a ă â b c d đ … y, tones as a secondary key).

Written here on purpose: Unicode decomposition leaves đ whole (it has no combining form),
so the usual strip-the-marks recipe and SQLite's remove_diacritics miss it; the folded
form is stored in the search index, so it must never change with a library's version;
and the order an officer expects (ă, â after a, đ after d, people by given name) needs
ICU's Vietnamese collation, a native dependency, or QCollator, which is Qt and not allowed
below the UI.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Invisible characters that copy/paste from Word, web pages and Excel leave behind, control
# characters (a NUL in a note made PostgreSQL refuse every later push of the commune) and
# lone surrogates (not text in any encoding a file or a server keeps).
_CONTROLS = [c for c in (*range(0x00, 0x09), *range(0x0e, 0x1c), 0x7f, *range(0x80, 0x85), *range(0x86, 0xa0))]
_INVISIBLE = dict.fromkeys([*map(ord, "\u200b\ufeff\u00ad"), *_CONTROLS, *range(0xD800, 0xE000)], None)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u2010": "-", "\u2011": "-"})


def normalize_text(value: str | None) -> str:
    """NFC, trimmed, every run of whitespace (NBSP, tabs, newlines…) made one space."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value).translate(_INVISIBLE))
    # str.split() without arguments splits on all Unicode whitespace, NBSP included.
    return " ".join(text.split())


def _capitalise_word(word: str) -> str:
    # A capital starts the word and follows a hyphen or apostrophe: "H'Mông", "Bru-Vân".
    out = []
    start = True
    for ch in word:
        if ch in "-'":
            start = True
            out.append(ch)
        elif start and ch.isalpha():
            upper = ch.upper()
            out.append(upper if len(upper) == 1 else ch)
            start = False
        else:
            out.append(ch.lower())
            if ch.isalnum():
                start = False
    return "".join(out)


def clean_name(value: str | None) -> str:
    """Person or place name as stored: "  NGUYỄN  văn an " -> "Nguyễn Văn An"."""
    text = normalize_text(value).translate(_APOSTROPHES)
    return unicodedata.normalize("NFC", " ".join(_capitalise_word(w) for w in text.split(" ") if w))


# --- search form -----------------------------------------------------------------


class _FoldTable(dict):
    """str.translate table filled on first sight of each character.

    Per character: lowercase, decompose, drop combining marks, đ -> d. Combining marks
    arriving on their own (NFD input) map to nothing, so NFC and NFD fold the same.
    """

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch.isspace():
            result = " "
        elif unicodedata.combining(ch) or unicodedata.category(ch) == "Mn":
            result = ""
        else:
            decomposed = unicodedata.normalize("NFD", ch.lower())
            result = "".join(c for c in decomposed if not (unicodedata.combining(c) or unicodedata.category(c) == "Mn"))
            result = result.replace("đ", "d")
        self[code] = result
        return result


_FOLD = _FoldTable(_INVISIBLE)
_FOLD[ord("đ")] = "d"
_FOLD[ord("Đ")] = "d"


def fold(value: str | None) -> str:
    """Search form: "Nguyễn Thị Hường" -> "nguyen thi huong", "ĐẮK LẮK" -> "dak lak"."""
    if not value:
        return ""
    if value.isascii():  # most search input and many stored codes: skip the table
        return " ".join(value.lower().split())
    return " ".join(value.translate(_FOLD).split())


# --- names -------------------------------------------------------------------------


def split_full_name(full: str) -> tuple[str, str, str]:
    """(family, middle, given): "nguyễn văn an" -> ("Nguyễn", "Văn", "An")."""
    words = clean_name(full).split()
    if not words:
        return ("", "", "")
    if len(words) == 1:
        return ("", "", words[0])
    return (words[0], " ".join(words[1:-1]), words[-1])


def join_name(family: str, middle: str, given: str) -> str:
    """Full name from its parts, cleaned, empty parts skipped."""
    return " ".join(part for part in (clean_name(family), clean_name(middle), clean_name(given)) if part)


# --- collation ---------------------------------------------------------------------

# The 29 letters in dictionary order, with f j w z slotted where Latin puts them.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# Primary weights are small non-negative ints (store/collation.py packs them into an
# indexed text column): a letter of the alphabet is one int; a symbol, a number or a
# letter from another script is a tag then its value, and the tags order them
# symbols < numbers < Vietnamese alphabet < other letters (Greek, CJK…).
_SYMBOL_TAG = 1
_NUMBER_TAG = 2
_LETTER_RANK = {ch: 16 + i for i, ch in enumerate(_ALPHABET)}
_OTHER_TAG = 64

# Dictionary tone order: ngang (none), huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Marks that make a different letter rather than a tone.
_SHAPES = {
    "\u0306": {"a": "ă"},
    "\u0302": {"a": "â", "e": "ê", "o": "ô"},
    "\u031b": {"o": "ơ", "u": "ư"},
}
_WORD_SPLIT = re.compile(r"[\s\-\u2010\u2011\u2013]+")


@lru_cache(maxsize=200_000)
def _word_key(word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    # Work on NFD so marks typed in any order (tone before shape) are each seen.
    letters: list[str] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in _TONES:
            tones.append(_TONES[ch])
        elif ch in _SHAPES:
            if letters and letters[-1] in _SHAPES[ch]:
                letters[-1] = _SHAPES[ch][letters[-1]]
        elif unicodedata.combining(ch) or ch in "'\u2019\u02bc":
            continue  # other accents and apostrophes do not change the order
        else:
            letters.append(ch)
    primary: list[int] = []
    number: int | None = None
    for ch in letters:
        if ch.isdecimal():
            # Runs of digits compare as numbers: "Thôn 2" before "Thôn 10".
            number = (number or 0) * 10 + unicodedata.decimal(ch)
            continue
        if number is not None:
            primary += (_NUMBER_TAG, number)
            number = None
        if ch in _LETTER_RANK:
            primary.append(_LETTER_RANK[ch])
        else:
            primary += (_OTHER_TAG if ch.isalpha() else _SYMBOL_TAG, ord(ch))
    if number is not None:
        primary += (_NUMBER_TAG, number)
    # Tone compares only after all base letters of the word; "hoà" and "hòa" tie.
    return (tuple(primary), tuple(tones))


@lru_cache(maxsize=100_000)
def _text_key(text: str) -> tuple:
    # A "word" of only apostrophes or stray marks has nothing to sort on: drop it, so
    # that no word key starts with an empty tuple (store/collation.py relies on it).
    return tuple(key for key in map(_word_key, _WORD_SPLIT.split(text)) if key[0])


def vietnamese_key(text: str) -> tuple:
    """Sort key in Vietnamese dictionary order, syllable by syllable, case-insensitive."""
    # Name parts repeat a lot (Nguyễn, Thị, Văn…), so whole texts are cached too.
    return _text_key(text) if text else ()


def name_sort_key(family: str, middle: str, given: str) -> tuple:
    """Vietnamese register order: by given name, then middle name, then family name."""
    return (vietnamese_key(given), vietnamese_key(middle), vietnamese_key(family))


def format_count(value: int) -> str:
    """20000 -> "20.000": Vietnamese writes a dot between thousands."""
    return f"{value:,}".replace(",", ".")


def format_decimal(value: float) -> str:
    """4.5 -> "4,5", 4.0 -> "4": and a comma before decimals."""
    return f"{value:g}".replace(".", ",")
