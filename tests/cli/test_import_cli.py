"""`xhht import` as an officer runs it: a real process, real lists, a new commune file."""

from __future__ import annotations

import json

from openpyxl import load_workbook

from tests.cli.test_cli import xhht
from tests.importing import workbooks


def _new_commune(tmp_path):
    db = tmp_path / "xa.sqlite"
    assert xhht("init", "--commune", "17380", db=db).returncode == 0
    return db


def test_json_counts_and_refused_rows_then_nothing_twice(tmp_path):
    db = _new_commune(tmp_path)
    path, expected = workbooks.per_hamlet_xlsx(tmp_path)
    first = xhht("import", str(path), "--json", db=db)
    assert first.returncode == 0, first.stderr
    data = json.loads(first.stdout)
    assert (data["households"], data["citizens"], data["hamlets_created"]) == (5, 8, 2)
    assert data["new_hamlets"] == ["Thôn 1", "Xóm Đông"]
    assert [(r["sheet"], r["row"]) for r in data["rejected"]] == expected.rejected
    assert all(r["reason"] for r in data["rejected"])
    stats = json.loads(xhht("stats", "--json", db=db).stdout)
    assert stats["households"] == 5 and stats["citizens"] == 8
    second = json.loads(xhht("import", str(path), "--json", db=db).stdout)
    assert (second["households"], second["citizens"], second["citizens_matched"]) == (0, 0, 8)


def test_dry_run_and_the_rejects_file(tmp_path):
    db = _new_commune(tmp_path)
    path, _ = workbooks.flat_export_xlsx(tmp_path)
    rejects = tmp_path / "loi.xlsx"
    trial = xhht("import", str(path), "--dry-run", "--rejects", str(rejects), db=db)
    assert trial.returncode == 0, trial.stderr
    assert trial.stdout.startswith("THỬ (không ghi gì vào sổ): nhan-khau.xlsx: Sẽ thêm 2 hộ, 4 nhân khẩu")
    assert "Trang DS nhan khau, dòng 9: Ngày sinh:" in trial.stdout
    assert f"Các dòng không nhập đã lưu vào {rejects}" in trial.stdout
    assert json.loads(xhht("stats", "--json", db=db).stdout)["citizens"] == 0
    ws = load_workbook(rejects).active
    assert ws.cell(1, ws.max_column).value == "Lỗi" and ws.max_row == 1 + 5  # 4 refused, 1 of their household
    assert [ws.cell(r, 3).value for r in range(2, 7)] == ["Trương Văn Quang", "Trương Thị Sen", "Trương Văn Tài",
                                                          "Mai Thị Uyên", "Mai Văn Vinh"]


def test_no_new_hamlets(tmp_path):
    db = _new_commune(tmp_path)
    path, _ = workbooks.cp1258_csv(tmp_path)
    result = xhht("import", str(path), "--no-new-hamlets", "--json", db=db)
    data = json.loads(result.stdout)
    assert (data["households"], data["citizens"], len(data["rejected"])) == (0, 0, 3)
    assert "Xóm Mới" in data["rejected"][0]["reason"]


def test_a_legacy_xls_is_converted_and_found_by_search(tmp_path):
    db = _new_commune(tmp_path)
    path, _ = workbooks.tcvn3_xls(tmp_path)
    result = xhht("import", str(path), db=db)
    assert result.returncode == 0, result.stderr
    assert "từ bảng mã cũ (TCVN3) sang Unicode" in result.stdout
    found = json.loads(xhht("search", "huong", "--json", db=db).stdout)
    assert "Nguyễn Thị Hường" in json.dumps(found, ensure_ascii=False)


def test_bad_files_are_refused_in_words(tmp_path):
    db = _new_commune(tmp_path)
    note = tmp_path / "ghi-chu.docx"
    note.write_bytes(b"PK")
    result = xhht("import", str(note), db=db)
    assert result.returncode == 2 and "chỉ nhập được tệp .xlsx, .xls, .ods hoặc .csv" in result.stderr
    broken = tmp_path / "hong.xls"
    broken.write_bytes(b"\xd0\xcf\x11\xe0 broken")
    result = xhht("import", str(broken), db=db)
    assert result.returncode != 0 and "không đọc được tệp “hong.xls”" in result.stderr
    assert "Traceback" not in result.stderr
    missing = xhht("import", str(tmp_path / "khong-co.xlsx"), db=db)
    assert missing.returncode == 2 and "không có tệp" in missing.stderr
