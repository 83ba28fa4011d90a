"""What the officer types to enrol a PC — the province's one-time code and the server's
address — checked before any network, the same way by the window and by `xhht sync enroll`.

The code's shape is the province's (province/services/enrolment.py `add_commune`): 12
characters from an alphabet without 0/O and 1/I, shown in groups of four, "K7QM-P3XA-W9RT".
The server folds what it receives the same way (upper case, only letters and digits), so
anything accepted here reaches it intact. tests/sync/test_enrolment_input.py holds the two
alphabets together.

Standard library only (like desktop.sync.protocol): no Qt, no network, testable anywhere.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from desktop.domain.errors import ValidationError
from desktop.sync.protocol import API

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
CODE_GROUP = 4
CODE_EXAMPLE = "K7QM-P3XA-W9RT"
CODE_SHAPE = (f"Mã đăng ký gồm {CODE_LENGTH} ký tự: chữ cái không dấu (không có chữ O, chữ I) và chữ số từ 2 đến 9, "
              f"ví dụ {CODE_EXAMPLE}")
SERVER_EXAMPLE = "https://xhht.nghean.gov.vn"
DEFAULT_SCHEME = "https"  # the province's server speaks HTTPS (DESIGN.md, transport); plain http only when typed
CODE_FIELD, SERVER_FIELD = "code", "server"


@dataclass(frozen=True)
class InputCheck:
    """What to show under a field. `value` is what will be sent, once nothing is wrong;
    `problem` says what is wrong (Vietnamese); `note` is a neutral word (how far, what is used)."""

    value: str | None
    problem: str | None = None
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.value is not None and self.problem is None


# --- the enrolment code --------------------------------------------------------------

def code_characters(text: str) -> str:
    """'k7qm - p3xa—w9rt' → 'K7QMP3XAW9RT': full-width forms folded, upper case, and every
    space, dash, dot or other separator dropped, as the server does."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).upper() if ch.isalnum())


def format_code(code: str) -> str:
    """'K7QMP3XAW9RT' → 'K7QM-P3XA-W9RT', the way the province prints it."""
    return "-".join(code[i:i + CODE_GROUP] for i in range(0, len(code), CODE_GROUP))


def _foreign_character(position: int, ch: str) -> str:
    """What is wrong with a character the code never has, and the likely fix."""
    where = f"ký tự thứ {position} “{ch}”"
    if ch in "0O":
        return f"Mã đăng ký gồm {CODE_LENGTH} ký tự, không có chữ O và số 0: {where} có thể là chữ D hoặc Q."
    if ch in "1I":
        return f"Mã đăng ký gồm {CODE_LENGTH} ký tự, không có chữ I và số 1: {where} có thể là chữ L."
    if unicodedata.normalize("NFD", ch) != ch or ch in "Đđ":  # Unikey's Telex: "as" → "á", "dd" → "đ"
        return (f"Mã đăng ký gồm {CODE_LENGTH} ký tự không dấu: {where} có dấu. Hãy tắt bộ gõ tiếng Việt "
                "(Unikey, EVKey…) rồi gõ lại mã.")
    return f"Mã đăng ký gồm {CODE_LENGTH} ký tự, chỉ có chữ cái không dấu và chữ số: {where} không có trong mã."


def check_code(text: str, *, finished: bool = True) -> InputCheck:
    """The code as typed so far. While typing (`finished=False`) only what more typing cannot
    mend is a problem (a character the code never has, too many characters); a short code
    is a count. Once finished, a short or empty code is a problem too."""
    chars = code_characters(text)
    for position, ch in enumerate(chars, 1):
        if ch not in CODE_ALPHABET:
            return InputCheck(None, _foreign_character(position, ch))
    if len(chars) > CODE_LENGTH:
        return InputCheck(None, f"Mã đăng ký gồm {CODE_LENGTH} ký tự; mã vừa nhập có {len(chars)} ký tự "
                                f"(thừa {len(chars) - CODE_LENGTH}, không kể dấu gạch ngang và dấu cách).")
    if len(chars) == CODE_LENGTH:
        return InputCheck(chars, note=f"Mã: {format_code(chars)}")
    if not finished:
        return InputCheck(None, note=f"Đã nhập {len(chars)}/{CODE_LENGTH} ký tự." if chars else "")
    if not chars:
        return InputCheck(None, f"Hãy nhập mã đăng ký tỉnh cấp cho xã: {CODE_LENGTH} ký tự, ví dụ {CODE_EXAMPLE}.")
    return InputCheck(None, f"Mã đăng ký gồm {CODE_LENGTH} ký tự; mã vừa nhập mới có {len(chars)} ký tự "
                            f"(còn thiếu {CODE_LENGTH - len(chars)}, không kể dấu gạch ngang và dấu cách).")


