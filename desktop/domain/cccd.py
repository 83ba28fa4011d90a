"""Số định danh cá nhân (the 12-digit CCCD number): clean, check, build, explain.

Layout (Luật Căn cước 2023 art. 12; TT 59/2021/TT-BCA): digits 1–3 province where the
birth was registered, digit 4 century and sex, digits 5–6 year of birth, 7–12 random.
There is no check digit, so these are all the checks a program can make.

Kept by hand: the checks are the few lines of layout above plus the province table, and
what matters is telling the officer in Vietnamese which part is wrong, which a generic
number validator would not.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from desktop.domain.errors import ValidationError

# Pre-2025 provinces. Still valid inside existing numbers after the 2025 mergers:
# never derive a person's current province from them.
PROVINCE_CODES: dict[str, str] = {
    "001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn",
    "008": "Tuyên Quang", "010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu",
    "014": "Sơn La", "015": "Yên Bái", "017": "Hòa Bình", "019": "Thái Nguyên",
    "020": "Lạng Sơn", "022": "Quảng Ninh", "024": "Bắc Giang", "025": "Phú Thọ",
    "026": "Vĩnh Phúc", "027": "Bắc Ninh", "030": "Hải Dương", "031": "Hải Phòng",
    "033": "Hưng Yên", "034": "Thái Bình", "035": "Hà Nam", "036": "Nam Định",
    "037": "Ninh Bình", "038": "Thanh Hóa", "040": "Nghệ An", "042": "Hà Tĩnh",
    "044": "Quảng Bình", "045": "Quảng Trị", "046": "Thừa Thiên Huế", "048": "Đà Nẵng",
    "049": "Quảng Nam", "051": "Quảng Ngãi", "052": "Bình Định", "054": "Phú Yên",
    "056": "Khánh Hòa", "058": "Ninh Thuận", "060": "Bình Thuận", "062": "Kon Tum",
    "064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông", "068": "Lâm Đồng",
    "070": "Bình Phước", "072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai",
    "077": "Bà Rịa–Vũng Tàu", "079": "Hồ Chí Minh", "080": "Long An", "082": "Tiền Giang",
    "083": "Bến Tre", "084": "Trà Vinh", "086": "Vĩnh Long", "087": "Đồng Tháp",
    "089": "An Giang", "091": "Kiên Giang", "092": "Cần Thơ", "093": "Hậu Giang",
    "094": "Sóc Trăng", "095": "Bạc Liêu", "096": "Cà Mau",
}

_SEX_WORD = {"M": "nam", "F": "nữ"}
_SEX_LABEL = {"M": "Nam", "F": "Nữ"}
_FIRST_CENTURY = 1900  # digit 4 = 0 or 1
_LAST_CENTURY = 2300  # digit 4 = 8 or 9
_SEPARATORS = re.compile(r"[\s.\-\u2013_]+")
# "1090012345.0": a number Excel or a CSV export wrote as a float.
_FLOAT_TEXT = re.compile(r"^(\d+)\.0{1,2}$")
_SCIENTIFIC = re.compile(r"^\d+(?:[.,]\d+)?[eE][+-]?\d+$")


@dataclass(frozen=True)
class CccdInfo:
    province_code: str
    province_name: str
    sex: str  # "M" or "F"
    century_start_year: int  # 1900, 2000, …
    year_last_two: int


def _century_words(start: int) -> str:
    # Thế kỷ 20 is 1900–1999 in the circular's own wording.
    return f"thế kỷ {start // 100 + 1}, {start}–{start + 99}"


def _digit4_meaning(digit: int) -> tuple[str, int]:
    return ("M" if digit % 2 == 0 else "F", _FIRST_CENTURY + (digit // 2) * 100)


def _as_text(value: object, field: str) -> str:
    if isinstance(value, bool):
        raise ValidationError(
            f"giá trị “{value}” không phải số định danh cá nhân.", code="cccd_format", field=field
        )
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value) or value != int(value) or value < 0:
            raise ValidationError(
                f"“{value}” không phải số định danh cá nhân (phải là 12 chữ số).",
                code="cccd_format",
                field=field,
            )
        return str(int(value))
    text = str(value).strip()
    if _SCIENTIFIC.match(text):
        raise ValidationError(
            f"“{text}” đã bị Excel đổi sang dạng số mũ và mất chữ số; hãy định dạng cột "
            "là Văn bản (Text) rồi nhập lại đủ 12 chữ số.",
            code="cccd_format",
            field=field,
        )
    match = _FLOAT_TEXT.match(text)
    return match.group(1) if match else text


def validate_cccd(
    value: object,
    *,
    sex: str | None = None,
    birth_year: int | None = None,
    field: str = "identity_number",
) -> str:
    """Return the 12-digit number, or raise ValidationError saying exactly what is wrong.

    Spaces, dots and dashes are ignored; a number that lost its leading zeros to Excel
    (10 or 11 digits) gets them back when that yields a known province code. `sex` ("M"
    or "F") and `birth_year` are checked against digits 4–6 when given.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError("không được để trống.", code="required", field=field)
    digits = _SEPARATORS.sub("", _as_text(value, field))
    for ch in digits:
        if not ("0" <= ch <= "9"):
            hint = " (chữ O thay cho số 0?)" if ch in "oO" else ""
            raise ValidationError(
                f"có ký tự “{ch}” không phải chữ số{hint}; số định danh cá nhân chỉ gồm 12 chữ số.",
                code="cccd_format",
                field=field,
            )
    if len(digits) in (10, 11) and digits.zfill(12)[:3] in PROVINCE_CODES:
        # Every province code starts with 0, and Excel drops leading zeros of numbers.
        digits = digits.zfill(12)
    if len(digits) != 12:
        raise ValidationError(
            f"có {len(digits)} chữ số, cần đúng 12 chữ số.", code="cccd_length", field=field
        )
    province = digits[:3]
    if province not in PROVINCE_CODES:
        raise ValidationError(
            f"mã tỉnh nơi đăng ký khai sinh “{province}” (3 chữ số đầu) không có trong danh "
            "mục 63 tỉnh, thành phố.",
            code="cccd_province",
            field=field,
        )
    digit4 = int(digits[3])
    coded_sex, coded_century = _digit4_meaning(digit4)
    if sex in _SEX_WORD and sex != coded_sex:
        raise ValidationError(
            f"chữ số thứ 4 là {digit4} ({_SEX_WORD[coded_sex]}, sinh {_century_words(coded_century)}) "
            f"nhưng giới tính là {_SEX_LABEL[sex]}.",
            code="cccd_sex",
            field=field,
        )
    if birth_year is not None:
        if birth_year < _FIRST_CENTURY or birth_year >= _LAST_CENTURY + 100:
            raise ValidationError(
                f"năm sinh {birth_year} không mã hóa được trong số định danh cá nhân "
                f"(chữ số thứ 4 chỉ mã hóa năm sinh từ {_FIRST_CENTURY} đến {_LAST_CENTURY + 99}).",
                code="cccd_century",
                field=field,
            )
        if birth_year // 100 * 100 != coded_century:
            raise ValidationError(
                f"chữ số thứ 4 là {digit4} (sinh {_century_words(coded_century)}) "
                f"nhưng năm sinh là {birth_year}.",
                code="cccd_century",
                field=field,
            )
        if int(digits[4:6]) != birth_year % 100:
            raise ValidationError(
                f"chữ số thứ 5–6 là “{digits[4:6]}” nhưng năm sinh là {birth_year} "
                f"(phải là “{birth_year % 100:02d}”).",
                code="cccd_year",
                field=field,
            )
    return digits


