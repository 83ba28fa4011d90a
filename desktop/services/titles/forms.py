"""Phiếu tự đánh giá "Công dân học tập" for the registered people of a year, filled in from
the register (printing/self_assessment.py draws them). Printing forms writes nothing."""

from __future__ import annotations

import os
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.criteria import COMPUTED, fmt
from desktop.domain.dates import PartialDate
from desktop.domain.errors import ValidationError
from desktop.domain.evaluation import evaluate
from desktop.domain.progress import Progress
from desktop.domain.text import vietnamese_key
from desktop.domain.vocab import LIVING_HERE, SEX
from desktop.printing.self_assessment import FormItem, FormPerson, SelfAssessmentDoc, draw_self_assessment
from desktop.services.titles.common import check_year, name_order, set_for_year, subject_names, title_name
from desktop.services.titles.documents import commune_names
from desktop.services.titles.facts import Scope, load_facts
from desktop.services.titles.registration import registered_ids
from desktop.store.models import Citizen
from desktop.store.queries import chunks, live

TITLE = "cong-dan"  # the one title people assess themselves for


def _pass_rule(criteria) -> str:
    rule = criteria.pass_rule
    return f"Đạt khi tổng điểm từ {fmt(rule.min_total)}/{fmt(criteria.max_points)}{rule.floors_text}."


def _evidence_hints(session: Session, criteria, year: int, ids: list[str]) -> dict[str, dict[str, str]]:
    """Person -> item id -> what the register shows as evidence (the set's `evidence` items),
    pre-printed in the form's Minh chứng column; the person may bring other evidence."""
    if not ids or not any(item.evidence_rule for item in criteria.items):
        return {}
    # A few people: only their rows; a whole commune: one read (SQLite caps the parameters of a query).
    scope = Scope(households=frozenset(), citizens=frozenset(ids), clans=frozenset(), hamlets=frozenset(),
                  units=frozenset()) if len(ids) <= 500 else None
    facts = load_facts(session=session, year=year, scope=scope)
    results = evaluate(criteria, year=year, facts=facts, subjects=[c for c in ids if facts.known("citizen", c)])
    return {r.subject_id: {s.item_id: s.suggestion for s in r.items if s.suggestion} for r in results}


def self_assessment_doc(*, session: Session, year: int, subject_ids: Iterable[str] | None = None) -> SelfAssessmentDoc:
    """The forms of `subject_ids` (default: every registered person still living here), by
    hamlet then name, as the decision's annex orders them."""
    year = check_year(year)
    criteria = set_for_year(session=session, year=year, title=TITLE)
    registered = registered_ids(session=session, year=year, title=TITLE)
    wanted = registered if subject_ids is None else list(dict.fromkeys(subject_ids))
    known = set(registered)
    outside = [s for s in wanted if s not in known]
    if outside:
        raise ValidationError(f"{len(outside)} người chưa đăng ký {title_name(TITLE)} năm {year}: hãy đăng ký trước "
                              "khi in phiếu tự đánh giá.", code="not_registered")
    people = {}
    for chunk in chunks(wanted):
        people.update({cid: (birth, identity) for cid, birth, identity in session.execute(
            select(Citizen.id, Citizen.birth_date, Citizen.identity_number).where(
                Citizen.id.in_(chunk), live(Citizen),
                Citizen.status.in_(LIVING_HERE)))})
    names = subject_names(session=session, kind="citizen", ids=list(people))
    order = sorted(people, key=lambda c: (vietnamese_key(names[c].hamlet), name_order("citizen", names[c].name)))
    hints = _evidence_hints(session, criteria, year, order)
    forms = []
    for cid in order:
        name, (birth, identity) = names[cid], people[cid]
        forms.append(FormPerson(name.name, SEX.get(name.sex or "", name.sex or ""),
                                PartialDate.from_iso(birth).format_vi() if birth else "…………",
                                identity or "", name.detail, name.hamlet, hints.get(cid, {})))
    criteria_of = {item.id: c.name for c in criteria.criteria for item in c.items}
    items = tuple(FormItem(i.number, i.name, i.points, criteria_of[i.id], i.kind == COMPUTED, i.id)
                  for i in criteria.items)
    doubt = "" if criteria.confirmed else (
        "Lưu ý: bộ tiêu chí chưa đối chiếu đủ với văn bản gốc; xã có thể điều chỉnh theo hướng dẫn của tỉnh.")
    _, commune, _ = commune_names(session=session)
    return SelfAssessmentDoc(year, commune, title_name(TITLE), criteria.source.full_citation, _pass_rule(criteria),
                             doubt, items, tuple(forms))


def print_self_assessment(*, session: Session, year: int, path: str | os.PathLike,
                          subject_ids: Iterable[str] | None = None, progress: Progress | None = None) -> int:
    """The forms into one PDF at `path`; returns how many. Nothing is written to the register."""
    doc = self_assessment_doc(session=session, year=year, subject_ids=subject_ids)
    if not doc.people:
        raise ValidationError(f"Chưa có ai đăng ký {title_name(TITLE)} năm {year} để in phiếu tự đánh giá.",
                              code="nothing_to_print")
    progress = progress or Progress()
    progress.start(len(doc.people), "Đang chuẩn bị phiếu tự đánh giá…")
    return draw_self_assessment(doc, path, progress=lambda done: progress.advance(1))
