import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.verification import check_value, group, normalise_typed, parse_qr_payload, qr_payload, verify

SECRET = b"commune-secret-for-tests"
FACTS = dict(commune_code="17380", register_number="2026-GĐHT-000123", year=2026, title="GĐHT",
             name="Nguyễn Văn Hùng")
CROCKFORD = set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")


def test_the_check_value_is_short_typable_and_pinned():
    value = check_value(SECRET, **FACTS)
    assert len(value) == 8 and set(value) <= CROCKFORD
    # Pinned: a change of scheme would make every printed certificate fail verification.
    assert value == check_value(SECRET, **FACTS) == "WPMYT2KP"
    assert group(value) == "WPMY-T2KP"


@pytest.mark.parametrize("field, other", [
    ("name", "Nguyễn Văn Hưng"),  # one mark differs
    ("name", "Nguyen Van Hung"),
    ("register_number", "2026-GĐHT-000124"),
    ("year", 2025),
    ("title", "DHHT"),
    ("commune_code", "17381"),
])
def test_changing_any_fact_changes_the_value(field, other):
    assert check_value(SECRET, **{**FACTS, field: other}) != check_value(SECRET, **FACTS)


def test_another_secret_gives_another_value():
    assert check_value(b"another-commune", **FACTS) != check_value(SECRET, **FACTS)


def test_an_empty_secret_is_refused():
    with pytest.raises(ValueError):
        check_value(b"", **FACTS)


def test_the_same_facts_written_differently_give_the_same_value():
    nfd = unicodedata.normalize("NFD", "  nguyễn   văn HÙNG ")
    variant = {**FACTS, "name": nfd, "register_number": "2026-gdht-000123", "title": "gdht"}
    assert check_value(SECRET, **variant) == check_value(SECRET, **FACTS)


@pytest.mark.parametrize("typed", ["WPMY-T2KP", "wpmyt2kp", " WPMY T2KP ", "WPMY–T2KP"])
def test_verify_accepts_what_people_type(typed):
    assert verify(SECRET, typed, **FACTS)


def test_verify_reads_o_as_zero_and_i_l_as_one():
    assert normalise_typed("oIlL-0a1b") == "01110A1B"
    # A real value with a 0 or a 1 in it, typed with the letters people confuse them with.
    for n in range(1, 500):
        facts = {**FACTS, "register_number": f"2026-GĐHT-{n:06d}"}
        value = check_value(SECRET, **facts)
        if "0" in value or "1" in value:
            break
    assert verify(SECRET, value.replace("0", "O").replace("1", "l"), **facts)


def test_verify_rejects_a_tampered_certificate():
    value = check_value(SECRET, **FACTS)
    assert not verify(SECRET, value, **{**FACTS, "name": "Nguyễn Văn Hùng Anh"})
    assert not verify(SECRET, value, **{**FACTS, "register_number": "2026-GĐHT-000999"})
    assert not verify(SECRET, "AAAA-AAAA", **FACTS)
    assert not verify(SECRET, "", **FACTS)


def test_the_qr_payload_is_ascii_and_parses_back():
    value = check_value(SECRET, **FACTS)
    payload = qr_payload(commune_code="17380", register_number=FACTS["register_number"], year=2026,
                         title="GĐHT", check=group(value))
    assert payload == f"XHHT|17380|2026|GDHT|2026-GDHT-000123|{value}"
    assert payload.isascii()
    parsed = parse_qr_payload(payload)
    assert parsed == {"commune_code": "17380", "year": 2026, "title": "GDHT",
                      "register_number": "2026-GDHT-000123", "check": value}
    # What the scanner reads verifies against the register's facts.
    assert verify(SECRET, parsed["check"], **{**FACTS, "register_number": parsed["register_number"]})


@pytest.mark.parametrize("text", ["", "hello", "XHHT|1|2|3", "ABCD|17380|2026|GDHT|X|Y", "XHHT|1|year|T|R|C"])
def test_foreign_qr_texts_are_rejected(text):
    with pytest.raises(ValueError):
        parse_qr_payload(text)


def test_a_bar_in_a_field_is_refused():
    with pytest.raises(ValueError):
        qr_payload(commune_code="1|2", register_number="R", year=2026, title="T", check="C")


@settings(max_examples=60, deadline=None)
@given(name=st.text(min_size=1, max_size=40), number=st.integers(min_value=1, max_value=999_999))
def test_every_value_verifies_against_its_own_facts(name, number):
    facts = {**FACTS, "name": name, "register_number": f"2026-GĐHT-{number:06d}"}
    value = check_value(SECRET, **facts)
    assert set(value) <= CROCKFORD
    assert verify(SECRET, group(value), **facts)
