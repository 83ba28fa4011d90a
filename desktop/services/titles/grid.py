"""The per-year grid of the "Đánh giá – công nhận" area: every registered subject of a title
with its stored score, where it stands in the workflow, and its certificate."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from desktop.domain.criteria import MANUAL, TITLE_ORDER
from desktop.domain.evaluation import titles_below
from desktop.domain.text import fold, vietnamese_key
from desktop.domain.vocab import CITIZEN_STATUS, LIVING_HERE
from desktop.services.titles.common import (
    check_title,
    check_year,
    name_order,
    read_checks,
    set_for_year,
    subject_kind,
    subject_names,
    title_name,
)
from desktop.services.titles.evaluation import year_sets
from desktop.services.titles.facts import hamlet_in_year
from desktop.services.titles.registration import registered_ids
from desktop.store.models import (
    Certificate,
    ChangeLog,
    Citizen,
    Evaluation,
    EvaluationRound,
    Hamlet,
    Recognition,
    RecognitionDecision,
    SubjectChecks,
    TitleRegistration,
)
from desktop.store.queries import chunks, live

# Where a subject stands, in workflow order (the grid's "Trạng thái" column and filter).
# The area's words: the officer *chấm* (scores) the items marked "cán bộ chấm"; the program
# *đánh giá* (evaluates) the year, computing the other items from the register; an item is
# "chưa chấm" only when it is the officer's and has no score, "thiếu số liệu" when the
# program has no data to compute it.
STAGES = {
    "left": "Không còn đánh giá",
    "registered": "Đã đăng ký, chưa đánh giá",
    "failed": "Chưa đạt",
    "incomplete": "Chưa đủ căn cứ",
    "passed": "Đạt",
    "proposed": "Đề nghị công nhận",
    "recognised": "Đã công nhận",
}
# What each stage means and what comes next (the stage cell's tooltip).
STAGE_HINTS = {
    "left": "Đã đăng ký nhưng không còn được đánh giá năm này (xem lý do); kết quả cũ, nếu có, đã được rút.",
    "registered": "Đã đăng ký, chưa đánh giá: bấm «Đánh giá» để chương trình tính điểm.",
    "failed": "Đã đánh giá: tổng điểm hoặc một tiêu chí chưa đạt mức.",
    "incomplete": "Chưa đủ căn cứ để kết luận: còn chỉ số cán bộ chưa chấm hoặc chỉ số tự động tính thiếu số "
                  "liệu (ô màu vàng). Chưa được đề nghị, công nhận, và không được tính cho danh hiệu cao hơn.",
    "passed": "Đạt: có thể đưa vào danh sách đề nghị công nhận.",
    "proposed": "Trong danh sách đề nghị công nhận, chờ quyết định.",
    "recognised": "Đã có quyết định công nhận: kết quả đã khóa.",
}


@dataclass(frozen=True)
class GridRow:
    subject_id: str
    name: str
    detail: str
    hamlet: str
    hamlet_id: str | None
    stage: str  # a STAGES key
    total: float | None
    max_points: float | None
    passed: bool
    complete: bool
    level: str | None
    items: dict[str, tuple[float, str]]  # item id -> (points, "c"omputed / "m"anual / "x" missing)
    unchecked_manual: int  # manual items the officer has not scored yet
    decision_number: str = ""
    register_number: str = ""
    recognition_id: str | None = None
    search: str = ""  # folded name and place, for the grid's filter box
    note: str = ""  # why a "left" subject is no longer evaluated


@dataclass(frozen=True)
class Grid:
    year: int
    title: str
    title_name: str
    set_id: str
    item_ids: tuple[str, ...]
    item_names: dict[str, str]
    manual_items: tuple[str, ...]
    evaluated_at: date | None
    rows: list[GridRow]
    item_labels: dict[str, str] | None = None  # "1.2 Học lực, hạnh kiểm"
    stale: str = ""  # the register or the checks changed since the last evaluation: what to say

    def why_incomplete(self, row: GridRow) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Why a row is "chưa đủ căn cứ": (items the officer has not scored, items short of data)."""
        short = [i for i in self.item_ids if row.items.get(i, (0, ""))[1] == "x"]
        labels = self.item_labels or {}
        return (tuple(labels.get(i, i) for i in short if i in self.manual_items),
                tuple(labels.get(i, i) for i in short if i not in self.manual_items))

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(STAGES, 0)
        for row in self.rows:
            out[row.stage] += 1
        return out


