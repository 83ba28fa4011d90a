"""Creating a commune database and reading which commune it belongs to."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.errors import ConflictError, NotFoundError, ValidationError
from desktop.domain.text import fold, vietnamese_key
from desktop.services import centre
from desktop.services.titles.certificates import certificate_key
from desktop.store import reference
from desktop.store.db import COMMUNE_KEY, Database, open_database, read_setting, write_setting
from desktop.store.models import Commune, Province


@dataclass(frozen=True)
class CommuneInfo:
    code: str
    name: str
    division_type: str
    province_code: str
    province_name: str

    @property
    def full_name(self) -> str:
        return f"{self.name}, {self.province_name}"


def normalise_code(code: str | int) -> str:
    text = str(code).strip()
    if not text.isdigit() or len(text) > 5:
        raise ValidationError(f"mã xã “{code}” không hợp lệ: mã chính thức gồm 5 chữ số, ví dụ 00070.",
                              code="invalid_commune_code", field="commune")
    return text.zfill(5)


def _unknown_commune(code: str) -> NotFoundError:
    return NotFoundError(f"Không có xã/phường mã {code} trong danh mục 3.321 đơn vị hành chính cấp xã.",
                         field="commune")


def _info(session: Session, code: str) -> CommuneInfo:
    row = session.execute(
        select(Commune, Province).join(Province, Province.code == Commune.province_code).where(Commune.code == code)
    ).first()
    if row is None:
        raise _unknown_commune(code)
    commune, province = row
    return CommuneInfo(commune.code, commune.name, commune.division_type, province.code, province.name)


def init_commune(path: str | Path, commune_code: str | int, *, centre_name: str | None = None) -> CommuneInfo:
    """Make a new database for a commune; refuses a file that already belongs to one."""
    code = normalise_code(commune_code)
    if not reference.commune_exists(code):  # before any file is made
        raise _unknown_commune(code)
    db = open_database(path, create=True)
    try:
        with db.session() as session:
            existing = read_setting(session, COMMUNE_KEY)
            if existing is not None:
                raise ConflictError(f"Tệp {db.path.name} đã là cơ sở dữ liệu của xã mã {existing}.",
                                    code="already_initialised", field="commune")
            reference.load_administrative_units(session)
            info = _info(session, code)
            write_setting(session, COMMUNE_KEY, code)
            write_setting(session, "reference_data", reference.DATA_SOURCE)
            centre.save_centre(session=session, name=centre_name or f"Trung tâm học tập cộng đồng {info.name}")
            certificate_key(session=session)  # the key check values of its certificates are made with
            session.commit()
        return info
    finally:
        db.close()


def commune_info(*, db: Database) -> CommuneInfo:
    if db.commune_code is None:
        raise NotFoundError("Cơ sở dữ liệu chưa gắn với xã nào: hãy chạy xhht init --commune MÃ_XÃ.",
                            field="commune")
    with db.session() as session:
        return _info(session, db.commune_code)


def find_communes(*, session: Session, text: str, limit: int = 20) -> list[CommuneInfo]:
    """Diacritic-insensitive look-up in the official list (for the first-run wizard)."""
    folded = f"%{fold(text)}%"
    rows = session.execute(
        select(Commune, Province).join(Province, Province.code == Commune.province_code)
        .where(Commune.search_text.like(folded)).order_by(Commune.search_text).limit(limit)
    )
    return [CommuneInfo(c.code, c.name, c.division_type, p.code, p.name) for c, p in rows]


# --- the official list without a database (first-run wizard) ------------------------


@dataclass(frozen=True)
class ProvinceInfo:
    code: str
    name: str
    division_type: str


_PREFIXES = ("Thành phố ", "Tỉnh ", "Phường ", "Xã ", "Đặc khu ")


def _bare(name: str) -> str:
    """"Xã Yên Xuân" -> "Yên Xuân": lists sort by the proper name, not by the kind of unit."""
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


@lru_cache(maxsize=1)
def _official_list() -> tuple[tuple[ProvinceInfo, ...], dict[str, tuple[CommuneInfo, ...]]]:
    provinces = sorted((ProvinceInfo(r["code"], r["name"], r["division_type"]) for r in reference.province_rows()),
                       key=lambda p: vietnamese_key(_bare(p.name)))
    names = {p.code: p.name for p in provinces}
    by_province: dict[str, list[CommuneInfo]] = {p.code: [] for p in provinces}
    for r in reference.commune_rows():
        by_province[r["province_code"]].append(
            CommuneInfo(r["code"], r["name"], r["division_type"], r["province_code"], names[r["province_code"]]))
    return tuple(provinces), {code: tuple(sorted(communes, key=lambda c: vietnamese_key(_bare(c.name))))
                              for code, communes in by_province.items()}


def list_provinces() -> tuple[ProvinceInfo, ...]:
    """The 34 provinces in force since 1 July 2025, in dictionary order; reads no database."""
    return _official_list()[0]


def communes_of(province_code: str) -> tuple[CommuneInfo, ...]:
    """The communes, wards and special zones of a province, in dictionary order; reads no database."""
    communes = _official_list()[1].get(str(province_code).strip().zfill(2))
    if communes is None:
        raise NotFoundError(f"Không có tỉnh, thành phố mã {province_code} trong danh mục 34 đơn vị cấp tỉnh.",
                            field="province")
    return communes
