"""The yearly report as a PDF the officer completes (printing/report.py draws it): the same
YearlyReport as the workbook, its tables and charts, and the narrative sections of domain README
§6 with dotted lines and fields for what the register cannot know.

The headings follow the sections provincial and district reports use (README §6); no official
template for a commune was found, and the printed note says so.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.domain.progress import Progress
from desktop.printing.documents import Signer
from desktop.printing.report import Grid, Section, YearlyReportDoc, draw_yearly_report
from desktop.printing.report_charts import RateChart
from desktop.services.export import check_target, issuer_of
from desktop.services.report import NO_DATA, OTHER_HAMLET, HamletRow, YearlyReport, report_for_paper
from desktop.services.report.workbook import NO_TARGET, ReportSummary
from desktop.services.title_figures import BASES, FINAL, MIDTERM, Share
from desktop.services.titles.registration import CITIZEN_MIN_AGE

PDF_NOTE = ("Chưa tìm thấy mẫu báo cáo cấp xã do văn bản trung ương quy định: bố cục và tên các phần theo các báo cáo "
            "của tỉnh, huyện đã đọc được, chưa đối chiếu được với văn bản gốc. Số liệu trong các biểu lấy từ sổ; số hộ, "
            "số người là số đang có trong sổ khi lập báo cáo. Những dòng chấm do xã ghi.")


PERCENT_SIGN = "\u00a0%"  # a no-break space: "33,3 %" never breaks before its sign


def check_pdf_target(path: str | os.PathLike) -> Path:
    """A .pdf file in a folder that exists (the file itself is replaced if it exists)."""
    return check_target(path, suffix=".pdf")


def number(n: int) -> str:
    """1234 -> "1.234", as Vietnamese offices write numbers."""
    return f"{n:,}".replace(",", ".")


def percent(count: int, of: int) -> str:
    return f"{100 * count / of:.1f}".replace(".", ",") + PERCENT_SIGN if of else NO_DATA


def _counts(report: YearlyReport) -> Grid:
    rows = tuple((c.name, *map(number, (c.registered, c.evaluated, c.passed, c.recognised)))
                 for c in (t.counts for t in report.titles.titles))
    return Grid(f"Biểu 1. Đăng ký, đánh giá và công nhận các danh hiệu năm {report.year}",
                ("Danh hiệu", "Đăng ký", "Đã đánh giá", "Đạt", "Được công nhận"), (0.36, 0.16, 0.16, 0.16, 0.16),
                rows, left=(0,))


def _gap(share: Share, deadline: int) -> tuple[str, str, bool]:
    """(target, what is missing, whether it is a gap) for one deadline."""
    target = share.target(deadline)
    if target is None:
        return NO_TARGET, "", False
    missing = share.missing(deadline)
    if missing is None:
        return f"{target.percent}{PERCENT_SIGN}", NO_DATA, False
    return f"{target.percent}{PERCENT_SIGN}", (f"còn thiếu {number(missing)} {share.base.unit}" if missing else "đã đạt"), missing > 0


def _targets(report: YearlyReport) -> Grid:
    rows, marked = [], []
    for n, share in enumerate(report.shares()):
        line = [share.base.what, number(share.count), number(share.of) if share.of else NO_DATA,
                percent(share.count, share.of)]
        for col, deadline in ((5, MIDTERM), (7, FINAL)):
            target, missing, gap = _gap(share, deadline)
            line += [target, missing]
            if gap:
                marked.append((n, col))
        rows.append(tuple(line))
    return Grid(f"Biểu 2. Kết quả so với chỉ tiêu năm {MIDTERM} và năm {FINAL}",
                ("Chỉ tiêu", "Số đạt", "Tổng số", "Tỷ lệ", f"Chỉ tiêu {MIDTERM}", f"So với chỉ tiêu {MIDTERM}",
                 f"Chỉ tiêu {FINAL}", f"So với chỉ tiêu {FINAL}"),
                (0.27, 0.08, 0.09, 0.10, 0.10, 0.14, 0.09, 0.13), tuple(rows), marked=tuple(marked), left=(0,),
                note="Ô chữ đậm trên nền xám: còn thiếu so với chỉ tiêu. Tổng số của từng dòng, theo thứ tự: " + "; ".join(
                    s.base.of for s in report.shares()) + ".")


def _titles_chart(report: YearlyReport) -> RateChart:
    shares = [s for s in report.shares() if s.base.targets]

    def target(share: Share, deadline: int) -> float | None:
        t = share.target(deadline)
        return float(t.percent) if t else None

    return RateChart(
        f"Biểu đồ 1. Tỷ lệ đạt năm {report.year} so với chỉ tiêu năm {MIDTERM} và năm {FINAL}",
        tuple(s.base.what for s in shares),
        ((f"Tỷ lệ đạt năm {report.year}", tuple(s.percent for s in shares)),
         (f"Chỉ tiêu năm {MIDTERM}", tuple(target(s, MIDTERM) for s in shares)),
         (f"Chỉ tiêu năm {FINAL}", tuple(target(s, FINAL) for s in shares))))


def _rate(rate: float | None) -> str:
    return f"{100 * rate:.1f}".replace(".", ",") + PERCENT_SIGN if rate is not None else NO_DATA


def _families(report: YearlyReport) -> Grid:
    def line(stt: str, r: HamletRow) -> tuple[str, ...]:
        return (stt, r.name, number(r.households), number(r.family_registered), number(r.family_recognised),
                _rate(r.family_rate), number(r.clans), number(r.clan_recognised), r.community)

    rows = tuple(line(str(n), r) for n, r in enumerate(report.hamlets, start=1)) + (line("", report.total),)
    return Grid("Biểu 3. Gia đình, dòng họ, cộng đồng học tập theo thôn, tổ dân phố",
                ("STT", "Thôn, tổ dân phố", "Số hộ", "GĐHT đăng ký", "GĐHT công nhận", "Tỷ lệ GĐHT/số hộ",
                 "Số dòng họ", "DHHT công nhận", "Cộng đồng học tập"),
                (0.06, 0.19, 0.08, 0.10, 0.10, 0.11, 0.09, 0.10, 0.17), rows, total=True, left=(1, 8),
                note=f"Thôn, tổ dân phố có hiệu lực ngày {report.hamlets_on:%d/%m/%Y}; dòng họ tính theo thôn có "
                     "nhà thờ họ.")


def _citizens(report: YearlyReport) -> Grid:
    def line(stt: str, r: HamletRow) -> tuple[str, ...]:
        return (stt, r.name, number(r.adults), number(r.citizen_registered), number(r.citizen_recognised),
                _rate(r.citizen_rate))

    rows = tuple(line(str(n), r) for n, r in enumerate(report.hamlets, start=1)) + (line("", report.total),)
    return Grid("Biểu 4. Công dân học tập theo thôn, tổ dân phố",
                ("STT", "Thôn, tổ dân phố", f"Người từ {CITIZEN_MIN_AGE} tuổi", "CDHT đăng ký", "CDHT công nhận",
                 "Tỷ lệ CDHT"), (0.06, 0.34, 0.15, 0.15, 0.15, 0.15), rows, total=True)


def _hamlets_chart(report: YearlyReport) -> RateChart:
    rows = [r for r in report.hamlets if r.name != OTHER_HAMLET]
    targets = BASES["households"].targets
    return RateChart(
        "Biểu đồ 2. Tỷ lệ hộ được công nhận Gia đình học tập theo thôn, tổ dân phố",
        tuple(r.name for r in rows),
        ((f"Tỷ lệ hộ được công nhận năm {report.year}",
          tuple(100 * r.family_rate if r.family_rate is not None else None for r in rows)),),
        lines=tuple((f"Chỉ tiêu năm {t.deadline}", float(t.percent)) for t in targets))


def _centre(report: YearlyReport) -> Grid:
    def line(stt: str, c) -> tuple[str, ...]:
        return (stt, c.category, number(c.activities), number(c.participations), number(c.women),
                number(c.minorities), number(c.unknown_sex))

    rows = tuple(line(str(n), c) for n, c in enumerate(report.centre, start=1))
    if not rows:
        rows = (("", "Không có lớp, chuyên đề nào được ghi trong năm", NO_DATA, NO_DATA, NO_DATA, NO_DATA, ""),)
    return Grid("Biểu 5. Hoạt động của Trung tâm học tập cộng đồng",
                ("STT", "Loại lớp, chuyên đề", "Số lớp, chuyên đề", "Lượt người tham gia", "Trong đó nữ",
                 "Người dân tộc thiểu số", "Không còn trong sổ"), (0.06, 0.30, 0.12, 0.13, 0.12, 0.14, 0.13),
                (*rows, line("", report.centre_total)), total=True,
                note="Lớp, chuyên đề bắt đầu trong năm; lượt người: mỗi người mỗi lớp tính một lượt.")


def _literacy(report: YearlyReport) -> Grid:
    rows = tuple((f"{b.min_age}–{b.max_age} tuổi", number(b.people), number(b.level1), percent(b.level1, b.people),
                  number(b.level2), percent(b.level2, b.people), number(b.unrecorded)) for b in report.literacy)
    return Grid("Biểu 6. Người biết chữ theo độ tuổi",
                ("Độ tuổi", "Số người", "Biết chữ mức độ 1", "Tỷ lệ", "Biết chữ mức độ 2", "Tỷ lệ",
                 "Chưa ghi mức biết chữ"), (0.16, 0.14, 0.14, 0.14, 0.14, 0.14, 0.14), rows, left=(0,),
                note="Mức độ 1, mức độ 2 theo Nghị định 20/2014/NĐ-CP; số người đang cư trú.")


def _models_text(report: YearlyReport) -> str:
    t = report.total
    return (f"Năm {report.year}, toàn xã có {number(t.family_registered)} hộ đăng ký Gia đình học tập, "
            f"{number(t.family_recognised)} hộ được công nhận ({_rate(t.family_rate)} số hộ); "
            f"{number(t.clan_recognised)}/{number(t.clans)} dòng họ được công nhận Dòng họ học tập; "
            f"{number(t.community_recognised)} thôn, tổ dân phố được công nhận Cộng đồng học tập; "
            f"{number(t.citizen_recognised)} người được công nhận Công dân học tập ({_rate(t.citizen_rate)} số người "
            f"từ {CITIZEN_MIN_AGE} tuổi).")


def _centre_text(report: YearlyReport) -> str:
    c = report.centre_total
    return (f"Trong năm, Trung tâm học tập cộng đồng mở {number(c.activities)} lớp, chuyên đề với "
            f"{number(c.participations)} lượt người tham gia, trong đó {number(c.women)} lượt nữ, "
            f"{number(c.minorities)} lượt người dân tộc thiểu số.")


def report_doc(report: YearlyReport, *, commune: str, province: str) -> YearlyReportDoc:
    """The report's pages, ready to draw: headings of README §6, figures of `report`."""
    year = report.year
    sections = (
        Section(f"I. KẾT QUẢ THỰC HIỆN NĂM {year}", level=1),
        Section("1. Công tác lãnh đạo, chỉ đạo; văn bản đã ban hành",
                fields=("Văn bản đã ban hành (số, ngày, trích yếu)",), blank_lines=4),
        Section("2. Công tác tuyên truyền", blank_lines=4),
        Section("3. Kết quả xây dựng các mô hình học tập",
                body=(_models_text(report), _counts(report), _targets(report), _titles_chart(report)), blank_lines=3),
        Section("4. Kết quả theo thôn, tổ dân phố",
                body=(_families(report), _citizens(report), _hamlets_chart(report)), blank_lines=2),
        Section("5. Hoạt động của Trung tâm học tập cộng đồng", body=(_centre_text(report), _centre(report)),
                blank_lines=3),
        Section("6. Xóa mù chữ, phổ cập giáo dục", body=(_literacy(report),),
                fields=("Mức độ đạt chuẩn xóa mù chữ, phổ cập giáo dục của xã",), blank_lines=2),
        Section("7. Quỹ khuyến học, học bổng",
                fields=("Số tiền quỹ khuyến học vận động được trong năm (đồng)", "Số tiền đã chi (đồng)",
                        "Số suất học bổng, phần thưởng đã trao", "Tổng giá trị học bổng, phần thưởng (đồng)"),
                blank_lines=1),
        Section("8. Tuần lễ hưởng ứng học tập suốt đời", blank_lines=3),
        Section("9. Thi đua, khen thưởng", fields=("Số tập thể, cá nhân được khen thưởng",), blank_lines=2),
        Section("II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", level=1, blank_lines=5),
        Section(f"III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {year + 1}", level=1, blank_lines=5),
        Section("IV. ĐỀ XUẤT, KIẾN NGHỊ", level=1, blank_lines=4),
    )
    unconfirmed = sorted({f"chỉ tiêu năm {t.deadline} ({t.source})" for s in report.shares() for t in s.base.targets
                          if not t.confirmed})
    notes = [PDF_NOTE]
    if unconfirmed:
        notes.append("Chưa đối chiếu được với văn bản gốc: " + "; ".join(unconfirmed) + ".")
    opening = (f"Ủy ban nhân dân {commune[:1].lower() + commune[1:]} báo cáo kết quả xây dựng xã hội học tập năm "
               f"{year} (số liệu từ ngày 01/01/{year} đến ngày 31/12/{year}) như sau:")
    return YearlyReportDoc(commune=commune, province=province, year=year,
                           signer=Signer("", "CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN"), opening=opening,
                           sections=sections, notes=tuple(notes))


def write_report_pdf(*, session: Session, year: int, path: str | os.PathLike, today: date | None = None,
                     progress: Progress | None = None) -> ReportSummary:
    """Write the year's report to `path` (.pdf, replaced whole if it exists). Only reads the register."""
    target = check_pdf_target(path)
    issuer = issuer_of(session=session)
    report = report_for_paper(session=session, year=year, today=today, progress=progress)
    pages = draw_yearly_report(report_doc(report, commune=issuer.commune, province=issuer.province), target)
    if progress is not None:
        progress.advance(1)
    return ReportSummary(str(target), report.year, len(report.hamlets), 0, pages)
