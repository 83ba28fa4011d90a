import unicodedata
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader

from desktop.printing.decision import draw_decision
from desktop.printing.documents import AnnexRow, DecisionDoc, Signer, date_line
from desktop.printing.fonts import FAMILY, width

STANDARD_14 = {"Courier", "Helvetica", "Times-Roman", "Symbol", "ZapfDingbats", "Times", "Arial"}
NAMES = ("Nguyễn Văn Hùng", "Trần Thị Lệ", "Lê Đình Quý", "Phạm Thị Ngọc Ánh", "Hoàng Văn Thắng",
         "Võ Thị Hường", "Đặng Quốc Việt", "Bùi Thị Thủy", "Đỗ Xuân Trường", "Hồ Sỹ Đức",
         "Ngô Thị Huyền", "Tôn Nữ Thị Ửng")


def nfc(text: str) -> str:
    """NFC with every line break and run of spaces made one space (lines wrap anywhere)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def decision(count: int = 12, **changes) -> DecisionDoc:
    rows = tuple(AnnexRow(name=f"Hộ {NAMES[i % len(NAMES)]}", head=f"{NAMES[i % len(NAMES)]}{'' if i < len(NAMES) else f' {i}'}",
                          detail=f"Xóm {i % 3 + 1}, Thôn Yên Lạc {i % 4 + 1}", hamlet=f"Thôn Yên Lạc {i % 4 + 1}")
                 for i in range(count))
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
                 "QUYẾT ĐỊNH", "“Gia đình học tập” năm 2026", "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ YÊN XUÂN",
                 "Căn cứ Luật", "QUYẾT ĐỊNH:", "Điều 1.", "Điều 2.", "Điều 3.", "cho 12 hộ gia đình", "Nơi nhận:",
                 "- Như Điều 3;", "- Lưu: VT. CHỦ TỊCH Nguyễn Đình Thắng"):
        assert text in first, text
    # The chair recognises on his own power: no quyền hạn line (NĐ 30/2020, Phụ lục I, II.7.b).
    assert "TM." not in first and "KT." not in first


def test_a_twelve_name_annex_gets_its_own_page_with_every_name_once(twelve):
    pages = [nfc(p.extract_text()) for p in twelve.pages]
    assert len(pages) == 2
    assert not any(name in pages[0] for name in NAMES)
    annex = pages[1]
    assert "DANH SÁCH" in annex and "Họ và tên chủ hộ" in annex and "STT" in annex
    assert ("(Kèm theo Quyết định số 235/QĐ-UBND ngày 20 tháng 11 năm 2026 của Chủ tịch Ủy ban nhân dân "
            "xã Yên Xuân)") in annex
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
    rows = [text.count("Xóm ") for text in pages]
    assert sum(rows) == 70
    numbers = page_numbers(reader)
    # No number on the first page (NĐ 30/2020, Phụ lục I, I.7); the annex is numbered on its
    # own (III.1.đ): its first page (index 1) shows none, its second shows 2.
    assert 0 not in numbers and 1 not in numbers
    assert numbers == {i: str(i) for i in range(2, len(pages))}


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


# --- Nghị định 30/2020/NĐ-CP, Phụ lục I (desktop/printing/nd30.py) ---------------------------

LIBERATION = {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic", "LiberationSerif-BoldItalic"}


def runs(page) -> list[tuple[str, str, float, float]]:
    """Each text run drawn on `page`: (text, font without its subset prefix, size, x on the page)."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip() and font is not None:
            found.append((nfc(text), str(font["/BaseFont"]).split("+")[-1], size * tm[0] * cm[0], cm[4] + tm[4]))

    page.extract_text(visitor_text=visit)
    return found


def run(page_runs, start: str) -> tuple[str, str, float, float]:
    return next(r for r in page_runs if r[0].startswith(start))


