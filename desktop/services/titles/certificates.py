"""The certificate register (sổ cấp), printing decisions and certificates, reprints.

A standing recognition gets one live certificate: a register number from the year's
single sequence (2026-GĐHT-000123) and a check value made with this database's key.
Each print is logged; a reissue (lost or misprinted paper) voids the old entry and
takes a new number, so a number never names two papers.
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
from desktop.domain.errors import NotFoundError, ValidationError, XhhtError
from desktop.domain.text import normalize_text, vietnamese_key
from desktop.printing.certificate import draw_certificates
from desktop.printing.decision import draw_decision
from desktop.printing.documents import AnnexRow, CertificateDoc, DecisionDoc, Signer, name_lines
from desktop.services.progress import Progress
from desktop.services.criteria import find_set
from desktop.services.titles.common import (
    ABBREVIATIONS, available_sets, check_title, check_year, name_order, subject_kind, subject_names, title_name,
)
from desktop.store.db import COMMUNE_KEY, Database, read_setting, write_setting
from desktop.store.models import (
    Certificate, CertificatePrint, Commune, Province, Recognition, RecognitionDecision,
)

KEY_SETTING = "certificate_key"


def certificate_key(session: Session) -> bytes:
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


def _commune(session: Session) -> tuple[str, str, str]:
    code = read_setting(session, COMMUNE_KEY)
    row = session.execute(select(Commune.name, Province.name).join(Province, Province.code == Commune.province_code)
                          .where(Commune.code == code)).first()
    if code is None or row is None:
        raise NotFoundError("Cơ sở dữ liệu chưa gắn với xã nào.", field="commune")
    return code, row[0], row[1]


def _standing(session: Session, year: int, title: str, subject_ids: Iterable[str] | None = None) -> list[Recognition]:
    rows = session.scalars(select(Recognition).where(
        Recognition.year == year, Recognition.title == title, Recognition.deleted.is_(False),
        Recognition.revoked_on.is_(None))).all()
    if subject_ids is not None:
        wanted = set(subject_ids)
        rows = [r for r in rows if r.subject_id in wanted or r.id in wanted]
    return _annex_order(session, rows)


def _annex_order(session: Session, rows: Iterable[Recognition]) -> list[Recognition]:
    """Annex order: by hamlet, then Vietnamese name order.

    Not by the address line: it starts with the house or xóm ("Xóm 1, Thôn Yên Lạc"), which
    would scatter one hamlet's households among the others.
    """
    rows = list(rows)
    hamlets: dict[str, str] = {}
    for kind in {r.subject_kind for r in rows}:
        names = subject_names(session, kind, [r.subject_id for r in rows if r.subject_kind == kind])
        hamlets.update({sid: name.hamlet for sid, name in names.items()})
    return sorted(rows, key=lambda r: (vietnamese_key(hamlets.get(r.subject_id, "")),
                                       name_order(r.subject_kind, r.name), vietnamese_key(r.detail)))


def issue(session: Session, recognitions: list[Recognition], on: date | None = None) -> dict[str, Certificate]:
    """Recognition id -> its live certificate, numbering those that have none."""
    if not recognitions:
        return {}
    wanted = {r.id for r in recognitions}
    live = {c.recognition_id: c for c in session.scalars(select(Certificate).where(
        Certificate.year.in_({r.year for r in recognitions}), Certificate.void.is_(False),
        Certificate.deleted.is_(False))) if c.recognition_id in wanted}
    commune_code = read_setting(session, COMMUNE_KEY) or ""
    key = certificate_key(session)
    serials: dict[int, int] = {}
    for recognition in recognitions:
        if recognition.id in live:
            continue
        year = recognition.year
        if year not in serials:
            serials[year] = session.scalar(select(func.max(Certificate.serial)).where(Certificate.year == year)) or 0
        serials[year] += 1
        number = f"{year}-{ABBREVIATIONS[recognition.title]}-{serials[year]:06d}"
        check = verification.check_value(key, commune_code=commune_code, register_number=number, year=year,
                                         title=recognition.title, name=recognition.name)
        certificate = Certificate(recognition_id=recognition.id, year=year, title=recognition.title,
                                  serial=serials[year], register_number=number, name=recognition.name,
                                  check_value=check, issued_on=on or date.today())
        session.add(certificate)
        live[recognition.id] = certificate
    session.flush()
    return live


def _signer(decision: RecognitionDecision) -> Signer:
    return Signer(decision.signer_name, decision.signer_title, decision.signer_capacity)


def certificate_doc(session: Session, certificate: Certificate, recognition: Recognition,
                    commune: tuple[str, str, str] | None = None) -> CertificateDoc:
    code, commune_name, _ = commune or _commune(session)
    decision = recognition.decision
    lines = name_lines(recognition.subject_kind, recognition.name, head=recognition.head,
                       address=recognition.detail, sex=recognition.sex, birth_year=recognition.birth_year)
    payload = verification.qr_payload(commune_code=code, register_number=certificate.register_number,
                                      year=certificate.year, title=ABBREVIATIONS[certificate.title],
                                      check=certificate.check_value)
    return CertificateDoc(commune=commune_name, title_name=title_name(recognition.title), year=recognition.year,
                          subject_kind=recognition.subject_kind, name_lines=lines, decision_number=decision.number,
                          decision_date=decision.signed_on, date=decision.signed_on, signer=_signer(decision),
                          register_number=certificate.register_number, check_value=certificate.check_value,
                          qr_payload=payload)


def _log_prints(session: Session, certificates: Iterable[Certificate], path: Path, reprint: bool) -> None:
    now = datetime.now(timezone.utc)
    for certificate in certificates:
        session.add(CertificatePrint(certificate_id=certificate.id, printed_at=now, reprint=reprint,
                                     file_name=path.name))
    session.flush()


def print_certificates(session: Session, *, year: int, title: str, path: str | os.PathLike,
                       subject_ids: Iterable[str] | None = None, progress: Progress | None = None) -> int:
    """Every standing recognition of a title-year (or those given) into one PDF; returns pages.

    Numbers are issued and prints logged in the caller's transaction, under a savepoint
    released only once the PDF is complete: a cancelled or failed print changes nothing.
    """
    year, title = check_year(year), check_title(title)
    recognitions = _standing(session, year, title, subject_ids)
    if not recognitions:
        raise ValidationError(f"Chưa có đối tượng nào được công nhận {title_name(title)} năm {year} để in.",
                              code="nothing_to_print")
    commune = _commune(session)
    with session.begin_nested():  # numbers issued here are taken back if the print fails or is cancelled
        certificates = issue(session, recognitions)
        docs = [certificate_doc(session, certificates[r.id], r, commune) for r in recognitions]
        pages = draw_certificates(docs, path, progress=progress,
                                  message=f"Đang in {len(docs)} giấy công nhận {title_name(title)}…")
        _log_prints(session, certificates.values(), Path(path), reprint=False)
    return pages


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


def reprint(session: Session, *, certificate: str, path: str | os.PathLike) -> str:
    """Print one certificate again, same number and code; returns its register number."""
    row = _certificate(session, certificate)
    if row.void:
        raise ValidationError(f"Giấy số {row.register_number} đã hủy ({row.void_reason}); không in lại được.",
                              code="void_certificate")
    recognition = session.get(Recognition, row.recognition_id)
    draw_certificates([certificate_doc(session, row, recognition)], path)
    _log_prints(session, [row], Path(path), reprint=True)
    return row.register_number


def reissue(session: Session, *, certificate: str, reason: str) -> Certificate:
    """Void a paper (lost, misprinted) and give its recognition a new number."""
    reason = normalize_text(reason)
    if len(reason) < 5:
        raise ValidationError("hãy ghi rõ lý do cấp lại.", code="required", field="reason")
    row = _certificate(session, certificate)
    if row.void:
        raise ValidationError(f"Giấy số {row.register_number} đã hủy trước đó.", code="void_certificate")
    recognition = session.get(Recognition, row.recognition_id)
    if recognition.revoked_on is not None:
        raise ValidationError("Công nhận đã bị thu hồi; không cấp lại giấy.", code="revoked")
    row.void, row.void_reason = True, f"Cấp lại: {reason}"
    session.flush()
    return issue(session, [recognition])[recognition.id]


def register_entries(session: Session, *, year: int | None = None, title: str | None = None) -> list[RegisterEntry]:
    prints = dict(session.execute(select(CertificatePrint.certificate_id, func.count())
                                  .group_by(CertificatePrint.certificate_id)).all())
    last = dict(session.execute(select(CertificatePrint.certificate_id, func.max(CertificatePrint.printed_at))
                                .group_by(CertificatePrint.certificate_id)).all())
    query = (select(Certificate, Recognition.detail, RecognitionDecision.number)
             .join(Recognition, Recognition.id == Certificate.recognition_id)
             .join(RecognitionDecision, RecognitionDecision.id == Recognition.decision_id)
             .where(Certificate.deleted.is_(False)).order_by(Certificate.year, Certificate.serial))
    if year is not None:
        query = query.where(Certificate.year == year)
    if title is not None:
        query = query.where(Certificate.title == title)
    out = []
    for c, detail, number in session.execute(query):
        stamp = last.get(c.id)
        if isinstance(stamp, str):  # max() over the text column comes back as text
            stamp = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
        out.append(RegisterEntry(c.id, c.register_number, c.year, c.title, c.name, detail, number, c.issued_on,
                                 verification.group(c.check_value), c.void, c.void_reason, prints.get(c.id, 0), stamp))
    return out


def verify(session: Session, *, register_number: str, check: str) -> RegisterEntry | None:
    """The register entry a paper claims to be, if its code matches; None otherwise."""
    try:
        row = _certificate(session, register_number)
    except NotFoundError:
        return None
    if not verification.normalise_typed(check) == row.check_value:
        return None
    return next(e for e in register_entries(session, year=row.year) if e.id == row.id)


# --- the decision ------------------------------------------------------------------


def decision_doc(session: Session, decision_id: str) -> DecisionDoc:
    decision = session.get(RecognitionDecision, decision_id)
    if decision is None or decision.deleted:
        raise NotFoundError("Không tìm thấy quyết định công nhận.")
    _, commune_name, province = _commune(session)
    rows = _annex_order(session, (r for r in decision.recognitions if not r.deleted))
    annex = tuple(AnnexRow(r.name, r.detail, r.head) for r in rows)
    return DecisionDoc(commune=commune_name, province=province, number=decision.number, date=decision.signed_on,
                       signer=_signer(decision), title_name=title_name(decision.title),
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
        when = f" {_in_words(source.date)}" if source.date else ""
        bases.append(f"Căn cứ {kind} {source.code}{when} của {source.issuer} về tiêu chí đánh giá, công nhận "
                     f"“{title_name(decision.title)}”;")
    bases.append("Xét đề nghị của Chủ tịch Hội Khuyến học xã.")
    return tuple(bases)


def print_decision(session: Session, *, decision_id: str, path: str | os.PathLike) -> None:
    draw_decision(decision_doc(session, decision_id), path)


def prepare_key(db: Database) -> None:
    """Make sure the database has its certificate key (new and upgraded databases)."""
    with db.session() as session:
        certificate_key(session)
        session.commit()