def grid(*, session: Session, year: int, title: str) -> Grid:
    year, title = check_year(year), check_title(title)
    criteria = set_for_year(session=session, year=year, title=title)
    manual_items = tuple(i.id for i in criteria.items if i.kind == MANUAL)
    ids = registered_ids(session=session, year=year, title=title)
    names = subject_names(session=session, kind=subject_kind(title), ids=ids)
    stored = {e.subject_id: e for e in session.scalars(select(Evaluation).where(
        Evaluation.year == year, Evaluation.title == title, live(Evaluation)))}
    checks = read_checks(session=session, year=year, title=title)
    standing = {r.subject_id: (r.id, number) for r, number in session.execute(
        select(Recognition, RecognitionDecision.number)
        .join(RecognitionDecision, RecognitionDecision.id == Recognition.decision_id)
        .where(Recognition.year == year, Recognition.title == title, live(Recognition),
               Recognition.revoked_on.is_(None)))}
    certificates = {recognition_id: number for recognition_id, number in session.execute(
        select(Certificate.recognition_id, Certificate.register_number).where(
            Certificate.year == year, Certificate.title == title, Certificate.void.is_(False),
            live(Certificate)))}
    round_ = session.scalar(select(EvaluationRound).where(
        EvaluationRound.year == year, EvaluationRound.title == title, live(EvaluationRound)))
    gone = _no_longer_evaluated(session, year, subject_kind(title), ids)

    rows = []
    for subject_id in ids:
        name = names.get(subject_id)
        if name is None:  # registered, then removed from the register
            continue
        row = stored.get(subject_id)
        recognition = standing.get(subject_id)
        items = {k: (v[0], v[1]) for k, v in json.loads(row.points_json).items()} if row else {}
        checked = checks.get(subject_id, {})
        if recognition:
            stage = "recognised"
        elif subject_id in gone:
            stage = "left"
        elif row is None:
            stage = "registered"
        elif row.proposed:
            stage = "proposed"
        elif not row.complete:  # before "passed": older programs stored such rows as passed
            stage = "incomplete"
        elif row.passed:
            stage = "passed"
        else:
            stage = "failed"
        rows.append(GridRow(
            subject_id, name.name, name.detail, name.hamlet, name.hamlet_id, stage,
            row.total if row else None, row.max_points if row else None, bool(row and row.passed and row.complete),
            bool(row and row.complete), row.level if row else None, items,
            sum(1 for i in manual_items if i not in checked),
            recognition[1] if recognition else "", certificates.get(recognition[0], "") if recognition else "",
            recognition[0] if recognition else None, fold(f"{name.name} {name.detail} {name.code}"),
            gone.get(subject_id, "")))
    kind = subject_kind(title)
    rows.sort(key=lambda r: (vietnamese_key(r.hamlet), name_order(kind, r.name)))
    return Grid(year, title, title_name(title), criteria.id, tuple(i.id for i in criteria.items),
                {i.id: i.name for i in criteria.items}, manual_items,
                round_.evaluated_at.date() if round_ else None, rows, {i.id: i.label for i in criteria.items},
                stale_note(session=session, round_=round_))


# What each title's results are computed from (tables of the change log). A change to any of
# them after the last evaluation may make the stored results old; recognition checks each
# subject exactly (recognition.recognize), this only tells the officer to evaluate again.
# Registrations and checks count only for the title itself and the titles it reads.
_PEOPLE = ("citizens", "households", "activities", "participations")
INPUTS = {
    "cong-dan": _PEOPLE,
    "gia-dinh": _PEOPLE,
    "dong-ho": (*_PEOPLE, "clans", "clan_households"),
    "cong-dong": (*_PEOPLE, "clans", "clan_households", "hamlets"),
    "don-vi": ("learning_units",),
}


