"""Clans (dòng họ) and which households belong to them."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.store.base import Base, Synced


class Clan(Synced, Base):
    __tablename__ = "clans"

    name: Mapped[str] = mapped_column(String(120), nullable=False)
    hamlet_id: Mapped[str | None] = mapped_column(ForeignKey("hamlets.id"))  # where the clan hall is
    head_id: Mapped[str | None] = mapped_column(ForeignKey("citizens.id"))  # trưởng họ
    note: Mapped[str] = mapped_column(String(400), nullable=False, default="")

    memberships: Mapped[list["ClanHousehold"]] = relationship(back_populates="clan")


class ClanHousehold(Synced, Base):
    """Membership row (synced like any other, so leaving a clan is a tombstone, not a loss)."""

    __tablename__ = "clan_households"
    __table_args__ = (
        Index("uq_clan_households_live", "clan_id", "household_id", unique=True,
              sqlite_where=text("deleted = 0")),
        Index("ix_clan_households_household", "household_id"),
    )

    clan_id: Mapped[str] = mapped_column(ForeignKey("clans.id"), nullable=False)
    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"), nullable=False)

    clan: Mapped[Clan] = relationship(back_populates="memberships")
