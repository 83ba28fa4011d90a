import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.cccd import (
    PROVINCE_CODES,
    CccdInfo,
    compose_cccd,
    describe_cccd,
    validate_cccd,
)
from desktop.domain.errors import ValidationError


def _error(value, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        validate_cccd(value, **kwargs)
    return info.value


# --- the province table -----------------------------------------------------------


def test_province_table_is_the_63_pre_2025_provinces():
    assert len(PROVINCE_CODES) == 63
    assert all(len(code) == 3 and code.isdigit() for code in PROVINCE_CODES)
    assert PROVINCE_CODES["001"] == "Hà Nội"
    assert PROVINCE_CODES["079"] == "Hồ Chí Minh"
    assert PROVINCE_CODES["066"] == "Đắk Lắk"
    assert PROVINCE_CODES["046"] == "Thừa Thiên Huế"
    assert PROVINCE_CODES["096"] == "Cà Mau"
    assert "003" not in PROVINCE_CODES and "097" not in PROVINCE_CODES


# --- accepted forms ---------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "001090012345",
        " 001090012345 ",
        "001 090 012 345",
        "001.090.012.345",
        "001-090-012-345",
        "001\u00a0090\u00a0012\u00a0345",
        1090012345,  # Excel number: both leading zeros lost
        1090012345.0,
        "1090012345",
        "1090012345.0",  # float written out by a CSV export
    ],
)
def test_accepts_common_forms(value):
    assert validate_cccd(value) == "001090012345"


def test_restores_one_lost_zero():
    assert validate_cccd("79203001234") == "079203001234"
    assert validate_cccd(79203001234) == "079203001234"
    assert validate_cccd(7.9203001234e10) == "079203001234"


def test_checks_sex_and_year_when_given():
    assert validate_cccd("001090012345", sex="M", birth_year=1990) == "001090012345"
    assert validate_cccd("038305001234", sex="F", birth_year=2005) == "038305001234"


def test_unknown_sex_value_is_not_checked():
    assert validate_cccd("001090012345", sex=None) == "001090012345"
    assert validate_cccd("001090012345", sex="") == "001090012345"


# --- each failure, with a message that says what the digits mean -------------------


@pytest.mark.parametrize("value", [None, "", "   "])
def test_required(value):
    error = _error(value)
    assert error.code == "required"
    assert error.field == "identity_number"


def test_format_names_the_character():
    error = _error("00109001234A")
    assert error.code == "cccd_format"
    assert "“A”" in error.message
    assert "chữ số" in error.message
    assert "Số định danh cá nhân" in str(error)


def test_format_hints_letter_o():
    error = _error("O01090012345")
    assert error.code == "cccd_format"
    assert "chữ O" in error.message


def test_scientific_notation_from_excel_is_refused():
    error = _error("1.09001234E+11")
    assert error.code == "cccd_format"
    assert "Văn bản" in error.message


@pytest.mark.parametrize("value", [1.5, float("nan"), float("inf"), True])
def test_format_non_integral_numbers(value):
    assert _error(value).code == "cccd_format"


@pytest.mark.parametrize(("value", "count"), [("0010900123", 10), ("0010900123456", 13), ("123", 3), ("0912345678", 10)])
def test_length(value, count):
    error = _error(value)
    assert error.code == "cccd_length"
    assert f"có {count} chữ số" in error.message
    assert "12 chữ số" in error.message


def test_province():
    error = _error("003090012345")
    assert error.code == "cccd_province"
    assert "“003”" in error.message
    assert "mã tỉnh" in error.message


def test_sex():
    error = _error("001190012345", sex="M")
    assert error.code == "cccd_sex"
    assert error.message == (
        "chữ số thứ 4 là 1 (nữ, sinh thế kỷ 20, 1900–1999) nhưng giới tính là Nam."
    )
    error = _error("001290012345", sex="F")
    assert error.code == "cccd_sex"
    assert "giới tính là Nữ" in error.message
    assert "thế kỷ 21" in error.message


def test_century():
    error = _error("001290012345", birth_year=1990)
    assert error.code == "cccd_century"
    assert "chữ số thứ 4 là 2" in error.message
    assert "năm sinh là 1990" in error.message


def test_century_before_1900_cannot_be_encoded():
    for digits in ("001085012345", "001885012345"):
        error = _error(digits, birth_year=1885)
        assert error.code == "cccd_century"
        assert "1885" in error.message


def test_year():
    error = _error("001090012345", sex="M", birth_year=1991)
    assert error.code == "cccd_year"
    assert "“90”" in error.message
    assert "“91”" in error.message
    assert "năm sinh" in error.message


def test_field_is_passed_through():
    error = _error("12", field="head_identity_number")
    assert error.field == "head_identity_number"


# --- compose / describe ------------------------------------------------------------


def test_compose_examples():
    assert compose_cccd("001", "M", 1990, 12345) == "001090012345"
    assert compose_cccd("079", "F", 2003, 1) == "079303000001"
    assert compose_cccd("096", "M", 2150, 999_999) == "096450999999"


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("003", "M", 1990, 1), "cccd_province"),
        (("001", "X", 1990, 1), "cccd_sex"),
        (("001", "M", 1899, 1), "cccd_century"),
        (("001", "M", 1990, 1_000_000), "cccd_format"),
    ],
)
def test_compose_refuses(args, code):
    with pytest.raises(ValidationError) as info:
        compose_cccd(*args)
    assert info.value.code == code


def test_describe():
    assert describe_cccd("066305001234") == CccdInfo(
        province_code="066",
        province_name="Đắk Lắk",
        sex="F",
        century_start_year=2000,
        year_last_two=5,
    )


@given(
    st.sampled_from(sorted(PROVINCE_CODES)),
    st.sampled_from(["M", "F"]),
    st.integers(1900, 2099),
    st.integers(0, 999_999),
)
def test_compose_validate_round_trip(province, sex, year, serial):
    number = compose_cccd(province, sex, year, serial)
    assert len(number) == 12 and number.isdigit()
    assert validate_cccd(number, sex=sex, birth_year=year) == number
    info = describe_cccd(number)
    assert (info.province_code, info.sex, info.century_start_year + info.year_last_two) == (province, sex, year)


@given(
    st.sampled_from(sorted(PROVINCE_CODES)),
    st.sampled_from(["M", "F"]),
    st.integers(1900, 2099),
    st.integers(0, 999_999),
)
def test_lost_leading_zeros_restored(province, sex, year, serial):
    number = compose_cccd(province, sex, year, serial)
    stripped = number.lstrip("0")
    assert validate_cccd(stripped) == number
    assert validate_cccd(int(number)) == number
    assert validate_cccd(float(int(number))) == number


@given(st.from_regex(r"\A[0-9]{12}\Z"))
def test_unknown_province_prefix_refused(number):
    if number[:3] in PROVINCE_CODES:
        assert validate_cccd(number) == number
    else:
        with pytest.raises(ValidationError) as info:
            validate_cccd(number)
        assert info.value.code == "cccd_province"


@given(st.integers(0, 999).filter(lambda n: f"{n:03d}" not in PROVINCE_CODES), st.integers(0, 10**9 - 1))
def test_every_unknown_prefix_refused(prefix, rest):
    with pytest.raises(ValidationError) as info:
        validate_cccd(f"{prefix:03d}{rest:09d}")
    assert info.value.code == "cccd_province"