def test_the_fonts_are_the_times_compatible_liberation_serif(twelve):
    for page in twelve.pages:
        assert {font for _, font, _, _ in runs(page)} <= LIBERATION
    assert {str(f["/BaseFont"]).split("+")[-1] for f in fonts_of(twelve)} <= LIBERATION


@pytest.mark.parametrize("start, font, size", [
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "LiberationSerif-Bold", 12),  # quốc hiệu 12–13, đậm (II.1.a)
    ("Độc lập - Tự do - Hạnh phúc", "LiberationSerif-Bold", 13),  # tiêu ngữ 13–14, đậm (II.1.b)
    ("ỦY BAN NHÂN DÂN", "LiberationSerif-Bold", 12),  # tên cơ quan 12–13, đậm (II.2.b)
    ("Số: 235/QĐ-UBND", "LiberationSerif", 13),  # số, ký hiệu 13 (II.3.c)
    ("Yên Xuân, ngày 20 tháng 11 năm 2026", "LiberationSerif-Italic", 13),  # 13–14, nghiêng (II.4.c)
    ("QUYẾT ĐỊNH", "LiberationSerif-Bold", 14),  # tên loại 13–14, đậm (II.5.b)
    ("Về việc công nhận", "LiberationSerif-Bold", 14),  # trích yếu 13–14, đậm (II.5.b)
    ("Căn cứ Luật", "LiberationSerif-Italic", 13),  # căn cứ 13–14, nghiêng (II.6.a)
    ("Điều 1.", "LiberationSerif-Bold", 13),  # "Điều" đậm, cỡ chữ của lời văn (II.6.đ)
    ("Công nhận danh hiệu", "LiberationSerif", 13),  # nội dung 13–14 (II.6.e)
    ("Nơi nhận:", "LiberationSerif-BoldItalic", 12),  # 12, nghiêng, đậm (II.9.d)
    ("- Như Điều 3;", "LiberationSerif", 11),  # 11, đứng (II.9.d)
    ("CHỦ TỊCH", "LiberationSerif-Bold", 13),  # quyền hạn, chức vụ 13–14, đậm (II.7.đ)
    ("Nguyễn Đình Thắng", "LiberationSerif-Bold", 13),  # họ tên 13–14, đậm (II.7.đ)
])
def test_each_part_has_the_size_and_style_of_decree_30(twelve, start, font, size):
    page = runs(twelve.pages[0])
    found = next(r for r in page if r[0].lstrip().startswith(start) and not (start == "CHỦ TỊCH" and "ỦY" in r[0]))
    assert (found[1], found[2]) == (font, size), found


def test_the_header_stays_inside_the_margins_each_block_centred_in_its_column(twelve):
    mm = 72 / 25.4
    page = runs(twelve.pages[0])
    assert min(x for _, _, _, x in page) >= 30 * mm - 0.5, "nothing reaches into the 30 mm left margin"

    def centre(start):
        found = run(page, start)
        return found[3] + width_of(found) / 2

    assert abs(centre("CỘNG HÒA") - centre("Độc lập")) < 0.5
    assert abs(centre("CỘNG HÒA") - centre("Yên Xuân, ngày")) < 0.5  # ô 4 under the motto
    assert abs(centre("ỦY BAN NHÂN DÂN") - centre("Số:")) < 0.5  # ô 3 under the issuing body
    right_edge = (210 - 15) * mm
    assert centre("CỘNG HÒA") + width_of(run(page, "CỘNG HÒA")) / 2 <= right_edge


def width_of(found) -> float:
    """The drawn width of a run (the PDF's font name mapped back to our registered name)."""
    return width(found[0].strip(), found[1].replace("LiberationSerif", FAMILY), found[2])


def test_paragraphs_are_at_least_6_pt_apart_and_lines_between_single_and_one_and_a_half():
    from desktop.printing.decision import _styles
    for name in ("body", "basis"):
        style = _styles()[name]
        assert style.spaceAfter >= 6  # NĐ 30, Phụ lục I, II.6.e
        assert style.fontSize <= style.leading <= 1.5 * style.fontSize


