"""Communes, one-time enrolment codes, device tokens and their revocation.

Only hashes of codes and tokens are stored: a copy of the province database does not let
anyone write in a commune's name. Codes are short and typed by hand (no 0/O, 1/I);
tokens are long and random, so a plain SHA-256 is enough to store them.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import vietnam_provinces as vp
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.sync.protocol import MIN_CLIENT_VERSION, VERSION_PATTERN, version_tuple
from province.errors import Conflict, Forbidden, NotFound, ProvinceError, Unauthorised
from province.models import Commune, Device, EnrolmentCode, Stream, utc_now

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
CODE_VALID = timedelta(days=14)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def normalise_code(code: str) -> str:
    """'abcd-efgh jklm' → 'ABCDEFGHJKLM': officers type codes as they read them."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _when(moment: datetime) -> str:
    return moment.astimezone().strftime("%H:%M ngày %d/%m/%Y")


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
    plain = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    session.add(EnrolmentCode(code_hash=digest(plain), commune_code=commune.code, created_at=now,
                              expires_at=now + CODE_VALID))
    session.flush()
    shown = "-".join(plain[i:i + 4] for i in range(0, CODE_LENGTH, 4))
    return IssuedCode(commune.code, commune.name, commune.province_name, shown, now + CODE_VALID)


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


def enrol(session: Session, *, code: str, device_id: str, commune_code: str | None,
          client_version: str = "", now: datetime | None = None) -> Enrolled:
    """Exchange a one-time code for a device token (the code is then used up)."""
    now = now or utc_now()
    check_client_version(client_version)
    if not device_id or len(device_id) > 36:
        raise ProvinceError("bad_request", "Thiếu mã máy (device id) hoặc mã máy không hợp lệ.")
    entry = session.get(EnrolmentCode, digest(normalise_code(code)), with_for_update=True)
    if entry is None:
        raise Forbidden("bad_code", "Mã đăng ký không đúng. Hãy kiểm tra lại mã do tỉnh cấp "
                        "(12 ký tự, không có chữ O và chữ I).")
    if entry.used_at is not None:
        raise Conflict("code_used", f"Mã đăng ký này đã được dùng lúc {_when(entry.used_at)}. "
                       "Mỗi mã chỉ dùng một lần: hãy xin tỉnh cấp mã mới.")
    if entry.expires_at < now:
        raise Forbidden("code_expired", f"Mã đăng ký đã hết hạn lúc {_when(entry.expires_at)}; "
                        "hãy xin tỉnh cấp mã mới.")
    commune = session.get(Commune, entry.commune_code)
    if commune_code and commune_code != commune.code:
        raise Conflict("wrong_commune", f"Mã đăng ký này dành cho {commune.name} (mã {commune.code}), "
                       f"còn cơ sở dữ liệu trên máy là của xã mã {commune_code}.")
    taken = session.get(Device, device_id)
    if taken is not None and taken.commune_code != commune.code:
        raise Conflict("device_taken", "Mã máy này đã đăng ký cho một xã khác.")
    token = secrets.token_urlsafe(32)
    if taken is None:
        session.add(Device(id=device_id, commune_code=commune.code, token_hash=digest(token), enrolled_at=now,
                           client_version=client_version[:20]))
    else:  # the province issued a new code for this PC (e.g. after a revocation)
        taken.token_hash, taken.revoked_at, taken.enrolled_at = digest(token), None, now
    entry.used_at, entry.used_by = now, device_id
    session.flush()
    return Enrolled(token, device_id, commune.code, commune.name, commune.province_name)


def authenticate(session: Session, token: str | None, *, now: datetime | None = None) -> Device:
    """The device a bearer token belongs to; revoked or unknown tokens are refused."""
    if not token:
        raise Unauthorised("no_token", "Máy này chưa đăng ký với máy chủ tỉnh: hãy đăng ký bằng mã do tỉnh cấp.")
    device = session.scalar(select(Device).where(Device.token_hash == digest(token)))
    if device is None:
        raise Unauthorised("bad_token", "Máy chủ tỉnh không nhận ra máy này (mã truy cập không đúng). "
                           "Hãy đăng ký lại bằng mã do tỉnh cấp.")
    if device.revoked_at is not None:
        raise Forbidden("revoked", f"Quyền đồng bộ của máy này đã bị tỉnh thu hồi lúc {_when(device.revoked_at)}. "
                        "Hãy liên hệ tỉnh để được cấp mã đăng ký mới.")
    device.last_seen_at = now or utc_now()
    return device


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


def list_devices(session: Session, commune_code: str | None = None) -> list[DeviceInfo]:
    streams = (select(Stream.enrolment_id, func.count().label("n")).group_by(Stream.enrolment_id).subquery())
    query = (select(Device, func.coalesce(streams.c.n, 0)).outerjoin(streams, streams.c.enrolment_id == Device.id)
             .order_by(Device.commune_code, Device.enrolled_at))
    if commune_code:
        query = query.where(Device.commune_code == commune_code.zfill(5))
    return [DeviceInfo(d.id, d.commune_code, d.enrolled_at, d.last_seen_at, d.revoked_at, d.client_version, n)
            for d, n in session.execute(query)]
