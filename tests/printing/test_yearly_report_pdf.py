"""The yearly report as a PDF, read back with pypdf, on the hand-worked commune of
tests/services/test_report.py (its figures are worked by hand there): every number of the
YearlyReport is on the paper, the Vietnamese text is intact, the narrative sections are there
with lines to fill, and a page renders (pdftoppm) when poppler is installed."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader
from reportlab.platypus.doctemplate import LayoutError

from desktop.domain.errors import Cancelled, NotFoundError, ValidationError
from desktop.domain.progress import Progress
from desktop.printing.documents import Signer
from desktop.printing.report import Grid, Section, YearlyReportDoc, draw_yearly_report
from desktop.printing.report_charts import RateChart
from desktop.services import hamlets
from desktop.services.report import yearly_report
from desktop.services.report.pdf import PDF_NOTE, number, report_doc, write_report_pdf
from desktop.services.session import transaction
from tests.services import titles_commune as tc
from tests.services.test_dashboard import titles_year  # noqa: F401  (the fixture)

YEAR = tc.YEAR
TODAY = date(2026, 12, 20)


def text_of(path) -> str:
    """The pages' text, every run of white space one space (a table's cells come out one per line)."""
    reader = PdfReader(path)
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))


def row_after(text: str, start: str, cells: int = 4) -> list[str]:
    """The `cells` words that follow `start` (a table row's first cell) on the paper."""
    at = text.find(start)
    assert at >= 0, f"{start!r} is not on the paper"
    return text[at + len(start):].split()[:cells]


@pytest.fixture
def report_pdf(titles_year, tmp_path):  # noqa: F811
    db, _, _ = titles_year
    target = tmp_path / "bao-cao-2026.pdf"
    with db.session() as s:
        summary = write_report_pdf(session=s, year=YEAR, path=target, today=TODAY)
        report = yearly_report(session=s, year=YEAR, today=TODAY)
    return target, summary, report


def test_the_numbers_on_paper_are_the_reports(report_pdf):
    target, summary, report = report_pdf
    assert summary.pages == len(PdfReader(target).pages) >= 3 and summary.hamlets == 2
    text = text_of(target)
    # Per hamlet, as worked by hand in test_report.py: households, registered, recognised, rate…
    for n, row in enumerate(report.hamlets, start=1):
        assert row_after(text, f"{n} {row.name}", 5) == [
            number(row.households), number(row.family_registered), number(row.family_recognised),
            f"{100 * row.family_rate:.1f}".replace(".", ","), "%"]
    assert row_after(text, "2 Thôn Yên Thịnh", 5) == ["4", "4", "2", "50,0", "%"]
    assert row_after(text, "Tổng cộng", 5) == ["6", "6", "2", "33,3", "%"]
    # Biểu 4: people from 15 and Công dân học tập per hamlet (5 and 7 people, Lệ recognised).
    at = text.find("Biểu 4.")
    assert row_after(text[at:], "1 Thôn Yên Lạc", 5) == ["5", "3", "1", "20,0", "%"]
    assert row_after(text[at:], "Tổng cộng", 5) == ["12", "4", "1", "8,3", "%"]
    # The summary against the targets: households 2 of 6, 70 % in 2025 needs 5, so 3 are missing.
    assert row_after(text, "Hộ được công nhận Gia đình học tập", 12) == [
        "2", "6", "33,3", "%", "70", "%", "còn", "thiếu", "3", "hộ", "80", "%"]
    # The centre: the farming topic (3 people) and the digital class (1 woman).
    at = text.find("Biểu 5.")
    for c in report.centre:
        assert row_after(text[at:], c.category) == [str(c.activities), str(c.participations), str(c.women),
                                                     str(c.minorities)]
    assert row_after(text[at:], "Tổng cộng", 5) == ["2", "4", "1", "0", "0"]
    # Registered, evaluated, passed, recognised per title (Biểu 1).
    at = text.find("Biểu 1.")
    for t in report.titles.titles:
        counts = t.counts
        assert row_after(text[at:], counts.name) == [str(counts.registered), str(counts.evaluated),
                                                     str(counts.passed), str(counts.recognised)]
    at = text.find("Biểu 6.")
    for band in report.literacy:
        assert row_after(text[at:], f"{band.min_age}–{band.max_age} tuổi", 3) == [
            number(band.people), number(band.level1), f"{100 * band.level1 / band.people:.1f}".replace(".", ",")]


def test_vietnamese_headings_narrative_sections_and_signature(report_pdf):
    target, _, report = report_pdf
    text = text_of(target)
    for expected in ("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "Số: /BC-UBND", "BÁO CÁO", "Kết quả xây dựng xã hội học tập năm 2026", "Kính gửi:",
                     "I. KẾT QUẢ THỰC HIỆN NĂM 2026", "Công tác lãnh đạo, chỉ đạo", "Công tác tuyên truyền",
                     "Quỹ khuyến học, học bổng", "Số tiền quỹ khuyến học vận động được trong năm (đồng):",
                     "Tuần lễ hưởng ứng học tập suốt đời", "Thi đua, khen thưởng",
                     "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027",
                     "IV. ĐỀ XUẤT, KIẾN NGHỊ", "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH",
                     "Biểu đồ 1.", "Biểu đồ 2.", "Chỉ tiêu năm 2025", "Ghi chú của chương trình XHHT"):
        assert expected in text, expected
    # The place-date line keeps the day and month blank for the clerk; the year is the report's.
    assert "Yên Xuân, ngày tháng năm 2026" in text
    assert "Chưa tìm thấy mẫu báo cáo cấp xã" in text and PDF_NOTE.split(":")[0] in text
    # Nothing decomposed, no replacement character: the letters came through whole.
    assert "\ufffd" not in text and unicodedata.normalize("NFC", text) == text
    assert "Kết quả xây dựng xã hội học tập năm 2026" in PdfReader(target).metadata.subject
    assert "Thôn Yên Lạc" in text


def test_fonts_are_embedded(report_pdf):
    target, _, _ = report_pdf
    for page in PdfReader(target).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert "Helvetica" not in str(font["/BaseFont"]), font["/BaseFont"]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler's pdftoppm is not installed")
def test_the_first_page_renders(report_pdf, tmp_path):
    target, _, _ = report_pdf
    done = subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "2", str(target), str(tmp_path / "page")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.glob("page-*.png")) == ["page-1.png", "page-2.png"]


