"""Evaluate a year: score the registered subjects of each title and keep the results.

Titles run lowest first (Công dân → Gia đình → Dòng họ → Cộng đồng → Đơn vị). A title
that counts a lower one (a hamlet counts its households that reached Gia đình học tập)
reads the lower title's results *as they stand now* — scored afresh from today's checks
and register, with its recognised subjects — never stored rows, which may be older than
a check. Evaluating a title also evaluates the titles it reads and those that read it,
so that no stored result rests on another that has since changed.
A recognised subject is locked: its stored result stays as recognised.
Only results that changed are written, so evaluating again after a few checks is quick.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from desktop.domain.criteria import TITLE_ORDER, CriteriaSet
from desktop.domain.errors import NotFoundError, XhhtError
from desktop.domain.evaluation import (
    COMPUTED_SOURCE,
    MANUAL_SOURCE,
    ManualCheck,
    SubjectResult,
    evaluate,
    no_cycle_collection,
    titles_above,
    titles_below,
)
from desktop.domain.progress import Progress
from desktop.services.titles.common import (
    available_sets,
    check_title,
    check_year,
    locked_ids,
    read_checks,
    set_for_year,
    subject_kind,
    title_name,
)
from desktop.services.titles.facts import Facts, load_facts, scope_of
from desktop.services.titles.registration import registered_ids
from desktop.store.models import Evaluation, EvaluationRound, SubjectChecks
from desktop.store.queries import chunks, live

_SOURCE_CODES = {COMPUTED_SOURCE: "c", MANUAL_SOURCE: "m"}  # anything else: "x" (missing)


@dataclass(frozen=True)
class TitleSummary:
    title: str
    name: str
    set_id: str
    registered: int
    evaluated: int
    passed: int
    complete: int
    locked: int
    written: int

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def compact_points(result: SubjectResult, cache: dict | None = None) -> str:
    """{item: [points, c/m/x]} as stored. Results share their ItemScore objects (the engine
    reuses them), so `cache` keyed by their identities saves re-encoding the same JSON."""
    key = tuple(map(id, result.items)) if cache is not None else None
    if cache is not None and key in cache:
        return cache[key]
    text = json.dumps({s.item_id: [s.points, _SOURCE_CODES.get(s.source, "x")] for s in result.items},
                      separators=(",", ":"))
    if cache is not None:
        cache[key] = text
    return text


def year_sets(*, session: Session, year: int, titles=TITLE_ORDER, required=()) -> dict[str, CriteriaSet]:
    """Title -> the set of `year`; a title without a usable set is left out, unless required."""
    sets = available_sets()
    out = {}
    for title in titles:
        try:
            out[title] = set_for_year(session=session, year=year, title=title, sets=sets)
        except XhhtError:
            if title in required:
                raise
    return out


def lower_results(*, session: Session, facts: Facts, year: int, title: str, sets: dict | None = None,
                  known: dict[str, frozenset[str]] | None = None) -> dict[str, frozenset[str]]:
    """The lower titles `title` reads -> ids that reach them now: their registered subjects
    still in `facts`, scored afresh (passed means every item scored), and the recognised ones.
    `known`: titles already scored in this run. A lower title nobody registered for is left
    out, so the rules say "chưa có kết quả" rather than 0 %."""
    sets = sets if sets is not None else year_sets(session=session, year=year,
                                                   titles=TITLE_ORDER[:TITLE_ORDER.index(title) + 1])
    out: dict[str, frozenset[str]] = {}
    for lower in titles_below(sets, title):
        if known is not None and lower in known:
            out[lower] = known[lower]
            continue
        criteria = sets.get(lower)
        if criteria is None:
            continue
        registered = registered_ids(session=session, year=year, title=lower)
        locked = set(locked_ids(session=session, year=year, title=lower))
        if not registered and not locked:
            continue
        present = set(facts.subject_ids(criteria.subject))
        subjects = [s for s in registered if s not in locked and s in present]
        results = evaluate(criteria, year=year, facts=facts, subjects=subjects,
                           checks_by_subject=grouped_checks(session=session, year=year, title=lower,
                                                            subject_ids=subjects), lower_results=out)
        out[lower] = frozenset(r.subject_id for r in results if r.passed) | locked
    return out


def manual_checks(*, session: Session, year: int, title: str, subject_ids=None) -> list[ManualCheck]:
    return [ManualCheck(sid, item, points, evidence)
            for sid, items in read_checks(session=session, year=year, title=title, subject_ids=subject_ids).items()
            for item, (points, evidence) in items.items()]


def grouped_checks(*, session: Session, year: int, title: str,
                   subject_ids=None) -> dict[str, dict[str, ManualCheck]]:
    """Subject id -> item id -> check; subjects with the same stored checks (a batch of full
    marks with one evidence note) share one mapping, read once."""
    wanted = None if subject_ids is None else set(subject_ids)
    query = select(SubjectChecks.subject_id, SubjectChecks.checks_json).where(
        SubjectChecks.year == year, SubjectChecks.title == title, live(SubjectChecks))
    if wanted is not None and len(wanted) <= 500:  # SQLite caps parameters; many: one pass
        query = query.where(SubjectChecks.subject_id.in_(sorted(wanted)))
    parsed: dict[str, dict[str, ManualCheck]] = {}
    out: dict[str, dict[str, ManualCheck]] = {}
    for subject_id, raw in session.execute(query):
        if wanted is not None and subject_id not in wanted:
            continue
        items = parsed.get(raw)
        if items is None:  # the engine reads only points and evidence of a grouped check
            items = parsed[raw] = {item: ManualCheck("", item, points, evidence)
                                   for item, (points, evidence) in json.loads(raw).items()}
        out[subject_id] = items
    return out


def score(*, session: Session, facts: Facts, criteria: CriteriaSet, year: int, subject_ids,
          known: dict[str, frozenset[str]] | None = None) -> list[SubjectResult]:
    """Results of these subjects as they stand now (no storing): the grid's detail, the
    evaluation and recognition's check use it."""
    ids = [s for s in subject_ids if facts.known(criteria.subject, s)]
    return evaluate(criteria, year=year, facts=facts, subjects=ids,
                    checks_by_subject=grouped_checks(session=session, year=year, title=criteria.title, subject_ids=ids),
                    lower_results=lower_results(session=session, facts=facts, year=year, title=criteria.title,
                                                known=known))


