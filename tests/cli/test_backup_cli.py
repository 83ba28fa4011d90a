"""`xhht backup` and `xhht restore` as an administrator runs them: a real process, real files."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

from desktop.services.commune import init_commune
from desktop.services.hamlets import add_hamlet
from desktop.services.session import transaction
from desktop.store.db import open_database
from tests.cli.test_cli import xhht


def hamlets(path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT name FROM hamlets WHERE deleted = 0")}
    finally:
        conn.close()


def add(path, name: str) -> None:
    with open_database(path) as db, transaction(db) as session:
        add_hamlet(session=session, name=name)


def test_backup_damage_restore_with_a_password(db_path, tmp_path):
    add(db_path, "Thôn Đông")
    secret = tmp_path / "mk.txt"
    secret.write_text("Mật khẩu của xã\n", encoding="utf-8")
    made = xhht("backup", str(tmp_path / "ban.xhht"), "--password-file", str(secret), "--json", db=db_path)
    assert made.returncode == 0, made.stderr
    record = json.loads(made.stdout)
    assert record["sealed"] is True and record["size"] > 0

    add(db_path, "Thôn Sau Sao Lưu")
    with open(db_path, "r+b") as handle:  # a failing disk: pages overwritten
        handle.seek(8192)
        handle.write(b"\x00\xff" * 8192)

    wrong = tmp_path / "sai.txt"
    wrong.write_text("mật khẩu sai\n", encoding="utf-8")
    refused = xhht("restore", str(tmp_path / "ban.xhht"), "--password-file", str(wrong), db=db_path)
    assert refused.returncode == 1 and "Mật khẩu không đúng" in refused.stderr
    assert not list(tmp_path.glob("*.truoc-khoi-phuc-*")), "nothing replaced"

    restored = xhht("restore", str(tmp_path / "ban.xhht"), "--password-file", str(secret), "--json", db=db_path)
    assert restored.returncode == 0, restored.stderr
    summary = json.loads(restored.stdout)
    kept = tmp_path / summary["kept"]
    assert kept.name.startswith("xhht.truoc-khoi-phuc-") and kept.is_file()
    assert summary["commune_code"] == "17380" and summary["sealed"] is True
    assert "Thôn Đông" in hamlets(db_path) and "Thôn Sau Sao Lưu" not in hamlets(db_path)
    stats = xhht("stats", "--json", db=db_path)
    assert stats.returncode == 0, stats.stderr


def test_restore_says_what_was_replaced_and_where_it_is_kept(db_path, tmp_path):
    xhht("backup", str(tmp_path / "ban.sqlite"), db=db_path)
    result = xhht("restore", str(tmp_path / "ban.sqlite"), db=db_path)
    assert result.returncode == 0, result.stderr
    assert f"Đã khôi phục {db_path}" in result.stdout and "Tệp cũ được giữ lại ở:" in result.stdout


def test_another_communes_backup_is_refused_with_the_way_round(db_path, tmp_path):
    other = tmp_path / "hoan-kiem.sqlite"
    init_commune(other, "00070")
    before = db_path.read_bytes()
    refused = xhht("restore", str(other), db=db_path)
    assert refused.returncode == 1
    assert "xã mã 00070" in refused.stderr and "--other-commune" in refused.stderr
    assert db_path.read_bytes() == before
    allowed = xhht("restore", str(other), "--other-commune", db=db_path)
    assert allowed.returncode == 0, allowed.stderr


def test_another_programs_file_is_refused(db_path, tmp_path):
    foreign = tmp_path / "ke-toan.sqlite"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE so_cai (id INTEGER)")
    conn.close()
    refused = xhht("restore", str(foreign), db=db_path)
    assert refused.returncode == 1 and "không phải bản sao lưu XHHT" in refused.stderr
    backed = xhht("backup", str(tmp_path / "ban.sqlite"), db=foreign)
    assert backed.returncode == 1 and not (tmp_path / "ban.sqlite").exists()


def test_auto_backup_once_a_day_and_into_the_second_folder(db_path, tmp_path):
    stick = tmp_path / "usb"
    stick.mkdir()
    chosen = xhht("backup", "--second-folder", str(stick), db=db_path)
    assert chosen.returncode == 0, chosen.stderr
    first = xhht("backup", "--auto", "--json", db=db_path)
    assert first.returncode == 0, first.stderr
    made = json.loads(first.stdout)["made"]
    name = f"xhht.sao-luu-{date.today():%Y%m%d}.sqlite"
    assert sorted(record["path"] for record in made) == sorted(
        [str(db_path.parent / "sao-luu" / name), str(stick / name)])
    again = xhht("backup", "--auto", "--json", db=db_path)
    assert json.loads(again.stdout)["made"] == [] and len(json.loads(again.stdout)["already"]) == 2
    stick.rename(tmp_path / "rut-ra")  # the stick pulled out: the copy beside the file is still made
    for old in (db_path.parent / "sao-luu").iterdir():
        old.unlink()
    unplugged = xhht("backup", "--auto", db=db_path)
    assert unplugged.returncode == 0, unplugged.stderr
    assert "Không sao lưu được vào thư mục thứ hai" in unplugged.stdout


def test_backup_needs_a_file_or_auto(db_path):
    result = xhht("backup", db=db_path)
    assert result.returncode == 1 and "--auto" in result.stderr
    bad = xhht("backup", "--auto", "--keep", "0", db=db_path)
    assert bad.returncode == 2
