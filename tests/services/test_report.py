"""The yearly report on the hand-worked commune of titles_commune.py (year 2026), recognised in
part as test_dashboard's `titles_year` recognises it: households H4, H6; clan Nguyễn (hall in
Yên Lạc); hamlet Yên Lạc; the school; Lệ (H1).

By hand, Yên Lạc: H1, H2 (2 households, both registered, none recognised); clan Nguyễn,
recognised; people from 15 living here: H1 3 + H2 2 = 5; CDHT registered Hùng, Lệ, Lan, one
recognised (Lệ). Yên Thịnh: H3–H6 (4, all registered, H4 and H6 recognised); clan Hoàng, not
recognised; people: 2 + 2 + 2 + 1 = 7; CDHT registered Việt, none recognised.
Centre 2026: the farming topic (Hùng, Quý, Việt) and the digital class (Lệ)."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook

from desktop.domain.errors import NotFoundError, ValidationError
from desktop.services import hamlets
from desktop.services.export.layout import HEADER_ROW
from desktop.services.report import NO_DATA, OTHER_HAMLET, yearly_report
from desktop.services.report.workbook import PERCENT_FORMAT, sheet_names, write_report_workbook
from desktop.services.session import transaction
from desktop.services.stats import register_stats
from tests.services import titles_commune as tc
from tests.services.test_dashboard import titles_year  # noqa: F401  (the fixture)

YEAR = tc.YEAR
TODAY = date(2026, 12, 20)


def numbers(row):
    return (row.households, row.family_registered, row.family_recognised, row.clans, row.clan_recognised,
            row.community_recognised, row.adults, row.citizen_registered, row.citizen_recognised)


def test_hamlet_rows_and_totals_as_worked_by_hand(titles_year):  # noqa: F811
    db, _, _ = titles_year
    with db.session() as s:
        report = yearly_report(session=s, year=YEAR, today=TODAY)
        stats = register_stats(session=s, year=YEAR)
    rows = {r.name: r for r in report.hamlets}
    assert list(rows) == ["Thôn Yên Lạc", "Thôn Yên Thịnh"]
    assert numbers(rows["Thôn Yên Lạc"]) == (2, 2, 0, 1, 1, 1, 5, 3, 1)
    assert rows["Thôn Yên Lạc"].community == "Đã công nhận"
    assert numbers(rows["Thôn Yên Thịnh"]) == (4, 4, 2, 1, 0, 0, 7, 1, 0)
    assert rows["Thôn Yên Thịnh"].community == "Đã đăng ký, chưa công nhận"
    assert rows["Thôn Yên Thịnh"].family_rate == pytest.approx(0.5)
    assert numbers(report.total) == (6, 6, 2, 2, 1, 1, 12, 4, 1)
    assert numbers(report.total) == tuple(map(sum, zip(*(numbers(r) for r in report.hamlets), strict=True)))
    # Where `xhht stats` counts the same thing, the report agrees.
    assert (report.total.households, report.total.clans) == (stats.households, stats.clans)
    assert (report.centre_total.activities, report.centre_total.participations) == (
        stats.activities, stats.participations)
    # …and so do the dashboard's shares, which the summary sheet reuses.
    shares = {s.base.key: (s.count, s.of) for s in report.shares()}
    assert shares["households"] == (report.total.family_recognised, report.total.households)
    assert shares["citizens"] == (report.total.citizen_recognised, report.total.adults)
    centre = {c.category: (c.activities, c.participations, c.women, c.minorities) for c in report.centre}
    assert centre == {"Chuyên đề": (1, 3, 0, 0), "Kỹ năng số": (1, 1, 1, 0)}


def test_a_retired_hamlet_is_left_out_but_its_households_still_count(titles_year):  # noqa: F811
    db, c, _ = titles_year
    with transaction(db) as s:
        hamlets.retire_hamlet(session=s, hamlet_id=c.hamlet["b"], valid_to="30/06/2026")
    with db.session() as s:
        report = yearly_report(session=s, year=YEAR, today=TODAY)
    names = [r.name for r in report.hamlets]
    assert names == ["Thôn Yên Lạc", OTHER_HAMLET]
    assert report.hamlets[1].community == "" and report.hamlets[1].households == 4
    assert report.total.households == 6 and report.total.community_recognised == 1


def test_an_empty_register_says_no_data_rather_than_zero(db, tmp_path):
    with transaction(db) as s:
        hamlets.add_hamlet(session=s, name="Thôn Mới")
    with db.session() as s:
        report = yearly_report(session=s, year=YEAR, today=TODAY)
        assert report.hamlets[0].family_rate is None and report.centre == ()
        write_report_workbook(session=s, year=YEAR, path=tmp_path / "bc.xlsx", today=TODAY)
    book = load_workbook(tmp_path / "bc.xlsx")
    values = [c.value for row in book["Theo thôn"].iter_rows() for c in row]
    assert NO_DATA in values
    assert NO_DATA in [c.value for row in book["Trung tâm HTCĐ"].iter_rows() for c in row]


def test_the_workbook_reopens_with_its_sheets_title_figures_and_signers(titles_year, tmp_path):  # noqa: F811
    db, _, _ = titles_year
    target = tmp_path / "bao-cao-2026.xlsx"
    target.write_bytes(b"old")
    with db.session() as s:
        summary = write_report_workbook(session=s, year=YEAR, path=target, today=TODAY)
    assert (summary.hamlets, summary.sheets) == (2, 5)
    book = load_workbook(target)
    assert book.sheetnames == ["Tổng hợp", "Theo thôn", "Trung tâm HTCĐ", "Thôn Yên Lạc", "Thôn Yên Thịnh"]
    sheet = book["Theo thôn"]
    assert sheet["A4"].value == "BÁO CÁO KẾT QUẢ XÂY DỰNG XÃ HỘI HỌC TẬP NĂM 2026"
    assert "01/01/2026" in sheet["A5"].value
    header = [c.value for c in sheet[7]]
    assert header[:3] == ["STT", "Thôn, tổ dân phố", "Số hộ"]
    assert [c.value for c in sheet[8]][:6] == [1, "Thôn Yên Lạc", 2, 2, 0, 0]
    total = [c.value for c in sheet[10]]
    assert total[1:5] == ["Tổng cộng", 6, 6, 2]
    assert total[5] == pytest.approx(2 / 6) and sheet.cell(10, 6).number_format == PERCENT_FORMAT
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert {"NGƯỜI LẬP BIỂU", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"} <= set(texts)
    summary_rows = {row[1]: row for row in book["Tổng hợp"].iter_rows(min_row=8, values_only=True) if row[1]}
    households = summary_rows["Hộ được công nhận Gia đình học tập"]
    assert households[3:10] == (2, 6, pytest.approx(1 / 3), 0.7, 3, 0.8, 3)
    assert not list(tmp_path.glob(".*.part.xlsx")), "no temporary file left beside it"


def hamlet_sheet(sheet) -> dict[str, tuple]:
    """A hamlet head's sheet: its lines by what they count -> (unit, number, rate)."""
    return {row[1]: row[2:5] for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)
            if isinstance(row[0], int)}


