"""What the officer types to enrol: the province's one-time code and the server's address,
checked without a display, a server or the network — the rules the window and
`xhht sync enroll` share."""

from __future__ import annotations

import subprocess
import sys

import pytest

from desktop.domain.errors import ValidationError
from desktop.sync.enrolment_input import (
    CODE_ALPHABET,
    CODE_LENGTH,
    InputCheck,
    check_code,
    check_server,
    code_characters,
    format_code,
    parse_code,
    parse_server,
)
from province.db import open_store
from province.services import enrolment as province_enrolment

CODE = "K7QMP3XAW9RT"


def test_the_rule_is_the_province_s_own(tmp_path):
    assert (CODE_ALPHABET, CODE_LENGTH) == (province_enrolment.CODE_ALPHABET, province_enrolment.CODE_LENGTH)
    store = open_store(f"sqlite:///{tmp_path / 'tinh.sqlite'}")
    try:
        with store.session() as session:
            issued = [province_enrolment.add_commune(session, "17380").code for _ in range(50)]
    finally:
        store.close()
    for code in issued:  # as printed by `xhht-province commune add`, and as an officer might type it
        plain = code.replace("-", "")
        assert parse_code(code) == plain and format_code(plain) == code
        for typed in (code.lower(), code.replace("-", " "), f"  {plain.lower()} ", code.replace("-", "–")):
            assert parse_code(typed) == plain == province_enrolment.normalise_code(typed)


@pytest.mark.parametrize("typed", [
    "K7QM-P3XA-W9RT", "k7qm-p3xa-w9rt", "K7QM P3XA W9RT", " k7qmp3xaw9rt ", "K7QM—P3XA—W9RT", "K7QM.P3XA.W9RT",
    "K7QM_P3XA/W9RT", "Ｋ７ＱＭ－Ｐ３ＸＡ－Ｗ９ＲＴ",  # full-width, from some input methods
])
def test_what_people_type_is_folded_to_the_code(typed):
    checked = check_code(typed)
    assert checked.ok and checked.value == CODE and checked.note == "Mã: K7QM-P3XA-W9RT"


def test_a_short_code_is_counted_while_typing_and_refused_when_done():
    typing = check_code("k7qm-p3x", finished=False)
    assert typing.problem is None and typing.value is None and typing.note == "Đã nhập 7/12 ký tự."
    assert check_code("", finished=False) == InputCheck(None)
    done = check_code("k7qm-p3x")
    assert done.problem.startswith("Mã đăng ký gồm 12 ký tự;") and "mới có 7 ký tự (còn thiếu 5" in done.problem
    assert check_code("").problem.startswith("Hãy nhập mã đăng ký")
    with pytest.raises(ValidationError) as error:
        parse_code("k7qm-p3x")
    assert error.value.field == "code" and error.value.message == done.problem


def test_a_long_code_or_a_character_the_code_never_has_is_told_at_once():
    long = check_code("K7QM-P3XA-W9RT-2", finished=False)
    assert long.problem.startswith("Mã đăng ký gồm 12 ký tự;") and "có 13 ký tự (thừa 1" in long.problem
    zero = check_code("K7Q0", finished=False).problem
    assert zero == "Mã đăng ký gồm 12 ký tự, không có chữ O và số 0: ký tự thứ 4 “0” có thể là chữ D hoặc Q."
    assert "ký tự thứ 2 “I” có thể là chữ L" in check_code("KI", finished=False).problem
    assert "không có chữ I và số 1" in check_code("k1", finished=False).problem
    # Unikey in Telex turns "AS" into "Á" and "DD" into "Đ": the message says to switch it off
    for typed in ("K7QÁ", "K7QĐ", "k7qá"):
        problem = check_code(typed, finished=False).problem
        assert problem.startswith("Mã đăng ký gồm 12 ký tự không dấu: ký tự thứ 4")
        assert "có dấu. Hãy tắt bộ gõ tiếng Việt" in problem
    assert check_code("K7QЖ", finished=False).problem.endswith("ký tự thứ 4 “Ж” không có trong mã.")


