"""From results to a decision: the proposal list, the recognition decision, and revocation.

Recognising freezes each subject's result and names (what the decision's annex says)
in a `Recognition`; from then on its result is locked. Revoking needs a reason, voids
the subject's certificates and unlocks the result; a later recognition (a new decision)
issues a new certificate with a new register number.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Collection, Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.errors import ConflictError, NotFoundError, ValidationError, ValidationErrors
from desktop.domain.evaluation import SubjectResult
from desktop.domain.text import normalize_text
from desktop.services.titles.common import (
    check_title,
    check_year,
    refuse_locked,
    set_for_year,
    subject_kind,
    subject_names,
    title_name,
)
from desktop.services.titles.evaluation import compact_points, score
from desktop.services.titles.facts import load_facts
from desktop.services.titles.grid import GridRow, grid
from desktop.store.models import Certificate, Evaluation, Recognition, RecognitionDecision
from desktop.store.queries import live


@dataclass(frozen=True)
class DecisionSummary:
    id: str
    year: int
    title: str
    title_name: str
    number: str
    signed_on: date
    signer_name: str
    signer_title: str
    signer_capacity: str
    recognised: int  # standing (not revoked)
    revoked: int

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class StandingRecognition:
    """A subject's recognition that is in force (not revoked), with its decision and the
    result frozen when it was recognised."""

    id: str
    subject_id: str
    name: str
    detail: str
    total: float
    level: str | None
    result_json: str
    decision_id: str
    decision_number: str
    signed_on: date


def _stored(session: Session, year: int, title: str) -> dict[str, Evaluation]:
    return {row.subject_id: row for row in session.scalars(select(Evaluation).where(
        Evaluation.year == year, Evaluation.title == title, live(Evaluation)))}


def _refuse_not_passed(session: Session, year: int, title: str, ids: list[str], stored: dict[str, Evaluation],
                       doing: str) -> None:
    """Only đạt subjects go further; say which are chưa đủ căn cứ, which chưa đạt, which not evaluated."""
    groups: dict[str, list[str]] = {"not_evaluated": [], "incomplete": [], "failed": []}
    for s in ids:
        row = stored.get(s)
        if row is None:
            groups["not_evaluated"].append(s)
        elif not row.complete:
            groups["incomplete"].append(s)
        elif not row.passed:
            groups["failed"].append(s)
    if not any(groups.values()):
        return
    names = subject_names(session=session, kind=subject_kind(title), ids=[s for g in groups.values() for s in g[:3]])

    def shown(group: list[str]) -> str:
        return ", ".join(names[s].name if s in names else s for s in group[:3]) + ("…" if len(group) > 3 else "")
    parts = []
    if groups["incomplete"]:
        parts.append(f"{len(groups['incomplete'])} chưa đủ căn cứ — còn chỉ số chưa chấm hoặc thiếu số liệu "
                     f"({shown(groups['incomplete'])})")
    if groups["failed"]:
        parts.append(f"{len(groups['failed'])} chưa đạt ({shown(groups['failed'])})")
    if groups["not_evaluated"]:
        parts.append(f"{len(groups['not_evaluated'])} chưa được đánh giá ({shown(groups['not_evaluated'])})")
    code = "incomplete" if groups["incomplete"] else "not_passed" if groups["failed"] else "not_evaluated"
    raise ValidationError(f"Không {doing} được: {'; '.join(parts)}. Chỉ {doing} đối tượng đã đạt "
                          f"{title_name(title)} năm {year}.", code=code)


def propose(*, session: Session, year: int, title: str, subject_ids: Iterable[str], on: date | None = None,
            note: str = "", proposed: bool = True) -> int:
    """Put subjects on (or take them off) the proposal list; only evaluated subjects can be."""
    year, title = check_year(year), check_title(title)
    ids = list(dict.fromkeys(subject_ids))
    refuse_locked(session=session, year=year, title=title, subject_ids=ids, action="sửa danh sách đề nghị")
    stored = _stored(session, year, title)
    missing = [s for s in ids if s not in stored]
    if missing:
        raise ValidationError(f"{len(missing)} đối tượng chưa được chấm năm {year}; hãy đánh giá trước khi đề nghị.",
                              code="not_evaluated")
    if proposed:
        _refuse_not_passed(session, year, title, ids, stored, "đề nghị công nhận")
    for subject_id in ids:
        row = stored[subject_id]
        row.proposed = proposed
        row.proposed_on = (on or date.today()) if proposed else None
        row.proposal_note = normalize_text(note) if proposed else ""
    session.flush()
    return len(ids)


def recognisable(row: GridRow) -> bool:
    """May a decision recognise this grid row: đạt with every item scored, evaluated for the
    subject as registered now (not "left"), not recognised already."""
    return row.stage in ("passed", "proposed") and row.passed  # GridRow.passed: đạt and complete


def candidate_rows(rows: Sequence[GridRow], *, among: Collection[str] | None = None,
                   picked: bool = False) -> list[GridRow]:
    """Who a decision recognises when not told otherwise — the one rule the page, the command
    line and `recognize` share. `rows`: the title's whole grid of the year (the proposal list
    is the year's, not a filter's). `among`: the subjects a filter narrows to. `picked`: the
    officer chose `rows` one by one (a selection), so the proposal list does not narrow them.
    Otherwise: the proposal list once there is one (even if none of it is đạt any longer:
    "once there is a list, it is the list"), else everyone đạt."""
    if picked:
        return [r for r in rows if recognisable(r)]
    listed = any(r.stage == "proposed" for r in rows)
    return [r for r in rows if recognisable(r) and (not listed or r.stage == "proposed")
            and (among is None or r.subject_id in among)]


def proposal_applies(row: GridRow, *, proposed: bool = True) -> bool:
    """Does a whole-list proposal step take this row: putting on the list takes every row đạt
    and not on it yet; taking off takes the whole list, đạt or no longer (a member whose result
    fell must be removable, or it keeps the list from holding anyone else)."""
    return row.stage == ("passed" if proposed else "proposed")


def candidates(*, session: Session, year: int, title: str) -> list[str]:
    """`candidate_rows` over the year's grid, as subject ids."""
    return [r.subject_id for r in candidate_rows(grid(session=session, year=year, title=title).rows)]


