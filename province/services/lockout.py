"""Refused enrolment tries, counted per client address and per commune, and the lockout
they lead to. Kept in the database, not in memory, so that every worker of the server (and
every server in front of one PostgreSQL) counts the same tries.

Codes have 60 random bits, so guessing one is hopeless anyway; the lockout stops a script
from trying device ids against a code it holds, and keeps the log readable. A commune's
limit is higher than an address's: several PCs of the commune may mistype, and anyone may
claim to be any commune, so a commune is locked only for a short while (the province can
lift a lock with `xhht-province enrolment unlock`).

Behind a reverse proxy the client address is the one the proxy forwards (uvicorn trusts
X-Forwarded-For from 127.0.0.1 by default; see --forwarded-allow-ips).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from desktop.sync.protocol import SECONDS_FORMAT
from province.errors import ProvinceError
from province.models import Commune, EnrolmentFailure, EnrolmentLock, utc_now
from province.services.tokens import when


@dataclass(frozen=True)
class Policy:
    window: timedelta = timedelta(minutes=15)  # failures counted over this long…
    address_failures: int = 10  # …lock an address at this many
    commune_failures: int = 30  # …lock a commune at this many
    lock_for: timedelta = timedelta(minutes=15)


POLICY = Policy()
KEEP_FAILURES = timedelta(days=30)  # for the province's look at what happened


def address_key(address: str | None) -> str:
    return f"address:{(address or 'unknown')[:60]}"


def commune_key(commune: str) -> str:
    return f"commune:{commune}"


class Locked(ProvinceError):
    """Too many refused tries: answered 429 with when to try again."""

    status = 429


def check(session: Session, keys: list[str], *, now: datetime) -> None:
    """Refuse (429) when any of the keys is locked, saying until when."""
    lock = session.scalar(select(EnrolmentLock).where(EnrolmentLock.key.in_(keys), EnrolmentLock.locked_until > now)
                          .order_by(EnrolmentLock.locked_until.desc()).limit(1))
    if lock is None:
        return
    wait = max(1, int((lock.locked_until - now).total_seconds()))
    if lock.key.startswith("commune:"):
        code = lock.key.partition(":")[2]
        commune = session.get(Commune, code)
        whom = f"{commune.name} (mã {code})" if commune else f"xã mã {code}"
        message = (f"Việc đăng ký máy cho {whom} đang tạm khóa đến {when(lock.locked_until)} vì có quá nhiều lần "
                   "nhập mã đăng ký không đúng. Hãy thử lại sau thời điểm đó, hoặc đề nghị tỉnh mở khóa.")
    else:
        message = (f"Có quá nhiều lần nhập sai mã đăng ký từ địa chỉ mạng của máy này, nên việc đăng ký từ địa "
                   f"chỉ này tạm khóa đến {when(lock.locked_until)}. Hãy kiểm tra lại mã do tỉnh cấp rồi thử lại "
                   "sau thời điểm đó.")
    raise Locked("locked", message, locked_until=lock.locked_until.strftime(SECONDS_FORMAT),
                 retry_after=wait)


def note_failure(session: Session, keys: list[str], reason: str, *, now: datetime,
                 policy: Policy = POLICY) -> None:
    """Count a refused try against each key, locking those that reached their limit."""
    session.execute(delete(EnrolmentFailure).where(EnrolmentFailure.at < now - KEEP_FAILURES))
    for key in keys:
        session.add(EnrolmentFailure(key=key, at=now, reason=reason[:40]))
        lock = session.get(EnrolmentLock, key)
        # Failures before the end of the last lock were paid for by that lock.
        since = max(now - policy.window, lock.locked_until) if lock is not None else now - policy.window
        session.flush()
        failures = session.scalar(select(func.count()).select_from(EnrolmentFailure).where(
            EnrolmentFailure.key == key, EnrolmentFailure.at > since))
        limit = policy.commune_failures if key.startswith("commune:") else policy.address_failures
        if failures >= limit:
            if lock is None:
                session.add(EnrolmentLock(key=key, locked_until=now + policy.lock_for, failures=failures))
            else:
                lock.locked_until, lock.failures = now + policy.lock_for, failures
    session.flush()


@dataclass(frozen=True)
class LockInfo:
    key: str
    locked_until: datetime
    failures: int


def locks(session: Session, *, now: datetime | None = None) -> list[LockInfo]:
    now = now or utc_now()
    return [LockInfo(lock.key, lock.locked_until, lock.failures) for lock in session.scalars(
        select(EnrolmentLock).where(EnrolmentLock.locked_until > now).order_by(EnrolmentLock.key))]


def unlock(session: Session, key: str, *, now: datetime | None = None) -> bool:
    """Lift a lock (the province's decision); True when there was one in force."""
    lock = session.get(EnrolmentLock, key)
    if lock is None or lock.locked_until <= (now or utc_now()):
        return False
    lock.locked_until = now or utc_now()
    return True
