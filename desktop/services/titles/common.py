"""What the title services share: the sets in use, who is locked, and how subjects are named."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from desktop.domain.criteria import TITLES, CriteriaSet
from desktop.domain.errors import ConflictError, ValidationError
from desktop.domain.text import name_sort_key, split_full_name, vietnamese_key
from desktop.services.criteria import (
    SUFFIXES,
    choose_set,
    criteria_dir,
    find_set,
    load_folder,
    user_criteria_dir,
)
from desktop.store.models import (
    Citizen,
    Clan,
    EvaluationRound,
    Hamlet,
    Household,
    LearningUnit,
    Recognition,
    SubjectChecks,
)
from desktop.store.queries import live

# Abbreviations of the certificate register numbers (2026-GĐHT-000123).
ABBREVIATIONS = {"cong-dan": "CDHT", "gia-dinh": "GĐHT", "dong-ho": "DHHT", "cong-dong": "CĐHT", "don-vi": "ĐVHT"}


def check_title(title: str) -> str:
    if title not in TITLES:
        raise ValidationError(f"không có danh hiệu “{title}”; chọn một trong: {', '.join(TITLES)}.",
                              code="unknown_title", field="title_id")
    return title


def check_year(year: int) -> int:
    if not 2000 <= int(year) <= 2100:
        raise ValidationError(f"năm {year} không hợp lệ.", code="invalid_year", field="year")
    return int(year)


def name_order(kind: str, name: str) -> tuple:
    """People (and households, by their head) in register order: given, middle, family name."""
    if kind in ("citizen", "household"):
        return name_sort_key(*split_full_name(name))
    return vietnamese_key(name)


def title_name(title: str) -> str:
    return TITLES[title][1]


def subject_kind(title: str) -> str:
    return TITLES[title][0]


_sets_lock = threading.Lock()
_sets_cache: list = [None, []]  # [files' signature, sets read with it]


def _files(folder: Path) -> tuple:
    """What the set files of `folder` look like on disk: a changed, added or removed file shows."""
    if not folder.is_dir():
        return ()
    return tuple(sorted((str(p), st.st_mtime_ns, st.st_size) for p in folder.glob("*/*")
                        if p.suffix in SUFFIXES and p.is_file() for st in (p.stat(),)))


def available_sets() -> list[CriteriaSet]:
    """Bundled sets and those added on this PC (a set id found in both must agree).

    Parsing the YAML files takes about 0.2 s, and every check an officer types asks for
    the year's set: the sets are read again only when a file changes.
    """
    bundled, added = criteria_dir(), user_criteria_dir()
    signature = (str(bundled), _files(bundled), str(added), _files(added))
    with _sets_lock:
        if _sets_cache[0] == signature:
            return list(_sets_cache[1])
    sets = {s.id: s for s in load_folder(bundled)}
    for criteria in load_folder(added):
        sets.setdefault(criteria.id, criteria)
    with _sets_lock:
        _sets_cache[:] = [signature, list(sets.values())]
    return list(sets.values())


def set_for_year(*, session: Session, year: int, title: str, sets: Iterable[CriteriaSet] | None = None) -> CriteriaSet:
    """The set a year was first evaluated with; the newest in force for a year not yet evaluated."""
    sets = list(sets) if sets is not None else available_sets()
    done = session.scalar(select(EvaluationRound).where(
        EvaluationRound.year == year, EvaluationRound.title == title, live(EvaluationRound)))
    if done is None:
        return _set_of_the_checks(session, sets, year, title)
    criteria = find_set(sets, done.set_id)
    if criteria.fingerprint != done.set_fingerprint:
        raise ConflictError(f"Bộ tiêu chí {done.set_id} trên máy này khác với bộ đã dùng để chấm năm {year}; "
                            "hãy nạp lại đúng tệp đã dùng.", code="set_changed")
    return criteria


def _set_of_the_checks(session: Session, sets: list[CriteriaSet], year: int, title: str) -> CriteriaSet:
    """The newest set in force that holds every item the officer already checked this year.

    A newer issue of a set that arrives mid-year (a program update) must not orphan the
    checks typed under the older one: the year goes on with the set they were typed for,
    and the next year takes the new one."""
    newest = choose_set(sets, title, year)
    checked = set(session.execute(text(
        "SELECT DISTINCT j.key FROM subject_checks AS c, json_each(c.checks_json) AS j "
        "WHERE c.year = :year AND c.title = :title AND c.deleted = 0"), {"year": year, "title": title}).scalars())
    if not checked or checked <= {item.id for item in newest.items}:
        return newest
    fitting = [s for s in sets if s.title == title and checked <= {i.id for i in s.items}]
    return choose_set(fitting, title, year) if any(s.in_force(year) for s in fitting) else newest


def locked_ids(*, session: Session, year: int, title: str) -> dict[str, str]:
    """Subjects with a standing recognition -> its id (their results may not change)."""
    return dict(session.execute(select(Recognition.subject_id, Recognition.id).where(
        Recognition.year == year, Recognition.title == title, live(Recognition),
        Recognition.revoked_on.is_(None))).all())


def refuse_locked(*, session: Session, year: int, title: str, subject_ids: Iterable[str], action: str) -> None:
    locked = locked_ids(session=session, year=year, title=title)
    hit = [s for s in subject_ids if s in locked]
    if hit:
        names = subject_names(session=session, kind=subject_kind(title), ids=hit[:3])
        shown = ", ".join(names.get(s, SubjectName(s)).name for s in hit[:3]) + ("…" if len(hit) > 3 else "")
        raise ConflictError(f"Không thể {action}: {len(hit)} đối tượng đã được công nhận {title_name(title)} năm "
                            f"{year} ({shown}). Muốn sửa, hãy thu hồi công nhận (ghi rõ lý do) trước.",
                            code="locked")


def read_checks(*, session: Session, year: int, title: str,
                subject_ids: Iterable[str] | None = None) -> dict[str, dict[str, tuple[float, str]]]:
    """subject id -> {item id: (points, evidence)} of the officer's checks."""
    query = select(SubjectChecks.subject_id, SubjectChecks.checks_json).where(
        SubjectChecks.year == year, SubjectChecks.title == title, live(SubjectChecks))
    wanted = None if subject_ids is None else set(subject_ids)
    if wanted is not None and len(wanted) <= 500:  # a few: by index; many: one pass (SQLite caps parameters)
        query = query.where(SubjectChecks.subject_id.in_(sorted(wanted)))
    return {sid: {k: (v[0], v[1]) for k, v in json.loads(raw).items()} for sid, raw in session.execute(query)
            if wanted is None or sid in wanted}


