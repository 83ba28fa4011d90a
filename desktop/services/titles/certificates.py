"""The certificate register (sổ cấp), printing certificates, reprints (the decision: documents.py).

A standing recognition gets one live certificate: a register number from the year's
single sequence (2026-GĐHT-000123) and a check value made with this database's key.
Each print is logged; a reissue (lost or misprinted paper) voids the old entry and
takes a new number, so a number never names two papers.

Printing is two steps so that only paper gets a number: `prepare_certificates` renders the
PDF with the numbers the papers would take and writes nothing; `commit_print`, once the
printer took the job (or the PDF was saved), writes exactly those numbers and logs the
print, or refuses if they were taken meanwhile. A cancelled preview leaves no trace.
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain import verification
from desktop.domain.errors import ConflictError, NotFoundError, ValidationError
from desktop.domain.progress import Progress
from desktop.domain.text import normalize_text
from desktop.printing.certificate import BlankLayout, draw_certificates
from desktop.printing.documents import CertificateDoc, name_lines
from desktop.services.titles.common import ABBREVIATIONS, check_title, check_year, title_name
from desktop.services.titles.documents import (  # noqa: F401  (the decision: printed from here too)
    annex_order,
    commune_names,
    decision_doc,
    legal_bases,
    print_decision,
    signer_of,
)
from desktop.store.db import COMMUNE_KEY, read_setting, write_setting
from desktop.store.models import Certificate, CertificatePrint, Recognition, RecognitionDecision
from desktop.store.queries import live
from desktop.sync.protocol import TIMESTAMP_FORMAT

KEY_SETTING = "certificate_key"


def certificate_key(*, session: Session) -> bytes:
    """This commune's secret for check values, made on first use (and at init)."""
    value = read_setting(session, KEY_SETTING)
    if value is None:
        value = secrets.token_hex(32)
        write_setting(session, KEY_SETTING, value)
    return bytes.fromhex(value)


@dataclass(frozen=True)
class RegisterEntry:
    """One line of the certificate register as the officer sees it."""

    id: str
    register_number: str
    year: int
    title: str
    name: str
    detail: str
    decision_number: str
    issued_on: date
    check: str  # grouped, as printed
    void: bool
    void_reason: str
    prints: int
    last_printed: datetime | None


def _standing(session: Session, year: int, title: str, subject_ids: Iterable[str] | None = None) -> list[Recognition]:
    rows = session.scalars(select(Recognition).where(
        Recognition.year == year, Recognition.title == title, live(Recognition),
        Recognition.revoked_on.is_(None))).all()
    if subject_ids is not None:
        wanted = set(subject_ids)
        rows = [r for r in rows if r.subject_id in wanted or r.id in wanted]
    return annex_order(session=session, rows=rows)


@dataclass(frozen=True)
class Paper:
    """One certificate as it goes to paper: whose, under which number."""

    recognition_id: str
    name: str
    year: int
    title: str
    serial: int
    register_number: str
    check_value: str
    in_register: bool  # the number is already in the register (printing again); False: written at commit


def _read_key(session: Session) -> tuple[bytes, str | None]:
    """(key, hex of a key made now, to be saved at commit): preparing a print writes nothing."""
    value = read_setting(session, KEY_SETTING)
    if value is not None:
        return bytes.fromhex(value), None
    made = secrets.token_hex(32)
    return bytes.fromhex(made), made


def _live(session: Session, recognitions: Iterable[Recognition]) -> dict[str, Certificate]:
    """Recognition id -> its live (not void) certificate, for those that have one."""
    recognitions = list(recognitions)
    wanted = {r.id for r in recognitions}
    return {c.recognition_id: c for c in session.scalars(select(Certificate).where(
        Certificate.year.in_({r.year for r in recognitions}), Certificate.void.is_(False),
        live(Certificate))) if c.recognition_id in wanted}


def _papers(session: Session, recognitions: list[Recognition], key: bytes, commune_code: str) -> list[Paper]:
    """Each recognition's paper: its live number, or the next of the year's one sequence (all titles)."""
    live_papers = _live(session, recognitions)
    serials = {year: session.scalar(select(func.max(Certificate.serial)).where(Certificate.year == year)) or 0
               for year in {r.year for r in recognitions}}
    papers = []
    for r in recognitions:
        if r.id in live_papers:
            c = live_papers[r.id]
            papers.append(Paper(r.id, r.name, c.year, c.title, c.serial, c.register_number, c.check_value, True))
            continue
        serials[r.year] += 1
        number = f"{r.year}-{ABBREVIATIONS[r.title]}-{serials[r.year]:06d}"
        check = verification.check_value(key, commune_code=commune_code, register_number=number, year=r.year,
                                         title=r.title, name=r.name)
        papers.append(Paper(r.id, r.name, r.year, r.title, serials[r.year], number, check, False))
    return papers


