"""Printing through the title services: certificates and the decision of a title-year, read
back with pypdf; a cancelled print; the print log; the two steps (prepare, then commit what
was printed) and what may change between them; printing onto pre-printed blanks."""

from __future__ import annotations

import unicodedata

import pytest
from pypdf import PdfReader
from sqlalchemy import delete, func, select

from desktop.domain.errors import Cancelled, ConflictError, ValidationError
from desktop.domain.progress import Progress
from desktop.printing.certificate import BlankLayout
from desktop.services.session import transaction
from desktop.services.titles import certificates, evaluation, recognition
from desktop.store.db import read_setting
from desktop.store.models import Certificate, CertificatePrint, LocalSetting
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
        evaluation.evaluate_year(session=s, year=YEAR)
        for title, number in (("gia-dinh", "235/QĐ-UBND"), ("dong-ho", "236/QĐ-UBND"), ("cong-dan", "237/QĐ-UBND")):
            recognition.recognize(session=s, year=YEAR, title=title, number=number, signed_on=SIGNED,
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
    assert certificates.print_certificates(session=s, year=YEAR, title="gia-dinh", path=path) == 4
    reader = PdfReader(path)
    assert len(reader.pages) == 4
    assert_fonts_embedded(reader)
    entries = certificates.register_entries(session=s, year=YEAR, title="gia-dinh")
    assert [(e.name, e.detail) for e in entries] == HOUSEHOLDS, "numbered in annex order"
    for entry, page in zip(entries, reader.pages, strict=True):
        text = text_of(page)
        for expected in (f"Gia đình {HONORIFIC.get(entry.name, 'ông')}: {entry.name}", f"Địa chỉ: {entry.detail}",
                         "GIA ĐÌNH HỌC TẬP NĂM 2026", "ỦY BAN NHÂN DÂN XÃ YÊN XUÂN",
                         "theo Quyết định số 235/QĐ-UBND ngày 20/11/2026 của Chủ tịch Ủy ban nhân dân xã Yên Xuân.",
                         f"Số vào sổ: {entry.register_number}", f"Mã xác thực: {entry.check}"):
            assert expected in text, expected
    assert [e.register_number for e in entries] == [f"2026-GĐHT-{n:06d}" for n in range(1, 5)]
    assert all(len(e.check) == 9 and e.prints == 1 for e in entries)


def test_a_citizens_and_a_clans_certificates(recognised, tmp_path):
    s, c = recognised
    assert certificates.print_certificates(session=s, year=YEAR, title="cong-dan", path=tmp_path / "cd.pdf") == 1
    text = text_of(PdfReader(tmp_path / "cd.pdf").pages[0])
    assert "Bà: Trần Thị Lệ" in text and "Năm sinh: 1978" in text and "Địa chỉ: Xóm 1, Thôn Yên Lạc" in text
    assert "CÔNG DÂN HỌC TẬP NĂM 2026" in text and "Số vào sổ: 2026-CDHT-000001" in text


def test_the_year_has_one_sequence_of_numbers_across_titles(recognised, tmp_path):
    s, c = recognised
    certificates.print_certificates(session=s, year=YEAR, title="cong-dan", path=tmp_path / "cd.pdf")
    certificates.print_certificates(session=s, year=YEAR, title="dong-ho", path=tmp_path / "dh.pdf")
    certificates.print_certificates(session=s, year=YEAR, title="gia-dinh", path=tmp_path / "gd.pdf")
    numbers = [e.register_number for e in certificates.register_entries(session=s, year=YEAR)]
    assert numbers == ["2026-CDHT-000001", "2026-DHHT-000002", "2026-GĐHT-000003", "2026-GĐHT-000004",
                       "2026-GĐHT-000005", "2026-GĐHT-000006"]
    clan = text_of(PdfReader(tmp_path / "dh.pdf").pages[0])
    assert "Dòng họ: Họ Nguyễn Văn" in clan and "Trưởng họ: Nguyễn Văn Hùng" in clan


def test_the_decision_lists_every_recognised_name(recognised, tmp_path):
    s, c = recognised
    decision = recognition.decisions(session=s, year=YEAR, title="gia-dinh")[0]
    path = tmp_path / "qd.pdf"
    certificates.print_decision(session=s, decision_id=decision.id, path=path)
    reader = PdfReader(path)
    assert len(reader.pages) == 2, "the decision, then its annex on a page of its own"
    assert_fonts_embedded(reader)
    first, annex = (text_of(p) for p in reader.pages)
    assert "Số: 235/QĐ-UBND" in first and "Yên Xuân, ngày 20 tháng 11 năm 2026" in first
    assert "Về việc công nhận danh hiệu “Gia đình học tập” năm 2026" in first
    assert "cho 4 hộ gia đình (có danh sách kèm theo)" in first and "Nguyễn Đình Thắng" in first
    # The legal bases: the law, the criteria set the year was evaluated with, the proposal.
    for basis in ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
                  "Căn cứ Quyết định số 448/QĐ-KHVN ngày 01 tháng 12 năm 2015 của Hội Khuyến học Việt Nam về "
                  "tiêu chí đánh giá, công nhận “Gia đình học tập”;",
                  "Xét đề nghị của Chủ tịch Hội Khuyến học xã."):
        assert basis in first, basis
    assert "(Kèm theo Quyết định số 235/QĐ-UBND ngày 20 tháng 11 năm 2026" in annex  # NĐ 30, Phụ lục I, III.1.c
    # Each household under its hamlet, in a column of its own; the rest of the address after it.
    assert "Thôn, tổ dân phố" in annex and "Địa chỉ" in annex
    positions = [annex.index(f"{i} {name} {detail.split(', ')[-1]}")
                 for i, (name, detail) in enumerate(HOUSEHOLDS, start=1)]
    assert positions == sorted(positions), "by hamlet, then name"
    assert "1 Nguyễn Văn Hùng Thôn Yên Lạc Xóm 1" in annex
    assert "Danh sách có 4 hộ gia đình./." in annex


