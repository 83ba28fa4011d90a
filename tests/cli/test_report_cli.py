"""`xhht report` as an officer runs it: a real process on a real demo file."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.cli.test_cli import xhht


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("report-cli") / "xa.sqlite"
    assert xhht("init", "--commune", "17380", db=db).returncode == 0
    made = xhht("demo", "--households", "40", "--seed", "3", db=db)
    assert made.returncode == 0, made.stderr
    return db


def test_the_report_is_written_and_says_where(demo_db, tmp_path):
    target = tmp_path / "bao-cao.xlsx"
    result = xhht("report", "--year", "2026", "--out", str(target), db=demo_db)
    assert result.returncode == 0, result.stderr
    assert "Báo cáo năm 2026" in result.stdout and str(target) in result.stdout
    book = load_workbook(target)
    assert book.sheetnames[:3] == ["Tổng hợp", "Theo thôn", "Trung tâm HTCĐ"]
    assert book["Tổng hợp"]["A4"].value == "BÁO CÁO KẾT QUẢ XÂY DỰNG XÃ HỘI HỌC TẬP NĂM 2026"


def test_json_prints_the_summary(demo_db, tmp_path):
    target = tmp_path / "bc.xlsx"
    result = xhht("report", "--year", "2025", "--out", str(target), "--json", db=demo_db)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["path"] == str(target) and data["year"] == 2025 and data["sheets"] == 3 + data["hamlets"] and data["hamlets"] >= 1


@pytest.mark.parametrize("year", ["abc", "1800", "1990"])
def test_a_bad_year_is_refused(demo_db, tmp_path, year):
    result = xhht("report", "--year", year, "--out", str(tmp_path / "bc.xlsx"), db=demo_db)
    assert result.returncode != 0 and "năm" in result.stderr
    assert not (tmp_path / "bc.xlsx").exists()


def test_the_extension_picks_the_pdf(demo_db, tmp_path):
    target = tmp_path / "bao-cao.pdf"
    result = xhht("report", "--year", "2026", "--out", str(target), "--json", db=demo_db)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    pages = len(PdfReader(target).pages)
    assert data["path"] == str(target) and data["pages"] == pages >= 3 and data["sheets"] == 0
    text = " ".join(page.extract_text() for page in PdfReader(target).pages)
    assert "BÁO CÁO" in text and "Kết quả xây dựng xã hội học tập năm 2026" in text
    said = xhht("report", "--year", "2026", "--out", str(target), db=demo_db)
    assert said.returncode == 0 and f"{pages} trang PDF" in said.stdout and str(target) in said.stdout


@pytest.mark.parametrize("name", ["bc.docx", "bc", "no-such-folder/bc.xlsx", "no-such-folder/bc.pdf"])
def test_a_bad_path_is_refused(demo_db, tmp_path, name):
    result = xhht("report", "--year", "2026", "--out", str(tmp_path / name), db=demo_db)
    assert result.returncode != 0 and result.stderr
    assert "Traceback" not in result.stderr
    if "/" not in name:
        assert ".xlsx" in result.stderr and ".pdf" in result.stderr
    assert not list(tmp_path.iterdir())
