"""Reference data the province publishes to every commune, as numbered changes:
criteria sets (YAML files), administrative unit changes and announcements.

A client pulls the changes after the last number it applied. A published change is never
edited: a changed criteria set is a new version (the years evaluated with the old one
keep it), a new announcement is a new change.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.sync.protocol import SECONDS_FORMAT, TITLE_NAMES
from province.errors import Conflict, ProvinceError
from province.models import ReferenceChange, utc_now
from province.services.enrolment import official_commune

KINDS = ("criteria_set", "commune", "announcement")
_VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$")
DIVISION_TYPES = ("xã", "phường", "đặc khu")


@dataclass(frozen=True)
class Published:
    seq: int
    kind: str
    key: str
    new: bool  # False: the same content was already published, nothing was added


def _latest(session: Session, kind: str, key: str) -> ReferenceChange | None:
    return session.scalar(select(ReferenceChange).where(ReferenceChange.kind == kind, ReferenceChange.key == key)
                          .order_by(ReferenceChange.seq.desc()).limit(1))


def _add(session: Session, kind: str, key: str, data: dict, now: datetime | None) -> Published:
    change = ReferenceChange(kind=kind, key=key, data=data, published_at=now or utc_now())
    session.add(change)
    session.flush()
    return Published(change.seq, kind, key, True)


def publish_criteria_set(session: Session, text: str, *, source: str, now: datetime | None = None) -> Published:
    """Publish a criteria-set YAML file. The commune program checks every rule of the set
    when it applies it; here the file must parse and say which title and version it is."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" ở dòng {mark.line + 1}" if mark is not None else ""
        raise ProvinceError("yaml_syntax", f"Tệp “{source}” sai cú pháp YAML{where}.") from None
    if not isinstance(data, dict):
        raise ProvinceError("bad_set", f"Tệp “{source}” không phải một bộ tiêu chí.")
    title, version = data.get("title"), str(data.get("version", ""))
    if title not in TITLE_NAMES:
        raise ProvinceError("bad_set", f"Tệp “{source}”: mã danh hiệu “{title}” không hợp lệ (một trong: "
                            f"{', '.join(TITLE_NAMES)}).")
    if not _VERSION.match(version):
        raise ProvinceError("bad_set", f"Tệp “{source}”: thiếu phiên bản (version) hoặc phiên bản không hợp lệ.")
    key = f"{title}/{version}"
    previous = _latest(session, "criteria_set", key)
    if previous is not None:
        if previous.data["yaml"] == text:
            return Published(previous.seq, "criteria_set", key, False)
        raise Conflict("set_changed", f"Bộ tiêu chí {key} đã được phát hành với nội dung khác. Bộ đã sửa phải "
                       "mang phiên bản (version) mới, để các năm đã chấm vẫn giữ bộ cũ.")
    return _add(session, "criteria_set", key, {"title": title, "version": version, "yaml": text}, now)


def publish_announcement(session: Session, *, title: str, body: str, now: datetime | None = None) -> Published:
    title, body = " ".join(title.split()), body.strip()
    if not title or not body:
        raise ProvinceError("bad_announcement", "Thông báo cần có tiêu đề và nội dung.")
    now = now or utc_now()
    data = {"title": title, "body": body, "published_at": now.strftime(SECONDS_FORMAT)}
    return _add(session, "announcement", str(uuid.uuid4()), data, now)


def publish_commune(session: Session, code: str, *, name: str, division_type: str | None = None,
                    now: datetime | None = None) -> Published:
    """A change of one commune in the administrative list (a new name after a decision)."""
    official = official_commune(code)
    name = " ".join(name.split())
    if not name:
        raise ProvinceError("bad_unit", "Tên mới của xã không được để trống.")
    kind = division_type or next((t for t in DIVISION_TYPES if name.lower().startswith(t)), official.division_type)
    if kind not in DIVISION_TYPES:
        raise ProvinceError("bad_unit", f"Loại đơn vị phải là một trong: {', '.join(DIVISION_TYPES)}.")
    data = {"code": official.code, "name": name, "division_type": kind, "province_code": official.province_code}
    return _add(session, "commune", official.code, data, now)


def changes(session: Session, *, after: int, limit: int) -> dict:
    found = session.scalars(select(ReferenceChange).where(ReferenceChange.seq > after)
                            .order_by(ReferenceChange.seq).limit(limit + 1)).all()
    page = found[:limit]
    return {
        "changes": [{"seq": c.seq, "kind": c.kind, "key": c.key, "data": c.data,
                     "published_at": c.published_at.strftime(SECONDS_FORMAT)} for c in page],
        "token": page[-1].seq if page else after,
        "more": len(found) > limit,
    }