def _result_json(result: SubjectResult, criteria) -> str:
    return json.dumps({
        "set_id": result.set_id, "total": result.total, "max_points": result.max_points, "passed": result.passed,
        "level": result.level, "reasons": list(result.reasons),
        "items": [{"id": s.item_id, "name": criteria.item(s.item_id).name, "points": s.points,
                   "max": s.max_points, "source": s.source, "reason": s.reason, "evidence": s.evidence,
                   "data_used": [[k, v] for k, v in s.data_used],
                   **({"suggestion": s.suggestion} if s.suggestion else {})} for s in result.items],
    }, ensure_ascii=False, default=str)


def recognize(*, session: Session, year: int, title: str, number: str, signed_on: date, signer_name: str,
              signer_title: str = "CHỦ TỊCH", signer_capacity: str = "",
              subject_ids: Iterable[str] | None = None, note: str = "") -> DecisionSummary:
    """Record a recognition decision for the given subjects (default: `candidates`)."""
    year, title = check_year(year), check_title(title)
    number, signer_name = normalize_text(number), normalize_text(signer_name)
    errors = []
    if not number:
        errors.append(ValidationError("hãy nhập số quyết định.", code="required", field="number"))
    if not signer_name:
        errors.append(ValidationError("hãy nhập người ký.", code="required", field="signer_name"))
    if signed_on is None or signed_on.year < year:
        errors.append(ValidationError(f"ngày ký phải trong năm {year} hoặc sau đó.", code="invalid_date",
                                      field="signed_on"))
    elif signed_on > date.today():
        errors.append(ValidationError("ngày ký không được sau hôm nay.", code="future_date", field="signed_on"))
    if errors:
        raise ValidationErrors(errors)
    clash = session.scalar(select(RecognitionDecision).where(
        RecognitionDecision.year == year, RecognitionDecision.number == number, live(RecognitionDecision)))
    if clash is not None:
        raise ConflictError(f"Số quyết định {number} đã được dùng năm {year} ({title_name(clash.title)}).",
                            code="duplicate_number", field="number")

    ids = (list(dict.fromkeys(subject_ids)) if subject_ids is not None
           else candidates(session=session, year=year, title=title))
    if not ids:
        raise ValidationError(f"Không có đối tượng nào đạt {title_name(title)} năm {year} để công nhận "
                              "(hãy đánh giá và lập danh sách đề nghị trước).", code="nothing_to_recognise")
    refuse_locked(session=session, year=year, title=title, subject_ids=ids, action="công nhận lại")
    stored = _stored(session, year, title)
    _refuse_not_passed(session, year, title, ids, stored, "công nhận")
    names = subject_names(session=session, kind=subject_kind(title), ids=ids)

    criteria = set_for_year(session=session, year=year, title=title)
    # Freeze the full result as it stands now (the stored one is compact).
    results = {r.subject_id: r for r in score(session=session, facts=load_facts(session=session, year=year),
                                              criteria=criteria, year=year, subject_ids=ids)}
    # The decision must recognise the result that was evaluated (and proposed): a check or a
    # lower title changed since then means evaluating again first.
    changed = [s for s in ids if s not in results or not results[s].passed
               or compact_points(results[s]) != stored[s].points_json]
    if changed:
        raise ConflictError(f"Kết quả của {len(changed)} đối tượng đã thay đổi từ lần chấm trước; hãy đánh giá lại "
                            "trước khi công nhận.", code="stale_result")
    decision = RecognitionDecision(year=year, title=title, number=number, signed_on=signed_on,
                                   signer_name=signer_name, signer_title=normalize_text(signer_title),
                                   signer_capacity=normalize_text(signer_capacity), set_id=criteria.id,
                                   note=normalize_text(note))
    session.add(decision)
    session.flush()
    for subject_id in ids:
        result, name = results[subject_id], names[subject_id]
        session.add(Recognition(decision_id=decision.id, year=year, title=title, subject_kind=criteria.subject,
                                subject_id=subject_id, name=name.name, head=name.head, detail=name.detail,
                                sex=name.sex, birth_year=name.birth_year, total=result.total, level=result.level,
                                result_json=_result_json(result, criteria)))
    session.flush()
    return decision_summary(session=session, decision_id=decision.id)