def compose_cccd(province_code: str, sex: str, birth_year: int, serial: int) -> str:
    """A valid number for the given facts; `serial` (0–999999) fills digits 7–12."""
    field = "identity_number"
    if province_code not in PROVINCE_CODES:
        raise ValidationError(
            f"mã tỉnh “{province_code}” không có trong danh mục.", code="cccd_province", field=field
        )
    if sex not in _SEX_WORD:
        raise ValidationError(f"giới tính “{sex}” phải là M hoặc F.", code="cccd_sex", field=field)
    if not _FIRST_CENTURY <= birth_year < _LAST_CENTURY + 100:
        raise ValidationError(
            f"năm sinh {birth_year} không mã hóa được trong số định danh cá nhân.",
            code="cccd_century",
            field=field,
        )
    if not 0 <= serial <= 999_999:
        raise ValidationError(
            f"số thứ tự {serial} phải từ 0 đến 999999.", code="cccd_format", field=field
        )
    digit4 = (birth_year // 100 - _FIRST_CENTURY // 100) * 2 + (0 if sex == "M" else 1)
    return f"{province_code}{digit4}{birth_year % 100:02d}{serial:06d}"


def describe_cccd(number: str) -> CccdInfo:
    """What the number says about its holder (after validating it)."""
    digits = validate_cccd(number)
    sex, century = _digit4_meaning(int(digits[3]))
    return CccdInfo(
        province_code=digits[:3],
        province_name=PROVINCE_CODES[digits[:3]],
        sex=sex,
        century_start_year=century,
        year_last_two=int(digits[4:6]),
    )
