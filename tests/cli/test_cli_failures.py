"""What `xhht` says when things other than its own checks fail (issue 10, item 5): a
sentence, never a traceback on stderr (it would print other citizens' names and CCCDs)."""

from __future__ import annotations

import errno
import os
import shutil

import pytest

from desktop import cli
from desktop.cli import register as register_cli
from tests.cli.test_cli import demo_db, xhht  # noqa: F401 (demo_db is a fixture)


def damage(source, target) -> None:
    """Pages overwritten past the header: what a power cut mid-write can leave."""
    shutil.copy(source, target)
    size = os.path.getsize(target)
    with open(target, "r+b") as f:
        for offset in range(8192, size, 65536):
            f.seek(offset)
            f.write(bytes(range(256)) * 16)


@pytest.mark.parametrize("command", [("stats",), ("search", "an"), ("evaluate", "--year", "2025")])
def test_a_damaged_file_is_said_in_words(demo_db, tmp_path, command):  # noqa: F811
    bad = tmp_path / "hong.sqlite"
    damage(demo_db, bad)
    result = xhht(*command, db=bad)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "sqlite3" not in result.stderr
    assert "bị hỏng" in result.stderr and "bản sao lưu" in result.stderr


def damage_schema(source, target) -> None:
    """Twenty pages overwritten from the fourth: the schema's own pages are hit, so the file
    fails the look taken before it is opened, not a later query."""
    shutil.copy(source, target)
    with open(target, "r+b") as f:
        f.seek(4096 * 3)
        f.write(bytes(range(256)) * 16 * 20)


def test_damaged_schema_pages_are_said_in_words_with_the_backup(demo_db, tmp_path):  # noqa: F811
    bad = tmp_path / "hong.sqlite"
    damage_schema(demo_db, bad)
    result = xhht("stats", db=bad)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "malformed" not in result.stderr  # SQLite's English goes to the log only
    assert "bị hỏng" in result.stderr and "không có bản sao lưu nào" in result.stderr

    backup = tmp_path / "hong.truoc-nang-cap-20261201-0800.sqlite"
    shutil.copy(demo_db, backup)
    result = xhht("stats", db=bad)
    assert result.returncode == 1 and f"Hãy khôi phục bản sao lưu gần nhất: {backup}" in result.stderr


@pytest.mark.parametrize("args, said", [
    (("stats", "--year", "0"), "năm 0 ngoài khoảng 1945–2100"),
    (("search", "an", "--limit", "-1"), "-1: phải từ 1 đến 100.000"),
    (("search", "an", "--limit", str(10 ** 20)), "phải từ 1 đến 100.000"),
    (("evaluate", "--year", "hai nghìn"), "“hai nghìn” không phải một năm"),
])
def test_out_of_range_arguments_are_usage_errors(demo_db, args, said):  # noqa: F811
    result = xhht(*args, db=demo_db)
    assert result.returncode == 2 and said in result.stderr and "Traceback" not in result.stderr


def run_failing(monkeypatch, tmp_path, capsys, error: BaseException) -> tuple[int, str]:
    def fail(args):
        raise error
    monkeypatch.setattr(register_cli, "cmd_stats", fail)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    code = cli.main(["stats", "--db", str(tmp_path / "x.sqlite")])
    return code, capsys.readouterr().err


def test_ctrl_c_stops_with_a_sentence(monkeypatch, tmp_path, capsys):
    code, err = run_failing(monkeypatch, tmp_path, capsys, KeyboardInterrupt())
    assert code == 130 and "Đã dừng (Ctrl+C)" in err and "Traceback" not in err


def test_a_full_disk_is_said(monkeypatch, tmp_path, capsys):
    code, err = run_failing(monkeypatch, tmp_path, capsys, OSError(errno.ENOSPC, "No space left on device"))
    assert code == 1 and err.startswith("Lỗi: Ổ đĩa đầy")


def test_a_bug_goes_to_the_log_not_to_the_screen(monkeypatch, tmp_path, capsys):
    secret = "Nguyễn Thị Hường 040187654321"
    code, err = run_failing(monkeypatch, tmp_path, capsys, RuntimeError(secret))
    assert code == 1 and "Lỗi không lường trước (RuntimeError)" in err
    assert secret not in err and "Traceback" not in err
    log = next((tmp_path / "data").rglob("xhht-cli.log"))
    assert str(log) in err
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and secret in text and "xhht stats" in text


def test_another_programs_file_is_refused_untouched(tmp_path):
    """Issue 10, item 7: --db on another program's SQLite file wrote 36 tables into it first."""
    import sqlite3

    foreign = tmp_path / "ke-toan.sqlite"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE so_cai (id INTEGER, so_tien INTEGER)")
    before = foreign.read_bytes()
    for command in (("stats",), ("search", "an"), ("evaluate", "--year", "2025")):
        result = xhht(*command, db=foreign)
        assert result.returncode == 1 and "không phải sổ dữ liệu XHHT" in result.stderr, result.stderr
    assert foreign.read_bytes() == before, "not a byte written"
    assert not list(tmp_path.glob("ke-toan.sqlite.truoc-nang-cap*")), "no backup copy either: nothing was migrated"


def test_restoring_over_a_damaged_file_says_nothing_in_english(demo_db, tmp_path, monkeypatch):  # noqa: F811
    # The store logs a warning that the file being replaced cannot be read; the command
    # line sends the log to its file in the data folder, not to the officer's stderr.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    backup = tmp_path / "ban-sao.sqlite"
    assert xhht("backup", str(backup), db=demo_db).returncode == 0
    bad = tmp_path / "hong.sqlite"
    damage_schema(demo_db, bad)
    result = xhht("restore", str(backup), db=bad)
    assert result.returncode == 0, result.stderr
    assert "cannot be read" not in result.stderr + result.stdout and "Đã khôi phục" in result.stdout
    log = next((tmp_path / "data").rglob("xhht-cli.log"))
    assert "cannot be read" in log.read_text(encoding="utf-8")