def parse_code(text: str) -> str:
    """The code to send ('K7QMP3XAW9RT'), or ValidationError(field='code') saying what is wrong."""
    checked = check_code(text)
    if not checked.ok or checked.value is None:
        raise ValidationError(checked.problem or CODE_SHAPE, code="bad_code_format", field=CODE_FIELD)
    return checked.value


# --- the server's address ------------------------------------------------------------

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_BROKEN_SCHEME = re.compile(r"^https?(:/?(?!/)|//)", re.IGNORECASE)  # "https//…", "http:/…", "https:…"
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)\Z")
_HOST_HINT = "tên máy chủ chỉ gồm chữ cái không dấu, chữ số, dấu chấm và dấu gạch ngang, ví dụ xhht.nghean.gov.vn"


def _host_ok(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    try:
        ascii_host = host.encode("idna").decode("ascii")  # a domain name written with Vietnamese letters
    except UnicodeError:
        return False
    labels = ascii_host.rstrip(".").split(".")
    return len(ascii_host) <= 253 and all(_LABEL.match(label) for label in labels)


def check_server(text: str, *, finished: bool = True) -> InputCheck:
    """The address as typed so far → the base URL the client uses ('https://host[:port][/path]').

    No scheme: https:// is put in front (the province's server is HTTPS; sending the token
    over plain http must be typed on purpose), and the note says so. A path the officer
    copied from a browser (…/api/v1/info, ?query, #anchor) is cut back to the server's base.
    While typing, only a space or a wrong scheme is a problem: the rest may still come."""
    typed = text.strip().replace("\\", "/")  # Windows users type backslashes
    if not typed:
        return (InputCheck(None, f"Hãy nhập địa chỉ máy chủ tỉnh (tỉnh cung cấp cùng với mã đăng ký), ví dụ "
                                 f"{SERVER_EXAMPLE}.") if finished else InputCheck(None))
    if any(ch.isspace() for ch in typed):
        return InputCheck(None, "Địa chỉ máy chủ không có dấu cách: hãy xóa dấu cách trong địa chỉ.")
    scheme = _SCHEME.match(typed)
    if scheme and scheme.group(1).lower() not in ("http", "https"):
        return InputCheck(None, f"Địa chỉ máy chủ bắt đầu bằng https:// (hoặc http://), không phải "
                                f"“{scheme.group(0)}”.")
    if not scheme and _BROKEN_SCHEME.match(typed):
        if not finished and len(typed) <= len("https://"):
            return InputCheck(None)  # still typing "https://"
        return InputCheck(None, f"Phần đầu địa chỉ viết sai: phải là “https://” (hoặc “http://”), ví dụ "
                                f"{SERVER_EXAMPLE}.")
    url = typed if scheme else f"{DEFAULT_SCHEME}://{typed}"
    parts = urlsplit(url)
    problem = None
    try:
        port = parts.port
    except ValueError:
        port, problem = None, "Số cổng (sau dấu hai chấm) phải là một số từ 1 đến 65535, ví dụ :8443."
    host = parts.hostname or ""
    if problem is None:
        if "@" in parts.netloc:
            problem = "Địa chỉ máy chủ không chứa tên đăng nhập hay mật khẩu (phần trước dấu @): hãy bỏ phần đó."
        elif not host:
            problem = f"Thiếu tên máy chủ sau “{parts.scheme}://”, ví dụ {SERVER_EXAMPLE}."
        elif not _host_ok(host):
            problem = f"Tên máy chủ “{host}” không hợp lệ: {_HOST_HINT}."
        elif port == 0:
            problem = "Số cổng (sau dấu hai chấm) phải là một số từ 1 đến 65535, ví dụ :8443."
    if problem is not None:
        return InputCheck(None, problem) if finished else InputCheck(None)
    path = parts.path
    if API in path:
        path = path[:path.index(API)]
    netloc = (f"[{host}]" if ":" in host else host) + (f":{port}" if port else "")  # urlsplit's host is lower case
    base = f"{parts.scheme.lower()}://{netloc}{path.rstrip('/')}"
    if not scheme:
        note = f"Chưa ghi https:// hay http://: sẽ dùng {base} (kết nối bảo mật)."
    elif base != typed.rstrip("/"):
        note = f"Sẽ dùng {base}"
    else:
        note = ""
    return InputCheck(base, note=note)


def parse_server(text: str) -> str:
    """The base URL ('https://xhht.nghean.gov.vn'), or ValidationError(field='server')."""
    checked = check_server(text)
    if not checked.ok or checked.value is None:
        raise ValidationError(checked.problem or "Địa chỉ máy chủ tỉnh không hợp lệ.", code="bad_server",
                              field=SERVER_FIELD)
    return checked.value