def test_a_cancelled_print_leaves_no_file_and_no_trace(recognised, tmp_path):
    s, c = recognised
    out = tmp_path / "out"
    path = out / "gcn.pdf"
    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled):
        certificates.print_certificates(session=s, year=YEAR, title="gia-dinh", path=path, progress=progress)
    assert list(out.iterdir()) == [], "no PDF, no half-written .part file"
    # Even in a transaction that goes on (the caller caught the cancel): no number, no print.
    assert s.scalar(select(func.count()).select_from(Certificate)) == 0
    assert s.scalar(select(func.count()).select_from(CertificatePrint)) == 0
    assert certificates.print_certificates(session=s, year=YEAR, title="gia-dinh", path=path) == 4
    assert [e.register_number for e in certificates.register_entries(session=s, year=YEAR)][0] == "2026-GĐHT-000001"


def test_the_print_log_counts_prints_and_reprints(recognised, tmp_path):
    s, c = recognised
    certificates.print_certificates(session=s, year=YEAR, title="gia-dinh", path=tmp_path / "a.pdf")
    certificates.print_certificates(session=s, year=YEAR, title="gia-dinh", path=tmp_path / "b.pdf",
                                    subject_ids=[c.household["h1"]])
    entries = {e.name: e for e in certificates.register_entries(session=s, year=YEAR)}
    assert len(entries) == 4, "printing again issues no new number"
    hung = entries["Nguyễn Văn Hùng"]
    assert certificates.reprint(session=s, certificate=hung.register_number,
                                path=tmp_path / "c.pdf") == hung.register_number
    assert len(PdfReader(tmp_path / "c.pdf").pages) == 1
    entries = {e.name: e for e in certificates.register_entries(session=s, year=YEAR)}
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
            certificates.print_certificates(session=s, year=YEAR, title="gia-dinh", path=tmp_path / "x.pdf")
    assert error.value.code == "nothing_to_print"
    assert not (tmp_path / "x.pdf").exists()


# --- two steps: prepare (nothing written), commit once the paper is out -------------------


def counts(s) -> tuple[int, int]:
    return (s.scalar(select(func.count()).select_from(Certificate)),
            s.scalar(select(func.count()).select_from(CertificatePrint)))


