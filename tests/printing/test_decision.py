import unicodedata
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader

from desktop.printing.decision import draw_decision
from desktop.printing.documents import AnnexRow, DecisionDoc, Signer, date_line

STANDARD_14 = {"Courier", "Helvetica", "Times-Roman", "Symbol", "ZapfDingbats", "Times", "Arial"}
NAMES = ("Nguyễn Văn Hùng", "Trần Thị Lệ", "Lê Đình Quý", "Phạm Thị Ngọc Ánh", "Hoàng Văn Thắng",
         "Võ Thị Hường", "Đặng Quốc Việt", "Bùi Thị Thủy", "Đỗ Xuân Trường", "Hồ Sỹ Đức",
         "Ngô Thị Huyền", "Tôn Nữ Thị Ửng")


def nfc(text: str) -> str:
    """NFC with every line break and run of spaces made one space (lines wrap anywhere)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def decision(count: int = 12, **changes) -> DecisionDoc:
    rows = tuple(AnnexRow(name=f"Hộ {NAMES[i % len(NAMES)]}", head=f"{NAMES[i % len(NAMES)]}{'' if i < len(NAMES) else f' {i}'}",
                          detail=f"Thôn Yên Lạc {i % 4 + 1}") for i in range(count))
    doc = DecisionDoc(commune="Xã Yên Xuân", province="Nghệ An", number="235/QĐ-UBND", date=date(2026, 11, 20),
                      signer=Signer(name="Nguyễn Đình Thắng"), title_name="Gia đình học tập",
                      subject_kind="household", year=2026,
                      legal_bases=("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",),
                      recipients=("Như Điều 3;", "Lưu: VT."), subjects=rows)
    return replace(doc, **changes)


def fonts_of(reader: PdfReader) -> list:
    fonts = []
    for page in reader.pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            fonts.append(ref.get_object())
    return fonts


def assert_fonts_embedded(reader: PdfReader) -> None:
    fonts = fonts_of(reader)
    assert fonts
    for font in fonts:
        base = str(font["/BaseFont"]).lstrip("/")
        assert font["/Subtype"] == "/TrueType", base
        assert "+" in base and len(base.split("+")[0]) == 6, f"{base} is not a subset"
        assert base.split("+")[1].split("-")[0] not in STANDARD_14
        assert "/FontFile2" in font["/FontDescriptor"].get_object(), f"{base} is not embedded"


@pytest.fixture
def twelve(tmp_path):
    path = tmp_path / "qd.pdf"
    draw_decision(decision(12), path)
    return PdfReader(path)


def test_every_font_is_an_embedded_truetype_subset(twelve):
    assert_fonts_embedded(twelve)


def test_the_decision_reads_like_a_decision(twelve):
    first = nfc(twelve.pages[0].extract_text())
    for text in ("ỦY BAN NHÂN DÂN", "XÃ YÊN XUÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc", "Số: 235/QĐ-UBND", "Yên Xuân, ngày 20 tháng 11 năm 2026",
                 "QUYẾT ĐỊNH", "“Gia đình học tập” năm 2026", "ỦY BAN NHÂN DÂN XÃ YÊN XUÂN", "Căn cứ Luật",
                 "QUYẾT ĐỊNH:", "Điều 1.", "Điều 2.", "Điều 3.", "cho 12 hộ gia đình", "Nơi nhận:",
                 "- Như Điều 3;", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Đình Thắng"):
        assert text in first, text


def test_a_twelve_name_annex_gets_its_own_page_with_every_name_once(twelve):
    pages = [nfc(p.extract_text()) for p in twelve.pages]
    assert len(pages) == 2
    assert not any(name in pages[0] for name in NAMES)
    annex = pages[1]
    assert "DANH SÁCH" in annex and "Họ và tên chủ hộ" in annex and "STT" in annex
    assert "(Kèm theo Quyết định số 235/QĐ-UBND ngày 20/11/2026 của Ủy ban nhân dân xã Yên Xuân)" in annex
    positions = [annex.index(name) for name in NAMES]
    assert positions == sorted(positions), "annex rows out of order"
    assert all(annex.count(name) == 1 for name in NAMES)
    assert "Danh sách có 12 hộ gia đình./." in annex


def test_the_text_is_drawn_precomposed_even_from_decomposed_input(tmp_path):
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Ửng")
    path = tmp_path / "qd.pdf"
    draw_decision(decision(1, subjects=(AnnexRow(name=nfd, head=nfd, detail="Thôn Đồng"),)), path)
    raw = PdfReader(path).pages[1].extract_text()
    assert "Nguyễn Thị Ửng" in raw  # NFC glyphs, not a base letter followed by loose marks
    assert "\u0303" not in raw and "\u0309" not in raw


def page_numbers(reader: PdfReader) -> dict[int, str]:
    """Text drawn in the top margin of each page (the page number), by page."""
    found = {}
    for i, page in enumerate(reader.pages):
        top = float(page.mediabox.height) - 20 * 72 / 25.4

        def visit(text, cm, tm, font, size, i=i, top=top):
            if text.strip() and tm[5] > top:
                found[i] = found.get(i, "") + text.strip()

        page.extract_text(visitor_text=visit)
    return found


def test_a_long_annex_repeats_its_header_and_numbers_its_pages(tmp_path):
    path = tmp_path / "qd.pdf"
    draw_decision(decision(70), path)
    reader = PdfReader(path)
    pages = [nfc(p.extract_text()) for p in reader.pages]
    assert len(pages) >= 4
    annex = [i for i, text in enumerate(pages) if "Họ và tên chủ hộ" in text]
    assert annex == list(range(1, len(pages))), "every annex page shows the table header"
    assert "DANH SÁCH" in pages[1] and all("DANH SÁCH" not in pages[i] for i in annex[1:])
    assert "Danh sách có 70 hộ gia đình./." in pages[-1]
    rows = [text.count("Thôn Yên Lạc") for text in pages]
    assert sum(rows) == 70
    numbers = page_numbers(reader)
    assert 0 not in numbers  # the first page carries no number
    assert numbers == {i: str(i + 1) for i in range(1, len(pages))}


def test_a_deputy_signs_for_the_chair(tmp_path):
    path = tmp_path / "qd.pdf"
    deputy = Signer(name="Trần Thị Hồng Nhung", title="PHÓ CHỦ TỊCH", capacity="KT. CHỦ TỊCH")
    draw_decision(decision(3, signer=deputy), path)
    pages = [nfc(p.extract_text()) for p in PdfReader(path).pages]
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ YÊN XUÂN" in pages[0]
    assert "KT. CHỦ TỊCH" in pages[0] and "PHÓ CHỦ TỊCH" in pages[0] and "Trần Thị Hồng Nhung" in pages[0]
    assert "của Chủ tịch Ủy ban nhân dân xã Yên Xuân" in pages[1]


def test_a_clan_annex_has_a_column_for_the_head(tmp_path):
    path = tmp_path / "qd.pdf"
    rows = (AnnexRow(name="Nguyễn Đình (chi 3)", head="Nguyễn Đình Khoa", detail="Thôn Yên Thịnh"),
            AnnexRow(name="Lê Văn", detail="Thôn Phúc Ấm"))
    draw_decision(decision(title_name="Dòng họ học tập", subject_kind="clan", subjects=rows), path)
    reader = PdfReader(path)
    first, annex = (nfc(p.extract_text()) for p in reader.pages)
    assert "cho 2 dòng họ" in first
    for text in ("Dòng họ", "Trưởng họ", "Địa chỉ", "Nguyễn Đình (chi 3)", "Nguyễn Đình Khoa", "Lê Văn"):
        assert text in annex
    assert_fonts_embedded(reader)


def test_a_draft_leaves_number_and_day_blank(tmp_path):
    path = tmp_path / "qd.pdf"
    draw_decision(decision(2, number="", date=None), path)
    first = nfc(PdfReader(path).pages[0].extract_text())
    assert "/QĐ-UBND" in first and "ngày tháng năm 2026" in first


def test_a_failed_print_keeps_the_old_file_and_leaves_no_part(tmp_path):
    path = tmp_path / "qd.pdf"
    path.write_bytes(b"old")
    with pytest.raises(ValueError):
        draw_decision(decision(2, subject_kind="nonsense"), path)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["qd.pdf"]


@pytest.mark.parametrize("when, line", [
    (date(2026, 11, 20), "Yên Xuân, ngày 20 tháng 11 năm 2026"),
    (date(2026, 2, 5), "Yên Xuân, ngày 05 tháng 02 năm 2026"),  # ND 30: zero before day < 10, months 1-2
    (date(2026, 3, 9), "Yên Xuân, ngày 09 tháng 3 năm 2026"),
])
def test_the_place_date_line_follows_decree_30(when, line):
    assert date_line("Yên Xuân", when, 2026) == line