def evaluate_title(*, session: Session, year: int, title: str, facts: Facts | None = None,
                   criteria: CriteriaSet | None = None,
                   known: dict[str, frozenset[str]] | None = None) -> TitleSummary:
    """Score and store one title. `known` (title -> ids reached) gives the lower titles scored
    earlier in the same run, and receives this one's."""
    year, title = check_year(year), check_title(title)
    criteria = criteria or set_for_year(session=session, year=year, title=title)
    facts = facts or load_facts(session=session, year=year)
    registered = registered_ids(session=session, year=year, title=title)
    locked = locked_ids(session=session, year=year, title=title)
    # A citizen who moved away or died during the year drops out (their result is withdrawn).
    present = set(facts.subject_ids(criteria.subject))
    subjects = [s for s in registered if s not in locked and s in present]
    results = score(session=session, facts=facts, criteria=criteria, year=year, subject_ids=subjects, known=known)
    if known is not None:
        known[title] = frozenset(r.subject_id for r in results if r.passed) | set(locked)

    # Compare with plain columns; only rows that change become ORM objects (35,000 would
    # cost seconds to load, most of it parsing their timestamps).
    columns = (Evaluation.set_id, Evaluation.total, Evaluation.max_points, Evaluation.passed, Evaluation.complete,
               Evaluation.level, Evaluation.points_json)
    stored = {sid: (row_id, tuple(rest)) for sid, row_id, *rest in session.execute(
        select(Evaluation.subject_id, Evaluation.id, *columns).where(
            Evaluation.year == year, Evaluation.title == title, live(Evaluation)))}
    names = [c.key for c in columns]
    changes: dict[str, dict | None] = {}  # row id -> new values (None: tombstone)
    new_rows: list[dict] = []
    encoded: dict = {}
    written = 0
    seen = set()
    for result in results:
        seen.add(result.subject_id)
        values = (criteria.id, result.total, result.max_points, result.passed, result.complete, result.level,
                  compact_points(result, encoded))
        old = stored.get(result.subject_id)
        if old is None:
            new_rows.append(dict(zip(names, values, strict=True), year=year, title=title, subject_kind=criteria.subject,
                                 subject_id=result.subject_id, proposed=False, proposal_note=""))
        elif old[1] != values:
            changes[old[0]] = dict(zip(names, values, strict=True))
    for subject_id, (row_id, _) in stored.items():  # no longer registered (or gone from the register)
        if subject_id not in seen and subject_id not in locked:
            changes[row_id] = None
    ids = list(changes)
    for chunk in chunks(ids):
        for row in session.scalars(select(Evaluation).where(Evaluation.id.in_(chunk))):
            change = changes[row.id]
            if change is None:
                row.deleted = True
            else:
                for k, v in change.items():
                    setattr(row, k, v)
    if new_rows:  # a year's first evaluation: one executemany (the change-log hook stamps and logs it)
        session.execute(insert(Evaluation), new_rows)
    written += len(changes) + len(new_rows)

    round_ = session.scalar(select(EvaluationRound).where(
        EvaluationRound.year == year, EvaluationRound.title == title, live(EvaluationRound)))
    passed = sum(r.passed for r in results) + len(locked)
    if round_ is None:
        round_ = EvaluationRound(year=year, title=title, set_id=criteria.id, set_fingerprint=criteria.fingerprint)
        session.add(round_)
    round_.evaluated_at = datetime.now(timezone.utc)
    round_.subjects, round_.passed = len(results) + len(locked), passed
    session.flush()
    return TitleSummary(title, title_name(title), criteria.id, len(registered), len(results) + len(locked), passed,
                        sum(r.complete for r in results) + len(locked), len(locked), written)


