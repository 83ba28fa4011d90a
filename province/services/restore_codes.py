"""Restore codes: a full download of a commune's rows (the restore onto a new PC) needs a
one-time code the province issues on request, not only a device token — a token copied
out of a commune's file must not be enough to download every citizen.

The province officer issues a code for a commune (shown once, only its hash kept, valid
RESTORE_CODE_VALID); a PC of that commune exchanges it once for a restore grant, bound to
its enrolment, that lets it download full rows until the restore ends or GRANT_VALID
passes, across dropped lines. The same PC sending the same code again while its grant is
live (its answer was lost on the line) gets a fresh grant in place of the old one; any
other use of a used code is refused. Codes look and are typed like enrolment codes.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from province.errors import Conflict, Forbidden, NotFound, ProvinceError
from province.models import Commune, Device, RestoreCode, RestoreGrant, utc_now
from province.services.enrolment import IssuedCode, digest, issue_code, normalise_code
from province.services.tokens import when

# A code is read out over the phone and typed on the new PC the same day.
RESTORE_CODE_VALID = timedelta(hours=24)
# Long enough for a large commune over a 3G line that keeps dropping; ends early when the restore does.
GRANT_VALID = timedelta(hours=24)
GRANT_HEADER = "X-XHHT-Restore-Grant"  # the client sends the same name (desktop.sync.client)


def issue(session: Session, commune_code: str, *, now: datetime | None = None) -> IssuedCode:
    """A one-time restore code for a commune the province already registered."""
    now = now or utc_now()
    text = commune_code.strip()
    if not text.isdigit() or len(text) > 5:
        raise ProvinceError("invalid_commune_code",
                            f"Mã xã “{commune_code}” không hợp lệ: mã chính thức gồm 5 chữ số, ví dụ 17380.")
    commune = session.get(Commune, text.zfill(5))
    if commune is None:
        raise NotFound("unknown_commune", f"Xã mã {text.zfill(5)} chưa được đăng ký ở máy chủ tỉnh, nên không có "
                       "dữ liệu để khôi phục.")
    return issue_code(session, RestoreCode, commune, valid=RESTORE_CODE_VALID, now=now)


@dataclass(frozen=True)
class OpenedGrant:
    grant: str  # given to the device once, never stored
    expires_at: datetime


def open_grant(session: Session, device: Device, *, code: str, now: datetime | None = None) -> OpenedGrant:
    """Exchange a restore code for a grant of this device (the code is then used up)."""
    now = now or utc_now()
    if not isinstance(code, str) or not code.strip():
        raise ProvinceError("bad_request", "Thiếu mã khôi phục.")
    entry = session.get(RestoreCode, digest(normalise_code(code)), with_for_update=True)
    if entry is None:
        raise Forbidden("bad_code", "Mã khôi phục không đúng. Hãy kiểm tra lại mã do tỉnh cấp "
                        "(12 ký tự, không có chữ O và chữ I).")
    if entry.commune_code != device.commune_code:
        raise Conflict("wrong_commune", "Mã khôi phục này do tỉnh cấp cho một xã khác, không phải xã của máy này.")
    if entry.used_at is not None:
        live = _live_grant_of(session, entry, device, now)
        if live is None:
            raise Conflict("code_used", f"Mã khôi phục này đã được dùng lúc {when(entry.used_at)}. Mỗi mã chỉ "
                           "dùng một lần: hãy xin tỉnh cấp mã mới.")
        session.delete(live)  # the answer was lost on the line: a new grant replaces the one never received
        session.flush()
    elif entry.expires_at < now:
        raise Forbidden("code_expired", f"Mã khôi phục đã hết hạn lúc {when(entry.expires_at)}; "
                        "hãy xin tỉnh cấp mã mới.")
    grant = secrets.token_urlsafe(32)
    expires = now + GRANT_VALID
    session.add(RestoreGrant(grant_hash=digest(grant), code_hash=entry.code_hash, device_id=device.id,
                             commune_code=device.commune_code, created_at=now, expires_at=expires))
    if entry.used_at is None:
        entry.used_at, entry.used_by = now, device.id
    session.flush()
    return OpenedGrant(grant, expires)


def _live_grant_of(session: Session, entry: RestoreCode, device: Device, now: datetime) -> RestoreGrant | None:
    if entry.used_by != device.id:
        return None
    grant = session.scalar(select(RestoreGrant).where(RestoreGrant.code_hash == entry.code_hash,
                                                      RestoreGrant.device_id == device.id))
    if grant is None or grant.finished_at is not None or grant.expires_at < now:
        return None
    return grant


def check_grant(session: Session, device: Device, grant: str | None, *, now: datetime | None = None) -> RestoreGrant:
    """The live grant of this device that came with a full-rows request, or a refusal."""
    now = now or utc_now()
    if not grant:
        raise Forbidden("restore_code_needed", "Tải toàn bộ dữ liệu của xã (khôi phục) cần mã khôi phục do tỉnh "
                        "cấp: hãy liên hệ tỉnh để xin mã, rồi khôi phục lại.")
    entry = session.get(RestoreGrant, digest(grant.strip()))
    if entry is None or entry.device_id != device.id:
        raise Forbidden("bad_grant", "Quyền khôi phục dữ liệu không hợp lệ với máy này: hãy xin tỉnh cấp mã "
                        "khôi phục mới.")
    if entry.finished_at is not None:
        raise Forbidden("grant_finished", f"Lần khôi phục dùng mã này đã xong lúc {when(entry.finished_at)}; "
                        "muốn khôi phục lại, hãy xin tỉnh cấp mã khôi phục mới.")
    if entry.expires_at < now:
        raise Forbidden("grant_expired", f"Quyền khôi phục dữ liệu đã hết hạn lúc {when(entry.expires_at)}; "
                        "hãy xin tỉnh cấp mã khôi phục mới để làm tiếp.")
    return entry


def finish(session: Session, device: Device, grant: str | None, *, now: datetime | None = None) -> RestoreGrant:
    """The restore is done: the grant downloads nothing more."""
    entry = check_grant(session, device, grant, now=now)
    entry.finished_at = now or utc_now()
    session.flush()
    return entry
