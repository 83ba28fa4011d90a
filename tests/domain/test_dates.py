from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.dates import PartialDate, parse_date, parse_full_date
from desktop.domain.errors import ValidationError

TODAY = date(2025, 11, 23)


def _error(value, **kwargs) -> ValidationError:
    kwargs.setdefault("today", TODAY)
    with pytest.raises(ValidationError) as info:
        parse_date(value, **kwargs)
    return info.value


# --- PartialDate -------------------------------------------------------------------


def test_partial_date_forms():
    year = PartialDate(1990)
    month = PartialDate(1990, 2)
    full = PartialDate(1990, 2, 28)
    assert (year.iso(), month.iso(), full.iso()) == ("1990", "1990-02", "1990-02-28")
    assert (year.format_vi(), month.format_vi(), full.format_vi()) == ("1990", "02/1990", "28/02/1990")
    assert (year.is_full, month.is_full, full.is_full) == (False, False, True)
    assert year.to_date() is None and month.to_date() is None
    assert full.to_date() == date(1990, 2, 28)
    assert repr(full) == "PartialDate(year=1990, month=2, day=28)"


@pytest.mark.parametrize("args", [(1990, 13), (1990, 0), (1990, 2, 29), (1990, 4, 31), (1990, None, 5), (0,), (1990.0,)])
def test_partial_date_refuses_impossible(args):
    with pytest.raises(ValidationError) as info:
        PartialDate(*args)
    assert info.value.code == "invalid_date"


def test_partial_date_leap_day():
    assert PartialDate(2000, 2, 29).to_date() == date(2000, 2, 29)


def test_partial_date_order_and_equality():
    dates = [PartialDate(1990, 2, 28), PartialDate(1989), PartialDate(1990), PartialDate(1990, 2), PartialDate(1990, 1, 31)]
    assert sorted(dates) == [
        PartialDate(1989),
        PartialDate(1990),
        PartialDate(1990, 1, 31),
        PartialDate(1990, 2),
        PartialDate(1990, 2, 28),
    ]
    assert PartialDate(1990) == PartialDate(1990)
    assert PartialDate(1990) != PartialDate(1990, 1, 1)
    assert len({PartialDate(1990), PartialDate(1990), PartialDate(1990, 1)}) == 2


def test_age_on():
    on = date(2025, 6, 15)
    assert PartialDate(1990).age_on(on) == 35
    assert PartialDate(1990, 6, 15).age_on(on) == 35
    assert PartialDate(1990, 6, 16).age_on(on) == 34
    assert PartialDate(1990, 7).age_on(on) == 34
    assert PartialDate(1990, 6).age_on(on) == 35
    assert PartialDate(2000, 2, 29).age_on(date(2018, 2, 28)) == 17
    assert PartialDate(2000, 2, 29).age_on(date(2018, 3, 1)) == 18


def test_from_date():
    assert PartialDate.from_date(date(2001, 5, 3)) == PartialDate(2001, 5, 3)
    assert PartialDate.from_date(datetime(2001, 5, 3, 14, 30)) == PartialDate(2001, 5, 3)


@pytest.mark.parametrize("text", ["", "90", "1990-2", "1990/02/28", "28/02/1990", "1990-02-30", "abcd"])
def test_from_iso_refuses(text):
    with pytest.raises(ValidationError):
        PartialDate.from_iso(text)


@given(
    st.one_of(
        st.builds(PartialDate, st.integers(1, 9999)),
        st.builds(PartialDate, st.integers(1, 9999), st.integers(1, 12)),
        st.dates().map(PartialDate.from_date),
    )
)
def test_iso_round_trip(value):
    assert PartialDate.from_iso(value.iso()) == value


@given(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
def test_format_vi_parses_back(d):
    assert parse_date(PartialDate.from_date(d).format_vi(), today=TODAY) == PartialDate.from_date(d)
    assert parse_date(d.isoformat(), today=TODAY) == PartialDate.from_date(d)


# --- parse_date: accepted forms -------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("28/02/1990", PartialDate(1990, 2, 28)),
        ("  28/02/1990 ", PartialDate(1990, 2, 28)),
        ("8/2/1990", PartialDate(1990, 2, 8)),
        ("28-02-1990", PartialDate(1990, 2, 28)),
        ("28.02.1990", PartialDate(1990, 2, 28)),
        ("02/1990", PartialDate(1990, 2)),
        ("2/1990", PartialDate(1990, 2)),
        ("1990", PartialDate(1990)),
        (" 1990\u00a0", PartialDate(1990)),
        ("1990-02-28", PartialDate(1990, 2, 28)),
        ("2001-05-03 00:00:00", PartialDate(2001, 5, 3)),
        ("2001-05-03T08:15", PartialDate(2001, 5, 3)),
        ("ngày 3 tháng 5 năm 2001", PartialDate(2001, 5, 3)),
        ("Tháng 5 năm 2001", PartialDate(2001, 5)),
        ("năm 2001", PartialDate(2001)),
        (1990, PartialDate(1990)),
        (1990.0, PartialDate(1990)),
        (date(1990, 2, 28), PartialDate(1990, 2, 28)),
        (datetime(2001, 5, 3, 0, 0), PartialDate(2001, 5, 3)),
        (PartialDate(1975), PartialDate(1975)),
        (TODAY.strftime("%d/%m/%Y"), PartialDate.from_date(TODAY)),
    ],
)
def test_parse_date_accepts(value, expected):
    assert parse_date(value, today=TODAY) == expected


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        (1, date(1900, 1, 1)),
        (59, date(1900, 2, 28)),
        (61, date(1900, 3, 1)),
        (32932, date(1990, 2, 28)),
        (32932.75, date(1990, 2, 28)),  # the fraction is a time of day
        (45000, date(2023, 3, 15)),
    ],
)
def test_parse_date_excel_serials(serial, expected):
    assert parse_date(serial, today=TODAY).to_date() == expected