def _entry(paper: Paper, on: date) -> Certificate:
    return Certificate(recognition_id=paper.recognition_id, year=paper.year, title=paper.title, serial=paper.serial,
                       register_number=paper.register_number, name=paper.name, check_value=paper.check_value,
                       issued_on=on)


def issue(*, session: Session, recognitions: list[Recognition], on: date | None = None) -> dict[str, Certificate]:
    """Recognition id -> its live certificate, numbering those that have none (a reissue)."""
    if not recognitions:
        return {}
    papers = _papers(session, recognitions, certificate_key(session=session), read_setting(session, COMMUNE_KEY) or "")
    live_papers = _live(session, recognitions)
    for paper in papers:
        if not paper.in_register:
            live_papers[paper.recognition_id] = _entry(paper, on or date.today())
            session.add(live_papers[paper.recognition_id])
    session.flush()
    return live_papers


def certificate_doc(*, session: Session, paper: Certificate | Paper, recognition: Recognition,
                    commune: tuple[str, str, str] | None = None) -> CertificateDoc:
    """What one page prints, with a register entry's (or a planned paper's) number and code."""
    code, commune_name, _ = commune or commune_names(session=session)
    decision = recognition.decision
    lines = name_lines(recognition.subject_kind, recognition.name, head=recognition.head,
                       address=recognition.detail, sex=recognition.sex, birth_year=recognition.birth_year)
    payload = verification.qr_payload(commune_code=code, register_number=paper.register_number,
                                      year=paper.year, title=ABBREVIATIONS[paper.title], check=paper.check_value)
    return CertificateDoc(commune=commune_name, title_name=title_name(recognition.title), year=recognition.year,
                          subject_kind=recognition.subject_kind, name_lines=lines, decision_number=decision.number,
                          decision_date=decision.signed_on, date=decision.signed_on, signer=signer_of(decision),
                          register_number=paper.register_number, check_value=paper.check_value,
                          qr_payload=payload)


# --- printing in two steps: prepare (read-only), then commit once the paper is out ------


@dataclass(frozen=True)
class PrintPlan:
    """A PDF made and waiting for the printer. Page i (0-based) is papers[i]."""

    path: str
    papers: tuple[Paper, ...]
    reprint: bool = False
    new_key: str | None = None  # an older database had no key: the one the codes were made with

    @property
    def pages(self) -> int:
        return len(self.papers)

    @property
    def new_numbers(self) -> tuple[str, ...]:
        return tuple(p.register_number for p in self.papers if not p.in_register)


@dataclass(frozen=True)
class Committed:
    """What a commit wrote: certificates logged as printed, and how many of them got a new number."""

    printed: int
    numbered: int
    copies: int = 1


def prepare_certificates(*, session: Session, year: int, title: str, path: str | os.PathLike,
                         subject_ids: Iterable[str] | None = None, progress: Progress | None = None,
                         blank: BlankLayout | None = None) -> PrintPlan:
    """Render every standing recognition of a title-year (or those given) into one PDF with the
    numbers they would get; writes no row. `commit_print` writes them once the paper is out."""
    year, title = check_year(year), check_title(title)
    recognitions = _standing(session, year, title, subject_ids)
    if not recognitions:
        raise ValidationError(f"Chưa có đối tượng nào được công nhận {title_name(title)} năm {year} để in.",
                              code="nothing_to_print")
    commune = commune_names(session=session)
    key, new_key = _read_key(session)
    papers = _papers(session, recognitions, key, commune[0])
    docs = [certificate_doc(session=session, paper=p, recognition=r, commune=commune)
            for p, r in zip(papers, recognitions, strict=True)]
    draw_certificates(docs, path, progress=progress, blank=blank,
                      message=f"Đang chuẩn bị {len(docs)} giấy công nhận {title_name(title)}…")
    return PrintPlan(str(path), tuple(papers), new_key=new_key)


def prepare_reprint(*, session: Session, certificate: str, path: str | os.PathLike,
                    blank: BlankLayout | None = None) -> PrintPlan:
    """One certificate again, same number and code, into a PDF; logged only at commit."""
    row = _certificate(session, certificate)
    if row.void:
        raise ValidationError(f"Giấy số {row.register_number} đã hủy ({row.void_reason}); không in lại được.",
                              code="void_certificate")
    recognition = _recognition_of(session, row)
    draw_certificates([certificate_doc(session=session, paper=row, recognition=recognition)], path, blank=blank)
    paper = Paper(recognition.id, row.name, row.year, row.title, row.serial, row.register_number, row.check_value,
                  True)
    return PrintPlan(str(path), (paper,), reprint=True)


