"""Printing through the title services: certificates and the decision of a title-year, read
back with pypdf; a cancelled print; the print log."""

from __future__ import annotations

import unicodedata

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from desktop.domain.errors import Cancelled, ValidationError
from desktop.services.progress import Progress
from desktop.services.session import transaction
from desktop.services.titles import certificates, evaluation, recognition
from desktop.store.models import Certificate, CertificatePrint
from tests.services import titles_commune as tc
from tests.services.titles_commune import SIGNED, YEAR

# The households recognised (hand-worked: H1, H2, H4, H6), in annex order: by hamlet, then name.
# By hamlet, then in register name order (given name first: Hùng before Quý).
HOUSEHOLDS = [("Nguyễn Văn Hùng", "Xóm 1, Thôn Yên Lạc"), ("Lê Đình Quý", "Thôn Yên Lạc"),
              ("Cao Thị Hằng", "Thôn Yên Thịnh"), ("Đặng Quốc Việt", "Thôn Yên Thịnh")]
HONORIFIC = {"Cao Thị Hằng": "bà"}  # the head's sex says which; the others are men


@pytest.fixture(autouse=True)
def data_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))


@pytest.fixture
def recognised(db):
    """Evaluated, with households, a clan and a citizen recognised; yields (session, ids)."""
    with transaction(db) as s:
        c = tc.setup_year(s)
        evaluation.evaluate_year(s, year=YEAR)
        for title, number in (("gia-dinh", "235/QĐ-UBND"), ("dong-ho", "236/QĐ-UBND"), ("cong-dan", "237/QĐ-UBND")):
            recognition.recognize(s, year=YEAR, title=title, number=number, signed_on=SIGNED,
                                  signer_name="Nguyễn Đình Thắng")
        yield s, c


def text_of(page) -> str:
    """The page's text, NFC-checked, with line breaks and runs of spaces made one space."""
    raw = page.extract_text()
    assert unicodedata.is_normalized("NFC", raw), "reportlab draws precomposed letters only"
    return " ".join(raw.split())


def assert_fonts_embedded(reader: PdfReader) -> None:
    for page in reader.pages:
        resources = page["/Resources"]
        fonts = dict(resources.get("/Font", {}))
        for xobject in resources.get("/XObject", {}).values():  # the certificate's frame is a form
            fonts.update(xobject.get_object().get("/Resources", {}).get("/Font", {}) or {})
        assert fonts
        for ref in fonts.values():
            descriptor = ref.get_object()["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor or "/FontFile" in descriptor, ref.get_object()["/BaseFont"]


def test_certificates_of_a_title_year(recognised, tmp_path):
    s, c = recognised
    path = tmp_path / "gcn-gia-dinh.pdf"
    assert certificates.print_certificates(s, year=YEAR, title="gia-dinh", path=path) == 4
    reader = PdfReader(path)
    assert len(reader.pages) == 4
    assert_fonts_embedded(reader)
    entries = certificates.register_entries(s, year=YEAR, title="gia-dinh")
    assert [(e.name, e.detail) for e in entries] == HOUSEHOLDS, "numbered in annex order"
    for entry, page in zip(entries, reader.pages):
        text = text_of(page)
        for expected in (f"Gia đình {HONORIFIC.get(entry.name, 'ông')}: {entry.name}", f"Địa chỉ: {entry.detail}",
                         "GIA ĐÌNH HỌC TẬP NĂM 2026", "ỦY BAN NHÂN DÂN XÃ YÊN XUÂN",
                         "theo Quyết định số 235/QĐ-UBND ngày 20/11/2026 của Ủy ban nhân dân xã Yên Xuân.",
                         f"Số vào sổ: {entry.register_number}", f"Mã xác thực: {entry.check}"):
            assert expected in text, expected
    assert [e.register_number for e in entries] == [f"2026-GĐHT-{n:06d}" for n in range(1, 5)]
    assert all(len(e.check) == 9 and e.prints == 1 for e in entries)


def test_a_citizens_and_a_clans_certificates(recognised, tmp_path):
    s, c = recognised
    assert certificates.print_certificates(s, year=YEAR, title="cong-dan", path=tmp_path / "cd.pdf") == 1
    text = text_of(PdfReader(tmp_path / "cd.pdf").pages[0])
    assert "Bà: Trần Thị Lệ" in text and "Năm sinh: 1978" in text and "Địa chỉ: Xóm 1, Thôn Yên Lạc" in text
    assert "CÔNG DÂN HỌC TẬP NĂM 2026" in text and "Số vào sổ: 2026-CDHT-000001" in text


def test_the_year_has_one_sequence_of_numbers_across_titles(recognised, tmp_path):
    s, c = recognised
    certificates.print_certificates(s, year=YEAR, title="cong-dan", path=tmp_path / "cd.pdf")
    certificates.print_certificates(s, year=YEAR, title="dong-ho", path=tmp_path / "dh.pdf")
    certificates.print_certificates(s, year=YEAR, title="gia-dinh", path=tmp_path / "gd.pdf")
    numbers = [e.register_number for e in certificates.register_entries(s, year=YEAR)]
    assert numbers == ["2026-CDHT-000001", "2026-DHHT-000002", "2026-GĐHT-000003", "2026-GĐHT-000004",
                       "2026-GĐHT-000005", "2026-GĐHT-000006"]
    clan = text_of(PdfReader(tmp_path / "dh.pdf").pages[0])
    assert "Dòng họ: Họ Nguyễn Văn" in clan and "Trưởng họ: Nguyễn Văn Hùng" in clan


def test_the_decision_lists_every_recognised_name(recognised, tmp_path):
    s, c = recognised
    decision = recognition.decisions(s, year=YEAR, title="gia-dinh")[0]
    path = tmp_path / "qd.pdf"
    certificates.print_decision(s, decision_id=decision.id, path=path)
    reader = PdfReader(path)
    assert len(reader.pages) == 2, "the decision, then its annex on a page of its own"
    assert_fonts_embedded(reader)
    first, annex = (text_of(p) for p in reader.pages)
    assert "Số: 235/QĐ-UBND" in first and "Yên Xuân, ngày 20 tháng 11 năm 2026" in first
    assert "Về việc công nhận danh hiệu “Gia đình học tập” năm 2026" in first
    assert "cho 4 hộ gia đình (có danh sách kèm theo)" in first and "Nguyễn Đình Thắng" in first
    # The legal bases: the law, the criteria set the year was evaluated with, the proposal.
    for basis in ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
                  "Căn cứ Quyết định số 448/QĐ-KHVN ngày 10 tháng 11 năm 2015 của Hội Khuyến học Việt Nam về "
                  "tiêu chí đánh giá, công nhận “Gia đình học tập”;",
                  "Xét đề nghị của Chủ tịch Hội Khuyến học xã."):
        assert basis in first, basis
    assert "(Kèm theo Quyết định số 235/QĐ-UBND ngày 20/11/2026" in annex
    positions = [annex.index(f"{i} {name} {detail}") for i, (name, detail) in enumerate(HOUSEHOLDS, start=1)]
    assert positions == sorted(positions), "by hamlet, then name"
    assert "Danh sách có 4 hộ gia đình./." in annex


