"""Dates as commune records hold them: often only a year of birth, written day/month/year.

`parse_date` reads whatever a form or spreadsheet cell gives (text, Excel serial,
datetime) and says precisely what is wrong; `PartialDate` keeps what is known.

Kept by hand: date parsers (dateutil, the spreadsheet readers) return a whole date, so a
birth known only by its year would become 1 January of it; and the order is always
day/month/year, never guessed from the value.
"""

from __future__ import annotations

import calendar
import math
import re
import unicodedata
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date, datetime, timedelta

from desktop.domain.errors import ValidationError

MIN_YEAR = 1900
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 1900-01-01 once Excel's fake 29/02/1900 is skipped
_EXCEL_FAKE_LEAP_DAY = 60
_EXCEL_MAX_SERIAL = 2_958_465  # 31/12/9999


def _invalid(message: str, field: str | None, code: str = "invalid_date") -> ValidationError:
    return ValidationError(message, code=code, field=field)


def _check_parts(year: int, month: int | None, day: int | None, field: str | None) -> None:
    if not 1 <= year <= 9999:
        raise _invalid(f"năm {year} không hợp lệ.", field)
    if month is None:
        if day is not None:
            raise _invalid("có ngày nhưng thiếu tháng.", field)
        return
    if not 1 <= month <= 12:
        raise _invalid(f"tháng {month} không tồn tại (tháng chỉ từ 1 đến 12; ghi ngày trước, tháng sau).", field)
    if day is None:
        return
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise _invalid(
            f"ngày {day:02d}/{month:02d}/{year} không tồn tại (tháng {month} năm {year} có {last} ngày).",
            field,
        )


@dataclass(frozen=True, order=True)
class PartialDate:
    """A year, a month of a year, or a full date. Orders year-only before its 1 January."""

    # Hidden first field so ordering never compares None with an int.
    _order: tuple[int, int, int] = dc_field(init=False, repr=False)
    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        for name in ("year", "month", "day"):
            part = getattr(self, name)
            if part is not None and (isinstance(part, bool) or not isinstance(part, int)):
                raise _invalid(f"giá trị “{part}” không phải số nguyên.", None)
        _check_parts(self.year, self.month, self.day, None)
        object.__setattr__(self, "_order", (self.year, self.month or 0, self.day or 0))

    @property
    def is_full(self) -> bool:
        return self.day is not None

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @classmethod
    def from_iso(cls, text: str) -> "PartialDate":
        match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", (text or "").strip())
        if not match:
            raise _invalid(f"“{text}” không phải ngày dạng ISO (yyyy, yyyy-mm hoặc yyyy-mm-dd).", None)
        year, month, day = match.groups()
        return cls(int(year), int(month) if month else None, int(day) if day else None)

    def format_vi(self) -> str:
        if self.month is None:
            return f"{self.year}"
        if self.day is None:
            return f"{self.month:02d}/{self.year}"
        return f"{self.day:02d}/{self.month:02d}/{self.year}"

    def to_date(self) -> date | None:
        # A day always comes with its month (_check_parts).
        if self.month is None or self.day is None:
            return None
        return date(self.year, self.month, self.day)

    def age_on(self, on: date) -> int:
        """Completed years on `on`; from the year alone when that is all we know."""
        age = on.year - self.year
        if self.month is not None and (on.month, on.day) < (self.month, self.day or 1):
            age -= 1
        return age

    @classmethod
    def from_date(cls, d: date) -> "PartialDate":
        return cls(d.year, d.month, d.day)


# Accepted text forms. Full dates may carry a time, as openpyxl and CSV exports write them.
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_DMY = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{4})" + _TIME)
_YMD = re.compile(r"(\d{4})([/\-])(\d{1,2})\2(\d{1,2})" + _TIME)
_MY = re.compile(r"(\d{1,2})[/.\-](\d{4})")
_YM = re.compile(r"(\d{4})-(\d{1,2})")
_YEAR = re.compile(r"\d{4}")
_SHORT_YEAR = re.compile(r"(?:\d{1,2}[/.\-]){0,2}(\d{2})")
_WORDS = re.compile(r"(?:ngày (\d{1,2}) )?(?:tháng (\d{1,2}) )?năm (\d{4})")