# --- parse_date: refusals -------------------------------------------------------------


def test_impossible_day_message():
    error = _error("31/02/1990")
    assert error.code == "invalid_date"
    assert error.field == "birth_date"
    assert error.message == "ngày 31/02/1990 không tồn tại (tháng 2 năm 1990 có 28 ngày)."


def test_leap_year_message():
    assert _error("29/02/2023").message == "ngày 29/02/2023 không tồn tại (tháng 2 năm 2023 có 28 ngày)."
    assert parse_date("29/02/2024", today=TODAY) == PartialDate(2024, 2, 29)
    assert "có 30 ngày" in _error("31/04/1990").message


@pytest.mark.parametrize("value", ["15/13/1990", "13/1990", "1990-13-01"])
def test_month_13(value):
    error = _error(value)
    assert error.code == "invalid_date"
    assert "tháng 13" in error.message


def test_day_zero():
    assert "ngày 00/05/1990 không tồn tại" in _error("0/5/1990").message


@pytest.mark.parametrize("value", ["28/02/90", "2/90", "90", "1-2-03"])
def test_two_digit_year_refused(value):
    error = _error(value)
    assert error.code == "invalid_date"
    assert "4 chữ số" in error.message


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("24/11/2025", "ở sau ngày hôm nay (23/11/2025)"),
        ("12/2025", "ở sau tháng hiện tại (11/2025)"),
        ("2026", "năm 2026 ở sau năm hiện tại (2025)"),
        (date(2030, 1, 1), "01/01/2030"),
    ],
)
def test_future(value, fragment):
    error = _error(value)
    assert error.code == "future_date"
    assert fragment in error.message


@pytest.mark.parametrize("value", ["1899", "31/12/1899", 1850, date(1899, 1, 1)])
def test_before_1900(value):
    error = _error(value)
    assert error.code == "invalid_date"
    assert "trước năm 1900" in error.message


def test_excel_fake_leap_day():
    error = _error(60)
    assert error.code == "invalid_date"
    assert "29/02/1900" in error.message


@pytest.mark.parametrize("value", ["hôm qua", "28/02/1990/1", "1990-02-28x", True, -5, 3_000_000, float("nan"), [1990]])
def test_unreadable(value):
    assert _error(value).code == "invalid_date"


@pytest.mark.parametrize("value", [None, "", "  "])
def test_required(value):
    assert _error(value).code == "required"


def test_partial_not_allowed():
    error = _error("1990", allow_partial=False)
    assert error.code == "invalid_date"
    assert "ngày, tháng" in error.message
    assert _error("02/1990", allow_partial=False).code == "invalid_date"


def test_field_is_passed_through():
    assert _error("31/02/1990", field="death_date").field == "death_date"


def test_default_today_is_real_today():
    assert parse_date(date.today()) == PartialDate.from_date(date.today())
    with pytest.raises(ValidationError):
        parse_date(f"{date.today().year + 1}")


# --- parse_full_date ------------------------------------------------------------------


def test_parse_full_date():
    assert parse_full_date("03/05/2001") == date(2001, 5, 3)
    assert parse_full_date(datetime(2001, 5, 3, 7, 0)) == date(2001, 5, 3)
    assert parse_full_date("2099-12-31") == date(2099, 12, 31)  # planned activities
    assert parse_full_date(PartialDate(2001, 5, 3)) == date(2001, 5, 3)


@pytest.mark.parametrize("value", ["2001", 2001, "05/2001", PartialDate(2001)])
def test_parse_full_date_needs_day_and_month(value):
    with pytest.raises(ValidationError) as info:
        parse_full_date(value, field="start_date")
    assert info.value.field == "start_date"
    assert "cần ghi đủ ngày, tháng và năm" in info.value.message


def test_parse_full_date_impossible():
    with pytest.raises(ValidationError) as info:
        parse_full_date("31/02/2026")
    assert info.value.field == "date"
    assert info.value.message == "ngày 31/02/2026 không tồn tại (tháng 2 năm 2026 có 28 ngày)."
