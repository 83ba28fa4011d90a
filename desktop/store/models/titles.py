"""The yearly titles: registrations, the officer's checks, evaluation results, recognition
decisions, who they recognise, and the commune's certificate register (sổ cấp).

A subject is a citizen, household, clan, hamlet or unit: `subject_kind` says which table
`subject_id` points into (no foreign key: one column serves five tables).
A live recognition locks its subject's result for that year and title; a revocation
(`revoked_on`, `revoke_reason`) unlocks it and voids its certificates, and a later
recognition gets a new certificate with a new register number.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.store.base import Base, Synced, UTCTimestamp

NOT_DELETED = text("deleted = 0")


class TitleRegistration(Synced, Base):
    """A subject registered (đăng ký) for a title at the start of the year."""

    __tablename__ = "title_registrations"
    __table_args__ = (
        Index("uq_title_registrations_live", "year", "title", "subject_id", unique=True, sqlite_where=NOT_DELETED),
    )

    year: Mapped[int] = mapped_column(Integer, nullable=False)
    title: Mapped[str] = mapped_column(String(12), nullable=False)
    subject_kind: Mapped[str] = mapped_column(String(10), nullable=False)
    subject_id: Mapped[str] = mapped_column(String(36), nullable=False)
    registered_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(400), nullable=False, default="")
    # A unit reports, when it registers, its staff and how many of them were recognised
    # Công dân học tập (many live in other communes, so the register cannot count them).
    unit_staff: Mapped[int | None] = mapped_column(Integer)
    unit_staff_cdht: Mapped[int | None] = mapped_column(Integer)


class SubjectChecks(Synced, Base):
    """The officer's points for a subject's manual items, with what was seen (minh chứng).

    One row per subject and title-year, `checks_json` = {item id: [points, evidence]}:
    an officer checks a subject's items together, and a commune's year stays a few
    thousand rows instead of one per item.
    """

    __tablename__ = "subject_checks"
    __table_args__ = (
        Index("uq_subject_checks_live", "year", "title", "subject_id", unique=True, sqlite_where=NOT_DELETED),
    )

    year: Mapped[int] = mapped_column(Integer, nullable=False)
    title: Mapped[str] = mapped_column(String(12), nullable=False)
    subject_id: Mapped[str] = mapped_column(String(36), nullable=False)
    checks_json: Mapped[str] = mapped_column(Text, nullable=False, default="{}")


class EvaluationRound(Synced, Base):
    """A year's evaluation of one title: which criteria set (and its exact content) it used."""

    __tablename__ = "evaluation_rounds"
    __table_args__ = (
        Index("uq_evaluation_rounds_live", "year", "title", unique=True, sqlite_where=NOT_DELETED),
    )

    year: Mapped[int] = mapped_column(Integer, nullable=False)
    title: Mapped[str] = mapped_column(String(12), nullable=False)
    set_id: Mapped[str] = mapped_column(String(60), nullable=False)
    set_fingerprint: Mapped[str] = mapped_column(String(64), nullable=False)
    evaluated_at: Mapped[datetime] = mapped_column(UTCTimestamp, nullable=False)
    subjects: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    passed: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class Evaluation(Synced, Base):
    """One subject's result in a round. Item points are kept compactly (`points_json`:
    {item id: [points, source]}); the reasons are recomputed when a subject is opened,
    and frozen in full in its recognition."""

    __tablename__ = "evaluations"
    __table_args__ = (
        Index("uq_evaluations_live", "year", "title", "subject_id", unique=True, sqlite_where=NOT_DELETED),
        Index("ix_evaluations_subject", "subject_id"),
    )

    year: Mapped[int] = mapped_column(Integer, nullable=False)
    title: Mapped[str] = mapped_column(String(12), nullable=False)
    subject_kind: Mapped[str] = mapped_column(String(10), nullable=False)
    subject_id: Mapped[str] = mapped_column(String(36), nullable=False)
    set_id: Mapped[str] = mapped_column(String(60), nullable=False)
    total: Mapped[float] = mapped_column(Float, nullable=False, default=0)
    max_points: Mapped[float] = mapped_column(Float, nullable=False, default=0)
    passed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    complete: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    level: Mapped[str | None] = mapped_column(String(30))
    points_json: Mapped[str] = mapped_column(Text, nullable=False, default="{}")
    # The hamlet's (or the association's) proposal list: đề nghị công nhận.
    proposed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    proposed_on: Mapped[date | None] = mapped_column(Date)
    proposal_note: Mapped[str] = mapped_column(String(400), nullable=False, default="")


