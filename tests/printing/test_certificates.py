import re
import stat
import unicodedata
from datetime import date

import pytest
from pypdf import PdfReader

from desktop.domain.errors import Cancelled, ValidationError
from desktop.domain.progress import Progress
from desktop.domain.verification import check_value, qr_payload
from desktop.printing import certificate
from desktop.printing.certificate import BlankLayout, draw_certificate, draw_certificates, qr_matrix
from desktop.printing.documents import CertificateDoc, Signer, name_lines
from tests.printing.qr_reader import read_qr_codes

SECRET = b"test-secret"
STANDARD_14 = {"Courier", "Helvetica", "Times-Roman", "Symbol", "ZapfDingbats", "Times", "Arial"}
HEADS = ("Nguyễn Văn Hùng", "Trần Thị Lệ", "Đặng Quốc Việt", "Tôn Nữ Thị Ửng", "Hồ Sỹ Đức", "Bùi Thị Thủy",
         "Lê Đình Quý")


def nfc(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def cert(n: int, *, kind: str = "household", lines=None, name: str | None = None) -> CertificateDoc:
    name = name or HEADS[n % len(HEADS)]
    register = f"2026-GĐHT-{n:06d}"
    check = check_value(SECRET, commune_code="17380", register_number=register, year=2026, title="GĐHT", name=name)
    return CertificateDoc(
        commune="Xã Yên Xuân", title_name="Gia đình học tập", year=2026, subject_kind=kind,
        name_lines=lines or name_lines(kind, "", head=name, address="Thôn Yên Lạc, xã Yên Xuân, tỉnh Nghệ An"),
        decision_number="235/QĐ-UBND", decision_date=date(2026, 11, 20), date=date(2026, 11, 20),
        signer=Signer(name="Nguyễn Đình Thắng", title="CHỦ TỊCH", capacity=""),
        register_number=register, check_value=check,
        qr_payload=qr_payload(commune_code="17380", register_number=register, year=2026, title="GĐHT", check=check))


@pytest.fixture
def batch(tmp_path):
    docs = [cert(n) for n in range(1, 8)]
    path = tmp_path / "gcn.pdf"
    pages = draw_certificates(docs, path)
    return docs, pages, PdfReader(path)


def test_one_landscape_page_per_certificate(batch):
    docs, pages, reader = batch
    assert pages == len(reader.pages) == len(docs)
    for page in reader.pages:
        assert float(page.mediabox.width) > float(page.mediabox.height)


def test_fonts_are_embedded_truetype_subsets(batch):
    _, _, reader = batch
    for page in reader.pages:
        fonts = dict(page["/Resources"]["/Font"])
        for xobject in page["/Resources"].get("/XObject", {}).values():
            fonts.update(xobject.get_object().get("/Resources", {}).get("/Font", {}) or {})
        assert fonts
        for ref in fonts.values():
            font = ref.get_object()
            base = str(font["/BaseFont"]).lstrip("/")
            assert font["/Subtype"] == "/TrueType" and re.match(r"^[A-Z]{6}\+", base), base
            assert base.split("+")[1].split("-")[0] not in STANDARD_14
            assert "/FontFile2" in font["/FontDescriptor"].get_object()


def test_each_page_names_its_subject_with_every_mark(batch):
    docs, _, reader = batch
    for doc, page in zip(docs, reader.pages, strict=True):
        text = nfc(page.extract_text())
        head = doc.name_lines[0][1]
        assert f"Gia đình ông (bà): {head}" in text
        for expected in ("GIẤY CÔNG NHẬN", "GIA ĐÌNH HỌC TẬP NĂM 2026", "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ YÊN XUÂN",
                         "Địa chỉ: Thôn Yên Lạc, xã Yên Xuân, tỉnh Nghệ An",
                         "Đã đạt danh hiệu “Gia đình học tập” năm 2026",
                         "theo Quyết định số 235/QĐ-UBND ngày 20/11/2026 của Chủ tịch Ủy ban nhân dân xã Yên Xuân.",
                         "Yên Xuân, ngày 20 tháng 11 năm 2026", "Nguyễn Đình Thắng",
                         f"Số vào sổ: {doc.register_number}", f"Mã xác thực: {doc.grouped_check}"):
            assert expected in text, expected
        # The motto lives in the shared frame (a form): it is on every page too.
        assert "Độc lập - Tự do - Hạnh phúc" in text


def test_each_page_gets_a_qr_code_of_its_own_payload(tmp_path, monkeypatch):
    seen = []

    def spy(payload):
        seen.append(payload)
        return qr_matrix(payload)

    monkeypatch.setattr(certificate, "qr_matrix", spy)
    docs = [cert(n) for n in range(1, 5)]
    draw_certificates(docs, tmp_path / "gcn.pdf")
    assert seen == [d.qr_payload for d in docs]
    assert seen[0].startswith("XHHT|17380|2026|GDHT|2026-GDHT-000001|")


def test_every_printed_qr_code_reads_back_as_its_payload(tmp_path):
    """The PDF's pages rendered as a printer would (QtPdf, 200 dpi) and read by a real QR
    decoder (zxing-cpp): each page gives back exactly its certificate's payload."""
    docs = [cert(1), cert(999_999), cert(42)]
    draw_certificates(docs, tmp_path / "gcn.pdf")
    assert [read_qr_codes(tmp_path / "gcn.pdf", page) for page in range(len(docs))] == [[d.qr_payload] for d in docs]


def test_the_qr_matrix_is_square_and_dark_at_its_finders():
    modules = qr_matrix(cert(7).qr_payload)
    assert len(modules) == len(modules[0]) >= 21
    assert all(modules[0][:7]) and all(modules[6][:7]) and not any(modules[7][:8])  # a finder and its margin


def test_the_qr_code_is_drawn_as_vector_modules(batch):
    _, _, reader = batch
    content = reader.pages[0].get_contents().get_data().decode("latin-1")
    assert content.count(" re") > 50  # the QR modules (rectangles)
    assert "/FormXob" in content  # the border and motto, drawn once per file


def test_progress_counts_every_page(tmp_path):
    progress = Progress()
    draw_certificates((cert(n) for n in range(1, 6)), tmp_path / "gcn.pdf", progress=progress)
    assert (progress.total, progress.done) == (5, 5)
    assert progress.message


def test_any_progress_like_object_will_do(tmp_path):
    calls = []

    class Bar:
        def start(self, total, message=""):
            calls.append(("start", total))

        def advance(self, step=1):
            calls.append(("advance", step))

    draw_certificates([cert(1), cert(2)], tmp_path / "gcn.pdf", progress=Bar())
    assert calls == [("start", 2), ("advance", 1), ("advance", 1)]


def test_cancel_mid_batch_leaves_no_file(tmp_path):
    progress = Progress()
    progress.listener = lambda p: p.cancel() if p.done == 3 else None
    target = tmp_path / "gcn.pdf"
    with pytest.raises(Cancelled):
        draw_certificates([cert(n) for n in range(1, 11)], target, progress=progress)
    assert progress.done == 3
    assert list(tmp_path.iterdir()) == []


def test_cancel_keeps_an_earlier_print(tmp_path):
    target = tmp_path / "gcn.pdf"
    draw_certificates([cert(1)], target)
    before = target.read_bytes()
    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled):
        draw_certificates([cert(n) for n in range(1, 4)], target, progress=progress)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["gcn.pdf"]


