import pytest

from desktop.printing.nd30 import document_number


@pytest.mark.parametrize("stored, printed", [
    (4, "04"),
    ("4", "04"),
    ("4/QĐ-UBND", "04/QĐ-UBND"),
    ("9/QĐ-UBND", "09/QĐ-UBND"),
    ("12/QĐ-UBND", "12/QĐ-UBND"),
    ("10/QĐ-UBND", "10/QĐ-UBND"),
    ("05/QĐ-UBND", "05/QĐ-UBND"),
    ("235/QĐ-UBND", "235/QĐ-UBND"),
])
def test_a_number_below_ten_gets_a_leading_zero(stored, printed):
    # NĐ 30/2020/NĐ-CP, Phụ lục I, Phần I, Mục II, khoản 3, điểm c.
    assert document_number(stored) == printed


@pytest.mark.parametrize("odd", ["", "0/QĐ-UBND", "00/QĐ-UBND", " 5/QĐ-UBND", "5 /QĐ-UBND", "5/", "5/ QĐ",
                                 "Số 5/QĐ-UBND", "QĐ-UBND", "5a/QĐ-UBND", "005/QĐ-UBND", "5/QĐ-UBND\n", "٥/QĐ"])
def test_anything_else_prints_as_stored(odd):
    assert document_number(odd) == odd
