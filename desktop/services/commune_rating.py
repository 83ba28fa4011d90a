"""The commune's self-assessment as “Cộng đồng học tập” cấp xã (Thông tư 25/2023/TT-BGDĐT):
the officer's state and evidence per indicator, the register's figures beside them, the level
they add up to, and the report the commune sends.

The officer's entries are kept in `subject_checks` (synced, one row per year, title and
subject) under the title CAP_XA with the commune's code as the subject, `checks_json` =
{indicator id: [state, evidence]} (state 2, 1, 0, or null when only evidence was kept). No
reader of that table confuses it with a learning title: each reads the rows of the titles it
asks for by name (titles.common.read_checks, titles.evaluation, titles.registration.set_checks,
the stale check of titles.grid); the province stores the row as any other.

First evaluation year: 2024. The Thông tư is in force from 12/02/2024 and its data run from
1 January to 31 December of the year evaluated; the 2023 self-assessments were done in
January–February 2024 under the earlier rules (their dossiers were due by 28/02/2024, most
before 12/02). So 2023 is refused, 2024 is the first year it governs (`valid_from` of the file).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.commune_rating import (
    STATES,
    CriterionDef,
    Indicator,
    RatingResult,
    RatingSet,
    rate,
    rating_set_from_dict,
    verdict,
)
from desktop.domain.errors import ValidationError
from desktop.domain.text import normalize_text
from desktop.paths import resources_dir
from desktop.printing.commune_rating import FIGURE_LETTERS, ReportDoc, ReportRow, draw_report
from desktop.printing.documents import Signer
from desktop.services.commune_figures import CommuneFigures, commune_figures
from desktop.services.criteria import read_yaml
from desktop.services.titles.documents import commune_names
from desktop.store.models import SubjectChecks
from desktop.store.queries import live

CAP_XA = "cap-xa"  # subject_checks.title of the commune's own rating; not one of the five titles
SET_FILE = "tt25-2023.yaml"
MAX_EVIDENCE = 1000  # characters: a few lines naming the papers, not the papers themselves


def rating_dir() -> Path:
    return resources_dir() / "commune_rating"


@lru_cache(maxsize=4)
def _load(path: str, stamp: float) -> RatingSet:
    return rating_set_from_dict(read_yaml(path, label=Path(path).name, what="tiêu chí “Cộng đồng học tập” cấp xã"),
                                source=Path(path).name)


def rating_set(path: str | os.PathLike | None = None) -> RatingSet:
    """The document's criteria, indicators and levels, read (and checked) from its file."""
    path = Path(path) if path is not None else rating_dir() / SET_FILE
    stamp = path.stat().st_mtime if path.exists() else 0.0
    return _load(str(path), stamp)


@dataclass(frozen=True)
class FigureGroup:
    key: str  # commune_rating.FIGURES
    heading: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class IndicatorRating:
    indicator: Indicator  # id, name, level2_higher, confirmed, why
    state: int | None  # 2, 1, 0 as recorded; None: not assessed
    evidence: str
    state_text: str  # "Đạt mức độ 2", "Đạt" (level 2 asks nothing more), "Chưa đánh giá"…
    reached: int | None  # the level it counts as met at (0: not met), None: not assessed
    figures: tuple[FigureGroup, ...]  # the register's figures cited as evidence


@dataclass(frozen=True)
class CriterionRating:
    criterion: CriterionDef
    indicators: tuple[IndicatorRating, ...]


@dataclass(frozen=True)
class CommuneRating:
    year: int
    commune_code: str
    commune: str  # "Xã Yên Xuân"
    province: str
    set: RatingSet
    criteria: tuple[CriterionRating, ...]
    figures: CommuneFigures
    result: RatingResult
    verdict: str  # one sentence
    unconfirmed: tuple[str, ...]  # what of the document could not be confirmed

    @property
    def level(self) -> int | None:
        """2 or 1 when reached; 0 not reached; None: chưa đủ căn cứ (see `missing`)."""
        return self.result.level

    @property
    def level_name(self) -> str:
        return self.set.levels.get(self.level or 0, "")

    @property
    def missing(self) -> tuple[str, ...]:
        return self.result.missing

    @property
    def indicators(self) -> tuple[IndicatorRating, ...]:
        return tuple(i for c in self.criteria for i in c.indicators)