def test_an_empty_commune_says_no_data(db, tmp_path):
    with transaction(db) as s:
        hamlets.add_hamlet(session=s, name="Thôn Mới")
    with db.session() as s:
        write_report_pdf(session=s, year=YEAR, path=tmp_path / "bc.pdf", today=TODAY)
    text = text_of(tmp_path / "bc.pdf")
    assert "Không có lớp, chuyên đề nào được ghi trong năm" in text and "chưa có số liệu" in text


def test_a_bad_path_is_refused_and_an_old_file_survives_a_failure(titles_year, tmp_path):  # noqa: F811
    db, _, _ = titles_year
    old = tmp_path / "bc.pdf"
    old.write_bytes(b"old")
    with db.session() as s:
        with pytest.raises(ValidationError):
            write_report_pdf(session=s, year=YEAR, path=tmp_path / "bc.xlsx")
        with pytest.raises(NotFoundError):
            write_report_pdf(session=s, year=YEAR, path=tmp_path / "no" / "bc.pdf")
        with pytest.raises(ValidationError):
            write_report_pdf(session=s, year=1800, path=old)
    assert old.read_bytes() == b"old" and not list(tmp_path.glob(".*.part"))


def test_a_stop_before_the_drawing_leaves_the_old_file(titles_year, tmp_path):  # noqa: F811
    db, _, _ = titles_year
    (out := tmp_path / "out").mkdir()
    old = out / "bc.pdf"
    old.write_bytes(b"old")
    progress = Progress()
    progress.cancel()  # the officer pressed "Dừng" while the figures were being counted
    with db.session() as s, pytest.raises(Cancelled):
        write_report_pdf(session=s, year=YEAR, path=old, today=TODAY, progress=progress)
    assert old.read_bytes() == b"old" and sorted(p.name for p in out.iterdir()) == ["bc.pdf"]


def test_a_failure_half_way_through_the_pages_leaves_the_old_file(titles_year, tmp_path):  # noqa: F811
    db, _, _ = titles_year
    (out := tmp_path / "out").mkdir()
    old = out / "bc.pdf"
    old.write_bytes(b"old")
    with db.session() as s:
        report = yearly_report(session=s, year=YEAR, today=TODAY)
    doc = report_doc(report, commune="Xã Yên Xuân", province="Tỉnh Nghệ An")
    # A table cell longer than a page cannot be laid out: reportlab stops after drawing the pages before it.
    broken = Section("10. Hỏng", body=(Grid("Biểu hỏng", ("A",), (1.0,), (("chữ " * 20_000,),)),))
    with pytest.raises(LayoutError):
        draw_yearly_report(replace(doc, sections=(*doc.sections, broken)), old)
    assert old.read_bytes() == b"old" and sorted(p.name for p in out.iterdir()) == ["bc.pdf"]


def test_a_commune_of_many_hamlets_gets_its_chart_in_parts(tmp_path):
    """70 hamlets (a city ward's khu phố) do not fit one chart on a page: it continues."""
    names = tuple(f"Khu phố {n}" for n in range(1, 71))
    chart = RateChart("Biểu đồ 2. Thử", names, (("Tỷ lệ", tuple(float(n) for n in range(70))),),
                      lines=(("Chỉ tiêu năm 2025", 70.0),))
    doc = YearlyReportDoc("Xã Yên Xuân", "Tỉnh Nghệ An", 2026, Signer(""), "Mở đầu.",
                          (Section("1. Thử", body=(chart,)),), ("Ghi chú.",))
    pages = draw_yearly_report(doc, tmp_path / "bc.pdf")
    text = text_of(tmp_path / "bc.pdf")
    assert pages >= 2 and "Biểu đồ 2. Thử (tiếp theo)" in text
    assert all(f"Khu phố {n} " in text for n in (1, 35, 70))