def related_titles(*, session: Session, year: int, titles, sets: dict[str, CriteriaSet]) -> list[str]:
    """`titles` with those they read and those already evaluated this year that read them,
    lowest first: one evaluation leaves no stored result resting on a changed one."""
    wanted = set(titles)
    for title in list(wanted):
        wanted.update(titles_below(sets, title))
    done = set(session.scalars(select(EvaluationRound.title).where(
        EvaluationRound.year == year, live(EvaluationRound))))
    for title in list(wanted):
        wanted.update(t for t in titles_above(sets, title) if t in done)
    for title in list(wanted):  # what an added higher title reads in turn
        wanted.update(titles_below(sets, title))
    return [t for t in TITLE_ORDER if t in wanted]


def evaluate_year(*, session: Session, year: int, titles=None, progress: Progress | None = None) -> list[TitleSummary]:
    """Evaluate `titles` (default: all five) for `year`, lowest first, in the caller's transaction,
    with the titles related to them (`related_titles`)."""
    year = check_year(year)
    wanted = [check_title(t) for t in (titles or TITLE_ORDER)]
    chosen = year_sets(session=session, year=year, required=wanted)  # fail before any work
    order = related_titles(session=session, year=year, titles=wanted, sets=chosen)
    order = [t for t in order if t in chosen]
    progress = progress or Progress()
    progress.start(len(order) + 1, f"Đang đọc dữ liệu năm {year}…")
    summaries = []
    known: dict[str, frozenset[str]] = {}
    with no_cycle_collection():  # tens of thousands of rows and results, no cycles among them
        facts = load_facts(session=session, year=year)
        progress.advance(1)
        for title in order:
            progress.advance(0, f"Đang chấm {title_name(title)}…")
            summaries.append(evaluate_title(session=session, year=year, title=title, facts=facts,
                                            criteria=chosen[title], known=known))
            progress.advance(1)
    return summaries


def subject_result(*, session: Session, year: int, title: str, subject_id: str) -> SubjectResult:
    """One subject scored now, with every item's reason and the data it used."""
    criteria = set_for_year(session=session, year=year, title=title)
    facts = load_facts(session=session, year=year, scope=scope_of(session=session, kind=subject_kind(title),
                                                                  subject_id=subject_id))
    results = score(session=session, facts=facts, criteria=criteria, year=year, subject_ids=[subject_id])
    if not results:
        raise NotFoundError("Không tìm thấy đối tượng này (có thể đã bị xóa hoặc đã chuyển đi).")
    return results[0]
