"""Hamlets, households and citizens: the commune register proper."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.domain.text import fold, join_name
from desktop.store.base import Base, Synced
from desktop.store.collation import name_sort_text

NOT_DELETED = text("deleted = 0")


class Hamlet(Synced, Base):
    """Thôn, bản, ấp, tổ dân phố… set up by the commune; names change with mergers."""

    __tablename__ = "hamlets"

    name: Mapped[str] = mapped_column(String(120), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(400), nullable=False, default="")


class Household(Synced, Base):
    __tablename__ = "households"
    __table_args__ = (
        Index("uq_households_code_live", "code", unique=True, sqlite_where=NOT_DELETED),
        Index("ix_households_hamlet", "hamlet_id"),
        # SQLite looks up referencing rows on every citizen insert while a deferred key is open.
        Index("ix_households_head", "head_id"),
    )

    code: Mapped[str] = mapped_column(String(30), nullable=False)
    hamlet_id: Mapped[str | None] = mapped_column(ForeignKey("hamlets.id"))
    address: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    poverty: Mapped[str] = mapped_column(String(12), nullable=False, default="none")
    # Households and citizens point at each other (head / member of): the head's key is
    # checked at commit (DEFERRED), so a household and its members insert in one flush.
    head_id: Mapped[str | None] = mapped_column(
        ForeignKey("citizens.id", use_alter=True, deferrable=True, initially="DEFERRED"))
    search_text: Mapped[str] = mapped_column(String(400), nullable=False, default="")

    __derived__ = ("search_text",)  # set by refresh_derived (store/undo.py keeps no copy)

    hamlet: Mapped[Hamlet | None] = relationship(lazy="joined")
    head: Mapped["Citizen | None"] = relationship(foreign_keys=[head_id], post_update=True)
    members: Mapped[list["Citizen"]] = relationship(
        back_populates="household", foreign_keys="Citizen.household_id"
    )

    def refresh_derived(self) -> None:
        self.search_text = fold(f"{self.code} {self.address}")


class Citizen(Synced, Base):
    __tablename__ = "citizens"
    __table_args__ = (
        Index("uq_citizens_identity_live", "identity_number", unique=True,
              sqlite_where=text("deleted = 0 AND identity_number IS NOT NULL")),
        Index("ix_citizens_household", "household_id"),
        # Covering the list query (live residents in name order): the whole commune's ids
        # come from the index alone, 155 -> 40 ms for 70,000 people (bench/gui.py).
        Index("ix_citizens_list", "sort_key", "status", "deleted", "id"),
        Index("ix_citizens_birth_year", "birth_year"),
    )

    household_id: Mapped[str | None] = mapped_column(ForeignKey("households.id"))
    family_name: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    middle_name: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    given_name: Mapped[str] = mapped_column(String(40), nullable=False)
    sex: Mapped[str] = mapped_column(String(1), nullable=False)
    # ISO text of a partial date: "1948" or "1990-02-28" (dates.PartialDate.iso()).
    birth_date: Mapped[str | None] = mapped_column(String(10))
    identity_number: Mapped[str | None] = mapped_column(String(12))
    ethnicity: Mapped[str] = mapped_column(String(2), nullable=False, default="01")
    relation: Mapped[str] = mapped_column(String(16), nullable=False, default="other")
    education: Mapped[str | None] = mapped_column(String(24))
    literacy: Mapped[str | None] = mapped_column(String(12))
    occupation: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    studying: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="resident")
    # When the status took effect, and a note (where they moved, why away); None while
    # "resident". Nullable, so rows from programs before revision 0005 stay valid on the wire.
    status_since: Mapped[date | None] = mapped_column(Date)
    status_note: Mapped[str | None] = mapped_column(String(400))

    # Derived, stored so lists can sort and filter in SQL (refresh_derived keeps them true).
    __derived__ = ("full_name", "birth_year", "sort_key", "search_text")
    full_name: Mapped[str] = mapped_column(String(140), nullable=False, default="")
    birth_year: Mapped[int | None] = mapped_column(Integer)
    sort_key: Mapped[str] = mapped_column(String(400), nullable=False, default="")
    search_text: Mapped[str] = mapped_column(String(200), nullable=False, default="")

    household: Mapped[Household | None] = relationship(
        back_populates="members", foreign_keys=[household_id]
    )

    def refresh_derived(self) -> None:
        self.full_name = join_name(self.family_name, self.middle_name, self.given_name)
        self.birth_year = int(self.birth_date[:4]) if self.birth_date else None
        self.sort_key = name_sort_text(self.family_name, self.middle_name, self.given_name)
        self.search_text = fold(f"{self.full_name} {self.identity_number or ''}")
