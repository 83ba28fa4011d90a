"""Pulling the province's reference data: numbered changes after the last one applied.

Criteria sets become files in the PC's criteria folder (checked like any set the officer
adds; a set already there with other content is kept and reported), administrative unit
changes update the official list, announcements are kept for the officer to read.
A change that cannot be applied is reported, never retried forever: the token moves on.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from sqlalchemy.dialects.sqlite import insert as upsert
from sqlalchemy.orm import Session

from desktop.domain.criteria_reader import criteria_set_from_dict
from desktop.domain.errors import XhhtError
from desktop.domain.progress import Progress
from desktop.domain.text import fold
from desktop.store.db import Database, read_setting, write_setting
from desktop.store.models import Commune, Province
from desktop.sync import state
from desktop.sync.client import SyncClient
from desktop.sync.steps import Step, inline


@dataclass(frozen=True)
class ReferenceReport:
    applied: dict[str, int]
    token: int
    problems: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"applied": self.applied, "token": self.token, "problems": self.problems}


def _criteria_set(data: dict, folder: Path) -> str | None:
    label = f"{data.get('title')}/{data.get('version')}"
    text = data.get("yaml", "")
    try:
        criteria = criteria_set_from_dict(yaml.safe_load(text), source=label)
    except (XhhtError, yaml.YAMLError, TypeError, AttributeError) as error:
        return f"Bộ tiêu chí {label} do tỉnh gửi không dùng được: {error}"
    target = folder / criteria.title / f"{criteria.version}.yaml"
    if target.exists():
        try:
            mine = criteria_set_from_dict(yaml.safe_load(target.read_text(encoding="utf-8-sig")), source=str(target))
        except (XhhtError, yaml.YAMLError):
            mine = None
        if mine is None or mine.fingerprint != criteria.fingerprint:
            return (f"Máy này đã có bộ tiêu chí {criteria.id} với nội dung khác bộ tỉnh gửi; giữ nguyên bộ trên máy "
                    f"({target}).")
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, target)  # a power cut leaves the old state or the whole file
    return None


def _commune(session: Session, data: dict) -> str | None:
    if session.get(Province, data["province_code"]) is None:
        return f"Không cập nhật được xã mã {data['code']}: chưa có tỉnh mã {data['province_code']} trong danh mục."
    values = {"code": data["code"], "name": data["name"], "division_type": data["division_type"],
              "province_code": data["province_code"], "search_text": fold(data["name"])}
    session.execute(upsert(Commune).values(**values).on_conflict_do_update(index_elements=["code"], set_=values))
    return None


def _apply(session: Session, change: dict, folder: Path) -> str | None:
    kind, data = change["kind"], change["data"]
    if kind == "criteria_set":
        return _criteria_set(data, folder)
    if kind == "commune":
        return _commune(session, data)
    if kind == "announcement":
        state.add_announcement(session, change["seq"], data)
        return None
    return f"Dữ liệu dùng chung loại “{kind}” chưa được chương trình này hỗ trợ; hãy cập nhật chương trình XHHT."


def pull_reference(db: Database, client: SyncClient, *, criteria_folder: Path,
                   progress: Progress | None = None, step: Step = inline) -> ReferenceReport:
    progress = progress or Progress()
    client.cancelled = lambda: progress.cancelled
    limits = client.check()
    token = step(lambda: _token(db))
    applied: Counter = Counter()
    problems: list[str] = []
    progress.start(0, "Đang nhận dữ liệu dùng chung từ tỉnh…")
    while True:
        page = client.reference(after=token, limit=limits.reference_page)
        token = step(lambda: _apply_page(db, page, Path(criteria_folder), applied, problems))
        progress.advance(len(page["changes"]))
        if not page.get("more"):
            break
    return ReferenceReport(dict(applied), token, problems)


def _token(db: Database) -> int:
    with db.session() as session:
        return int(read_setting(session, state.REFERENCE_TOKEN) or 0)


def _apply_page(db: Database, page: dict, folder: Path, applied: Counter, problems: list[str]) -> int:
    """One page of changes and the token after it, in one transaction; returns the token."""
    with db.session() as session:
        for change in page["changes"]:
            problem = _apply(session, change, folder)
            if problem:
                problems.append(problem)
            else:
                applied[change["kind"]] += 1
        write_setting(session, state.REFERENCE_TOKEN, str(page["token"]))
        session.commit()
    return page["token"]
