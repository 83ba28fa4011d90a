import unicodedata

import pytest

from desktop.domain.errors import ValidationError
from desktop.domain.ethnicities import CODE_LIST, ETHNICITIES, _key, ethnicity_name, find_ethnicity


def test_list_is_complete_and_ordered():
    assert CODE_LIST == "QĐ 1019/QĐ-TCTK (12/11/2008)"
    assert list(ETHNICITIES) == [f"{i:02d}" for i in range(1, 55)]
    assert ETHNICITIES["01"] == "Kinh"
    assert ETHNICITIES["05"] == "Khơ-me"
    assert ETHNICITIES["06"] == "Hoa"
    assert ETHNICITIES["08"] == "Mông"
    assert ETHNICITIES["24"] == "Bru-Vân Kiều"
    assert ETHNICITIES["54"] == "Ơ-đu"
    assert all(unicodedata.is_normalized("NFC", name) for name in ETHNICITIES.values())


def test_names_do_not_collide_once_folded():
    keys = [_key(name) for name in ETHNICITIES.values()]
    assert len(set(keys)) == 54


@pytest.mark.parametrize("code", list(ETHNICITIES))
def test_every_official_name_and_code_is_found(code):
    name = ETHNICITIES[code]
    assert find_ethnicity(name) == code
    assert find_ethnicity(name.upper()) == code
    assert find_ethnicity(unicodedata.normalize("NFD", name)) == code
    assert find_ethnicity(code) == code
    assert find_ethnicity(int(code)) == code
    assert find_ethnicity(str(int(code))) == code
    assert ethnicity_name(code) == name


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("kinh", "01"),
        ("  KINH ", "01"),
        ("Việt", "01"),
        ("Kinh (Việt)", "01"),
        ("dân tộc Kinh", "01"),
        ("Người Tày", "02"),
        ("Thái", "03"),
        ("thai", "03"),
        ("Tày", "02"),
        ("KHMER", "05"),
        ("Khmer", "05"),
        ("Khơ me", "05"),
        ("khome", "05"),
        ("Khơ-Me", "05"),
        ("H'Mông", "08"),
        ("H’mông", "08"),
        ("Hmong", "08"),
        ("HMÔNG", "08"),
        ("mông", "08"),
        ("Mông (H'Mông)", "08"),
        ("Ê Đê", "11"),
        ("Ede", "11"),
        ("ê-đê", "11"),
        ("Gia Rai", "10"),
        ("Jrai", "10"),
        ("Ba Na", "12"),
        ("Bahnar", "12"),
        ("Cao Lan", "13"),
        ("Chàm", "14"),
        ("K'Ho", "15"),
        ("Cơ Ho", "15"),
        ("Xơ Đăng", "16"),
        ("Ra Glai", "19"),
        ("M'Nông", "20"),
        ("Stiêng", "22"),
        ("Khơ Mú", "23"),
        ("Vân Kiều", "24"),
        ("Bru - Vân Kiều", "24"),
        ("Tà Ôi", "27"),
        ("Giẻ Triêng", "29"),
        ("Hà  Nhì", "33"),
        ("Co", "30"),
        ("Cống", "49"),
        ("Cơ Lao", "47"),
        ("Lô lô", "45"),
        ("Ơ Đu", "54"),
        (5, "05"),
        (5.0, "05"),
        ("005", "05"),
    ],
)
def test_variants(value, code):
    assert find_ethnicity(value) == code


@pytest.mark.parametrize("value", ["Mèo", "Hán", "Pháp", "0", "55", 55, 0, 5.5, True, "Kinh Thái"])
def test_unknown(value):
    with pytest.raises(ValidationError) as info:
        find_ethnicity(value, field="ethnicity")
    error = info.value
    assert error.code == "unknown_ethnicity"
    assert error.field == "ethnicity"
    assert f"“{value}”" in error.message
    assert "danh mục 54 dân tộc" in error.message


@pytest.mark.parametrize("value", [None, "", "   "])
def test_required(value):
    with pytest.raises(ValidationError) as info:
        find_ethnicity(value, field="head_ethnicity")
    assert (info.value.code, info.value.field) == ("required", "head_ethnicity")


def test_ethnicity_name():
    assert ethnicity_name("05") == "Khơ-me"
    assert ethnicity_name("5") == "Khơ-me"
    with pytest.raises(ValidationError) as info:
        ethnicity_name("99")
    assert info.value.code == "unknown_ethnicity"
