import random
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.text import (
    clean_name,
    fold,
    join_name,
    name_sort_key,
    normalize_text,
    split_full_name,
    vietnamese_key,
)

NFD = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731
NFC = lambda s: unicodedata.normalize("NFC", s)  # noqa: E731

# Every vowel with every tone, lower and upper case, plus the consonants.
VOWELS = "aăâeêioôơuưy"
TONE_MARKS = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]
VOWEL_FORMS = [NFC(NFC(v) + t) for v in VOWELS for t in TONE_MARKS]
VIET_LETTERS = "".join(VOWEL_FORMS) + "bcdđghklmnpqrstvx" + "fjwz"
VIET_LETTERS += VIET_LETTERS.upper()


# --- normalize_text ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ""),
        ("", ""),
        ("   ", ""),
        ("  Nguyễn  Văn\tAn \n", "Nguyễn Văn An"),
        ("Nguyễn\u00a0Thị\u00a0\u00a0Hường", "Nguyễn Thị Hường"),
        ("Thôn\u2009Đông\u3000Hòa", "Thôn Đông Hòa"),
        ("\ufeffXã Tân Lập\u200b", "Xã Tân Lập"),
        ("Lê\r\n\r\nThị", "Lê Thị"),
    ],
)
def test_normalize_text(raw, expected):
    assert normalize_text(raw) == expected


def test_normalize_text_makes_nfc():
    result = normalize_text(NFD("  Nguyễn Thị Hường  "))
    assert result == "Nguyễn Thị Hường"
    assert unicodedata.is_normalized("NFC", result)


# --- clean_name --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  NGUYỄN  văn an ", "Nguyễn Văn An"),
        ("đỗ thị ĐÀO", "Đỗ Thị Đào"),
        ("ĐẶNG THỊ ÚT", "Đặng Thị Út"),
        ("trương   ưu   ướt", "Trương Ưu Ướt"),
        ("ông ích khiêm", "Ông Ích Khiêm"),
        ("ỷ lan", "Ỷ Lan"),
        ("ẤN ỨNG ỒN", "Ấn Ứng Ồn"),
        ("H'MÔNG", "H'Mông"),
        ("h’hen niê", "H'Hen Niê"),  # typographic apostrophe -> '
        ("y moan ênuôl", "Y Moan Ênuôl"),
        ("bru-vân kiều", "Bru-Vân Kiều"),
        ("nguyễn-phạm an", "Nguyễn-Phạm An"),
        ("lê\u00a0văn\u00a0tám", "Lê Văn Tám"),
        ("", ""),
        (None, ""),
    ],
)
def test_clean_name(raw, expected):
    assert clean_name(raw) == expected


def test_clean_name_nfd_input_gives_nfc():
    result = clean_name(NFD("NGUYỄN THỊ HƯỜNG"))
    assert result == "Nguyễn Thị Hường"
    assert unicodedata.is_normalized("NFC", result)


@given(st.text(alphabet=VIET_LETTERS + " '-", max_size=40))
def test_clean_name_idempotent_and_nfc(text):
    once = clean_name(text)
    assert clean_name(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert fold(once) == fold(text)


# --- fold --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Nguyễn Thị Hường", "nguyen thi huong"),
        ("ĐẮK LẮK", "dak lak"),
        ("Đỗ Đức Đạt", "do duc dat"),
        ("Bà Rịa–Vũng Tàu", "ba ria–vung tau"),
        ("  Trần\u00a0\u00a0Quỳnh\tAnh ", "tran quynh anh"),
        ("Ỷ Ỹ Ỵ Ý Ỳ", "y y y y y"),
        ("Ứng Ừng Ửng Ữ Ự Ư", "ung ung ung u u u"),
        ("Ơ Ờ Ở Ỡ Ớ Ợ", "o o o o o o"),
        ("Ă Ằ Ẳ Ẵ Ắ Ặ Â Ầ Ẩ Ẫ Ấ Ậ", "a a a a a a a a a a a a"),
        ("Ê Ề Ể Ễ Ế Ệ", "e e e e e e"),
        ("H'Mông", "h'mong"),
        ("", ""),
        (None, ""),
        ("nguyen van an", "nguyen van an"),
        ("NGUYEN  VAN", "nguyen van"),
    ],
)
def test_fold(raw, expected):
    assert fold(raw) == expected


