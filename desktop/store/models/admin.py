"""Administrative units after the 1 July 2025 reform (reference data, not synced upward)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.store.base import Base


class Province(Base):
    __tablename__ = "provinces"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)  # "01" Hà Nội
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    division_type: Mapped[str] = mapped_column(String(40), nullable=False)
    search_text: Mapped[str] = mapped_column(String(100), nullable=False)


class Commune(Base):
    """A xã, phường or đặc khu; `code` is the official 5-digit code ("00070")."""

    __tablename__ = "communes"

    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    division_type: Mapped[str] = mapped_column(String(40), nullable=False)
    province_code: Mapped[str] = mapped_column(ForeignKey("provinces.code"), nullable=False, index=True)
    search_text: Mapped[str] = mapped_column(String(100), nullable=False)
