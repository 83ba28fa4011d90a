"""Communes, one-time enrolment codes, device tokens and their revocation.

Only hashes of codes and tokens are stored: a copy of the province database does not let
anyone write in a commune's name. Codes are short and typed by hand (no 0/O, 1/I);
tokens are long and random, so a plain SHA-256 is enough to store them (tokens.py: their
expiry and renewal).

A code makes one enrolment, and only that:
- The answer to a code may be lost on the line after the server used the code up. The same
  code from the same device id, within the code's validity and before that device made any
  call with its token, gets a new token that replaces the one the lost answer carried. The
  server cannot send the first token again (it keeps only its hash), and keeping a
  decryptable copy or deriving tokens from a server secret would put a key beside the
  database or in the server's settings; a replacement needs neither, and the lost token
  was never seen by anyone. Once the device has used its token, the code is spent for good.
- A code never touches another enrolment: a device id that belongs to another commune, to
  a revoked device, or to a live enrolment (unrevoked, with a token still accepted) is
  refused, and the code stays unused. A revoked device stays revoked; the commune program
  then takes a new device id and enrols as a new device with the same code (so does a copy
  of a database whose original PC is still enrolled). Only a device whose tokens all
  expired (it did not sync for TOKEN_LIFE) re-enrols under its own id with a new code.
- Refused tries count towards a lockout per client address and per commune (lockout.py).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import vietnam_provinces as vp
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.sync.protocol import MIN_CLIENT_VERSION, VERSION_PATTERN, version_tuple
from province.errors import Conflict, Forbidden, NotFound, ProvinceError
from province.models import Commune, Device, EnrolmentCode, Stream, utc_now
from province.services import lockout, tokens
from province.services.tokens import digest

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
CODE_VALID = timedelta(days=14)


def normalise_code(code: str) -> str:
    """'abcd-efgh jklm' → 'ABCDEFGHJKLM': officers type codes as they read them."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


COMMUNE_PATTERN = re.compile(r"\d{5}")


@dataclass(frozen=True)
class OfficialCommune:
    code: str
    name: str
    division_type: str
    province_code: str
    province_name: str


def official_commune(code: str) -> OfficialCommune:
    """A commune of the official list of 3,321 (vietnam-provinces, after the 2025 reform)."""
    text = code.strip()
    if not text.isdigit() or len(text) > 5:
        raise ProvinceError("invalid_commune_code",
                            f"Mã xã “{code}” không hợp lệ: mã chính thức gồm 5 chữ số, ví dụ 17380.")
    try:
        ward = vp.Ward.from_code(int(text))
    except (ValueError, LookupError):
        raise NotFound("unknown_commune",
                       f"Không có xã/phường mã {text.zfill(5)} trong danh mục đơn vị hành chính cấp xã.") from None
    province = vp.Province.from_code(ward.province_code)
    return OfficialCommune(text.zfill(5), " ".join(ward.name.split()), ward.division_type.value,
                           str(int(ward.province_code)).zfill(2), " ".join(province.name.split()))


@dataclass(frozen=True)
class IssuedCode:
    commune_code: str
    commune_name: str
    province_name: str
    code: str  # shown once, never stored
    expires_at: datetime


def add_commune(session: Session, code: str, *, now: datetime | None = None) -> IssuedCode:
    """Register the commune if new and issue a one-time enrolment code for one of its PCs."""
    now = now or utc_now()
    official = official_commune(code)
    commune = session.get(Commune, official.code)
    if commune is None:
        commune = Commune(code=official.code, name=official.name, province_name=official.province_name,
                          created_at=now)
        session.add(commune)
    return issue_code(session, EnrolmentCode, commune, valid=CODE_VALID, now=now)


def issue_code(session: Session, model: type, commune: Commune, *, valid: timedelta, now: datetime) -> IssuedCode:
    """A one-time code of `model` (enrolment or restore) for the commune: its hash stored,
    the code itself returned once, in groups of four as the officer reads it out."""
    plain = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    session.add(model(code_hash=digest(plain), commune_code=commune.code, created_at=now, expires_at=now + valid))
    session.flush()
    shown = "-".join(plain[i:i + 4] for i in range(0, CODE_LENGTH, 4))
    return IssuedCode(commune.code, commune.name, commune.province_name, shown, now + valid)