def _refuse_stale(session: Session, papers: list[Paper]) -> dict[str, Certificate]:
    """What the paper says must still be true; returns the live certificates of its recognitions."""
    recognitions = {r.id: r for r in session.scalars(select(Recognition).where(
        Recognition.id.in_([p.recognition_id for p in papers])))}
    live_papers = _live(session, recognitions.values())
    new = [p for p in papers if p.recognition_id not in live_papers and not p.in_register]
    taken = set(session.scalars(select(Certificate.register_number).where(
        Certificate.register_number.in_([p.register_number for p in new]))))
    taken |= {f"{y}/{n}" for y, n in session.execute(select(Certificate.year, Certificate.serial).where(
        Certificate.year.in_({p.year for p in new}), Certificate.serial.in_([p.serial for p in new])))}
    for paper in papers:
        recognition = recognitions.get(paper.recognition_id)
        if recognition is None or recognition.deleted or recognition.revoked_on is not None:
            raise ConflictError(f"Công nhận của {paper.name} đã bị thu hồi hoặc xóa trong lúc đang in: tờ giấy vừa "
                                "in không có giá trị và không được ghi vào sổ cấp. Hãy hủy tờ đó.",
                                code="recognition_gone")
        current = live_papers.get(paper.recognition_id)
        mine = current is not None and current.register_number == paper.register_number
        if paper.in_register and not mine:  # voided (reissued) while the paper was printing
            raise ConflictError(f"Giấy số {paper.register_number} ({paper.name}) đã bị hủy trong sổ cấp trong lúc "
                                "đang in: tờ vừa in không có giá trị.", code="void_certificate",
                                field="register_number")
        # A live entry under this very number is fine: the same plan printed, then saved too.
        if not mine and (current is not None or {paper.register_number, f"{paper.year}/{paper.serial}"} & taken):
            raise ConflictError(
                f"Sổ cấp đã thay đổi trong lúc đang in (từ cửa sổ hoặc máy khác): số vào sổ {paper.register_number} "
                f"in trên giấy của {paper.name} không còn đúng. Các tờ vừa in không được ghi vào sổ cấp: hãy hủy "
                "các tờ đó và in lại.",
                code="numbers_taken", field="register_number")
    return live_papers


def commit_print(*, session: Session, plan: PrintPlan, printer: str | None = None, file: str | None = None,
                 pages: Iterable[int] | None = None, copies: int = 1) -> Committed:
    """After the printer took the job (or the PDF was saved): write the planned numbers of the
    papers on `pages` (0-based; all by default) into the register and log each copy printed.

    Refuses, writing nothing, when a number was taken or a recognition revoked meanwhile.
    """
    if (printer is None) == (file is None):
        raise ValueError("commit_print needs either printer= or file=")
    chosen = sorted(set(range(plan.pages) if pages is None else pages))
    if not chosen or chosen[0] < 0 or chosen[-1] >= plan.pages:
        raise ValueError(f"pages {chosen} outside a plan of {plan.pages}")
    papers = [plan.papers[i] for i in chosen]
    if plan.new_key is not None:
        stored = read_setting(session, KEY_SETTING)
        if stored is not None and stored != plan.new_key:
            raise ConflictError("Khóa mã xác thực của xã vừa được tạo ở nơi khác trong lúc đang in: mã in trên các "
                                "tờ vừa in không đúng. Hãy hủy các tờ đó và in lại.", code="key_changed")
    live_papers = _refuse_stale(session, papers)
    if plan.new_key is not None and read_setting(session, KEY_SETTING) is None:
        write_setting(session, KEY_SETTING, plan.new_key)
    today, numbered, rows = date.today(), 0, []
    for paper in papers:
        row = live_papers.get(paper.recognition_id)
        if row is None:
            row = _entry(paper, today)
            session.add(row)
            live_papers[paper.recognition_id] = row
            numbered += 1
        rows.append(row)
    session.flush()
    where = Path(file).name if file is not None else f"Máy in: {printer} ({len(papers)} trang)"
    _log_prints(session, rows * max(1, copies), where[:300], reprint=plan.reprint)
    return Committed(len(papers), numbered, max(1, copies))


def _log_prints(session: Session, certificates: Iterable[Certificate], where: str, reprint: bool) -> None:
    now = datetime.now(timezone.utc)
    for certificate in certificates:
        session.add(CertificatePrint(certificate_id=certificate.id, printed_at=now, reprint=reprint,
                                     file_name=where))
    session.flush()


def print_certificates(*, session: Session, year: int, title: str, path: str | os.PathLike,
                       subject_ids: Iterable[str] | None = None, progress: Progress | None = None,
                       blank: BlankLayout | None = None) -> int:
    """The one-step print to a file (the CLI's --out): prepare, then commit; returns pages.

    A cancelled or failed render writes no PDF and no row.
    """
    plan = prepare_certificates(session=session, year=year, title=title, path=path, subject_ids=subject_ids,
                                progress=progress, blank=blank)
    commit_print(session=session, plan=plan, file=str(path))
    return plan.pages


