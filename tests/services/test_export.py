"""Exporting the register to .xlsx, read back with openpyxl as the district would open it:
the title block, the header, a known person's row, a CCCD keeping its leading zero, a year
alone staying a year, as many rows as the list shows, deleted rows left out; bad input and a
stop halfway leave no file."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.domain.errors import Cancelled, NotFoundError, ValidationError
from desktop.domain.progress import Progress
from desktop.services import listing, register
from desktop.services.centre import list_activities
from desktop.services.commune import commune_info
from desktop.services.export import export_workbook, file_name
from desktop.services.export.layout import HEADER_ROW, MOTTO, issuer_span
from desktop.services.list_readouts import list_clan_overview
from desktop.services.listing import LIVING_HERE_FILTER, CitizenFilter, HouseholdFilter
from desktop.services.session import transaction
from desktop.services.titles import certificates, evaluation, recognition
from desktop.services.titles.grid import grid
from desktop.services.units import list_units
from desktop.store.db import open_database
from tests.factories import family, person
from tests.services import titles_commune as tc
from tests.services.titles_commune import SIGNED, YEAR, data_home  # noqa: F401 (a fixture)

FIRST = HEADER_ROW + 1  # the first data row


@pytest.fixture(scope="module")
def commune(template_db, tmp_path_factory, data_home):  # noqa: F811
    """The titles commune, evaluated, households recognised and their certificates printed; one
    more household with CCCDs and a full birth date; one household deleted."""
    folder = tmp_path_factory.mktemp("export")
    path = folder / "xhht.sqlite"
    shutil.copyfile(template_db, path)
    db = open_database(path)
    with transaction(db) as s:
        c = tc.setup_year(s)
        evaluation.evaluate_year(session=s, year=YEAR)
        recognition.recognize(session=s, year=YEAR, title="gia-dinh", number="235/QĐ-UBND", signed_on=SIGNED,
                              signer_name="Nguyễn Đình Thắng")
        certificates.print_certificates(session=s, year=YEAR, title="gia-dinh", path=folder / "gcn.pdf")
        # An (CCCD 040075000001, born 1975), Hường (12/03/1978), Bình (2005, no CCCD).
        added = register.add_household(session=s, data=family(hamlet_id=c.hamlet["a"], address="Xóm 3"))
        gone = register.add_household(session=s, data=family(
            person("Trịnh Văn Xóa", "Nam", "1960", relation="head"), hamlet_id=c.hamlet["b"]))
        register.delete_household(session=s, household_id=gone.id)
        # An address longer than a column may be wide (layout.MAX_WIDTH): it wraps.
        register.add_household(session=s, data=family(
            person("Đặng Văn Dài", "Nam", "1970", relation="head"), hamlet_id=c.hamlet["b"],
            address="Số 12, ngõ 34, đường Nguyễn Du kéo dài, khu tái định cư Đồng Sau"))
        # Born in a month of a year, no day: text in the date column.
        register.add_household(session=s, data=family(
            person("Lê Thị Thu", "Nữ", "03/1980", relation="head", occupation="Làm ruộng"), hamlet_id=c.hamlet["b"]))
    yield db, c, added
    db.close()


def export(db, tmp_path: Path, what: str, **options):
    target = tmp_path / f"{what}.xlsx"
    with db.session() as s:
        summary = export_workbook(session=s, path=target, what=what, **options)
    assert summary.path == str(target) and summary.what == what
    return summary, load_workbook(target)


def data_rows(ws) -> list[tuple]:
    return [row for row in ws.iter_rows(min_row=FIRST, values_only=True) if any(v is not None for v in row)]


def column(ws, header: str) -> int:
    """The 0-based index of a header in the header row."""
    headers = [c.value for c in ws[HEADER_ROW]]
    return headers.index(header)


def widths(ws) -> dict[int, float]:
    """Each column's width by its 1-based index (one entry of the file may cover several columns)."""
    return {i: d.width for d in ws.column_dimensions.values() for i in range(d.min, d.max + 1)}


