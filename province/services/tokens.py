"""Device tokens: issued at enrolment, renewed while the device syncs, dead when it does not.

A token lives TOKEN_LIFE (90 days). Once it is older than RENEW_AFTER (half its life), an
authenticated answer carries a new one (TOKEN_HEADER) and the old one moves to
`previous_tokens`, still accepted for GRACE: an answer lost on the line must not lock the
PC out. A PC that comes back with a replaced token gets yet another new one (the one it
missed cannot be sent again: only its hash is kept), at most once a minute (REISSUE_PAUSE);
the token it missed stays accepted for GRACE as well, so two calls racing with the old
token cannot leave the PC holding a dead one. A token past its expiry, or replaced more
than GRACE ago, is refused with a message sending the officer to the province for a new
enrolment code.

Only SHA-256 hashes are stored (tokens are 256 random bits): a copy of the province
database does not let anyone write in a commune's name.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from desktop.sync.protocol import SECONDS_FORMAT
from province.errors import Forbidden, Unauthorised
from province.models import Device, PreviousToken, utc_now

TOKEN_LIFE = timedelta(days=90)
RENEW_AFTER = TOKEN_LIFE / 2
GRACE = timedelta(days=7)
# A replaced token is answered with yet another new one only once the current token is this
# old: a PC that lost the renewal gets one within a minute, and a program too old to take
# renewals does not make the server write a token at every call.
REISSUE_PAUSE = timedelta(minutes=1)
# Headers of an answer that renews the caller's token. The commune client
# (desktop/sync/client.py) reads the same names; a test keeps them equal.
TOKEN_HEADER = "X-XHHT-Token"
EXPIRES_HEADER = "X-XHHT-Token-Expires"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def when(moment: datetime) -> str:
    return moment.astimezone().strftime("%H:%M ngày %d/%m/%Y")


def new_token() -> str:
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class IssuedToken:
    token: str  # shown once, never stored
    expires_at: datetime

    def headers(self) -> dict[str, str]:
        return {TOKEN_HEADER: self.token, EXPIRES_HEADER: self.expires_at.strftime(SECONDS_FORMAT)}


def issue(session: Session, device: Device, *, now: datetime) -> IssuedToken:
    """A new current token for the device; the caller decides what becomes of the old one."""
    token = new_token()
    device.token_hash, device.token_issued_at, device.token_expires_at = digest(token), now, now + TOKEN_LIFE
    session.flush()
    return IssuedToken(token, device.token_expires_at)


def forget_all(session: Session, device: Device) -> None:
    """Drop the device's replaced tokens (a new enrolment starts afresh)."""
    session.execute(delete(PreviousToken).where(PreviousToken.device_id == device.id))


def is_live(device: Device, *, now: datetime, session: Session) -> bool:
    """Not revoked, and holding a token the server still accepts."""
    if device.revoked_at is not None:
        return False
    if device.token_expires_at > now:
        return True
    return session.scalar(select(PreviousToken.token_hash).where(
        PreviousToken.device_id == device.id, PreviousToken.valid_until > now).limit(1)) is not None


@dataclass(frozen=True)
class Caller:
    """The device behind a request, and the renewed token its answer must carry (if any)."""

    device: Device
    renewed: IssuedToken | None


def _expired(moment: datetime) -> Unauthorised:
    return Unauthorised("token_expired", f"Mã truy cập của máy này đã hết hạn lúc {when(moment)} (máy không đồng bộ "
                        "với tỉnh trong thời gian dài). Hãy xin tỉnh cấp mã đăng ký mới rồi đăng ký lại máy này; "
                        "dữ liệu trên máy vẫn được giữ nguyên.")


def authenticate(session: Session, token: str | None, *, now: datetime | None = None) -> Caller:
    """The device a bearer token belongs to, renewing the token when due. Unknown, revoked
    and expired tokens are refused with a Vietnamese message."""
    now = now or utc_now()
    if not token:
        raise Unauthorised("no_token", "Máy này chưa đăng ký với máy chủ tỉnh: hãy đăng ký bằng mã do tỉnh cấp.")
    hashed = digest(token)
    device = session.scalar(select(Device).where(Device.token_hash == hashed))
    previous = None if device is not None else session.get(PreviousToken, hashed)
    if previous is not None:
        device = session.get(Device, previous.device_id)
    if device is None:
        raise Unauthorised("bad_token", "Máy chủ tỉnh không nhận ra máy này (mã truy cập không đúng). "
                           "Hãy đăng ký lại bằng mã do tỉnh cấp.")
    if device.revoked_at is not None:
        raise Forbidden("revoked", f"Quyền đồng bộ của máy này đã bị tỉnh thu hồi lúc {when(device.revoked_at)}. "
                        "Hãy liên hệ tỉnh để được cấp mã đăng ký mới.")
    if previous is not None and previous.valid_until <= now:
        raise _expired(previous.valid_until)
    if previous is None and device.token_expires_at <= now:
        raise _expired(device.token_expires_at)
    device.last_seen_at = now
    age = now - device.token_issued_at
    due = age >= REISSUE_PAUSE if previous is not None else age >= RENEW_AFTER
    session.flush()  # last_seen_at: on SQLite this takes the write lock before the renewal reads
    return Caller(device, _renew(session, device, now=now) if due else None)


def _renew(session: Session, device: Device, *, now: datetime) -> IssuedToken | None:
    """Replace the current token, unless a call running beside this one just did (the update
    below waits for it and then matches nothing): then the caller's token is in its grace."""
    old, token = device.token_hash, new_token()
    replaced = session.execute(
        update(Device).where(Device.id == device.id, Device.token_hash == old)
        .values(token_hash=digest(token), token_issued_at=now, token_expires_at=now + TOKEN_LIFE)
        .execution_options(synchronize_session="fetch")).rowcount
    if not replaced:
        session.refresh(device)
        return None
    # Replaced tokens keep the grace of their first replacement: using one does not lengthen it.
    session.execute(delete(PreviousToken).where(PreviousToken.device_id == device.id,
                                                PreviousToken.valid_until <= now))
    session.add(PreviousToken(token_hash=old, device_id=device.id, replaced_at=now, valid_until=now + GRACE))
    session.flush()
    return IssuedToken(token, now + TOKEN_LIFE)