def test_each_hamlet_head_gets_a_sheet_with_the_hamlets_line(titles_year, tmp_path):  # noqa: F811
    db, _, _ = titles_year
    with db.session() as s:
        write_report_workbook(session=s, year=YEAR, path=tmp_path / "bc.xlsx", today=TODAY)
        report = yearly_report(session=s, year=YEAR, today=TODAY)
    book = load_workbook(tmp_path / "bc.xlsx")
    for row in report.hamlets:
        sheet = book[row.name]
        assert sheet["A4"].value == "BÁO CÁO KẾT QUẢ XÂY DỰNG XÃ HỘI HỌC TẬP NĂM 2026"
        assert sheet["A5"].value.startswith(f"{row.name} — Kỳ báo cáo: từ 01/01/2026")
        lines = hamlet_sheet(sheet)
        assert lines["Số hộ gia đình"][:2] == ("hộ", row.households)
        assert lines["Hộ được công nhận Gia đình học tập"][1] == row.family_recognised
        assert lines["Dòng họ được công nhận Dòng họ học tập"][1] == row.clan_recognised
        assert lines["Cộng đồng học tập của thôn"][1] == row.community
        assert lines["Người từ 15 tuổi đang cư trú"][1] == row.adults
        assert lines["Người được công nhận Công dân học tập"][1] == row.citizen_recognised
        texts = [c.value for r in sheet.iter_rows() for c in r if isinstance(c.value, str)]
        assert {"NGƯỜI LẬP BIỂU", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"} <= set(texts)
    # By hand (the module's docstring): Yên Thịnh 4 households, 2 recognised = 50 %; 7 people, none CDHT.
    thinh = hamlet_sheet(book["Thôn Yên Thịnh"])
    assert thinh["Hộ được công nhận Gia đình học tập"] == ("hộ", 2, pytest.approx(0.5))
    assert thinh["Người được công nhận Công dân học tập"] == ("người", 0, 0)
    assert book["Thôn Yên Thịnh"].cell(HEADER_ROW + 3, 5).number_format == PERCENT_FORMAT
    lac = hamlet_sheet(book["Thôn Yên Lạc"])
    assert lac["Dòng họ được công nhận Dòng họ học tập"] == ("dòng họ", 1, 1)
    assert lac["Cộng đồng học tập của thôn"][1] == "Đã công nhận"


def test_the_summary_sheet_charts_its_own_rates_against_the_targets(titles_year, tmp_path):  # noqa: F811
    db, _, _ = titles_year
    with db.session() as s:
        write_report_workbook(session=s, year=YEAR, path=tmp_path / "bc.xlsx", today=TODAY)
    sheet = load_workbook(tmp_path / "bc.xlsx")["Tổng hợp"]
    (chart,) = sheet._charts
    refs = [series.val.numRef.f for series in chart.series]
    assert refs == ["'Tổng hợp'!$F$8:$F$14", "'Tổng hợp'!$G$8:$G$14", "'Tổng hợp'!$I$8:$I$14"]
    assert chart.series[0].cat.numRef.f == "'Tổng hợp'!$B$8:$B$14"
    # Those cells are the seven shares: the rate, the 2025 and the 2030 target of each.
    assert sheet["B8"].value == "Người lớn đạt Công dân học tập" and sheet["B14"].value.startswith("Cán bộ")
    assert (sheet["F10"].value, sheet["G10"].value, sheet["I10"].value) == (pytest.approx(1 / 3), 0.7, 0.8)


@pytest.mark.parametrize("names, taken, expected", [
    (["Thôn 1", "thôn 1", "THÔN 1"], [], ["Thôn 1", "thôn 1 (2)", "THÔN 1 (3)"]),
    (["Tổ dân phố số 3/4: [khu A]*?"], [], ["Tổ dân phố số 3-4- -khu A---"]),
    (["Khu dân cư Tiểu khu Hồng Phong mở rộng số 12", "Khu dân cư Tiểu khu Hồng Phong mở rộng số 13"], [],
     ["Khu dân cư Tiểu khu Hồng Phong", "Khu dân cư Tiểu khu Hồng Ph (2)"]),
    (["Tổng hợp", "History", "'Bản Mới'", "///"], ["Tổng hợp"], ["Tổng hợp (2)", "History (2)", "Bản Mới", "---"]),
    (["'"], [], ["Thôn"]),
    (["Tho\u0302n Me\u0300o"], [], ["Thôn Mèo"]),  # decomposed marks: composed, so they count once
])
def test_sheet_names_follow_excels_rules(names, taken, expected):
    made = sheet_names(names, taken)
    assert made == expected
    assert all(len(n) <= 31 and not set(n) & set("\\/:*?[]") and not n.startswith("'") for n in made)


def test_hamlets_whose_names_clash_still_get_a_sheet_each(db, tmp_path):
    with transaction(db) as s:
        for name in ("Thôn Đông/Tây", "Thôn Đông:Tây", "Tổng hợp"):
            hamlets.add_hamlet(session=s, name=name)
    with db.session() as s:
        summary = write_report_workbook(session=s, year=YEAR, path=tmp_path / "bc.xlsx", today=TODAY)
    book = load_workbook(tmp_path / "bc.xlsx")
    assert summary.sheets == 6
    assert book.sheetnames[3:] == ["Thôn Đông-Tây", "Thôn Đông-Tây (2)", "Tổng hợp (2)"]
    assert book["Tổng hợp (2)"]["A5"].value.startswith("Tổng hợp — Kỳ báo cáo")


def test_bad_year_and_bad_path_are_refused(titles_year, tmp_path):  # noqa: F811
    db, _, _ = titles_year
    with db.session() as s:
        with pytest.raises(ValidationError):
            yearly_report(session=s, year=1800)
        with pytest.raises(ValidationError):
            write_report_workbook(session=s, year=YEAR, path=tmp_path / "bc.pdf")
        with pytest.raises(NotFoundError):
            write_report_workbook(session=s, year=YEAR, path=tmp_path / "no" / "bc.xlsx")


def test_rows_with_wrapped_text_are_tall_enough_to_show_it(titles_year, tmp_path):  # noqa: F811
    """LibreOffice opens a row one line high unless told: the notes beside each rate were cut off."""
    db, _, _ = titles_year
    with db.session() as s:
        write_report_workbook(session=s, year=YEAR, path=tmp_path / "bc.xlsx", today=TODAY)
    ws = load_workbook(tmp_path / "bc.xlsx").worksheets[0]
    header = ws.row_dimensions[HEADER_ROW].height
    assert header is not None and header >= 2 * 15.75  # "Còn thiếu so với 2025" takes two lines
    notes = [r for r in range(HEADER_ROW + 1, ws.max_row + 1)
             if isinstance(ws.cell(r, ws.max_column).value, str) and len(ws.cell(r, ws.max_column).value) > 80]
    assert notes and all((ws.row_dimensions[r].height or 0) >= 3 * 15.75 for r in notes)


def test_each_signer_is_centred_over_half_the_page(titles_year, tmp_path):  # noqa: F811
    db, _, _ = titles_year
    with db.session() as s:
        write_report_workbook(session=s, year=YEAR, path=tmp_path / "bc.xlsx", today=TODAY)
    ws = load_workbook(tmp_path / "bc.xlsx").worksheets[0]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "NGƯỜI LẬP BIỂU")
    spans = {str(m) for m in ws.merged_cells.ranges if m.min_row == row}
    assert len(spans) == 2 and any(s.startswith("A") for s in spans)