def test_code_characters_drop_separators_like_the_server():
    for typed in ("ab-cd ef.gh_jk/lm", "a+b", "k7qm–p3xa"):
        assert code_characters(typed) == province_enrolment.normalise_code(typed)


@pytest.mark.parametrize("typed, base", [
    ("https://xhht.nghean.gov.vn", "https://xhht.nghean.gov.vn"),
    ("https://xhht.nghean.gov.vn/", "https://xhht.nghean.gov.vn"),
    ("HTTPS://XHHT.NgheAn.gov.vn", "https://xhht.nghean.gov.vn"),
    ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
    ("https://xhht.nghean.gov.vn/api/v1/info", "https://xhht.nghean.gov.vn"),  # copied from a browser
    ("https://sgd.nghean.gov.vn/xhht/", "https://sgd.nghean.gov.vn/xhht"),  # a server under a path
    ("https://xhht.nghean.gov.vn/?lang=vi#top", "https://xhht.nghean.gov.vn"),
    ("https:\\\\xhht.nghean.gov.vn\\", "https://xhht.nghean.gov.vn"),  # Windows backslashes
    ("http://[::1]:8000", "http://[::1]:8000"),
    ("xhht.nghean.gov.vn:", "https://xhht.nghean.gov.vn"),
    ("http://máychủ.vn", "http://máychủ.vn"),
])
def test_a_server_address_is_taken_as_typed_and_tidied(typed, base):
    checked = check_server(typed)
    assert checked.ok and checked.value == base
    assert parse_server(typed) == base


def test_without_a_scheme_the_address_is_https_and_the_note_says_so():
    for typed, base in (("xhht.nghean.gov.vn", "https://xhht.nghean.gov.vn"),
                        ("192.168.1.10:8443", "https://192.168.1.10:8443"), ("localhost", "https://localhost")):
        checked = check_server(typed)
        assert checked.value == base
        assert checked.note == f"Chưa ghi https:// hay http://: sẽ dùng {base} (kết nối bảo mật)."


@pytest.mark.parametrize("typed, words", [
    ("", "Hãy nhập địa chỉ máy chủ tỉnh"),
    ("ftp://xhht.nghean.gov.vn", "không phải “ftp://”"),
    ("htps://xhht.nghean.gov.vn", "không phải “htps://”"),
    ("https//xhht.nghean.gov.vn", "Phần đầu địa chỉ viết sai"),
    ("http:/xhht.nghean.gov.vn", "Phần đầu địa chỉ viết sai"),
    ("https://", "Thiếu tên máy chủ sau “https://”"),
    ("xhht .nghean.gov.vn", "không có dấu cách"),
    ("xhht,nghean.gov.vn", "Tên máy chủ “xhht,nghean.gov.vn” không hợp lệ"),
    ("https://-xhht.vn", "không hợp lệ"),
    ("xhht.nghean.gov.vn:99999", "Số cổng"),
    ("xhht.nghean.gov.vn:abc", "Số cổng"),
    ("https://can-bo:matkhau@xhht.nghean.gov.vn", "tên đăng nhập hay mật khẩu"),
])
def test_a_wrong_address_is_explained(typed, words):
    checked = check_server(typed)
    assert checked.value is None and words in checked.problem, checked
    with pytest.raises(ValidationError) as error:
        parse_server(typed)
    assert error.value.field == "server" and error.value.message == checked.problem


def test_while_typing_only_what_more_typing_cannot_mend_is_a_problem():
    for partial in ("h", "htt", "https:", "https:/", "https://", "https://xhht.", "xhht.nghean.gov.vn:"):
        assert check_server(partial, finished=False).problem is None, partial
    assert "dấu cách" in check_server("xhht nghe", finished=False).problem
    assert "ftp://" in check_server("ftp://x", finished=False).problem
    assert check_server("", finished=False).problem is None


def test_the_rules_load_without_qt_or_requests():
    code = ("import sys, desktop.sync.enrolment_input; "
            "assert not {'PySide6', 'requests', 'sqlalchemy'} & set(sys.modules), sorted(sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True)