class RecognitionDecision(Synced, Base):
    """Quyết định công nhận: number, date and signer of one title's recognitions of a year."""

    __tablename__ = "recognition_decisions"
    __table_args__ = (
        Index("uq_recognition_decisions_number", "year", "number", unique=True, sqlite_where=NOT_DELETED),
    )

    year: Mapped[int] = mapped_column(Integer, nullable=False)
    title: Mapped[str] = mapped_column(String(12), nullable=False)
    number: Mapped[str] = mapped_column(String(40), nullable=False)
    signed_on: Mapped[date] = mapped_column(Date, nullable=False)
    signer_name: Mapped[str] = mapped_column(String(120), nullable=False)
    signer_title: Mapped[str] = mapped_column(String(80), nullable=False, default="CHỦ TỊCH")
    signer_capacity: Mapped[str] = mapped_column(String(80), nullable=False, default="")  # "": the chair, own power
    set_id: Mapped[str] = mapped_column(String(60), nullable=False)
    note: Mapped[str] = mapped_column(String(400), nullable=False, default="")

    recognitions: Mapped[list["Recognition"]] = relationship(back_populates="decision")


class Recognition(Synced, Base):
    """One subject recognised by a decision, with the result and names as decided (frozen)."""

    __tablename__ = "recognitions"
    __table_args__ = (
        # At most one standing recognition of a subject for a title and year.
        Index("uq_recognitions_standing", "year", "title", "subject_id", unique=True,
              sqlite_where=text("deleted = 0 AND revoked_on IS NULL")),
        Index("ix_recognitions_decision", "decision_id"),
    )

    decision_id: Mapped[str] = mapped_column(ForeignKey("recognition_decisions.id"), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    title: Mapped[str] = mapped_column(String(12), nullable=False)
    subject_kind: Mapped[str] = mapped_column(String(10), nullable=False)
    subject_id: Mapped[str] = mapped_column(String(36), nullable=False)
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    head: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    detail: Mapped[str] = mapped_column(String(300), nullable=False, default="")  # address or hamlet
    sex: Mapped[str | None] = mapped_column(String(1))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    total: Mapped[float] = mapped_column(Float, nullable=False)
    level: Mapped[str | None] = mapped_column(String(30))
    result_json: Mapped[str] = mapped_column(Text, nullable=False, default="{}")
    revoked_on: Mapped[date | None] = mapped_column(Date)
    revoke_reason: Mapped[str] = mapped_column(String(400), nullable=False, default="")

    decision: Mapped[RecognitionDecision] = relationship(back_populates="recognitions")


class Certificate(Synced, Base):
    """An entry of the certificate register (sổ cấp giấy công nhận)."""

    __tablename__ = "certificates"
    __table_args__ = (
        Index("uq_certificates_number", "register_number", unique=True),
        Index("uq_certificates_serial", "year", "serial", unique=True),
        Index("ix_certificates_recognition", "recognition_id"),
    )

    recognition_id: Mapped[str] = mapped_column(ForeignKey("recognitions.id"), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    title: Mapped[str] = mapped_column(String(12), nullable=False)
    serial: Mapped[int] = mapped_column(Integer, nullable=False)  # one sequence per year, all titles
    register_number: Mapped[str] = mapped_column(String(30), nullable=False)  # 2026-GĐHT-000123
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    check_value: Mapped[str] = mapped_column(String(16), nullable=False)
    issued_on: Mapped[date] = mapped_column(Date, nullable=False)
    void: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    void_reason: Mapped[str] = mapped_column(String(400), nullable=False, default="")


class CertificatePrint(Synced, Base):
    """Each time a certificate went to paper (batch or reprint)."""

    __tablename__ = "certificate_prints"
    __table_args__ = (Index("ix_certificate_prints_certificate", "certificate_id"),)

    certificate_id: Mapped[str] = mapped_column(ForeignKey("certificates.id"), nullable=False)
    printed_at: Mapped[datetime] = mapped_column(UTCTimestamp, nullable=False)
    reprint: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    file_name: Mapped[str] = mapped_column(String(300), nullable=False, default="")
