"""What the officer types, and the rules that turn it into clean values for the register.

Input dataclasses are loose (strings as typed, Excel values as read); `clean_*` returns
a normalised copy or raises ValidationErrors listing every bad field at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from desktop.domain import vocab
from desktop.domain.cccd import validate_cccd
from desktop.domain.dates import PartialDate, parse_date, parse_full_date
from desktop.domain.errors import ValidationError, ValidationErrors
from desktop.domain.ethnicities import find_ethnicity
from desktop.domain.text import clean_name, fold, normalize_text, split_full_name

_SEX_WORDS = {"m": "M", "nam": "M", "f": "F", "nu": "F"}
_PHONE = re.compile(r"0\d{9,10}")


@dataclass
class CitizenInput:
    given_name: str = ""
    family_name: str = ""
    middle_name: str = ""
    full_name: str = ""  # used when the three parts are not given separately
    sex: str = ""
    birth_date: object = None  # text as typed, date, Excel serial or PartialDate
    identity_number: object = None
    ethnicity: object = "01"
    relation: str = "other"
    education: str | None = None
    literacy: str | None = None
    occupation: str = ""
    studying: bool = False
    status: str = "resident"
    status_since: object = None  # when the status took effect: typed text or a date; unknown: None
    status_note: str = ""


@dataclass(frozen=True)
class CleanCitizen:
    family_name: str
    middle_name: str
    given_name: str
    sex: str
    birth_date: PartialDate
    identity_number: str | None
    ethnicity: str
    relation: str
    education: str | None
    literacy: str | None
    occupation: str
    studying: bool
    status: str
    status_since: date | None = None
    status_note: str | None = None


@dataclass
class HouseholdInput:
    code: str = ""  # empty: the register gives the next free code
    hamlet_id: str | None = None
    address: str = ""
    phone: str = ""
    poverty: str = "none"
    members: list[CitizenInput] = field(default_factory=list)


@dataclass(frozen=True)
class CleanHousehold:
    code: str
    hamlet_id: str | None
    address: str
    phone: str
    poverty: str


class _Collector:
    """Runs each field's check and keeps every failure, so one message lists them all."""

    def __init__(self) -> None:
        self.errors: list[ValidationError] = []

    def check(self, func, *args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ValidationErrors as many:
            self.errors.extend(many.errors)
        except ValidationError as error:
            self.errors.append(error)
        return None

    def raise_if_any(self, row: int | None = None) -> None:
        if self.errors:
            raise ValidationErrors(self.errors, row=row)


def clean_sex(value: object) -> str:
    key = fold(str(value or ""))
    if key.upper() in vocab.SEX:
        return key.upper()
    if key in _SEX_WORDS:
        return _SEX_WORDS[key]
    if not key:
        raise ValidationError("không được để trống (Nam hoặc Nữ).", code="required", field="sex")
    raise ValidationError(f"“{value}” không hợp lệ; ghi Nam hoặc Nữ.", code="invalid_choice", field="sex")


def clean_phone(value: object) -> str:
    digits = re.sub(r"[\s.\-()]", "", normalize_text(str(value or "")))
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    if digits and digits[0] != "0" and len(digits) in (9, 10):
        digits = "0" + digits  # Excel dropped the leading zero
    if digits and not _PHONE.fullmatch(digits):
        raise ValidationError(
            f"“{value}” không phải số điện thoại Việt Nam (10 chữ số, bắt đầu bằng 0).",
            code="invalid_phone", field="phone",
        )
    return digits


def _names(data: CitizenInput) -> tuple[str, str, str]:
    if normalize_text(data.given_name):
        return clean_name(data.family_name), clean_name(data.middle_name), clean_name(data.given_name)
    if normalize_text(data.full_name):
        return split_full_name(data.full_name)
    raise ValidationError("không được để trống.", code="required", field="full_name")


def _birth(value: object, today: date | None) -> PartialDate:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError("không được để trống (ghi ít nhất năm sinh).", code="required", field="birth_date")
    return parse_date(value, field="birth_date", today=today)


def _identity(value: object, sex: str | None, birth: PartialDate | None) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return validate_cccd(value, sex=sex, birth_year=birth.year if birth else None)


def clean_citizen(data: CitizenInput, *, today: date | None = None, row: int | None = None) -> CleanCitizen:
    c = _Collector()
    names = c.check(_names, data)
    sex = c.check(clean_sex, data.sex)
    birth = c.check(_birth, data.birth_date, today)
    identity = c.check(_identity, data.identity_number, sex, birth)
    ethnicity = c.check(find_ethnicity, data.ethnicity if data.ethnicity not in (None, "") else "01")
    relation = c.check(vocab.check_code, vocab.RELATIONS, data.relation or "other", field="relation")
    education = c.check(vocab.check_code, vocab.EDUCATION, data.education, field="education", required=False)
    literacy = c.check(vocab.check_code, vocab.LITERACY, data.literacy, field="literacy", required=False)
    status = c.check(clean_status, data.status, data.status_since, data.status_note, birth=birth, today=today)
    c.raise_if_any(row)
    family, middle, given = names
    status, since, note = status
    return CleanCitizen(
        family_name=family, middle_name=middle, given_name=given, sex=sex, birth_date=birth,
        identity_number=identity, ethnicity=ethnicity, relation=relation, education=education,
        literacy=literacy, occupation=normalize_text(data.occupation), studying=bool(data.studying),
        status=status, status_since=since, status_note=note,
    )


def clean_status(status: str | None, since: object, note: object, *, birth: PartialDate | None,
                 today: date | None = None, date_required: bool = False) -> tuple[str, date | None, str | None]:
    """(status, since, note) as stored: "resident" has neither date nor note; another status
    may lack a date only where the record predates it (imports: `date_required` False)."""
    status = vocab.check_code(vocab.CITIZEN_STATUS, status or "resident", field="status")
    if status == "resident":
        return status, None, None
    label = vocab.CITIZEN_STATUS[status]
    if since is None or (isinstance(since, str) and not since.strip()):
        if date_required:
            raise ValidationError(f"hãy ghi ngày bắt đầu “{label}”.", code="required", field="status_since")
        day = None
    else:
        day = parse_full_date(since, field="status_since")
        if day > (today or date.today()):
            raise ValidationError(f"ngày {day:%d/%m/%Y} chưa tới.", code="future_date", field="status_since")
        if birth is not None and day < date(birth.year, birth.month or 1, birth.day or 1):
            raise ValidationError(f"ngày {day:%d/%m/%Y} trước ngày sinh ({birth.format_vi()}).",
                                  code="before_birth", field="status_since")
    return status, day, normalize_text(str(note or "")) or None


def clean_household(data: HouseholdInput, *, row: int | None = None) -> CleanHousehold:
    c = _Collector()
    phone = c.check(clean_phone, data.phone)
    poverty = c.check(vocab.check_code, vocab.POVERTY, data.poverty or "none", field="poverty")
    heads = [m for m in data.members if m.relation == "head"]
    if len(heads) > 1:
        c.errors.append(ValidationError(
            f"một hộ chỉ có một chủ hộ (đang có {len(heads)}).", code="many_heads", field="members"))
    c.raise_if_any(row)
    return CleanHousehold(
        code=normalize_text(data.code).upper(), hamlet_id=data.hamlet_id or None,
        address=normalize_text(data.address), phone=phone, poverty=poverty,
    )


def members_with_head(members: list[CitizenInput]) -> list[CitizenInput]:
    """The first member heads the household when nobody was marked as head."""
    if members and not any(m.relation == "head" for m in members):
        return [replace(members[0], relation="head"), *members[1:]]
    return list(members)


def clean_text_required(value: object, *, field: str) -> str:
    text = normalize_text(str(value or ""))
    if not text:
        raise ValidationError("không được để trống.", code="required", field=field)
    return text


def clean_hours(value: object, *, field: str = "hours") -> float:
    try:
        hours = float(str(value).replace(",", ".")) if value not in (None, "") else 0.0
    except ValueError:
        raise ValidationError(f"“{value}” không phải số giờ.", code="invalid_number", field=field) from None
    if hours < 0 or hours > 2000:
        raise ValidationError(f"{hours:g} giờ nằm ngoài khoảng cho phép (0–2000).", code="out_of_range", field=field)
    return hours


def clean_period(start: object, end: object) -> tuple[date, date]:
    c = _Collector()
    first = c.check(parse_full_date, start, field="start_date")
    last = c.check(parse_full_date, end if end not in (None, "") else start, field="end_date")
    c.raise_if_any()
    if last < first:
        raise ValidationError(
            f"ngày kết thúc {last:%d/%m/%Y} trước ngày bắt đầu {first:%d/%m/%Y}.", code="bad_period", field="end_date")
    return first, last
