"""The community learning centre (TTHTCĐ), its activities and who took part."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.store.base import Base, Synced


class LearningCentre(Synced, Base):
    __tablename__ = "learning_centres"

    name: Mapped[str] = mapped_column(String(200), nullable=False)
    director: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    address: Mapped[str] = mapped_column(String(300), nullable=False, default="")


class Activity(Synced, Base):
    """A class, topic session or event of the centre (counted in 'lớp/chuyên đề')."""

    __tablename__ = "activities"
    __table_args__ = (Index("ix_activities_start", "start_date"),)

    centre_id: Mapped[str] = mapped_column(ForeignKey("learning_centres.id"), nullable=False)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    category: Mapped[str] = mapped_column(String(20), nullable=False)
    start_date: Mapped[date] = mapped_column(Date, nullable=False)
    end_date: Mapped[date] = mapped_column(Date, nullable=False)
    hours: Mapped[float] = mapped_column(Float, nullable=False, default=0)
    place: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    instructor: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    note: Mapped[str] = mapped_column(String(400), nullable=False, default="")

    participations: Mapped[list["Participation"]] = relationship(back_populates="activity")


class Participation(Synced, Base):
    """One citizen in one activity: a 'lượt người' of the yearly report."""

    __tablename__ = "participations"
    __table_args__ = (
        Index("uq_participations_live", "activity_id", "citizen_id", unique=True,
              sqlite_where=text("deleted = 0")),
        Index("ix_participations_citizen", "citizen_id"),
    )

    activity_id: Mapped[str] = mapped_column(ForeignKey("activities.id"), nullable=False)
    citizen_id: Mapped[str] = mapped_column(ForeignKey("citizens.id"), nullable=False)
    hours: Mapped[float] = mapped_column(Float, nullable=False, default=0)
    completed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    activity: Mapped[Activity] = relationship(back_populates="participations")