def test_households_list_with_title_block_and_print_setup(commune, tmp_path):
    db, c, added = commune
    summary, wb = export(db, tmp_path, "households")
    ws = wb.active
    info = commune_info(db=db)
    assert ws["A1"].value == info.name.upper()  # "XÃ YÊN XUÂN"
    assert ws["A2"].value.endswith(info.province_name.upper())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in [c.value for c in ws[1]]
    assert ws["A4"].value == "DANH SÁCH HỘ GIA ĐÌNH" and ws["A4"].font.b
    assert f"Ngày xuất: {date.today():%d/%m/%Y}" in ws["A5"].value
    headers = [c.value for c in ws[HEADER_ROW]]
    assert headers[:3] == ["STT", "Mã hộ", "Chủ hộ"]
    assert all(c.font.b and c.border.bottom.style == "thin" and c.alignment.wrap_text for c in ws[HEADER_ROW])
    assert ws.freeze_panes == f"A{FIRST}"
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    # One page wide, as many down as it takes (fitToWidth left out of the file means 1, its default).
    assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert all(ws.column_dimensions[letter].width >= 6 for letter in "ABCDEFGH")

    rows = data_rows(ws)
    with db.session() as s:
        assert len(rows) == summary.rows == len(listing.household_ids(session=s, filter=HouseholdFilter()))
        mine = listing.household_rows(session=s, ids=[added.id])[0]
    row = next(r for r in rows if r[1] == mine.code)
    assert row[2:] == ("Nguyễn Văn An", "Thôn Yên Lạc", "Xóm 3", None, mine.poverty_label, 3)
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))  # STT, as numbers
    assert not any("Trịnh Văn Xóa" in str(r) for r in rows)  # the deleted household
    # The long address wraps onto a second line, and its row is made tall enough to show it
    # (a spreadsheet program may keep a row one line high otherwise).
    long = FIRST + next(i for i, r in enumerate(rows) if r[2] == "Đặng Văn Dài")
    assert ws.cell(long, column(ws, "Địa chỉ") + 1).alignment.wrap_text
    assert ws.row_dimensions[long].height >= 2 * 15


def test_citizens_keep_cccd_as_text_and_a_year_alone_as_the_year(commune, tmp_path):
    db, c, _ = commune
    summary, wb = export(db, tmp_path, "citizens")
    ws = wb.active
    rows = data_rows(ws)
    with db.session() as s:
        living = listing.citizen_ids(session=s, filter=CitizenFilter(status=LIVING_HERE_FILTER))
    assert len(rows) == summary.rows == len(living)
    names = [r[column(ws, "Họ và tên")] for r in rows]
    assert "Trịnh Văn Xóa" not in names  # deleted with its household
    assert "Cao Văn Chiến" not in names  # moved away: not living here (the list's default filter)

    an = FIRST + names.index("Nguyễn Văn An")
    cccd = ws.cell(an, column(ws, "Số định danh cá nhân") + 1)
    assert cccd.value == "040075000001" and cccd.data_type == "s"
    born = ws.cell(an, column(ws, "Ngày sinh") + 1)
    assert born.value == 1975 and born.data_type == "n"  # a year alone stays the year
    huong = ws.cell(FIRST + names.index("Trần Thị Hường"), column(ws, "Ngày sinh") + 1)
    assert huong.value == datetime(1978, 3, 12) and huong.number_format == "dd/mm/yyyy"
    row = rows[names.index("Nguyễn Văn An")]
    assert (row[column(ws, "Giới tính")], row[column(ws, "Quan hệ với chủ hộ")],
            row[column(ws, "Thôn/Tổ dân phố")], row[column(ws, "Tình trạng cư trú")]) == (
        "Nam", "Chủ hộ", "Thôn Yên Lạc", "Thường trú")


def test_every_citizen_row_says_what_the_citizens_page_says(commune, tmp_path):
    """The export reads its own columns (tables._citizen_values); each must match the page's row."""
    db, _, _ = commune
    _, wb = export(db, tmp_path, "citizens")
    ws = wb.active
    with db.session() as s:
        ids = listing.citizen_ids(session=s, filter=CitizenFilter(status=LIVING_HERE_FILTER), sort="household")
        shown = listing.citizen_rows(session=s, ids=ids)

    def birth(value) -> str:  # the cell as the page writes the date
        return f"{value:%d/%m/%Y}" if isinstance(value, datetime) else "" if value is None else str(value)

    def text(value) -> str:
        return "" if value is None else value

    exported = [(r[0], r[1], r[2], birth(r[3]), text(r[4]), *(text(v) for v in r[5:])) for r in data_rows(ws)]
    assert exported == [(n, r.full_name, r.sex_label, r.birth_display, r.identity_number, r.ethnicity,
                         r.household_code, r.relation, r.hamlet_name, r.status, r.occupation, r.education,
                         r.literacy) for n, r in enumerate(shown, start=1)]
    assert "03/1980" in [r[3] for r in exported]  # a month and year stay as written