def test_preparing_writes_nothing_and_prints_the_numbers_a_commit_then_writes(recognised, tmp_path):
    s, c = recognised
    path = tmp_path / "spool" / "gcn.pdf"
    plan = certificates.prepare_certificates(session=s, year=YEAR, title="gia-dinh", path=path)
    assert counts(s) == (0, 0) and not s.new and not s.dirty, "preparing is read-only"
    assert plan.pages == len(PdfReader(path).pages) == 4 and plan.path == str(path)
    assert plan.new_numbers == tuple(f"2026-GĐHT-{n:06d}" for n in range(1, 5))
    assert [p.name for p in plan.papers] == [name for name, _ in HOUSEHOLDS]
    for paper, page in zip(plan.papers, PdfReader(path).pages, strict=True):
        assert f"Số vào sổ: {paper.register_number}" in text_of(page) and paper.name in text_of(page)

    done = certificates.commit_print(session=s, plan=plan, printer="Canon LBP2900")
    assert (done.printed, done.numbered, done.copies) == (4, 4, 1)
    entries = certificates.register_entries(session=s, year=YEAR, title="gia-dinh")
    assert [(e.register_number, e.name, e.check.replace("-", "")) for e in entries] == [
        (p.register_number, p.name, p.check_value) for p in plan.papers], "exactly the numbers on the paper"
    assert all(e.prints == 1 for e in entries)
    log = s.scalars(select(CertificatePrint.file_name)).all()
    assert set(log) == {"Máy in: Canon LBP2900 (4 trang)"}


def test_a_preview_closed_without_printing_leaves_the_register_untouched(recognised, tmp_path):
    s, c = recognised
    certificates.prepare_certificates(session=s, year=YEAR, title="gia-dinh", path=tmp_path / "a.pdf")
    certificates.prepare_certificates(session=s, year=YEAR, title="gia-dinh", path=tmp_path / "b.pdf")
    assert counts(s) == (0, 0)
    # The next print numbers from 1 again: nothing was taken by the previews.
    plan = certificates.prepare_certificates(session=s, year=YEAR, title="cong-dan", path=tmp_path / "c.pdf")
    assert plan.new_numbers == ("2026-CDHT-000001",)


def test_only_the_pages_printed_are_numbered_and_copies_are_logged(recognised, tmp_path):
    s, c = recognised
    plan = certificates.prepare_certificates(session=s, year=YEAR, title="gia-dinh", path=tmp_path / "a.pdf")
    done = certificates.commit_print(session=s, plan=plan, printer="HP", pages=[1, 2], copies=2)
    assert (done.printed, done.numbered, done.copies) == (2, 2, 2)
    entries = {e.name: e for e in certificates.register_entries(session=s, year=YEAR)}
    assert set(entries) == {plan.papers[1].name, plan.papers[2].name}
    assert [entries[p.name].register_number for p in plan.papers[1:3]] == list(plan.new_numbers[1:3])
    assert all(e.prints == 2 for e in entries.values()), "one log line per paper out of the printer"
    # The pages left out keep no number: the next print gives them the next ones.
    again = certificates.prepare_certificates(session=s, year=YEAR, title="gia-dinh", path=tmp_path / "b.pdf")
    assert [p.in_register for p in again.papers] == [False, True, True, False]
    assert again.new_numbers == ("2026-GĐHT-000004", "2026-GĐHT-000005")


def test_printing_then_saving_the_same_plan_numbers_once(recognised, tmp_path):
    s, c = recognised
    plan = certificates.prepare_certificates(session=s, year=YEAR, title="gia-dinh", path=tmp_path / "a.pdf")
    certificates.commit_print(session=s, plan=plan, printer="HP")
    saved = certificates.commit_print(session=s, plan=plan, file=str(tmp_path / "luu" / "giay.pdf"))
    assert (saved.printed, saved.numbered) == (4, 0)
    assert counts(s) == (4, 8)
    assert set(s.scalars(select(CertificatePrint.file_name))) == {"giay.pdf", "Máy in: HP (4 trang)"}