def test_fold_nfd_input():
    assert fold(NFD("Nguyễn Thị Hường")) == "nguyen thi huong"
    # Marks typed in a non-canonical order (tone before circumflex) still vanish.
    assert fold("Nguye\u0303\u0302n") == "nguyen"


def test_fold_every_vowel_form():
    for form in VOWEL_FORMS:
        base = fold(form)
        assert base in "aeiouy" and len(base) == 1, form
        assert fold(form.upper()) == base


@given(st.text())
def test_fold_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(st.text(alphabet=VIET_LETTERS + " \u00a0\t", max_size=60))
def test_fold_vietnamese_is_ascii(text):
    folded = fold(text)
    assert folded.isascii()
    assert folded == folded.lower().strip()
    assert "  " not in folded


@given(st.text(alphabet=VIET_LETTERS + " ", max_size=60))
def test_fold_nfc_equals_nfd(text):
    assert fold(NFC(text)) == fold(NFD(text))


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30))
def test_fold_nfc_equals_nfd_any_text(text):
    assert fold(NFC(text)) == fold(NFD(text))


def test_fold_keeps_unrelated_letters():
    assert fold("Ø ß 中文") == "ø ß 中文"


# --- split / join ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("full", "parts"),
    [
        ("", ("", "", "")),
        ("  ", ("", "", "")),
        ("an", ("", "", "An")),
        ("lò mai", ("Lò", "", "Mai")),
        ("nguyễn văn an", ("Nguyễn", "Văn", "An")),
        ("  TÔN  NỮ  thị  ngọc  HÀ ", ("Tôn", "Nữ Thị Ngọc", "Hà")),
        ("H'Hen Niê", ("H'Hen", "", "Niê")),
    ],
)
def test_split_full_name(full, parts):
    assert split_full_name(full) == parts


@pytest.mark.parametrize(
    ("parts", "full"),
    [
        (("nguyễn", "văn", "an"), "Nguyễn Văn An"),
        (("", "", "an"), "An"),
        (("lò", "", "MAI"), "Lò Mai"),
        ((" tôn  nữ ", "thị ngọc", "hà"), "Tôn Nữ Thị Ngọc Hà"),
        (("", "", ""), ""),
    ],
)
def test_join_name(parts, full):
    assert join_name(*parts) == full


@given(st.lists(st.text(alphabet=VIET_LETTERS, min_size=1, max_size=8), min_size=1, max_size=6))
def test_split_join_round_trip(words):
    full = " ".join(words)
    assert join_name(*split_full_name(full)) == clean_name(full)


# --- collation ---------------------------------------------------------------------


def _sorted(words):
    shuffled = list(words)
    random.Random(7).shuffle(shuffled)
    return sorted(shuffled, key=vietnamese_key)


def test_alphabet_order():
    letters = "a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y".split()
    assert _sorted(letters) == letters
    assert _sorted([w.upper() for w in letters]) == [w.upper() for w in letters]


def test_foreign_letters_placed_in_latin_order():
    expected = ["ê", "f", "g", "i", "j", "k", "v", "w", "x", "y", "z"]
    assert _sorted(expected) == expected


def test_tone_order_is_secondary():
    words = ["a", "à", "ả", "ã", "á", "ạ", "ai", "ài", "an", "ăn", "ằn", "ân"]
    assert _sorted(words) == words
    assert _sorted(["ma", "mà", "mả", "mã", "má", "mạ", "mác"]) == ["ma", "mà", "mả", "mã", "má", "mạ", "mác"]


def test_syllable_by_syllable():
    assert _sorted(["bà", "ba ba", "ba"]) == ["ba", "ba ba", "bà"]


def test_case_insensitive_and_nfd():
    assert vietnamese_key("Hường") == vietnamese_key("HƯỜNG") == vietnamese_key(NFD("hường"))
    assert vietnamese_key(NFD("Đặng")) == vietnamese_key("đặng")