def test_the_pdf_gets_the_usual_file_permissions(tmp_path):
    target, usual = tmp_path / "gcn.pdf", tmp_path / "usual.txt"
    usual.write_text("x")
    draw_certificates([cert(1)], target)
    assert stat.S_IMODE(target.stat().st_mode) == stat.S_IMODE(usual.stat().st_mode)


def test_reprint_of_one_gives_the_same_codes(tmp_path):
    doc = cert(42)
    assert draw_certificate(doc, tmp_path / "one.pdf") == 1
    text = nfc(PdfReader(tmp_path / "one.pdf").pages[0].extract_text())
    assert "Số vào sổ: 2026-GĐHT-000042" in text and f"Mã xác thực: {doc.grouped_check}" in text


def test_nothing_to_print_is_an_error(tmp_path):
    with pytest.raises(ValueError):
        draw_certificates([], tmp_path / "gcn.pdf")
    assert list(tmp_path.iterdir()) == []


def text_starts(page) -> list[tuple[float, str]]:
    starts = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            starts.append((tm[4] * cm[0] + cm[4], text))

    page.extract_text(visitor_text=visit)
    return starts


def test_long_names_stay_inside_the_border(tmp_path):
    unit = "Trường Trung học cơ sở Nguyễn Trường Tộ và Trung tâm Học tập cộng đồng xã Yên Xuân liên kết đào tạo"
    address = "Tổ dân phố số 12, khu đô thị mới Nam Đông Phú Thành, phường Nam Đông Phú Thành, tỉnh Thừa Thiên Huế"
    docs = [cert(1, kind="unit", lines=name_lines("unit", unit, address=address), name=unit),
            cert(2, lines=name_lines("household", "", head="Hoàng Thị Phương Thảo Nguyên Khánh Linh Ngọc Bích",
                                     address=address), name="x")]
    path = tmp_path / "gcn.pdf"
    draw_certificates(docs, path)
    reader = PdfReader(path)
    for page in reader.pages:
        starts = text_starts(page)
        assert starts and min(x for x, _ in starts) >= 40  # centred lines: inside on the right too
    text = nfc(reader.pages[0].extract_text())
    assert "Trường Trung học cơ sở" in text and "liên kết đào tạo" in text and address in text