@dataclass(frozen=True)
class SubjectName:
    """How a subject is called on lists, in the decision's annex and on its certificate."""

    id: str
    name: str = "(không rõ)"
    head: str = ""  # household head, clan head, unit head
    detail: str = ""  # address or hamlet
    hamlet: str = ""
    hamlet_id: str | None = None
    sex: str | None = None
    birth_year: int | None = None
    code: str = ""  # household code


def _chunks(ids: list[str], size: int = 900) -> Iterable[list[str]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def subject_names(*, session: Session, kind: str, ids: Iterable[str] | None = None) -> dict[str, SubjectName]:
    """Names of the given subjects (all live ones of the kind when `ids` is None)."""
    hamlets = dict(session.execute(select(Hamlet.id, Hamlet.name)).all())
    wanted = None if ids is None else list(dict.fromkeys(ids))
    out: dict[str, SubjectName] = {}
    for chunk in ([None] if wanted is None else _chunks(wanted)):
        for name in _names(session, kind, chunk, hamlets):
            out[name.id] = name
    return out


def _where(query, column, chunk):
    return query if chunk is None else query.where(column.in_(chunk))


def _address(address: str, hamlet: str) -> str:
    if hamlet and hamlet not in address:
        return ", ".join(p for p in (address, hamlet) if p)
    return address or hamlet


def _names(session: Session, kind: str, chunk, hamlets: dict[str, str]) -> Iterable[SubjectName]:
    if kind == "citizen":
        query = _where(select(Citizen.id, Citizen.full_name, Citizen.sex, Citizen.birth_year, Household.address,
                              Household.hamlet_id, Household.code)
                       .outerjoin(Household, Household.id == Citizen.household_id)
                       .where(live(Citizen)), Citizen.id, chunk)
        for cid, name, sex, birth_year, address, hamlet_id, code in session.execute(query):
            hamlet = hamlets.get(hamlet_id, "")
            yield SubjectName(cid, name, "", _address(address or "", hamlet), hamlet, hamlet_id, sex, birth_year,
                              code or "")
    elif kind == "household":
        query = _where(select(Household.id, Household.code, Household.address, Household.hamlet_id,
                              Citizen.full_name, Citizen.sex)
                       .outerjoin(Citizen, Citizen.id == Household.head_id)
                       .where(live(Household)), Household.id, chunk)
        for hid, code, address, hamlet_id, head, sex in session.execute(query):
            hamlet = hamlets.get(hamlet_id, "")
            yield SubjectName(hid, head or f"Hộ {code}", head or "", _address(address, hamlet), hamlet, hamlet_id,
                              sex, None, code)
    elif kind == "clan":
        query = _where(select(Clan.id, Clan.name, Clan.hamlet_id, Citizen.full_name)
                       .outerjoin(Citizen, Citizen.id == Clan.head_id)
                       .where(live(Clan)), Clan.id, chunk)
        for cid, name, hamlet_id, head in session.execute(query):
            hamlet = hamlets.get(hamlet_id, "")
            yield SubjectName(cid, name, head or "", hamlet, hamlet, hamlet_id)
    elif kind == "hamlet":
        query = _where(select(Hamlet.id, Hamlet.name).where(live(Hamlet)), Hamlet.id, chunk)
        for hid, name in session.execute(query):
            yield SubjectName(hid, name, "", "", name, hid)
    elif kind == "unit":
        query = _where(select(LearningUnit.id, LearningUnit.name, LearningUnit.head_name, LearningUnit.address,
                              LearningUnit.hamlet_id)
                       .where(live(LearningUnit)), LearningUnit.id, chunk)
        for uid, name, head, address, hamlet_id in session.execute(query):
            hamlet = hamlets.get(hamlet_id, "")
            yield SubjectName(uid, name, head, _address(address, hamlet), hamlet, hamlet_id)
    else:
        raise ValueError(f"unknown subject kind {kind!r}")