_NUMBER = re.compile(r"(\d{4})-([A-Z]+)-(\d+)")


def _plain_number(text: str) -> str:
    """"2026-gđht-000123", "2026-GDHT-000123" -> "2026-GDHT-000123": typed, or read off the
    QR code (which carries the number in ASCII)."""
    return "".join(normalize_text(text).upper().replace("Đ", "D").split())


def _certificate(session: Session, number_or_id: str) -> Certificate:
    text = normalize_text(number_or_id)
    row = session.get(Certificate, text)
    match = _NUMBER.fullmatch(_plain_number(text)) if row is None else None
    if match is not None:  # the year's serial finds it; the whole number must agree too
        found = session.scalar(select(Certificate).where(
            Certificate.year == int(match[1]), Certificate.serial == int(match[3])))
        row = found if found is not None and _plain_number(found.register_number) == match[0] else None
    if row is None or row.deleted:
        raise NotFoundError(f"Không có giấy công nhận số {number_or_id} trong sổ cấp.", field="register_number")
    return row


def reprint(*, session: Session, certificate: str, path: str | os.PathLike,
            blank: BlankLayout | None = None) -> str:
    """Print one certificate again into a file, same number and code; returns its register number."""
    plan = prepare_reprint(session=session, certificate=certificate, path=path, blank=blank)
    commit_print(session=session, plan=plan, file=str(path))
    return plan.papers[0].register_number


@dataclass(frozen=True)
class Reissued:
    voided: str  # the register number of the paper made void
    issued: RegisterEntry  # the new paper's entry


def reissue(*, session: Session, certificate: str, reason: str) -> Reissued:
    """Void a paper (lost, misprinted) and give its recognition a new number."""
    reason = normalize_text(reason)
    if len(reason) < 5:
        raise ValidationError("hãy ghi rõ lý do cấp lại.", code="required", field="reason")
    row = _certificate(session, certificate)
    if row.void:
        raise ValidationError(f"Giấy số {row.register_number} đã hủy trước đó.", code="void_certificate")
    recognition = _recognition_of(session, row)
    if recognition.revoked_on is not None:
        raise ValidationError("Công nhận đã bị thu hồi; không cấp lại giấy.", code="revoked")
    row.void, row.void_reason = True, f"Cấp lại: {reason}"
    session.flush()
    new = issue(session=session, recognitions=[recognition])[recognition.id]
    entry, = _entries(session, Certificate.id == new.id)
    return Reissued(row.register_number, entry)


def register_entries(*, session: Session, year: int | None = None, title: str | None = None) -> list[RegisterEntry]:
    conditions = ([Certificate.year == year] if year is not None else []) + (
        [Certificate.title == title] if title is not None else [])
    return _entries(session, *conditions)


def _entries(session: Session, *conditions) -> list[RegisterEntry]:
    prints = dict(session.execute(select(CertificatePrint.certificate_id, func.count())
                                  .group_by(CertificatePrint.certificate_id)).all())
    last = dict(session.execute(select(CertificatePrint.certificate_id, func.max(CertificatePrint.printed_at))
                                .group_by(CertificatePrint.certificate_id)).all())
    query = (select(Certificate, Recognition.detail, RecognitionDecision.number)
             .join(Recognition, Recognition.id == Certificate.recognition_id)
             .join(RecognitionDecision, RecognitionDecision.id == Recognition.decision_id)
             .where(live(Certificate), *conditions).order_by(Certificate.year, Certificate.serial))
    out = []
    for c, detail, number in session.execute(query):
        stamp = last.get(c.id)
        if isinstance(stamp, str):  # max() over the text column comes back as text
            stamp = datetime.strptime(stamp, TIMESTAMP_FORMAT).replace(tzinfo=timezone.utc)
        out.append(RegisterEntry(c.id, c.register_number, c.year, c.title, c.name, detail, number, c.issued_on,
                                 verification.group(c.check_value), c.void, c.void_reason, prints.get(c.id, 0), stamp))
    return out


def verify(*, session: Session, register_number: str, check: str) -> RegisterEntry | None:
    """The register entry a paper claims to be, if its code matches; None otherwise."""
    try:
        row = _certificate(session, register_number)
    except NotFoundError:
        return None
    if not verification.normalise_typed(check) == row.check_value:
        return None
    return next(e for e in register_entries(session=session, year=row.year) if e.id == row.id)


def _recognition_of(session: Session, row: Certificate) -> Recognition:
    recognition = session.get(Recognition, row.recognition_id)
    if recognition is None:
        raise NotFoundError(f"Không tìm thấy quyết định công nhận của giấy số {row.register_number}.",
                            field="certificate")
    return recognition
