"""Check values that make a printed certificate verifiable and hard to forge.

A certificate carries its register number (from the commune's sổ cấp) and a short code
computed with the commune's secret key over what the paper says: commune, register
number, year, title and name. Anyone holding the register can recompute it; someone who
edits the name or the number on a scan cannot, without the key.

The code is 8 characters of Crockford base32 (no I, L, O, U: nothing to misread), shown
as "ABCD-EFGH"; 40 bits is plenty against guessing one certificate at a time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from desktop.domain.text import normalize_text

CHECK_LENGTH = 8
QR_PREFIX = "XHHT"
_VERSION = "v1"  # part of the signed message: a later scheme cannot collide with this one

_RFC4648 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_TO_CROCKFORD = str.maketrans(_RFC4648, _CROCKFORD)
# What people type instead of the real character.
_TYPED = str.maketrans({"O": "0", "I": "1", "L": "1", "-": None, " ": None, "\u2013": None})


def _ascii_code(value: object) -> str:
    """Register numbers and title ids compare without case, spaces or the bar of Đ."""
    text = normalize_text(str(value)).upper().replace("Đ", "D")
    return "".join(text.split())


def _message(commune_code: str, register_number: str, year: int, title: str, name: str) -> bytes:
    parts = (
        _VERSION,
        _ascii_code(commune_code),
        _ascii_code(register_number),
        str(int(year)),
        _ascii_code(title),
        # Names are compared as printed: NFC, single spaces, case-insensitive.
        normalize_text(name).upper(),
    )
    return "\x1f".join(parts).encode("utf-8")


def check_value(secret: bytes, *, commune_code: str, register_number: str, year: int,
                title: str, name: str) -> str:
    """The 8-character check value (ungrouped), e.g. "7KQ2M9XD"."""
    if not secret:
        raise ValueError("secret must not be empty")
    digest = hmac.new(secret, _message(commune_code, register_number, year, title, name),
                      hashlib.sha256).digest()
    return base64.b32encode(digest[:5]).decode("ascii").translate(_TO_CROCKFORD)


def group(check: str) -> str:
    """"7KQ2M9XD" -> "7KQ2-M9XD", the form printed on the paper."""
    clean = normalise_typed(check)
    half = len(clean) // 2
    return f"{clean[:half]}-{clean[half:]}" if clean else ""


def normalise_typed(check: str) -> str:
    """What someone typed (dashes, spaces, lower case, O for 0) -> the canonical code."""
    return normalize_text(check).upper().translate(_TYPED)


def verify(secret: bytes, check: str, *, commune_code: str, register_number: str, year: int,
           title: str, name: str) -> bool:
    """True when `check` (grouped or not, as typed) belongs to exactly these facts."""
    expected = check_value(secret, commune_code=commune_code, register_number=register_number,
                           year=year, title=title, name=name)
    return hmac.compare_digest(expected, normalise_typed(check))


def qr_payload(*, commune_code: str, register_number: str, year: int, title: str, check: str) -> str:
    """ASCII text for the QR code: "XHHT|17380|2026|GDHT|2026-GDHT-000123|7KQ2M9XD".

    ASCII only, so any phone scanner reads it the same way; the name is left out (the
    register has it, and a QR code should not spread personal data).
    """
    fields = (QR_PREFIX, _ascii_code(commune_code), str(int(year)), _ascii_code(title),
              _ascii_code(register_number), normalise_typed(check))
    if any("|" in f for f in fields):
        raise ValueError("a QR field may not contain '|'")
    return "|".join(fields)


def parse_qr_payload(text: str) -> dict[str, str | int]:
    """The fields of a scanned payload; ValueError when it is not one of ours."""
    parts = text.strip().split("|")
    if len(parts) != 6 or parts[0] != QR_PREFIX or not parts[2].isdigit():
        raise ValueError("not an XHHT certificate code")
    _, commune, year, title, register, check = parts
    return {"commune_code": commune, "year": int(year), "title": title,
            "register_number": register, "check": check}
