"""Naming subjects the way an officer or a script does: an id, a household code (H00012),
a citizen's identity number, the name of a hamlet, clan or unit (when only one has it).
Used by the `xhht` title commands."""

from __future__ import annotations

from typing import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain.errors import NotFoundError
from desktop.domain.text import fold, normalize_text
from desktop.services.titles.common import check_title, subject_kind, subject_names
from desktop.store.models import Citizen, Clan, Hamlet, Household, LearningUnit
from desktop.store.queries import live


def resolve_subjects(*, session: Session, title: str, refs: Iterable[str]) -> list[str]:
    """Subject ids of a title's kind from ids or codes, in the order given (repeats dropped).

    Households may be named by code, citizens by identity number, hamlets, clans and units
    by name; anything not found is reported together in one NotFoundError.
    """
    kind = subject_kind(check_title(title))
    wanted = list(dict.fromkeys(normalize_text(r) for r in refs if normalize_text(r)))
    known = subject_names(session=session, kind=kind, ids=wanted)
    out, missing = [], []
    for ref in wanted:
        subject_id = ref if ref in known else _by_code(session, kind, ref)
        if subject_id is None:
            missing.append(ref)
        else:
            out.append(subject_id)
    if missing:
        shown = ", ".join(missing[:5]) + ("…" if len(missing) > 5 else "")
        raise NotFoundError(f"Không tìm thấy {len(missing)} đối tượng: {shown} (tìm theo mã số, mã hộ, số "
                            "định danh hoặc tên; có thể đã bị xóa).")
    return list(dict.fromkeys(out))


def _by_code(session: Session, kind: str, ref: str) -> str | None:
    if kind == "household":
        return session.scalar(select(Household.id).where(
            func.upper(Household.code) == ref.upper(), live(Household)))
    if kind == "citizen":
        return session.scalar(select(Citizen.id).where(
            Citizen.identity_number == ref, live(Citizen)))
    if kind == "hamlet":
        return hamlet_id(session=session, name=ref, required=False)
    model = Clan if kind == "clan" else LearningUnit
    found = [i for i, name in session.execute(select(model.id, model.name).where(live(model)))
             if fold(name) == fold(ref)]
    return found[0] if len(found) == 1 else None  # several clans share a name: the id tells them apart


def hamlet_id(*, session: Session, name: str, required: bool = True) -> str | None:
    """The live hamlet called `name` (marks and case optional; "Bắc" finds "Thôn Bắc")."""
    folded = fold(name)
    rows = session.execute(select(Hamlet.id, Hamlet.name).where(live(Hamlet))).all()
    exact = [hid for hid, hname in rows if fold(hname) == folded]
    loose = [hid for hid, hname in rows if fold(hname).endswith(" " + folded)]
    found = exact or loose
    if len(found) == 1:
        return found[0]
    if not required:
        return None
    if found:
        raise NotFoundError(f"Có {len(found)} thôn, tổ dân phố khớp “{name}”; hãy ghi đủ tên.", field="hamlet")
    raise NotFoundError(f"Không có thôn, tổ dân phố nào tên “{name}”.", field="hamlet")
