"""The 54 ethnic groups (dân tộc) with their statistical codes, and a forgiving lookup.

Codes follow QĐ 1019/QĐ-TCTK (2008), used by the 2009 and 2019 censuses. The older 1979
list numbers differently, so records store the code together with CODE_LIST.
"""

from __future__ import annotations

import math
import re

from desktop.domain.errors import ValidationError
from desktop.domain.text import fold

CODE_LIST = "QĐ 1019/QĐ-TCTK (12/11/2008)"

ETHNICITIES: dict[str, str] = {
    "01": "Kinh", "02": "Tày", "03": "Thái", "04": "Mường", "05": "Khơ-me",
    "06": "Hoa", "07": "Nùng", "08": "Mông", "09": "Dao", "10": "Gia-rai",
    "11": "Ê-đê", "12": "Ba-na", "13": "Sán Chay", "14": "Chăm", "15": "Cơ-ho",
    "16": "Xơ-đăng", "17": "Sán Dìu", "18": "Hrê", "19": "Ra-glai", "20": "Mnông",
    "21": "Thổ", "22": "Xtiêng", "23": "Khơ-mú", "24": "Bru-Vân Kiều", "25": "Cơ-tu",
    "26": "Giáy", "27": "Tà-ôi", "28": "Mạ", "29": "Giẻ-Triêng", "30": "Co",
    "31": "Chơ-ro", "32": "Xinh-mun", "33": "Hà Nhì", "34": "Chu-ru", "35": "Lào",
    "36": "La Chí", "37": "Kháng", "38": "Phù Lá", "39": "La Hủ", "40": "La Ha",
    "41": "Pà Thẻn", "42": "Lự", "43": "Ngái", "44": "Chứt", "45": "Lô Lô",
    "46": "Mảng", "47": "Cờ Lao", "48": "Bố Y", "49": "Cống", "50": "Si La",
    "51": "Pu Péo", "52": "Rơ-măm", "53": "Brâu", "54": "Ơ-đu",
}

# Other spellings met in records, as match keys (see _key). Pejorative exonyms
# (e.g. for the Mông) are deliberately absent.
_ALIASES: dict[str, str] = {
    "viet": "01",
    "khmer": "05", "khomer": "05",
    "hmong": "08",
    "jrai": "10", "jarai": "10",
    "rhade": "11",
    "bahnar": "12",
    "caolan": "13", "sanchi": "13",
    "kho": "15", "koho": "15",
    "sedang": "16",
    "monong": "20",
    "stieng": "22",
    "khmu": "23",
    "bru": "24", "vankieu": "24",
    "katu": "25",
}

_NOT_KEY = re.compile(r"[^a-z0-9]+")
_PREFIX = re.compile(r"^(?:dan toc|nguoi)\s+")


def _key(text: str) -> str:
    # "Khơ-me", "KHƠ ME", "khome" and "H'Mông"/"Hmông" meet on one key.
    return _NOT_KEY.sub("", _PREFIX.sub("", fold(text)))


_BY_KEY: dict[str, str] = {_key(name): code for code, name in ETHNICITIES.items()}
for _alias, _code in _ALIASES.items():
    _BY_KEY.setdefault(_alias, _code)


def _unknown(value: object, field: str) -> ValidationError:
    return ValidationError(
        f"không tìm thấy dân tộc “{value}” trong danh mục 54 dân tộc ({CODE_LIST}).",
        code="unknown_ethnicity",
        field=field,
    )


def find_ethnicity(value: str | int | None, *, field: str = "ethnicity") -> str:
    """Two-digit code for a code ("5", "05", 5) or a name in any spelling ("KHMER", "Ê Đê")."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError("không được để trống.", code="required", field=field)
    if isinstance(value, bool):
        raise _unknown(value, field)
    if isinstance(value, float):
        if not math.isfinite(value) or value != int(value):
            raise _unknown(value, field)
        value = int(value)  # Excel hands numbers over as floats
    if isinstance(value, int):
        code = f"{value:02d}"
        if code in ETHNICITIES:
            return code
        raise _unknown(value, field)
    text = str(value).strip()
    if text.isdigit():
        code = f"{int(text):02d}"
        if code in ETHNICITIES:
            return code
        raise _unknown(text, field)
    key = _key(text)
    if key in _BY_KEY:
        return _BY_KEY[key]
    if "(" in text:
        # "Kinh (Việt)", "Mông (H'Mông)": try what stands before the brackets.
        head = _key(text.split("(", 1)[0])
        if head in _BY_KEY:
            return _BY_KEY[head]
    raise _unknown(text, field)


def ethnicity_name(code: str) -> str:
    """Official name for a code; "5" and "05" both give "Khơ-me"."""
    text = str(code).strip()
    if text.isdigit() and f"{int(text):02d}" in ETHNICITIES:
        return ETHNICITIES[f"{int(text):02d}"]
    raise _unknown(code, "ethnicity")