def test_clans_units_and_activities(commune, tmp_path):
    db, c, _ = commune
    with db.session() as s:
        clans, units = list_clan_overview(session=s), list_units(session=s)
        this_year = list_activities(session=s, year=YEAR)
    summary, wb = export(db, tmp_path, "clans")
    rows = data_rows(wb.active)
    assert summary.rows == len(rows) == len(clans)
    assert ("Họ Nguyễn Văn", "Nguyễn Văn Hùng", "Thôn Yên Lạc", 2) in [r[1:] for r in rows]

    summary, wb = export(db, tmp_path, "units")
    rows = data_rows(wb.active)
    assert summary.rows == len(rows) == len(units)
    school = next(r for r in rows if r[1] == "Trường Tiểu học Yên Xuân")
    assert school[2:5] == ("Trường học", 30, "Thôn Yên Lạc")
    # "Số điện thoại" takes three lines in its narrow column: the header row is as tall.
    assert widths(wb.active)[8] < 9 and wb.active.row_dimensions[HEADER_ROW].height >= 3 * 15

    summary, wb = export(db, tmp_path, "activities", year=YEAR)
    ws = wb.active
    rows = data_rows(ws)
    assert summary.rows == len(rows) == len(this_year) == 2
    farming = next(r for r in rows if r[1] == "Chuyên đề kỹ thuật trồng lúa")
    assert farming[3:6] == (datetime(2026, 3, 10), datetime(2026, 3, 12), 8)
    assert farming[-1] == 3  # participants, a number
    assert "Năm 2026" in ws["A5"].value


def test_titles_grid_one_sheet_per_title(commune, tmp_path):
    db, c, _ = commune
    summary, wb = export(db, tmp_path, "titles", year=YEAR)
    with db.session() as s:
        grids = {t: grid(session=s, year=YEAR, title=t) for t in ("cong-dan", "gia-dinh", "dong-ho", "cong-dong",
                                                                    "don-vi")}
    assert summary.sheets == len(wb.worksheets) == 5
    assert summary.rows == sum(len(g.rows) for g in grids.values())
    ws = wb["Gia đình học tập"]
    assert ws["A4"].value == "KẾT QUẢ ĐÁNH GIÁ DANH HIỆU “GIA ĐÌNH HỌC TẬP”"
    rows = data_rows(ws)
    assert len(rows) == len(grids["gia-dinh"].rows)
    g = grids["gia-dinh"]
    hung = next(r for r in g.rows if r.name == "Nguyễn Văn Hùng")
    row = next(r for r in rows if r[1] == "Nguyễn Văn Hùng")
    assert row[column(ws, "Trạng thái")] == "Đã công nhận"
    first_item = g.item_ids[0]
    assert row[column(ws, (g.item_labels or {})[first_item])] == hung.items[first_item][0]
    assert row[column(ws, "Tổng điểm")] == hung.total
    assert row[column(ws, "Số quyết định công nhận")] == "235/QĐ-UBND"
    assert row[column(ws, "Số vào sổ giấy công nhận")] == hung.register_number != ""

    summary, wb = export(db, tmp_path, "titles", year=YEAR, title="dong-ho")
    assert summary.sheets == 1 and wb.sheetnames == ["Dòng họ học tập"]


def test_certificate_register(commune, tmp_path):
    db, c, _ = commune
    with db.session() as s:
        entries = certificates.register_entries(session=s, year=YEAR)
    summary, wb = export(db, tmp_path, "certificates", year=YEAR)
    ws = wb.active
    rows = data_rows(ws)
    assert summary.rows == len(rows) == len(entries) == 4
    assert [r[1] for r in rows] == [e.register_number for e in entries]
    first = rows[0]
    assert first[2] == YEAR and first[3] == "Gia đình học tập" and first[6] == "235/QĐ-UBND"
    assert ws.cell(FIRST, column(ws, "Ngày cấp") + 1).number_format == "dd/mm/yyyy"
    assert first[column(ws, "Tình trạng")] == "Còn giá trị" and first[column(ws, "Số lần in")] == 1


