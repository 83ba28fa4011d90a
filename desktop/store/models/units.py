"""Learning units (đơn vị học tập) managed by the commune: schools, agencies, enterprises…"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.store.base import Base, Synced


class LearningUnit(Synced, Base):
    __tablename__ = "learning_units"

    name: Mapped[str] = mapped_column(String(200), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    staff_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    hamlet_id: Mapped[str | None] = mapped_column(ForeignKey("hamlets.id"))
    address: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    head_name: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(20), nullable=False, default="")