def signature_runs(reader) -> list[str]:
    """The text in the signature column (right half of the first page, below the articles)."""
    page = runs(reader.pages[0])
    nơi_nhận = page.index(run(page, "Nơi nhận:"))
    return [text.strip() for text, _, _, x in page[nơi_nhận:] if x > 297]


def test_the_chair_on_his_own_power_signs_without_a_capacity_line(tmp_path):
    assert Signer(name="X").capacity == ""  # the default is the chair on his own power
    path = tmp_path / "qd.pdf"
    draw_decision(decision(2, signer=Signer(name="Nguyễn Đình Thắng", capacity="")), path)
    reader = PdfReader(path)
    assert signature_runs(reader) == ["CHỦ TỊCH", "Nguyễn Đình Thắng"]
    assert "(Kèm theo Quyết định số 235/QĐ-UBND ngày 20 tháng 11 năm 2026 của Chủ tịch Ủy ban nhân dân" in nfc(
        reader.pages[1].extract_text())


def test_a_collective_decision_signs_for_the_committee(tmp_path):
    path = tmp_path / "qd.pdf"
    draw_decision(decision(2, signer=Signer(name="Nguyễn Đình Thắng", capacity="TM. ỦY BAN NHÂN DÂN")), path)
    reader = PdfReader(path)
    assert signature_runs(reader) == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Đình Thắng"]
    first = nfc(reader.pages[0].extract_text())
    assert "ỦY BAN NHÂN DÂN XÃ YÊN XUÂN" in first and "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ" not in first
    assert "của Ủy ban nhân dân xã Yên Xuân)" in nfc(reader.pages[1].extract_text())


def test_a_number_below_ten_prints_with_a_leading_zero(tmp_path):
    path = tmp_path / "qd.pdf"
    doc = decision(2, number="5/QĐ-UBND", date=date(2026, 2, 3))
    draw_decision(doc, path)
    reader = PdfReader(path)
    first, annex = (nfc(p.extract_text()) for p in reader.pages)
    assert "Số: 05/QĐ-UBND" in first and "Yên Xuân, ngày 03 tháng 02 năm 2026" in first
    assert "Quyết định số 05/QĐ-UBND ngày 03 tháng 02 năm 2026" in annex
    assert doc.number == "5/QĐ-UBND"  # what the officer stored is not changed


def test_citizens_are_listed_under_the_hamlet_of_their_household(tmp_path):
    path = tmp_path / "qd.pdf"
    rows = (AnnexRow(name="Nguyễn Thị Lan", detail="Xóm 2, Thôn Đồng Tâm", hamlet="Thôn Đồng Tâm"),
            AnnexRow(name="Trần Văn Bình", detail="Tổ dân phố 3", hamlet="Tổ dân phố 3"))
    draw_decision(decision(title_name="Công dân học tập", subject_kind="citizen", subjects=rows), path)
    annex = nfc(PdfReader(path).pages[1].extract_text())
    assert "STT Họ và tên Thôn, tổ dân phố Địa chỉ" in annex
    assert "1 Nguyễn Thị Lan Thôn Đồng Tâm Xóm 2" in annex and "2 Trần Văn Bình Tổ dân phố 3" in annex


def test_a_two_page_decision_numbers_its_second_page_and_the_annex_starts_again(tmp_path):
    path = tmp_path / "qd.pdf"
    long = tuple(f"Nội dung điều khoản thứ {n} " + "được trình bày đầy đủ, " * 30 + "./." for n in range(1, 6))
    draw_decision(decision(40, articles=long), path)
    reader = PdfReader(path)
    pages = [nfc(p.extract_text()) for p in reader.pages]
    annex = next(i for i, text in enumerate(pages) if "DANH SÁCH" in text)
    assert annex == 2, "the decision takes two pages here"
    numbers = page_numbers(reader)
    assert numbers[1] == "2" and annex not in numbers and numbers[annex + 1] == "2"