def test_a_cancelled_print_leaves_no_file_and_no_trace(recognised, tmp_path):
    s, c = recognised
    out = tmp_path / "out"
    path = out / "gcn.pdf"
    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled):
        certificates.print_certificates(s, year=YEAR, title="gia-dinh", path=path, progress=progress)
    assert list(out.iterdir()) == [], "no PDF, no half-written .part file"
    # Even in a transaction that goes on (the caller caught the cancel): no number, no print.
    assert s.scalar(select(func.count()).select_from(Certificate)) == 0
    assert s.scalar(select(func.count()).select_from(CertificatePrint)) == 0
    assert certificates.print_certificates(s, year=YEAR, title="gia-dinh", path=path) == 4
    assert [e.register_number for e in certificates.register_entries(s, year=YEAR)][0] == "2026-GĐHT-000001"


def test_the_print_log_counts_prints_and_reprints(recognised, tmp_path):
    s, c = recognised
    certificates.print_certificates(s, year=YEAR, title="gia-dinh", path=tmp_path / "a.pdf")
    certificates.print_certificates(s, year=YEAR, title="gia-dinh", path=tmp_path / "b.pdf",
                                    subject_ids=[c.household["h1"]])
    entries = {e.name: e for e in certificates.register_entries(s, year=YEAR)}
    assert len(entries) == 4, "printing again issues no new number"
    hung = entries["Nguyễn Văn Hùng"]
    assert certificates.reprint(s, certificate=hung.register_number, path=tmp_path / "c.pdf") == hung.register_number
    assert len(PdfReader(tmp_path / "c.pdf").pages) == 1
    entries = {e.name: e for e in certificates.register_entries(s, year=YEAR)}
    assert {name: e.prints for name, e in entries.items()} == {
        "Lê Đình Quý": 1, "Nguyễn Văn Hùng": 3, "Cao Thị Hằng": 1, "Đặng Quốc Việt": 1}
    assert entries["Nguyễn Văn Hùng"].last_printed is not None
    log = s.execute(select(CertificatePrint.file_name, CertificatePrint.reprint)
                    .where(CertificatePrint.certificate_id == hung.id)).all()
    assert sorted(log) == [("a.pdf", False), ("b.pdf", False), ("c.pdf", True)]


def test_nothing_to_print(db, tmp_path):
    with transaction(db) as s:
        tc.setup_year(s)
        with pytest.raises(ValidationError) as error:
            certificates.print_certificates(s, year=YEAR, title="gia-dinh", path=tmp_path / "x.pdf")
    assert error.value.code == "nothing_to_print"
    assert not (tmp_path / "x.pdf").exists()
