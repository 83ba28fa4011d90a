"""Bytes on the wire, shared by both sides like desktop.sync.protocol (standard library only):
the canonical JSON every hash is taken over, the hashes and ids of batches and logs, and
gzip-JSON bodies read with limits (no bomb, no deep nesting, no lone surrogate)."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import zlib
from typing import Any, Iterable, Mapping

# --- hashes and ids ----------------------------------------------------------------

def canonical(value: Any) -> bytes:
    """One byte string per JSON value: what every hash here is taken over."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def payload_hash(rows: list[dict]) -> str:
    return sha256(canonical(rows))


def row_hash(row: Mapping[str, Any]) -> str:
    return sha256(canonical(row))[:32]


def batch_id(device_id: str, first: int, last: int, schema: str, payload: str) -> str:
    """Same device, positions, schema and rows: the same batch, applied once."""
    return sha256(f"{device_id}|{first}|{last}|{schema}|{payload}".encode())


def log_hash(entries: Iterable[tuple[int, str, str, int, str]]) -> str:
    """Fingerprint of change-log entries (position, table, row id, version, changed at): lets
    a client tell a receipt it lost from a log that was replaced (a restored backup whose
    officer has since made the same number of edits; the times tell them apart)."""
    return sha256("".join(f"{p}|{t}|{r}|{v}|{c}\n" for p, t, r, v, c in entries).encode())


def versions_digest(pairs: Iterable[tuple[str, int]]) -> str:
    """Digest of a table's (id, version) pairs, in code-point order of the ids."""
    digest = hashlib.sha256()
    for row_id, version in sorted(pairs):
        digest.update(f"{row_id}:{version}\n".encode())
    return digest.hexdigest()


# --- gzip JSON -----------------------------------------------------------------------

class Unreadable(ValueError):
    """A body that is not gzip, not UTF-8, not JSON, nested past reason or holding a lone surrogate."""


# A lone surrogate can only arrive as a \u escape; a pair (an emoji) matches too, so a
# match only means the parsed strings must be walked.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89abcdefABCDEF][0-9a-fA-F]{2}")


def _has_lone_surrogate(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if any("\ud800" <= ch <= "\udfff" for ch in item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


class TooLarge(ValueError):
    """A body that would inflate past the limit (or a gzip bomb)."""


def pack(value: Any) -> bytes:
    return gzip.compress(canonical(value), compresslevel=6)


def unpack(body: bytes, *, limit: int, compressed: bool = True) -> Any:
    """Parse a (gzip) JSON body, refusing to inflate it past `limit` bytes."""
    if compressed:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            body = inflater.decompress(body, limit + 1)
        except zlib.error:
            raise Unreadable("không phải dữ liệu nén gzip") from None
        if len(body) > limit or inflater.unconsumed_tail:
            raise TooLarge(limit)
    elif len(body) > limit:
        raise TooLarge(limit)
    try:
        value = json.loads(body.decode("utf-8"))
    except RecursionError:
        raise Unreadable("JSON lồng nhau quá nhiều tầng") from None
    except UnicodeDecodeError:
        raise Unreadable("không phải văn bản UTF-8") from None
    except ValueError as exc:
        raise Unreadable(f"không phải JSON ({exc})") from None
    if _SURROGATE_ESCAPE.search(body) and _has_lone_surrogate(value):
        raise Unreadable("một chuỗi chứa ký tự Unicode không hợp lệ (nửa cặp surrogate)")
    return value
