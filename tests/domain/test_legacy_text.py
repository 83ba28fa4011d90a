"""Legacy TCVN3/VNI text from old spreadsheets becomes Unicode; Unicode is never touched."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.legacy_text import (
    VIETNAMESE_LETTERS,
    from_tcvn3,
    from_vni,
    guess_encoding,
    to_unicode,
)
from desktop.domain.text import normalize_text

# TCVN 5712 (VN3) byte → letter, written byte by byte from the standard's table
# (apple-open-source/macos X11/xc/extras/X-TrueType/TCVN/TCVNtoUCS2.c, lower-case block),
# independent of the module's per-vowel rows.
_TCVN3_BYTES = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}
_TO_TCVN3 = {letter: bytes([b]).decode("cp1252") for b, letter in _TCVN3_BYTES.items()}

# VNI Windows: mark bytes after the base vowel (duydev/vietnamese-conversion src/charsets.ts,
# khiemdoan/VBKey Modules/mdlCodeTable.bas), keyed by (hat, tone) on the decomposed letter.
_VNI_TONE = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
_VNI_CIRCUMFLEX = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
_VNI_BREVE = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
_VNI_OWN = {"ơ": "ô", "ư": "ö", "đ": "ñ", "ì": "ì", "í": "í", "ỉ": "æ", "ĩ": "ó", "ị": "ò", "ỵ": "î"}

VOWELS = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")
TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
ALL_LETTERS = sorted(
    {unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES} | {"đ"}
)


def to_tcvn3(text: str) -> str:
    """Lower-case text as TCVN3 stores it (capitals with tones need the H fonts)."""
    return "".join(_TO_TCVN3.get(c, c) for c in text)


def _vni_letter(letter: str) -> str:
    lower = letter.lower()
    if lower in _VNI_OWN:
        out = _VNI_OWN[lower]
        return out.upper() if letter.isupper() else out
    decomposed = unicodedata.normalize("NFD", lower)
    base, marks = decomposed[0], decomposed[1:]
    if not marks:
        return letter
    hat = "".join(m for m in marks if m in ("\u0302", "\u0306", "\u031b"))
    tone = "".join(m for m in marks if m not in hat)
    if hat == "\u031b":  # horn: ơ/ư have their own byte, then the tone mark
        out = _VNI_OWN[unicodedata.normalize("NFC", base + hat)] + _VNI_TONE.get(tone, "")
    elif hat == "\u0302":
        out = base + _VNI_CIRCUMFLEX[tone]
    elif hat == "\u0306":
        out = base + _VNI_BREVE[tone]
    else:
        out = base + _VNI_TONE[tone]
    return out.upper() if letter.isupper() else out


def to_vni(text: str) -> str:
    return "".join(_vni_letter(c) if c in VIETNAMESE_LETTERS else c for c in text)


def test_every_letter_has_a_tcvn3_byte_and_a_vni_spelling():
    assert len(ALL_LETTERS) == 12 * 6 + 1
    missing = [c for c in ALL_LETTERS if c not in _TO_TCVN3 and not c.isascii()]
    assert missing == []


@pytest.mark.parametrize("letter", ALL_LETTERS)
def test_every_letter_round_trips_through_tcvn3(letter):
    assert from_tcvn3(to_tcvn3(letter)) == letter
    assert from_tcvn3(to_tcvn3("t" + letter + "n")) == "t" + letter + "n"
    # .VnTimeH draws the capital from the same byte.
    assert from_tcvn3(to_tcvn3(letter), upper=True) == letter.upper()


@pytest.mark.parametrize("letter", ALL_LETTERS + [c.upper() for c in ALL_LETTERS])
def test_every_letter_round_trips_through_vni(letter):
    assert from_vni(to_vni(letter)) == letter
    assert from_vni(to_vni("Ng" + letter + "n")) == "Ng" + letter + "n"


@pytest.mark.parametrize(
    ("legacy", "unicode"),
    [
        # Hand-checked pairs from the sources' examples.
        ("Hµ Néi", "Hà Nội"),
        ("NguyÔn V¨n A", "Nguyễn Văn A"),
        ("B¶o Th¾ng", "Bảo Thắng"),
        ("B¸t X¸t", "Bát Xát"),
        ("M\xadêng Kh\xad¬ng", "Mường Khương"),
        ("§ç ThÞ Hång", "Đỗ Thị Hồng"),
        ("¡n", "Ăn"),
    ],
)
def test_tcvn3_known_pairs(legacy, unicode):
    assert from_tcvn3(legacy) == unicode


def test_tcvn3_upper_case_font():
    assert from_tcvn3("Hµ NéI", upper=True) == "HÀ NỘI"
    assert to_unicode("Hµ NéI", font_name=".VnTimeH") == "HÀ NỘI"
    assert to_unicode("Hµ Néi", font_name=".VnTime") == "Hà Nội"
    assert to_unicode("HUYÖN B¶O TH¾NG", font_name=".VnArial NarrowH") == "HUYỆN BẢO THẮNG"
    assert to_unicode("Hµ Néi", font_name=".VnArial Narrow") == "Hà Nội"


@pytest.mark.parametrize(
    ("legacy", "unicode"),
    [
        ("Haø Noäi", "Hà Nội"),
        ("Nguyeãn Vaên A", "Nguyễn Văn A"),
        ("Xin chaøo caùc baïn", "Xin chào các bạn"),
        ("Ñoã Thò Hoàng", "Đỗ Thị Hồng"),
        ("TRAÀN VAÊN BÌNH", "TRẦN VĂN BÌNH"),
        ("Thaønh phoá Hoà Chí Minh", "Thành phố Hồ Chí Minh"),
    ],
)
def test_vni_known_pairs(legacy, unicode):
    assert from_vni(legacy) == unicode


NAMES = [
    "Nguyễn Văn An", "Trần Thị Bích Ngọc", "Lê Hoàng Phúc", "Phạm Minh Tuấn", "Hoàng Thị Hương",
    "Huỳnh Đức Thắng", "Phan Thanh Hải", "Vũ Thị Thu Hằng", "Võ Văn Kiệt", "Đặng Quốc Việt",
    "Bùi Thị Mỹ Duyên", "Đỗ Hữu Nghĩa", "Hồ Thị Yến", "Ngô Quang Trường", "Dương Văn Lực",
    "Lý Thị Ánh Tuyết", "Đinh Công Tráng", "Trương Thị Diệu Linh", "Lâm Ngọc Ẩn", "Tạ Thị Ửng",
    "Nguyễn Thị Ngọc Quỳnh", "Lò Văn Xuân", "Hà Thị Gấm", "Triệu Thị Ỷ", "Ksor H'Luân",
    "Hà Nội", "Thành phố Hồ Chí Minh", "Xã Mường Khương", "Huyện Bảo Thắng", "Tỉnh Lào Cai",
    "Thôn Đồng Tâm", "Phường Quảng An", "Xã Ea H'leo", "Thừa Thiên Huế", "Bà Rịa – Vũng Tàu",
    "Họ và tên", "Ngày sinh", "Quan hệ với chủ hộ", "Số CCCD", "Giới tính", "Dân tộc",
    "Nơi thường trú", "Ghi chú", "Con", "Vợ", "Chủ hộ", "Cháu", "Nữ", "Nam",
]


@pytest.mark.parametrize("name", NAMES)
def test_unicode_names_and_headers_are_left_alone(name):
    assert guess_encoding(name) == "unicode"
    assert to_unicode(name) == name


@pytest.mark.parametrize("name", NAMES)
def test_names_and_headers_typed_in_tcvn3_are_recovered(name):
    # Capitals with tones need the H font; TCVN3 proper types them lower-case.
    expected = "".join(
        c.lower() if c.isupper() and c not in "ĂÂÊÔƠƯĐ" and not c.isascii() else c for c in name
    )
    legacy = to_tcvn3(expected)
    assert from_tcvn3(legacy) == expected
    if legacy != expected:
        assert to_unicode(legacy, font_name=".VnTime") == expected


@pytest.mark.parametrize("name", NAMES)
def test_names_and_headers_typed_in_vni_are_recovered(name):
    legacy = to_vni(name)
    assert from_vni(legacy) == name
    if legacy != name:
        assert to_unicode(legacy, font_name="VNI-Times") == name


@pytest.mark.parametrize(
    "name",
    ["Hà Nội", "Nguyễn Văn An", "Trần Thị Bích Ngọc", "Họ và tên", "Ngày sinh",
     "Quan hệ với chủ hộ", "Đỗ Hữu Nghĩa", "Xã Mường Khương", "Lê Hoàng Phúc"],
)
def test_guess_recognises_tcvn3_without_a_font(name):
    legacy = to_tcvn3(name)
    assert guess_encoding(legacy) == "tcvn3"
    assert to_unicode(legacy) == name


@pytest.mark.parametrize(
    "name",
    ["Hà Nội", "Nguyễn Văn An", "Trần Thị Bích Ngọc", "Họ và tên", "Ngày sinh",
     "Quan hệ với chủ hộ", "Đỗ Hữu Nghĩa", "Xã Mường Khương", "Lê Hoàng Phúc",
     "Phạm Minh Tuấn", "Võ Văn Kiệt", "Bùi Thị Mỹ Duyên"],
)
def test_guess_recognises_vni_without_a_font(name):
    legacy = to_vni(name)
    assert guess_encoding(legacy) == "vni"
    assert to_unicode(legacy) == name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "unicode"), ("Nguyen Van A", "unicode"), ("12/05/1980", "unicode"),
        ("Hà", "unicode"), ("Lê", "unicode"), ("Nội", "unicode"),
        ("Hµ", "tcvn3"), ("Lª", "tcvn3"), ("Nguþ", "tcvn3"), ("Hå", "tcvn3"), ("V¨n", "tcvn3"),
        ("Haø", "vni"), ("Leâ", "vni"), ("Noäi", "vni"), ("Vaên", "vni"), ("Ñoã", "vni"),
        ("Hieàn", "vni"), ("Nguyeãn", "vni"), ("Ngoâ", "vni"), ("Voõ", "vni"), ("Vuõ", "vni"),
        ("Buøi", "vni"), ("Lyù", "vni"), ("Ng«", "tcvn3"), ("Bïi", "tcvn3"), ("§µo", "tcvn3"),
        ("quõ", "unicode"), ("Hoà", "unicode"), ("Lý", "unicode"),
    ],
)
def test_guess_on_short_strings(text, expected):
    assert guess_encoding(text) == expected


def test_font_name_decides_but_never_against_unicode_only_letters():
    assert guess_encoding("Vò", font_name=".VnTime") == "tcvn3"
    assert guess_encoding("Hoà", font_name="VNI-Times") == "vni"
    assert to_unicode("Hoà", font_name="VNI-Times") == "Hồ"
    # Ambiguous on their own (every byte is also a Vietnamese letter): left as typed.
    assert guess_encoding("Vò") == "unicode"
    assert guess_encoding("Sè CCCD") == "unicode"  # TCVN3 "Số CCCD"
    assert guess_encoding("Soá CCCD") == "unicode"  # VNI "Số CCCD"
    assert to_unicode("Sè CCCD", font_name=".VnArial") == "Số CCCD"
    assert to_unicode("Soá CCCD", font_name="VNI-Helve") == "Số CCCD"
    assert guess_encoding("Nguyễn", font_name=".VnTime") == "unicode"
    assert guess_encoding("Nguyễn", font_name="VNI-Helve") == "unicode"
    assert guess_encoding("Hà Nội", font_name="Times New Roman") == "unicode"
    assert guess_encoding("Hµ Néi", font_name="Arial") == "tcvn3"


def test_decomposed_input_becomes_composed():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hồng Đào")
    assert decomposed != "Nguyễn Thị Hồng Đào"
    assert guess_encoding(decomposed) == "unicode"
    assert to_unicode(decomposed) == "Nguyễn Thị Hồng Đào"
    # Code page 1258 style: a precomposed base with a combining tone.
    assert to_unicode("Nguy\u00ea\u0303n") == "Nguyễn"


_LETTERS = sorted(VIETNAMESE_LETTERS) + list("abcdeghiklmnopqrstuvxyABCDEGHIKLMNOPQRSTUVXY")
_WORDS = st.text(alphabet=st.sampled_from(_LETTERS), min_size=1, max_size=7)


@given(st.lists(_WORDS, min_size=1, max_size=6), st.sampled_from([" ", ", ", " - ", "/"]))
def test_unicode_vietnamese_text_is_never_changed(words, sep):
    text = sep.join(words)
    assert guess_encoding(text) == "unicode"
    assert to_unicode(text) == text


# Real syllables: an onset, a rhyme whose capital letter marks where the tone goes (both the
# old "hòa" and the new "hoà" placements), a tone, and sometimes a capital first letter.
_ONSETS = ["", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng",
           "ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x"]
_RHYMES = ["A", "Ai", "Ao", "Au", "Ay", "Âu", "Ây", "An", "Ang", "Anh", "Ac", "Ach", "Ăn", "Ăng",
           "Ăm", "Ât", "Âm", "E", "Eo", "Em", "En", "Ê", "Êu", "Ênh", "I", "Ia", "Iu", "iÊn",
           "iÊu", "Inh", "O", "Oa", "oA", "oAi", "oAn", "oAng", "oAnh", "Oe", "oE", "Oi", "Om",
           "On", "Ong", "Oc", "Ô", "Ôi", "Ông", "Ôc", "Ơ", "Ơi", "Ơn", "U", "Ua", "uÂn", "uÊ",
           "Ui", "Um", "Un", "Ung", "Uy", "uY", "uyÊn", "uÔi", "uÔng", "Ư", "Ưa", "Ưi", "ưƠi",
           "ưƠng", "ưƠc", "Ưu", "Y", "yÊn", "yÊu"]


def _syllable(onset: str, rhyme: str, tone: str, capital: bool) -> str:
    word = onset + "".join(c.lower() + tone if c.isupper() else c for c in rhyme)
    word = unicodedata.normalize("NFC", word)
    return word[:1].upper() + word[1:] if capital else word


_SYLLABLES = st.builds(
    _syllable, st.sampled_from(_ONSETS), st.sampled_from(_RHYMES), st.sampled_from(TONES),
    st.booleans(),
)


@given(st.lists(_SYLLABLES, min_size=1, max_size=6))
def test_real_vietnamese_syllables_are_never_changed(syllables):
    text = " ".join(syllables)
    assert guess_encoding(text) == "unicode"
    assert to_unicode(text) == text
    assert to_unicode(text.upper()) == text.upper()


@given(st.lists(st.sampled_from(NAMES), min_size=1, max_size=4))
def test_unicode_names_are_never_changed_even_with_a_plain_font(names):
    text = "; ".join(names)
    assert to_unicode(text, font_name="Times New Roman") == text


def test_convert_before_tidying_or_tcvn3_loses_its_u_horn():
    cell = "  Tr\xad\u00eang   TiÓu häc  "  # TCVN3 "Trường Tiểu học", with stray spaces
    assert normalize_text(to_unicode(cell)) == "Trường Tiểu học"


@pytest.mark.parametrize(
    ("legacy", "unicode"),
    [("HOÏ VAØ TEÂN", "HỌ VÀ TÊN"), ("NGAØY SINH", "NGÀY SINH"), ("QUAN HEÄ VÔÙI CHUÛ HOÄ", "QUAN HỆ VỚI CHỦ HỘ")],
)
def test_vni_capitals_are_recognised(legacy, unicode):
    assert guess_encoding(legacy) == "vni"
    assert to_unicode(legacy) == unicode
