"""Evaluate a year's titles: a score per item and a result with reasons for each subject.

Input is plain facts (built by the evaluation service from the register) and the
officer's manual checks; output is plain results the service stores and the UI shows.
Computed items are scored by the rules of desktop.domain.rules and carry the figures
they used; manual items carry the officer's points and evidence, or "chưa chấm".
Higher titles count lower ones of the same year, so `evaluate_all` runs the titles in
the order cong-dan → gia-dinh → dong-ho → cong-dong → don-vi.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Callable, Iterable, Mapping

from desktop.domain.criteria import COMPUTED, TITLE_ORDER, TITLES, CriteriaSet, Item, fmt
from desktop.domain.errors import ValidationError
from desktop.domain.evidence import suggestion
from desktop.domain.facts import Context, Facts
from desktop.domain.rules import RULES, Outcome

COMPUTED_SOURCE, MANUAL_SOURCE, MISSING_SOURCE = "computed", "manual", "missing"
NOT_CHECKED = "chưa chấm"
# A result's three outcomes. "Chưa đủ căn cứ": an item is unscored or short of data, so the
# subject can neither pass nor be said to fail; it counts for nothing above it and cannot be
# proposed, recognised or printed until every item has a score.
OUTCOMES = {"passed": "Đạt", "failed": "Không đạt", "incomplete": "Chưa đủ căn cứ"}


# --- officer's checks and results ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class ManualCheck:
    subject_id: str
    item_id: str
    points: float
    evidence: str = ""  # what the officer saw: a paper, a visit, a minute…


@dataclass(frozen=True, slots=True)
class ItemScore:
    item_id: str
    points: float
    max_points: float
    source: str  # "computed", "manual" or "missing"
    reason: str
    data_used: tuple[tuple[str, object], ...] = ()
    evidence: str = ""
    # What the register shows for a manual item with `evidence` in its set (desktop.domain.evidence):
    # a hint for the officer, which never changes the points.
    suggestion: str = ""


@dataclass(frozen=True, slots=True)
class SubjectResult:
    subject_id: str
    title: str
    set_id: str
    year: int
    items: tuple[ItemScore, ...]
    total: float
    max_points: float
    passed: bool
    reasons: tuple[str, ...]
    level: str | None = None

    @property
    def complete(self) -> bool:
        """Every item scored (none "chưa chấm" or short of data)."""
        return all(s.source != MISSING_SOURCE for s in self.items)

    @property
    def missing(self) -> tuple[ItemScore, ...]:
        """The items without a score: why the result is "chưa đủ căn cứ"."""
        return tuple(s for s in self.items if s.source == MISSING_SOURCE)

    @property
    def outcome(self) -> str:
        """An OUTCOMES key: passed only with every item scored."""
        return "passed" if self.passed else "failed" if self.complete else "incomplete"

    def score(self, item_id: str) -> ItemScore | None:
        return next((s for s in self.items if s.item_id == item_id), None)


def check_manual(item: Item, points: object) -> None:
    """Refuse points an item cannot take: the UI calls this as the officer types."""
    if isinstance(points, bool) or not isinstance(points, (int, float)) or points != points:
        raise ValidationError(f"chỉ số {item.id}: điểm chấm “{points}” không phải số.", code="invalid_points")
    if not 0 <= points <= item.points:
        raise ValidationError(f"chỉ số {item.id}: điểm chấm {fmt(points)} phải từ 0 đến {fmt(item.points)}.",
                              code="invalid_points")
    if not float(points * 2).is_integer():
        raise ValidationError(f"chỉ số {item.id}: điểm chấm {fmt(points)} phải chẵn hoặc lẻ 0,5.",
                              code="invalid_points")


def _manual_score(item: Item, check: ManualCheck, outcome: Outcome | None) -> ItemScore:
    data_used = outcome.data_used if outcome else ()
    try:
        check_manual(item, check.points)
    except ValidationError as error:  # shown on the subject, not hidden and not fatal for the year
        return ItemScore(item.id, 0, item.points, MISSING_SOURCE, f"Điểm chấm không hợp lệ: {error.message}",
                         data_used, check.evidence)
    points = int(check.points) if float(check.points).is_integer() else check.points
    reason = f"Cán bộ chấm {fmt(points)}/{fmt(item.points)} điểm"
    if outcome is not None:  # an officer may correct a computed item (e.g. a child exempt for illness)
        reason += f", thay kết quả tính tự động ({outcome.reason.rstrip('.')})"
    reason += f". Minh chứng: {check.evidence}" if check.evidence else "."
    return ItemScore(item.id, points, item.points, MANUAL_SOURCE, reason, data_used, check.evidence)


def _recognised_ids(lower_results: Mapping[str, Iterable] | None) -> dict[str, frozenset[str]]:
    """Title -> ids recognised. Values may be results (passed ones count) or plain ids
    (e.g. from the recognition decisions, when the service prefers those)."""
    out: dict[str, frozenset[str]] = {}
    for title, results in (lower_results or {}).items():
        out[title] = frozenset(r if isinstance(r, str) else r.subject_id
                               for r in results if isinstance(r, str) or r.passed)
    return out


# --- which titles read which ---------------------------------------------------------


def titles_read(criteria: CriteriaSet) -> frozenset[str]:
    """The lower titles of the same year whose results this set's items count."""
    return frozenset(title for i in criteria.items
                     if i.kind == COMPUTED and i.rule is not None and (title := RULES[i.rule].reads_title) is not None)