def test_numbers_taken_meanwhile_are_refused_and_nothing_is_written(recognised, tmp_path):
    s, c = recognised
    h1, h2 = c.household["h1"], c.household["h2"]
    plan = certificates.prepare_certificates(session=s, year=YEAR, title="gia-dinh", path=tmp_path / "a.pdf",
                                             subject_ids=[h1])
    # Another window prints another household meanwhile and takes the same first number.
    certificates.print_certificates(session=s, year=YEAR, title="gia-dinh", path=tmp_path / "b.pdf", subject_ids=[h2])
    before = counts(s)
    with pytest.raises(ConflictError) as error:
        certificates.commit_print(session=s, plan=plan, printer="HP")
    assert error.value.code == "numbers_taken" and "in lại" in str(error.value)
    assert plan.papers[0].register_number in str(error.value)
    assert counts(s) == before
    # Printing again gives the household the next number, and that commit goes through.
    again = certificates.prepare_certificates(session=s, year=YEAR, title="gia-dinh", path=tmp_path / "c.pdf",
                                              subject_ids=[h1])
    assert again.new_numbers == ("2026-GĐHT-000002",)
    certificates.commit_print(session=s, plan=again, printer="HP")


def test_a_recognition_revoked_while_printing_is_refused(recognised, tmp_path):
    s, c = recognised
    plan = certificates.prepare_certificates(session=s, year=YEAR, title="gia-dinh", path=tmp_path / "a.pdf")
    standing = recognition.standing_recognition(session=s, year=YEAR, title="gia-dinh", subject_id=c.household["h4"])
    recognition.revoke(session=s, recognition_id=standing.id, reason="Hộ chuyển đi nơi khác")
    with pytest.raises(ConflictError) as error:
        certificates.commit_print(session=s, plan=plan, printer="HP")
    assert error.value.code == "recognition_gone" and "Đặng Quốc Việt" in str(error.value)
    assert counts(s) == (0, 0)


def test_a_reprint_is_logged_only_once_printed(recognised, tmp_path):
    s, c = recognised
    certificates.print_certificates(session=s, year=YEAR, title="gia-dinh", path=tmp_path / "a.pdf")
    first = certificates.register_entries(session=s, year=YEAR)[0]
    plan = certificates.prepare_reprint(session=s, certificate=first.register_number, path=tmp_path / "lai.pdf")
    assert plan.reprint and plan.new_numbers == () and counts(s) == (4, 4)
    assert f"Số vào sổ: {first.register_number}" in text_of(PdfReader(tmp_path / "lai.pdf").pages[0])
    certificates.commit_print(session=s, plan=plan, printer="Canon")
    log = s.execute(select(CertificatePrint.reprint, CertificatePrint.file_name)
                    .where(CertificatePrint.certificate_id == first.id)).all()
    assert sorted(log) == [(False, "a.pdf"), (True, "Máy in: Canon (1 trang)")]
    # Reissued (voided) between preview and print: the old paper is refused.
    plan = certificates.prepare_reprint(session=s, certificate=first.register_number, path=tmp_path / "lai2.pdf")
    certificates.reissue(session=s, certificate=first.register_number, reason="Giấy bị rách khi in")
    with pytest.raises(ConflictError) as error:
        certificates.commit_print(session=s, plan=plan, printer="Canon")
    assert error.value.code == "void_certificate"


def test_an_old_database_without_a_key_gets_it_at_commit(recognised, tmp_path):
    s, c = recognised
    s.execute(delete(LocalSetting).where(LocalSetting.key == certificates.KEY_SETTING))
    plan = certificates.prepare_certificates(session=s, year=YEAR, title="cong-dan", path=tmp_path / "a.pdf")
    assert plan.new_key is not None and read_setting(s, certificates.KEY_SETTING) is None
    certificates.commit_print(session=s, plan=plan, printer="HP")
    assert read_setting(s, certificates.KEY_SETTING) == plan.new_key
    paper = plan.papers[0]
    assert certificates.verify(session=s, register_number=paper.register_number, check=paper.check_value) is not None


def test_certificates_onto_pre_printed_blanks(recognised, tmp_path):
    s, c = recognised
    path = tmp_path / "phoi.pdf"
    plan = certificates.prepare_certificates(session=s, year=YEAR, title="gia-dinh", path=path,
                                             blank=BlankLayout(offset_x_mm=2.5, offset_y_mm=-1))
    for paper, page in zip(plan.papers, PdfReader(path).pages, strict=True):
        text = text_of(page)
        assert paper.name in text and f"Số vào sổ: {paper.register_number}" in text
        assert "GIA ĐÌNH HỌC TẬP NĂM 2026" in text and "ỦY BAN NHÂN DÂN XÃ YÊN XUÂN" in text
        assert "GIẤY CÔNG NHẬN" not in text and "Độc lập - Tự do - Hạnh phúc" not in text, "the blank has them"