def stale_note(*, session: Session, round_: EvaluationRound | None) -> str:
    """"" unless what the title reads changed after its last evaluation (`round_`)."""
    if round_ is None:
        return ""
    evaluated = session.scalar(select(func.max(ChangeLog.position)).where(
        ChangeLog.table_name == "evaluation_rounds", ChangeLog.row_id == round_.id))
    if evaluated is None:  # a round received from the province: nothing to compare with
        return ""
    after = ChangeLog.position > evaluated
    upto = TITLE_ORDER[:TITLE_ORDER.index(round_.title) + 1]  # only a lower title can be read
    titles = {round_.title, *titles_below(year_sets(session=session, year=round_.year, titles=upto), round_.title)}
    register = select(ChangeLog.position).where(after, ChangeLog.table_name.in_(INPUTS[round_.title])).limit(1)
    checks = select(ChangeLog.position).join(SubjectChecks, SubjectChecks.id == ChangeLog.row_id).where(
        after, ChangeLog.table_name == "subject_checks", SubjectChecks.year == round_.year,
        SubjectChecks.title.in_(titles)).limit(1)
    entries = select(ChangeLog.position).join(TitleRegistration, TitleRegistration.id == ChangeLog.row_id).where(
        after, ChangeLog.table_name == "title_registrations", TitleRegistration.year == round_.year,
        TitleRegistration.title.in_(titles)).limit(1)
    if all(session.scalar(query) is None for query in (register, checks, entries)):
        return ""
    return (f"Sổ hoặc điểm chấm đã thay đổi sau lần đánh giá ngày {round_.evaluated_at:%d/%m/%Y}: kết quả đang "
            "hiện có thể đã cũ; hãy bấm «Đánh giá» trước khi đề nghị, công nhận.")


def _no_longer_evaluated(session: Session, year: int, kind: str, ids: list[str]) -> dict[str, str]:
    """Registered subjects the evaluation leaves out, with the reason: a citizen who no longer
    lives here, a hamlet not in force in the year."""
    out: dict[str, str] = {}
    if kind == "citizen":
        for chunk in chunks(ids):
            for cid, status, since, note in session.execute(
                    select(Citizen.id, Citizen.status, Citizen.status_since, Citizen.status_note).where(
                        Citizen.id.in_(chunk), Citizen.status.not_in(LIVING_HERE))):
                text = CITIZEN_STATUS.get(status, status) + (f" từ {since:%d/%m/%Y}" if since else "")
                out[cid] = text + (f" ({note})" if note else "") + ": không còn là người đang cư trú để đánh giá."
    elif kind == "hamlet":
        in_force = set(session.scalars(select(Hamlet.id).where(hamlet_in_year(year))))
        for hid, valid_from, valid_to in session.execute(
                select(Hamlet.id, Hamlet.valid_from, Hamlet.valid_to).where(Hamlet.id.in_(ids))):
            if hid not in in_force:
                when = (f"hết hiệu lực từ {valid_to:%d/%m/%Y}" if valid_to and valid_to <= date(year, 1, 1)
                        else f"có hiệu lực từ {valid_from:%d/%m/%Y}")
                out[hid] = f"Thôn, tổ dân phố {when}: không đánh giá năm {year}."
    return out


@dataclass(frozen=True)
class TitleCounts:
    """One title in one year: live registrations, stored evaluations, passes, standing recognitions."""

    title: str
    name: str
    registered: int
    evaluated: int
    passed: int
    recognised: int


def standing(year: int, title: str | None = None) -> tuple:
    """Where-clauses of the year's standing recognitions (of one title): not deleted, not revoked.
    `deleted = 0` as written lets SQLite use the partial index uq_recognitions_standing."""
    clauses = (Recognition.year == year, Recognition.deleted == False, Recognition.revoked_on.is_(None))  # noqa: E712
    return clauses if title is None else (*clauses, Recognition.title == title)


def year_counts(*, session: Session, year: int) -> tuple[TitleCounts, ...]:
    """Per title, in TITLE_ORDER: how many registered, were evaluated, passed, are recognised.

    The one counting rule of the area (its summary strip and the dashboard): three grouped
    queries, whatever the size of the commune.
    """
    registered = dict(session.execute(
        select(TitleRegistration.title, func.count()).where(
            TitleRegistration.year == year, live(TitleRegistration))
        .group_by(TitleRegistration.title)).all())
    evaluated = {title: (n, passed or 0) for title, n, passed in session.execute(
        select(Evaluation.title, func.count(),
               func.sum(case(((Evaluation.passed.is_(True)) & (Evaluation.complete.is_(True)), 1), else_=0))).where(
            Evaluation.year == year, live(Evaluation))
        .group_by(Evaluation.title))}
    recognised = dict(session.execute(
        select(Recognition.title, func.count()).where(*standing(year)).group_by(Recognition.title)).all())
    return tuple(TitleCounts(title, title_name(title), registered.get(title, 0), *evaluated.get(title, (0, 0)),
                             recognised.get(title, 0)) for title in TITLE_ORDER)