def titles_below(sets_by_title: Mapping[str, CriteriaSet], title: str) -> tuple[str, ...]:
    """Every title `title` depends on, directly or through another, lowest first."""
    wanted: set[str] = set()
    todo = [title]
    while todo:
        current = sets_by_title.get(todo.pop())
        for lower in titles_read(current) if current is not None else ():
            if lower not in wanted:
                wanted.add(lower)
                todo.append(lower)
    return tuple(t for t in TITLE_ORDER if t in wanted)


def titles_above(sets_by_title: Mapping[str, CriteriaSet], title: str) -> tuple[str, ...]:
    """Every title whose results depend on `title`'s, lowest first."""
    return tuple(t for t in TITLE_ORDER if t != title and title in titles_below(sets_by_title, t))


# --- evaluation --------------------------------------------------------------------


@contextmanager
def no_cycle_collection():
    """Pause the cyclic garbage collector while results are built.

    A year makes a million small objects and no reference cycles; left on, the collector
    walks the growing heap again and again and takes about half the time. Reference
    counting still frees everything; the collector resumes (if it was on) at the end.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def evaluate(criteria: CriteriaSet, *, year: int, facts: Facts, subjects: Iterable[str] | None = None,
             manual: Iterable[ManualCheck] = (), lower_results: Mapping[str, Iterable] | None = None,
             checks_by_subject: Mapping[str, Mapping[str, ManualCheck]] | None = None) -> list[SubjectResult]:
    """Score every subject of `criteria`'s title for `year`, in the order given.

    The officer's checks come either as `manual` (one ManualCheck per item) or, already
    grouped, as `checks_by_subject` (subject id -> item id -> check); subjects with the
    same checks may share one mapping, which a whole commune's year makes worthwhile.
    """
    with no_cycle_collection():
        return _evaluate(criteria, year, facts, subjects, manual, lower_results, checks_by_subject)


def _group_checks(criteria: CriteriaSet, manual: Iterable[ManualCheck], wanted: set[str],
                  grouped: Mapping[str, Mapping[str, ManualCheck]] | None) -> Mapping[str, Mapping[str, ManualCheck]]:
    def refuse(item_id: str) -> None:
        raise ValidationError(f"điểm chấm cho chỉ số {item_id} không có trong bộ tiêu chí {criteria.id}.",
                              code="unknown_item")
    if grouped is not None:
        seen: set[int] = set()
        for items in grouped.values():
            if id(items) not in seen:  # shared mappings are checked once
                seen.add(id(items))
                for item_id in items:
                    if criteria.item(item_id) is None:
                        refuse(item_id)
        return grouped
    checks: dict[str, dict[str, ManualCheck]] = {}
    for check in manual:
        if check.subject_id not in wanted:
            continue  # a check of another title's subject
        if criteria.item(check.item_id) is None:
            refuse(check.item_id)
        checks.setdefault(check.subject_id, {})[check.item_id] = check  # the latest check of an item wins
    return checks


def _evaluate(criteria: CriteriaSet, year: int, facts: Facts, subjects: Iterable[str] | None,
              manual: Iterable[ManualCheck], lower_results: Mapping[str, Iterable] | None,
              grouped: Mapping[str, Mapping[str, ManualCheck]] | None) -> list[SubjectResult]:
    kind = criteria.subject
    ids = facts.subject_ids(kind) if subjects is None else tuple(subjects)
    for subject_id in ids:
        if not facts.known(kind, subject_id):
            raise ValidationError(f"không có dữ liệu của {subject_id} để chấm {criteria.name}.",
                                  code="unknown_subject")
    checks = _group_checks(criteria, manual, set(ids), grouped)
    ctx = Context(facts, year, kind, _recognised_ids(lower_results))
    # The reader gives every computed item a rule, and none to a manual one.
    plan = [(item, RULES[item.rule].compute if item.kind == COMPUTED and item.rule is not None else None)
            for item in criteria.items]
    # One shared score per unchecked manual item: the same for everyone, and cheap.
    unchecked = {item.id: ItemScore(item.id, 0, item.points, MISSING_SOURCE, NOT_CHECKED)
                 for item, compute in plan if compute is None}
    # Many subjects share the same figures and the same officer's points: share the
    # scores (frozen) and the verdicts instead of rebuilding them for 75,000 citizens.
    shared_scores: dict[tuple, ItemScore] = {}
    verdicts: dict[tuple, tuple] = {}  # point vector -> (total, max, passed, reasons, level)
    title, set_id = criteria.title, criteria.id
    results = []
    for subject_id in ids:
        subject_checks = checks.get(subject_id)
        scores = []
        points = []
        missing = []
        for item, compute in plan:
            check = subject_checks.get(item.id) if subject_checks else None
            if item.evidence_rule:  # a manual item with suggested evidence: the register's figures beside it
                hint = suggestion(ctx, subject_id, item.evidence_rule, item.evidence_params, item.points)
                hint_key = (item.id, hint) if check is None else (item.id, hint, check.points, check.evidence)
                score = shared_scores.get(hint_key)
                if score is None:
                    score = shared_scores[hint_key] = replace(unchecked[item.id] if check is None
                                                         else _manual_score(item, check, None), suggestion=hint)
            elif check is None and compute is None:
                score = unchecked[item.id]
            else:
                outcome = compute(ctx, subject_id, item.params, item.points) if compute is not None else None
                key = (item.id, outcome) if check is None else (item.id, outcome, check.points, check.evidence)
                score = shared_scores.get(key)
                if score is None:
                    score = shared_scores[key] = _score(item, outcome, check)
            scores.append(score)
            points.append(score.points)
            if score.source == MISSING_SOURCE:
                missing.append(item.id)
        vector = (tuple(points), tuple(missing))
        verdict = verdicts.get(vector)
        if verdict is None:
            verdict = verdicts[vector] = _verdict(criteria, *vector)
        results.append(SubjectResult(subject_id, title, set_id, year, tuple(scores), *verdict))
    return results


def _score(item: Item, outcome: Outcome | None, check: ManualCheck | None) -> ItemScore:
    if check is not None:
        return _manual_score(item, check, outcome)
    # Only a computed item comes here unchecked (an unchecked manual one takes `unchecked`).
    assert outcome is not None, item.id
    if outcome.points is None:
        return ItemScore(item.id, 0, item.points, MISSING_SOURCE, outcome.reason, outcome.data_used)
    return ItemScore(item.id, outcome.points, item.points, COMPUTED_SOURCE, outcome.reason, outcome.data_used)


def _verdict(criteria: CriteriaSet, points: tuple[float, ...], missing: tuple[str, ...]) -> tuple:
    """Total, pass, reasons and level of one vector of item points (in the set's item order).
    A subject with an unscored item does not pass, whatever its total: the points it has
    are not the evidence the criteria ask for."""
    total = sum(points)
    passed, reasons = criteria.passes(total, {item.id: p for item, p in zip(criteria.items, points, strict=True)})
    if missing:
        if passed:  # "Đạt: …" would mislead: the points so far are not a result
            passed, reasons = False, ()
        reasons += (f"Chưa đủ căn cứ: còn {len(missing)} chỉ số chưa chấm hoặc thiếu số liệu "
                    f"({', '.join(missing)}).",)
    level = criteria.level_for(total, passed)
    return total, criteria.max_points, passed, reasons, level.id if level else None


def evaluate_all(sets_by_title: Mapping[str, CriteriaSet], *, year: int, facts: Facts,
                 manual: Iterable[ManualCheck] = (), subjects: Mapping[str, Iterable[str]] | None = None,
                 lower_results: Mapping[str, Iterable] | None = None,
                 progress: Callable[[str], None] | None = None) -> dict[str, list[SubjectResult]]:
    """Every title that has a set, lowest first, each counting the ones below it.

    `lower_results` gives titles not evaluated now (e.g. last stored results); a title
    evaluated here replaces its entry. `progress` hears each title id as it starts.
    """
    for title, criteria in sets_by_title.items():
        if criteria.title != title:
            raise ValidationError(f"bộ tiêu chí {criteria.id} không phải của danh hiệu {TITLES[title][1]}.",
                                  code="wrong_title")
    # Sort the checks by subject kind once, so each title reads only its own.
    by_kind: dict[str, list[ManualCheck]] = {}
    kind_of: dict[str, str | None] = {}
    for check in manual:
        subject_id = check.subject_id
        if subject_id not in kind_of:
            kind_of[subject_id] = facts.kind_of(subject_id)
        kind = kind_of[subject_id]
        if kind is not None:
            by_kind.setdefault(kind, []).append(check)
    known: dict[str, Iterable] = dict(lower_results or {})
    results: dict[str, list[SubjectResult]] = {}
    for title in TITLE_ORDER:
        if title not in sets_by_title:
            continue
        if progress is not None:
            progress(title)
        chosen = (subjects or {}).get(title)
        results[title] = evaluate(sets_by_title[title], year=year, facts=facts, subjects=chosen,
                                  manual=by_kind.get(TITLES[title][0], ()), lower_results=known)
        known[title] = results[title]
    return results