@dataclass(frozen=True)
class Recorded:
    """What `record` wrote: the indicator's entry as it now stands."""

    year: int
    indicator: str
    state: int | None
    evidence: str


def check_year(year: object, rating: RatingSet) -> int:
    if isinstance(year, bool) or not isinstance(year, int):
        raise ValidationError(f"Năm “{year}” không hợp lệ.", code="invalid_year", field="year")
    if year < rating.valid_from:
        raise ValidationError(
            f"Thông tư {rating.source.code} có hiệu lực từ ngày {_dmy(rating.source.in_force)}; năm đánh giá đầu "
            f"tiên theo Thông tư là {rating.valid_from}. Năm {year} không tự đánh giá theo Thông tư này.",
            code="year_outside_document", field="year")
    if rating.valid_to is not None and year > rating.valid_to:
        raise ValidationError(f"Thông tư {rating.source.code} chỉ áp dụng đến năm đánh giá {rating.valid_to}.",
                              code="year_outside_document", field="year")
    return year


def _dmy(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%d/%m/%Y")


def _row(session: Session, year: int, commune_code: str) -> SubjectChecks | None:
    return session.scalar(select(SubjectChecks).where(
        SubjectChecks.year == year, SubjectChecks.title == CAP_XA, SubjectChecks.subject_id == commune_code,
        live(SubjectChecks)))


def entries(*, session: Session, year: int) -> dict[str, tuple[int | None, str]]:
    """indicator id -> (state, evidence) as recorded for `year` (indicators no longer in the file are dropped)."""
    code, _, _ = commune_names(session=session)
    row = _row(session, year, code)
    if row is None:
        return {}
    return {key: (value[0], value[1]) for key, value in json.loads(row.checks_json).items()}


def rating(*, session: Session, year: int, today: date | None = None) -> CommuneRating:
    """The year's self-assessment: every criterion and indicator with its state, evidence and
    the register's figures; the level reached, or what is missing. Reads only."""
    document = rating_set()
    year = check_year(year, document)
    code, commune, province = commune_names(session=session)
    recorded = entries(session=session, year=year)
    figures = commune_figures(session=session, year=year, today=today)
    groups = {key: FigureGroup(key, heading, lines) for key, heading, lines in figures.groups()}
    criteria = []
    for criterion in document.criteria:
        rows = []
        for indicator in criterion.indicators:
            state, evidence = recorded.get(indicator.id, (None, ""))
            rows.append(IndicatorRating(indicator, state, evidence, indicator.state_text(state),
                                        indicator.reached(state), tuple(groups[k] for k in indicator.figures)))
        criteria.append(CriterionRating(criterion, tuple(rows)))
    result = rate((r.indicator, r.state) for c in criteria for r in c.indicators)
    return CommuneRating(year, code, commune, province, document, tuple(criteria), figures, result,
                         verdict(result, document.levels), document.unconfirmed_notes())


def record(*, session: Session, year: int, indicator: str, state: int | None, evidence: str = "") -> Recorded:
    """The officer's state of one indicator (2, 1, 0; None: not assessed) and its evidence.

    An indicator whose level 2 asks nothing more is recorded as met with 1 or 2 alike.
    None with evidence keeps the evidence (gathered, not yet assessed); None without
    evidence clears the entry.
    """
    document = rating_set()
    year = check_year(year, document)
    if document.indicator(str(indicator)) is None:
        raise ValidationError(f"Không có chỉ tiêu “{indicator}”; các chỉ tiêu: "
                              f"{', '.join(i.id for i in document.indicators)}.", code="unknown_indicator",
                              field="indicator")
    if state is not None and (isinstance(state, bool) or state not in STATES):
        raise ValidationError(f"Kết quả “{state}” không hợp lệ: ghi 2 (đạt mức độ 2), 1 (đạt mức độ 1), "
                              "0 (chưa đạt) hoặc để trống (chưa đánh giá).", code="invalid_state", field="state")
    evidence = normalize_text(evidence)
    if len(evidence) > MAX_EVIDENCE:
        raise ValidationError(f"Minh chứng dài {len(evidence)} ký tự; tối đa {MAX_EVIDENCE} ký tự (ghi tên, số, "
                              "ngày của giấy tờ, không chép cả văn bản).", code="too_long", field="evidence")
    code, _, _ = commune_names(session=session)
    row = _row(session, year, code)
    current = json.loads(row.checks_json) if row is not None else {}
    indicator = str(indicator)
    if state is None and not evidence:
        current.pop(indicator, None)
    else:
        current[indicator] = [state, evidence]
    text = json.dumps(current, ensure_ascii=False, sort_keys=True)
    if row is None:
        session.add(SubjectChecks(year=year, title=CAP_XA, subject_id=code, checks_json=text))
    elif row.checks_json != text:
        row.checks_json = text
    session.flush()
    return Recorded(year, indicator, state, evidence)


# --- the report ----------------------------------------------------------------------


def report_doc(rated: CommuneRating, *, number: str = "", signed_on: date | None = None, signer: str = "",
               signer_title: str = "CHỦ TỊCH", capacity: str = "TM. ỦY BAN NHÂN DÂN", addressee: str = "") -> ReportDoc:
    """The self-assessment report (báo cáo tự đánh giá) with its summary table, ready to draw.

    A report of the People's Committee is the committee's, signed by its chair for it as a
    collective (NĐ 30/2020, Phụ lục I, Mục II.7.b: “TM. ỦY BAN NHÂN DÂN” over “CHỦ TỊCH”);
    a deputy signs "TM. ỦY BAN NHÂN DÂN" over "KT. CHỦ TỊCH" in the capacity, "PHÓ CHỦ TỊCH".
    """
    document = rated.set
    groups = rated.figures.groups()
    letters = {key: FIGURE_LETTERS[n] for n, (key, _, _) in enumerate(groups)}
    rows = []
    for criterion in rated.criteria:
        rows.append(ReportRow(criterion.criterion.id, f"Tiêu chí {criterion.criterion.id}: {criterion.criterion.name}",
                              "", "", True))
        for item in criterion.indicators:
            evidence = item.evidence
            if item.figures:  # the figures are in part 1 of the report, each group under its letter
                where = ", ".join(f"{letters[group.key]})" for group in item.figures)
                evidence = "\n".join(x for x in (evidence, f"Số liệu của sổ: mục 1, điểm {where}.") if x)
            rows.append(ReportRow(item.indicator.id, item.indicator.name, evidence, item.state_text, False))
    doubtful = [i.id for i in document.unconfirmed_indicators]
    notes = [document.unconfirmed.get("report_form", "")]
    if doubtful:
        notes.append(f"Nội dung các chỉ tiêu {', '.join(doubtful)} chưa đối chiếu được với văn bản gốc của Thông tư; "
                     "xã đánh giá theo văn bản gốc và ghi minh chứng.")
    if rated.year >= 2025 and "recognised_by" in document.unconfirmed:  # its dossier goes after 01/7/2025
        notes.append(document.unconfirmed["recognised_by"])
    period = document.period.replace("của năm đánh giá", f"năm {rated.year}")
    return ReportDoc(
        commune=rated.commune, province=rated.province, year=rated.year, number=normalize_text(number),
        date=signed_on, signer=Signer(normalize_text(signer), normalize_text(signer_title), normalize_text(capacity)),
        addressee=normalize_text(addressee) or ADDRESSEE, citation=document.source.citation,
        document_title=document.source.title, period=period,
        figures=tuple((heading, lines) for _, heading, lines in groups),
        rows=tuple(rows), level=rated.level, level_name=rated.level_name, verdict=rated.verdict,
        recognised_by=document.recognised_by, notes=tuple(n for n in notes if n))


# TT 25 sends the dossier to the district's Phòng GD&ĐT, whose name the clerk writes in; after
# 01/7/2025 there is no district and its successor was not found (the file's `unconfirmed`).
ADDRESSEE = "Phòng Giáo dục và Đào tạo ………………"


def print_report(*, session: Session, year: int, path: str | os.PathLike, today: date | None = None,
                 **details) -> CommuneRating:
    """The report into a PDF at `path`; writes nothing to the register. Returns the rating printed.
    `details`: number, signed_on, signer, signer_title, capacity, addressee (see report_doc)."""
    rated = rating(session=session, year=year, today=today)
    draw_report(report_doc(rated, **details), path)
    return rated