@pytest.mark.parametrize("kind, lines, expected", [
    ("clan", name_lines("clan", "Nguyễn Đình (chi 3)", head="Nguyễn Đình Khoa", address="Thôn Yên Thịnh"),
     ["Dòng họ: Nguyễn Đình (chi 3)", "Trưởng họ: Nguyễn Đình Khoa", "Địa chỉ: Thôn Yên Thịnh"]),
    ("citizen", name_lines("citizen", "Tôn Nữ Thị Ngọc Ánh", sex="F", birth_year=1987),
     ["Bà: Tôn Nữ Thị Ngọc Ánh", "Năm sinh: 1987"]),
    ("hamlet", name_lines("hamlet", "Thôn Yên Lạc"), ["Cộng đồng: Thôn Yên Lạc"]),
])
def test_every_kind_prints_its_lines(tmp_path, kind, lines, expected):
    path = tmp_path / "gcn.pdf"
    draw_certificates([cert(1, kind=kind, lines=lines)], path)
    text = nfc(PdfReader(path).pages[0].extract_text())
    for line in expected:
        assert line in text


# --- onto pre-printed blanks ----------------------------------------------------------------


def starts_by_text(page) -> dict[str, tuple[float, float]]:
    """Each drawn string's start (x, y) in page space."""
    found = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            found[nfc(text)] = (tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

    page.extract_text(visitor_text=visit)
    return found


def test_a_blank_gets_only_the_variable_parts(tmp_path):
    doc = cert(7)
    path = tmp_path / "phoi.pdf"
    assert draw_certificates([doc], path, blank=BlankLayout()) == 1
    page = PdfReader(path).pages[0]
    text = nfc(page.extract_text())
    for printed in ("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ YÊN XUÂN", "GIA ĐÌNH HỌC TẬP NĂM 2026",
                    f"Gia đình ông (bà): {doc.name_lines[0][1]}", "Địa chỉ: Thôn Yên Lạc, xã Yên Xuân, tỉnh Nghệ An",
                    "theo Quyết định số 235/QĐ-UBND ngày 20/11/2026", "Yên Xuân, ngày 20 tháng 11 năm 2026",
                    "Nguyễn Đình Thắng", f"Số vào sổ: {doc.register_number}", f"Mã xác thực: {doc.grouped_check}"):
        assert printed in text, printed
    for on_the_blank in ("GIẤY CÔNG NHẬN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"):
        assert on_the_blank not in text, on_the_blank
    assert "/XObject" not in page["/Resources"], "no frame on a blank"
    content = page.get_contents().get_data().decode("latin-1")
    assert content.count(" re") > 50, "the QR code is still drawn"


def test_offsets_move_every_variable_part_by_as_many_millimetres(tmp_path):
    doc = cert(3)
    draw_certificates([doc], tmp_path / "a.pdf", blank=BlankLayout())
    draw_certificates([doc], tmp_path / "b.pdf", blank=BlankLayout(offset_x_mm=10, offset_y_mm=-4.5))
    plain = starts_by_text(PdfReader(tmp_path / "a.pdf").pages[0])
    moved = starts_by_text(PdfReader(tmp_path / "b.pdf").pages[0])
    assert plain.keys() == moved.keys() and len(plain) > 8
    for text, (x, y) in plain.items():
        mx, my = moved[text]
        # 10 mm right; -4.5 mm is up, and up is +y in PDF space. 1 mm = 72 / 25.4 pt.
        assert mx - x == pytest.approx(10 * 72 / 25.4, abs=0.01), text
        assert my - y == pytest.approx(4.5 * 72 / 25.4, abs=0.01), text


def test_the_normal_page_places_its_text_where_the_blank_layout_does(tmp_path):
    """The blank layout is the normal page minus what the blank carries: same positions."""
    doc = cert(5)
    draw_certificates([doc], tmp_path / "full.pdf")
    draw_certificates([doc], tmp_path / "blank.pdf", blank=BlankLayout())
    full = starts_by_text(PdfReader(tmp_path / "full.pdf").pages[0])
    for text, start in starts_by_text(PdfReader(tmp_path / "blank.pdf").pages[0]).items():
        assert full[text] == pytest.approx(start), text


def test_the_guide_shows_the_blank_faintly_for_previews(tmp_path):
    path = tmp_path / "guide.pdf"
    draw_certificates([cert(1)], path, blank=BlankLayout(offset_x_mm=3, guide=True))
    page = PdfReader(path).pages[0]
    text = nfc(page.extract_text())
    assert "GIẤY CÔNG NHẬN" in text and "Độc lập - Tự do - Hạnh phúc" in text
    states = page["/Resources"]["/ExtGState"]
    assert any(float(s.get_object().get("/ca", 1)) < 0.5 for s in states.values()), "drawn faintly"


@pytest.mark.parametrize("x, y", [(30.5, 0), (0, -31), (-100, 100)])
def test_offsets_beyond_three_centimetres_are_refused(x, y):
    with pytest.raises(ValidationError) as error:
        BlankLayout(offset_x_mm=x, offset_y_mm=y)
    assert "-30 đến 30 mm" in str(error.value)
