"""Hamlets (thôn, bản, tổ dân phố…): created, renamed and retired by the commune."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain import vocab
from desktop.domain.dates import parse_full_date
from desktop.domain.errors import ConflictError, ValidationError
from desktop.domain.records import clean_text_required
from desktop.domain.text import fold
from desktop.services.records import HamletRecord, hamlet_record
from desktop.services.session import get_live
from desktop.store.models import Hamlet
from desktop.store.queries import live


def guess_kind(name: str) -> str:
    """'Tổ dân phố 3' -> to_dan_pho: the kind is usually the name's first words."""
    folded = fold(name)
    for code, label in sorted(vocab.HAMLET_KINDS.items(), key=lambda kv: -len(kv[1])):
        if folded.startswith(fold(label) + " "):
            return code
    return "thon"


def _clean_hamlet_name(name: str) -> str:
    """Official style capitalises only the first word: "Tổ dân phố số 3", "Thôn Đông" as typed."""
    clean = clean_text_required(name, field="name")
    return clean[:1].upper() + clean[1:]


def _hamlet(session: Session, hamlet_id: str) -> Hamlet:
    return get_live(session=session, model=Hamlet, row_id=hamlet_id, what="thôn/tổ dân phố", field="hamlet")


def _check_name_free(session: Session, name: str, own_id: str | None = None) -> None:
    for other in session.scalars(select(Hamlet).where(live(Hamlet), Hamlet.valid_to.is_(None))):
        if other.id != own_id and fold(other.name) == fold(name):
            raise ConflictError(f"đã có “{other.name}”.", code="duplicate_name", field="name")


def add_hamlet(*, session: Session, name: str, kind: str | None = None,
               valid_from: object = None) -> HamletRecord:
    clean = _clean_hamlet_name(name)
    kind = vocab.check_code(vocab.HAMLET_KINDS, kind or guess_kind(clean), field="kind")
    _check_name_free(session, clean)
    start = parse_full_date(valid_from, field="valid_from") if valid_from not in (None, "") else None
    hamlet = Hamlet(name=clean, kind=kind, valid_from=start)
    session.add(hamlet)
    session.flush()
    return hamlet_record(hamlet)


def rename_hamlet(*, session: Session, hamlet_id: str, name: str, kind: str | None = None) -> HamletRecord:
    hamlet = _hamlet(session, hamlet_id)
    clean = _clean_hamlet_name(name)
    _check_name_free(session, clean, hamlet.id)
    hamlet.name = clean
    if kind:
        hamlet.kind = vocab.check_code(vocab.HAMLET_KINDS, kind, field="kind")
    session.flush()
    return hamlet_record(hamlet)


def retire_hamlet(*, session: Session, hamlet_id: str, valid_to: object) -> HamletRecord:
    """A hamlet merged or dissolved keeps its history; it just stops being current."""
    hamlet = _hamlet(session, hamlet_id)
    end = parse_full_date(valid_to, field="valid_to")
    if hamlet.valid_from and end < hamlet.valid_from:
        raise ValidationError("ngày hết hiệu lực trước ngày có hiệu lực.", code="bad_period", field="valid_to")
    hamlet.valid_to = end
    session.flush()
    return hamlet_record(hamlet)


def list_hamlets(*, session: Session, on: date | None = None) -> list[HamletRecord]:
    """Hamlets in force on `on` (all live ones when None), by name."""
    rows = session.scalars(select(Hamlet).where(live(Hamlet))).all()
    if on is not None:
        rows = [h for h in rows if (h.valid_from is None or h.valid_from <= on) and (h.valid_to is None or h.valid_to > on)]
    return [hamlet_record(h) for h in sorted(rows, key=lambda h: fold(h.name))]