def check_client_version(version: str | None) -> None:
    if version and not VERSION_PATTERN.fullmatch(version):
        raise ProvinceError("bad_version", "Phiên bản chương trình gửi kèm yêu cầu không đúng dạng (ví dụ 1.4.0).")
    if version and version_tuple(version) < version_tuple(MIN_CLIENT_VERSION):
        raise ProvinceError("client_too_old", f"Chương trình XHHT của xã (phiên bản {version}) đã cũ; máy chủ tỉnh "
                            f"cần phiên bản {MIN_CLIENT_VERSION} trở lên. Hãy cập nhật chương trình.", status=426)


@dataclass(frozen=True)
class Enrolled:
    token: str
    device_id: str
    commune_code: str
    commune_name: str
    province_name: str
    expires_at: datetime | None = None  # of the token
    again: bool = False  # the same code and device once more, after a lost answer


NOT_COUNTED = frozenset({"locked", "bad_version", "client_too_old", "bad_request"})


def enrol(session: Session, *, code: str, device_id: str, commune_code: str | None,
          client_version: str = "", address: str | None = None, now: datetime | None = None,
          policy: lockout.Policy = lockout.POLICY) -> Enrolled:
    """Exchange a one-time code for a device token (the code is then used up).

    A refused try is counted against `address` and the commune; the caller commits the
    session after a refusal too, so that the count is kept."""
    now = now or utc_now()
    check_client_version(client_version)
    if not device_id or len(device_id) > 36:
        raise ProvinceError("bad_request", "Thiếu mã máy (device id) hoặc mã máy không hợp lệ.")
    claimed = commune_code if isinstance(commune_code, str) and COMMUNE_PATTERN.fullmatch(commune_code) else None
    keys = [lockout.address_key(address)] + ([lockout.commune_key(claimed)] if claimed else [])
    lockout.check(session, keys, now=now)
    entry = session.get(EnrolmentCode, digest(normalise_code(code)), with_for_update=True)
    if entry is not None:
        if entry.commune_code != claimed:
            keys.append(lockout.commune_key(entry.commune_code))
        lockout.check(session, keys, now=now)
    try:
        return _exchange(session, entry, device_id=device_id, commune_code=commune_code,
                         client_version=client_version, now=now)
    except ProvinceError as refused:
        if refused.code not in NOT_COUNTED:
            lockout.note_failure(session, keys, refused.code, now=now, policy=policy)
        raise


def _exchange(session: Session, entry: EnrolmentCode | None, *, device_id: str, commune_code: str | None,
              client_version: str, now: datetime) -> Enrolled:
    """Every check comes before any write: a refusal leaves nothing to roll back."""
    if entry is None:
        raise Forbidden("bad_code", "Mã đăng ký không đúng. Hãy kiểm tra lại mã do tỉnh cấp "
                        "(12 ký tự, không có chữ O và chữ I).")
    commune = session.get(Commune, entry.commune_code)
    if entry.used_at is not None:
        if entry.used_by == device_id and entry.expires_at >= now:
            return _again(session, entry, commune, device_id=device_id, now=now)
        raise Conflict("code_used", f"Mã đăng ký này đã được dùng lúc {tokens.when(entry.used_at)}. "
                       "Mỗi mã chỉ dùng một lần: hãy xin tỉnh cấp mã mới.")
    if entry.expires_at < now:
        raise Forbidden("code_expired", f"Mã đăng ký đã hết hạn lúc {tokens.when(entry.expires_at)}; "
                        "hãy xin tỉnh cấp mã mới.")
    if commune_code and commune_code != commune.code:
        raise Conflict("wrong_commune", f"Mã đăng ký này dành cho {commune.name} (mã {commune.code}), "
                       f"còn cơ sở dữ liệu trên máy là của xã mã {commune_code}.")
    taken = session.get(Device, device_id)
    if taken is not None:
        _refuse_taken(session, taken, commune, now=now)
    device = taken or Device(id=device_id, commune_code=commune.code, enrolled_at=now)
    if taken is None:
        session.add(device)
    else:  # all its tokens expired: a new code starts it afresh
        tokens.forget_all(session, device)
    device.enrolled_at, device.enrolled_with, device.client_version = now, entry.code_hash, client_version[:20]
    issued = tokens.issue(session, device, now=now)
    entry.used_at, entry.used_by = now, device_id
    session.flush()
    return Enrolled(issued.token, device_id, commune.code, commune.name, commune.province_name, issued.expires_at)