def _from_text(text: str, field: str) -> tuple[int, int | None, int | None]:
    if match := _DMY.fullmatch(text):
        return int(match[4]), int(match[3]), int(match[1])
    if match := _YMD.fullmatch(text):
        return int(match[1]), int(match[3]), int(match[4])
    if match := _MY.fullmatch(text):
        return int(match[2]), int(match[1]), None
    if match := _YM.fullmatch(text):
        return int(match[1]), int(match[2]), None
    if _YEAR.fullmatch(text):
        return int(text), None, None
    if match := _WORDS.fullmatch(text.lower()):
        day, month = (int(g) if g else None for g in match.groups()[:2])
        if day is None or month is not None:
            return int(match[3]), month, day
    if match := _SHORT_YEAR.fullmatch(text):
        raise _invalid(
            f"năm “{match[1]}” chỉ có 2 chữ số, không rõ là 19{match[1]} hay 20{match[1]}; "
            "hãy ghi năm đủ 4 chữ số (ví dụ 28/02/1990).",
            field,
        )
    raise _invalid(
        f"không đọc được ngày “{text}”; hãy ghi theo dạng ngày/tháng/năm (ví dụ 28/02/1990) "
        "hoặc chỉ năm (ví dụ 1990).",
        field,
    )


def _from_number(value: float, field: str) -> tuple[int, int | None, int | None]:
    if not math.isfinite(value) or value < 0:
        raise _invalid(f"“{value}” không phải ngày.", field)
    whole = int(value)  # a fraction is the time of day
    if 1000 <= whole <= 9999 and whole == value:
        # A 4-digit number is a year: as an Excel serial it would mean 1902–1927.
        return whole, None, None
    if whole == _EXCEL_FAKE_LEAP_DAY:
        raise _invalid("ngày 29/02/1900 không tồn tại (Excel ghi nhầm ngày này; năm 1900 không nhuận).", field)
    if not 1 <= whole <= _EXCEL_MAX_SERIAL:
        raise _invalid(f"số {value} không phải ngày hợp lệ trong Excel.", field)
    # Serials below 60 come before Excel's fake leap day and are one day off.
    d = _EXCEL_EPOCH + timedelta(days=whole + (1 if whole < _EXCEL_FAKE_LEAP_DAY else 0))
    return d.year, d.month, d.day


def _parse(value: object, field: str, allow_partial: bool, today: date | None) -> PartialDate:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise _invalid("không được để trống.", field, code="required")
    if isinstance(value, PartialDate):
        parts = (value.year, value.month, value.day)
    elif isinstance(value, (datetime, date)):
        parts = (value.year, value.month, value.day)
    elif isinstance(value, bool):
        raise _invalid(f"“{value}” không phải ngày.", field)
    elif isinstance(value, (int, float)):
        parts = _from_number(float(value) if isinstance(value, float) else value, field)
    elif isinstance(value, str):
        parts = _from_text(" ".join(unicodedata.normalize("NFC", value).split()), field)
    else:
        raise _invalid(f"“{value}” không phải ngày.", field)
    year, month, day = parts
    if year < MIN_YEAR:
        raise _invalid(f"năm {year} trước năm {MIN_YEAR}; kiểm tra lại năm.", field)
    _check_parts(year, month, day, field)
    if day is None and not allow_partial:
        known = f"{month:02d}/{year}" if month else f"năm {year}"
        raise _invalid(f"cần ghi đủ ngày, tháng và năm (mới có {known}).", field)
    result = PartialDate(year, month, day)
    if today is not None:
        full = result.to_date()
        if full is not None and full > today:
            raise _invalid(
                f"ngày {result.format_vi()} ở sau ngày hôm nay ({today:%d/%m/%Y}).", field, code="future_date"
            )
        if month is not None and (year, month) > (today.year, today.month):
            raise _invalid(
                f"tháng {result.format_vi()} ở sau tháng hiện tại ({today:%m/%Y}).", field, code="future_date"
            )
        if year > today.year:
            raise _invalid(f"năm {year} ở sau năm hiện tại ({today.year}).", field, code="future_date")
    return result


def parse_date(
    value: object,
    *,
    field: str = "birth_date",
    allow_partial: bool = True,
    today: date | None = None,
) -> PartialDate:
    """A past date, possibly just a year (or month/year) when `allow_partial`."""
    return _parse(value, field, allow_partial, today or date.today())


def parse_full_date(value: object, *, field: str = "date") -> date:
    """A complete date (day, month, year); future dates are fine (planned activities)."""
    full = _parse(value, field, False, None).to_date()
    if full is None:  # _parse refuses a partial date when allow_partial is False
        raise _invalid("cần ghi đủ ngày, tháng và năm.", field)
    return full
