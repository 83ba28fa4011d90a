"""Administrative units from the `vietnam-provinces` package (data of the 2025 reform).

The package (data version 2025-10-18) lists the 34 provinces and 3,321 communes in force
since 1 July 2025. A few names carry double spaces, hence normalize_text.
"""

from __future__ import annotations

import vietnam_provinces as vp
from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from desktop.domain.text import fold, normalize_text
from desktop.store.models import Commune, Province

DATA_VERSION = vp.__data_version__
DATA_SOURCE = f"vietnam-provinces {vp.__version__} (dữ liệu {vp.__data_version__}, sau sắp xếp ĐVHC 01/07/2025)"


def _code(value, width: int) -> str:
    return str(int(getattr(value, "value", value))).zfill(width)


def province_rows() -> list[dict]:
    rows = []
    for p in vp.Province.iter_all():
        name = normalize_text(p.name)
        rows.append({"code": _code(p.code, 2), "name": name,
                     "division_type": p.division_type.value, "search_text": fold(name)})
    return rows


def commune_rows() -> list[dict]:
    rows = []
    for p in vp.Province.iter_all():
        for w in vp.Ward.iter_by_province(p.code):
            name = normalize_text(w.name)
            rows.append({"code": _code(w.code, 5), "name": name, "division_type": w.division_type.value,
                         "province_code": _code(p.code, 2), "search_text": fold(name)})
    return rows


def load_administrative_units(session: Session) -> tuple[int, int]:
    """Replace the reference tables with the package's data; returns (provinces, communes)."""
    provinces, communes = province_rows(), commune_rows()
    session.execute(delete(Commune))
    session.execute(delete(Province))
    session.execute(insert(Province), provinces)
    session.execute(insert(Commune), communes)
    return len(provinces), len(communes)


def commune_exists(code: str) -> bool:
    try:
        return vp.Ward.from_code(vp.WardCode(int(code))) is not None
    except (ValueError, KeyError, LookupError):
        return False
