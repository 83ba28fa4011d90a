"""What the printed papers of a title share (the commune, the annex order, the signer) and the
recognition decision itself. The certificate register lives in certificates.py, which
imports from here (never the other way), and re-exports print_decision for its callers.
"""

from __future__ import annotations

import os
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.errors import NotFoundError, XhhtError
from desktop.domain.text import vietnamese_key
from desktop.printing.decision import draw_decision
from desktop.printing.documents import AnnexRow, DecisionDoc, Signer
from desktop.services.criteria import find_set
from desktop.services.titles.common import available_sets, name_order, subject_kind, subject_names, title_name
from desktop.store.db import COMMUNE_KEY, read_setting
from desktop.store.models import Commune, Province, Recognition, RecognitionDecision


def commune_names(*, session: Session) -> tuple[str, str, str]:
    """(commune code, commune name, province name) of this database."""
    code = read_setting(session, COMMUNE_KEY)
    row = session.execute(select(Commune.name, Province.name).join(Province, Province.code == Commune.province_code)
                          .where(Commune.code == code)).first()
    if code is None or row is None:
        raise NotFoundError("Cơ sở dữ liệu chưa gắn với xã nào.", field="commune")
    return code, row[0], row[1]


def hamlets_of(*, session: Session, rows: Iterable[Recognition]) -> dict[str, str]:
    """subject id -> the name of its hamlet today (a citizen's is his household's; "" if none)."""
    rows = list(rows)
    hamlets: dict[str, str] = {}
    for kind in {r.subject_kind for r in rows}:
        names = subject_names(session=session, kind=kind, ids=[r.subject_id for r in rows if r.subject_kind == kind])
        hamlets.update({sid: name.hamlet for sid, name in names.items()})
    return hamlets


def annex_order(*, session: Session, rows: Iterable[Recognition],
                hamlets: dict[str, str] | None = None) -> list[Recognition]:
    """Annex order: by hamlet, then Vietnamese name order.

    Not by the address line: it starts with the house or xóm ("Xóm 1, Thôn Yên Lạc"), which
    would scatter one hamlet's households among the others.
    """
    rows = list(rows)
    hamlets = hamlets_of(session=session, rows=rows) if hamlets is None else hamlets
    return sorted(rows, key=lambda r: (vietnamese_key(hamlets.get(r.subject_id, "")),
                                       name_order(r.subject_kind, r.name), vietnamese_key(r.detail)))


def signer_of(decision: RecognitionDecision) -> Signer:
    return Signer(decision.signer_name, decision.signer_title, decision.signer_capacity)


# --- the decision ------------------------------------------------------------------


def decision_doc(*, session: Session, decision_id: str) -> DecisionDoc:
    decision = session.get(RecognitionDecision, decision_id)
    if decision is None or decision.deleted:
        raise NotFoundError("Không tìm thấy quyết định công nhận.")
    _, commune_name, province = commune_names(session=session)
    live = [r for r in decision.recognitions if not r.deleted]
    hamlets = hamlets_of(session=session, rows=live)
    # Households and citizens are listed under their hamlet (printing.documents.HAMLET_COLUMN).
    annex = tuple(AnnexRow(r.name, r.detail, r.head, hamlets.get(r.subject_id, ""))
                  for r in annex_order(session=session, rows=live, hamlets=hamlets))
    return DecisionDoc(commune=commune_name, province=province, number=decision.number, date=decision.signed_on,
                       signer=signer_of(decision), title_name=title_name(decision.title),
                       subject_kind=subject_kind(decision.title), year=decision.year,
                       legal_bases=legal_bases(decision), subjects=annex)


def _in_words(iso: str) -> str:
    """"2015-11-10" -> "ngày 10 tháng 11 năm 2015" (NĐ 30/2020: day < 10 and months 1–2 padded)."""
    year, month, day = (int(part) for part in iso.split("-"))
    return f"ngày {day:02d} tháng {f'{month:02d}' if month < 3 else month} năm {year}"


def legal_bases(decision: RecognitionDecision) -> tuple[str, ...]:
    """The "Căn cứ" lines: the law the commune acts under, the criteria set the year was
    evaluated with (its source document), and whose proposal it is."""
    bases = ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"]
    try:
        source = find_set(available_sets(), decision.set_id).source
    except XhhtError:  # the set file is gone: the decision still prints, without that line
        source = None
    if source is not None and source.code:
        kind = "Quyết định số" if "/QĐ" in source.code else "văn bản số"
        cited = source.cited_date or source.date  # the date official citations give
        when = f" {_in_words(cited)}" if cited else ""
        bases.append(f"Căn cứ {kind} {source.code}{when} của {source.issuer} về tiêu chí đánh giá, công nhận "
                     f"“{title_name(decision.title)}”;")
    bases.append("Xét đề nghị của Chủ tịch Hội Khuyến học xã.")
    return tuple(bases)


def print_decision(*, session: Session, decision_id: str, path: str | os.PathLike) -> None:
    """The decision and its annex into a PDF. It has no register rows: printing it writes nothing."""
    draw_decision(decision_doc(session=session, decision_id=decision_id), path)