def test_old_and_new_tone_placement_tie():
    assert vietnamese_key("hoà") == vietnamese_key("hòa")
    assert vietnamese_key("Thuỷ") == vietnamese_key("Thủy")


def test_d_and_dd():
    assert _sorted(["Đào", "Dũng", "Dương", "Em", "Da"]) == ["Da", "Dũng", "Dương", "Đào", "Em"]


def test_numbers_and_symbols():
    assert _sorted(["Thôn 10", "Thôn 2", "Thôn 1", "Thôn A"]) == ["Thôn 1", "Thôn 2", "Thôn 10", "Thôn A"]
    assert vietnamese_key("") == ()


@given(st.text(alphabet=VIET_LETTERS + " ", max_size=30))
def test_key_nfc_nfd_agree(text):
    assert vietnamese_key(NFC(text)) == vietnamese_key(NFD(text))


@given(st.text(max_size=30), st.text(max_size=30))
@settings(max_examples=200)
def test_key_is_total_order_on_any_text(a, b):
    ka, kb = vietnamese_key(a), vietnamese_key(b)
    assert (ka < kb) + (ka == kb) + (ka > kb) == 1


def test_name_sort_key_orders_by_given_then_middle_then_family():
    names = [
        "Nguyễn Văn Đào",
        "Trần Văn An",
        "Lê Thị Ăn",
        "Đỗ Thị Bình",
        "Phạm Văn Dũng",
        "Bùi Thị Dung",
        "Lò Văn Bình",
        "Lò Thị Bình",
        "Hoàng Thị Bình",
        "Vũ Yến",
        "Ông Ích Khiêm",
    ]
    expected = [
        "Trần Văn An",
        "Lê Thị Ăn",
        "Đỗ Thị Bình",
        "Hoàng Thị Bình",
        "Lò Thị Bình",
        "Lò Văn Bình",
        "Bùi Thị Dung",
        "Phạm Văn Dũng",
        "Nguyễn Văn Đào",
        "Ông Ích Khiêm",
        "Vũ Yến",
    ]
    shuffled = list(names)
    random.Random(3).shuffle(shuffled)
    assert sorted(shuffled, key=lambda n: name_sort_key(*split_full_name(n))) == expected


def test_name_sort_key_accepts_nfd_parts():
    assert name_sort_key(NFD("Nguyễn"), NFD("Thị"), NFD("Hường")) == name_sort_key("Nguyễn", "Thị", "Hường")


def _ints(key):
    for part in key:
        if isinstance(part, tuple):
            yield from _ints(part)
        else:
            yield part


@given(st.text(max_size=20), st.text(max_size=20), st.text(max_size=20))
def test_name_sort_key_is_nested_non_negative_ints(family, middle, given_name):
    # store/collation.py packs these into a text column; it needs ints >= 0.
    ints = list(_ints(name_sort_key(family, middle, given_name)))
    assert all(type(i) is int and i >= 0 for i in ints)


def test_vietnamese_letters_weigh_one_small_int_each():
    primary, tones = vietnamese_key("Nguyễn")[0]
    assert len(primary) == 6 and max(primary) < 0xD700
    assert tones == (3,)


@given(st.text(max_size=30))
def test_no_word_key_has_an_empty_primary(text):
    # An empty first part would collide with a tuple end once packed into a column.
    assert all(primary for primary, _tones in vietnamese_key(text))
    assert vietnamese_key("'") == vietnamese_key("") == ()


def test_control_characters_and_lone_surrogates_are_dropped():
    """A NUL pasted into a note made PostgreSQL at the province refuse every later push
    (issue 10, item 2); typed text never keeps control characters or lone surrogates."""
    assert normalize_text("Xóm\x00 Bến\x07 Đò\ud800\x1b mới") == "Xóm Bến Đò mới"
    assert normalize_text("dòng 1\ndòng\t2\x85ba") == "dòng 1 dòng 2 ba"
    assert normalize_text("\x7f\x9f") == ""