def test_bad_input_is_refused_before_writing(commune, tmp_path):
    db, _, _ = commune
    with db.session() as s:
        with pytest.raises(ValidationError):
            export_workbook(session=s, path=tmp_path / "a.xlsx", what="people")
        with pytest.raises(ValidationError):
            export_workbook(session=s, path=tmp_path / "a.csv", what="households")
        with pytest.raises(NotFoundError):
            export_workbook(session=s, path=tmp_path / "none" / "a.xlsx", what="households")
        with pytest.raises(ValidationError):
            export_workbook(session=s, path=tmp_path / "a.xlsx", what="titles", title="ai-do")
    assert list(tmp_path.iterdir()) == []


def test_a_stop_halfway_leaves_the_old_file_whole(commune, tmp_path):
    db, _, _ = commune
    target = tmp_path / "hộ.xlsx"
    target.write_bytes(b"old")
    progress = Progress()
    progress.cancel()
    with db.session() as s, pytest.raises(Cancelled):
        export_workbook(session=s, path=target, what="citizens", progress=progress)
    assert target.read_bytes() == b"old" and list(tmp_path.iterdir()) == [target]


def test_a_stop_while_writing_leaves_neither_part_file_nor_rows_behind(commune, tmp_path, monkeypatch):
    db, _, _ = commune
    rows_home = tmp_path / "tmp"  # where XlsxWriter keeps the rows until it zips them
    rows_home.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(rows_home))
    out = tmp_path / "out"
    out.mkdir()
    target = out / "công dân.xlsx"
    target.write_bytes(b"old")
    # Stopped once the rows are written, before the file is put together.
    progress = Progress(listener=lambda p: p.cancel() if p.message == "Đang ghi tệp Excel…" else None)
    with db.session() as s, pytest.raises(Cancelled):
        export_workbook(session=s, path=target, what="citizens", progress=progress)
    assert progress.done > 0  # it had begun writing
    assert target.read_bytes() == b"old" and list(out.iterdir()) == [target]
    assert list(rows_home.iterdir()) == []


def test_the_motto_keeps_room_for_its_capitals_beside_the_issuer():
    """About half the page each; on a narrow list (the demo's units, empty columns at their
    narrowest) the issuer gives up columns until the motto's bold capitals fit."""
    wide = [6, 22, 9, 12, 16, 7, 8, 16, 17, 12, 23, 26, 19]  # the citizens list
    assert issuer_span(wide) == 9 and sum(wide[9:]) >= 1.3 * len(MOTTO[0])
    narrow = [6, 33, 14, 9, 9, 6, 7, 7]
    split = issuer_span(narrow)
    assert split == 2 and sum(narrow[split:]) >= 1.3 * len(MOTTO[0]) and sum(narrow[3:]) < 1.3 * len(MOTTO[0])
    assert issuer_span([6, 8]) == 1  # too narrow for both: the issuer keeps one column


def test_file_name():
    assert file_name("households", date(2026, 12, 6)) == "ho-gia-dinh-2026-12-06.xlsx"


def test_the_list_pages_filters_narrow_the_export(commune, tmp_path):
    db, c, _ = commune
    query = CitizenFilter(hamlet_id=c.hamlet["b"], status=None, sex="F")
    with db.session() as s:
        wanted = listing.citizen_ids(session=s, filter=query)
    summary, wb = export(db, tmp_path, "citizens", filter=query)
    ws = wb.active
    assert summary.rows == len(data_rows(ws)) == len(wanted) > 0
    assert ws["A5"].value.startswith("Mọi tình trạng cư trú — Lọc theo: Thôn Yên Thịnh, Nữ")
    assert {r[column(ws, "Giới tính")] for r in data_rows(ws)} == {"Nữ"}

    summary, wb = export(db, tmp_path, "households", filter=HouseholdFilter(text="Xóm 3"))
    assert summary.rows == 1 and data_rows(wb.active)[0][2] == "Nguyễn Văn An"
    assert wb.active["A5"].value.startswith("Lọc theo: tìm “Xóm 3”")
