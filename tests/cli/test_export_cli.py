"""`xhht export` as an officer runs it: a real process on a real demo file."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from tests.cli.test_cli import xhht


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("export-cli") / "xa.sqlite"
    assert xhht("init", "--commune", "17380", db=db).returncode == 0
    made = xhht("demo", "--households", "60", "--seed", "3", db=db)
    assert made.returncode == 0, made.stderr
    return db


def test_export_households_by_default(demo_db, tmp_path):
    target = tmp_path / "ho.xlsx"
    result = xhht("export", str(target), db=demo_db)
    assert result.returncode == 0, result.stderr
    assert "Danh sách hộ gia đình: đã xuất 60 dòng" in result.stdout and str(target) in result.stdout
    ws = load_workbook(target).active
    assert ws["A4"].value == "DANH SÁCH HỘ GIA ĐÌNH"


def test_json_prints_the_summary(demo_db, tmp_path):
    target = tmp_path / "cong-dan.xlsx"
    result = xhht("export", str(target), "--what", "citizens", "--json", db=demo_db)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["path"] == str(target) and data["what"] == "citizens" and data["sheets"] == 1
    assert data["rows"] == load_workbook(target).active.max_row - 7 > 60


def test_titles_of_one_title(demo_db, tmp_path):
    target = tmp_path / "gd.xlsx"
    result = xhht("export", str(target), "--what", "titles", "--title", "gia-dinh", "--json", db=demo_db)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["sheets"] == 1
    assert load_workbook(target).sheetnames == ["Gia đình học tập"]


@pytest.mark.parametrize("args, said", [
    (["ho.csv"], "phải có đuôi .xlsx"),
    (["khong-co/ho.xlsx"], "Không có thư mục"),
    (["ho.xlsx", "--what", "nguoi"], "--what"),
    (["ho.xlsx", "--year", "1800"], "--year"),
])
def test_bad_path_or_option_is_refused_without_a_file(demo_db, tmp_path, args, said):
    result = xhht("export", str(tmp_path / args[0]), *args[1:], db=demo_db)
    assert result.returncode != 0 and said in result.stderr
    assert list(tmp_path.iterdir()) == []