def revoke(*, session: Session, recognition_id: str, reason: str, on: date | None = None) -> None:
    reason = normalize_text(reason)
    if len(reason) < 5:
        raise ValidationError("hãy ghi rõ lý do thu hồi công nhận.", code="required", field="reason")
    row = session.get(Recognition, recognition_id)
    if row is None or row.deleted:
        raise NotFoundError("Không tìm thấy quyết định công nhận này.")
    if row.revoked_on is not None:
        raise ConflictError(f"Công nhận này đã bị thu hồi ngày {row.revoked_on:%d/%m/%Y}.", code="already_revoked")
    row.revoked_on, row.revoke_reason = on or date.today(), reason
    for certificate in session.scalars(select(Certificate).where(
            Certificate.recognition_id == row.id, Certificate.void.is_(False))):
        certificate.void, certificate.void_reason = True, f"Thu hồi công nhận: {reason}"
    # Back on the evaluation grid as an ordinary result, off the proposal list.
    evaluation = session.scalar(select(Evaluation).where(
        Evaluation.year == row.year, Evaluation.title == row.title, Evaluation.subject_id == row.subject_id,
        live(Evaluation)))
    if evaluation is not None:
        evaluation.proposed, evaluation.proposed_on = False, None
    session.flush()


def standing_recognition(*, session: Session, year: int, title: str, subject_id: str) -> StandingRecognition | None:
    row = session.execute(select(Recognition, RecognitionDecision.number, RecognitionDecision.signed_on)
                          .join(RecognitionDecision, RecognitionDecision.id == Recognition.decision_id)
                          .where(Recognition.year == year, Recognition.title == title,
                                 Recognition.subject_id == subject_id, live(Recognition),
                                 Recognition.revoked_on.is_(None))).first()
    if row is None:
        return None
    r, number, signed_on = row
    return StandingRecognition(r.id, r.subject_id, r.name, r.detail, r.total, r.level, r.result_json or "{}",
                               r.decision_id, number, signed_on)


def decision_summary(*, session: Session, decision_id: str) -> DecisionSummary:
    d = session.get(RecognitionDecision, decision_id)
    if d is None or d.deleted:
        raise NotFoundError("Không tìm thấy quyết định công nhận.")
    rows = session.execute(select(Recognition.revoked_on).where(
        Recognition.decision_id == d.id, live(Recognition))).scalars().all()
    revoked = sum(r is not None for r in rows)
    return DecisionSummary(d.id, d.year, d.title, title_name(d.title), d.number, d.signed_on, d.signer_name,
                           d.signer_title, d.signer_capacity, len(rows) - revoked, revoked)


def decisions(*, session: Session, year: int | None = None, title: str | None = None) -> list[DecisionSummary]:
    query = select(RecognitionDecision.id).where(live(RecognitionDecision))
    if year is not None:
        query = query.where(RecognitionDecision.year == year)
    if title is not None:
        query = query.where(RecognitionDecision.title == title)
    query = query.order_by(RecognitionDecision.signed_on, RecognitionDecision.number)
    return [decision_summary(session=session, decision_id=i) for i in session.scalars(query)]