def _refuse_taken(session: Session, taken: Device, commune: Commune, *, now: datetime) -> None:
    """A device id already known to the server may take a new code only once all its tokens expired."""
    if taken.commune_code != commune.code:
        raise Conflict("device_taken", "Mã máy này đã đăng ký cho một xã khác.")
    if taken.revoked_at is not None:
        raise Forbidden("device_revoked", f"Máy mang mã {taken.id} đã bị tỉnh thu hồi quyền đồng bộ lúc "
                        f"{tokens.when(taken.revoked_at)} và không được đăng ký lại dưới mã máy đó. Mã đăng ký chưa bị "
                        "dùng và vẫn đăng ký được một máy mới.")
    if tokens.is_live(taken, now=now, session=session):
        raise Conflict("device_enrolled", f"Máy mang mã {taken.id} đã được đăng ký với máy chủ tỉnh từ "
                       f"{tokens.when(taken.enrolled_at)} và vẫn đang được đồng bộ; một mã đăng ký mới không thay được "
                       "mã truy cập của máy đó. Mã đăng ký chưa bị dùng và vẫn đăng ký được một máy mới.")


def _again(session: Session, entry: EnrolmentCode, commune: Commune, *, device_id: str,
           now: datetime) -> Enrolled:
    """The same code from the same device after a lost answer: a token replacing the lost one,
    as long as that one was never used (the device made no call since this enrolment)."""
    device = session.get(Device, device_id)
    if device is None or device.enrolled_with != entry.code_hash or device.revoked_at is not None:
        raise Conflict("code_used", f"Mã đăng ký này đã được dùng lúc {tokens.when(entry.used_at)}. "
                       "Mỗi mã chỉ dùng một lần: hãy xin tỉnh cấp mã mới.")
    if device.last_seen_at is not None and device.last_seen_at >= device.enrolled_at:
        raise Conflict("code_used", f"Máy này đã được đăng ký bằng mã này lúc {tokens.when(entry.used_at)} và đã "
                       "đồng bộ bằng mã truy cập được cấp khi đó; mã đăng ký không dùng lại được. Nếu máy không còn đồng bộ "
                       "được, hãy xin tỉnh cấp mã đăng ký mới.")
    tokens.forget_all(session, device)
    issued = tokens.issue(session, device, now=now)
    return Enrolled(issued.token, device_id, commune.code, commune.name, commune.province_name, issued.expires_at,
                    again=True)


def find_device(session: Session, key: str) -> Device:
    """A device by its id or by the first characters of it (as `device list` shows)."""
    key = key.strip().lower()
    matches = session.scalars(select(Device).where(Device.id.like(f"{key}%"))).all() if len(key) >= 4 else []
    if not matches:
        raise NotFound("unknown_device", f"Không có máy nào mang mã {key}.")
    if len(matches) > 1:
        raise ProvinceError("ambiguous_device", f"Có {len(matches)} máy có mã bắt đầu bằng {key}; hãy gõ thêm ký tự.")
    return matches[0]


def revoke(session: Session, key: str, *, now: datetime | None = None) -> Device:
    device = find_device(session, key)
    if device.revoked_at is None:
        device.revoked_at = now or utc_now()
    return device


@dataclass(frozen=True)
class DeviceInfo:
    id: str
    commune_code: str
    enrolled_at: datetime
    last_seen_at: datetime | None
    revoked_at: datetime | None
    client_version: str
    streams: int
    token_expires_at: datetime | None = None


def list_devices(session: Session, commune_code: str | None = None) -> list[DeviceInfo]:
    streams = (select(Stream.enrolment_id, func.count().label("n")).group_by(Stream.enrolment_id).subquery())
    query = (select(Device, func.coalesce(streams.c.n, 0)).outerjoin(streams, streams.c.enrolment_id == Device.id)
             .order_by(Device.commune_code, Device.enrolled_at))
    if commune_code:
        query = query.where(Device.commune_code == commune_code.zfill(5))
    return [DeviceInfo(d.id, d.commune_code, d.enrolled_at, d.last_seen_at, d.revoked_at, d.client_version, n,
                       d.token_expires_at) for d, n in session.execute(query)]
