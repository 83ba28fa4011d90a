"""Vietnamese name order as a plain text column, so SQLite can ORDER BY it with an index.

`desktop.domain.text.name_sort_key` returns nested tuples of non-negative ints; this
encodes them into a string whose binary (UTF-8) order equals the tuple order: an int
becomes its digit count then its digits in base 0xD700 (code points above the markers,
below the surrogates); each tuple opens with a marker and ends with a terminator that
sorts below everything, so a prefix sorts first, as in tuple comparison, even when a
member is an empty tuple.
"""

from __future__ import annotations

from functools import lru_cache

from desktop.domain.text import vietnamese_key

_TERMINATOR = "\x01"
_OPEN = "\x02"
_OFFSET = 0x100
_BASE = 0xD800 - _OFFSET


def _encode_int(value: int) -> str:
    if value < 0:
        raise ValueError(f"sort key components must not be negative: {value}")
    digits = []
    while True:
        value, digit = divmod(value, _BASE)
        digits.append(chr(_OFFSET + digit))
        if value == 0:
            break
    return chr(_OFFSET + len(digits)) + "".join(reversed(digits))


def encode_key(key) -> str:
    if isinstance(key, bool) or not isinstance(key, (int, tuple, list)):
        raise TypeError(f"cannot encode {type(key).__name__} in a sort key")
    if isinstance(key, int):
        return _encode_int(key)
    return _OPEN + "".join(encode_key(part) for part in key) + _TERMINATOR


@lru_cache(maxsize=50_000)
def _part(text: str) -> str:
    return encode_key(vietnamese_key(text))


def name_sort_text(family: str, middle: str, given: str) -> str:
    """encode_key(name_sort_key(...)), built from cached parts: names repeat a lot in a commune.

    tests/store/test_collation.py checks it stays equal to the plain encoding.
    """
    return _OPEN + _part(given) + _part(middle) + _part(family) + _TERMINATOR
