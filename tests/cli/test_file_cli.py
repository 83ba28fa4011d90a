"""`xhht` on files that are not simply the commune's writable register (issue 10, item 7):
another program's file, a file from before the header mark, a read-only file, and a file
left open by a crash, whose integrity check result is printed."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3

import pytest

from desktop.services.commune import init_commune
from desktop.services.demo.build import build_demo
from desktop.services.hamlets import add_hamlet
from desktop.services.session import transaction
from desktop.store import migrate
from desktop.store.db import make_engine, open_database
from tests.cli.test_cli import XHHT, xhht
from tests.read_only import read_only_mount_available, read_only_place, run_on_read_only_mount

HAMLETS = 3  # the demo's two and Thôn Trung
SOUND = "Lần trước chương trình không tắt bình thường; đã kiểm tra tệp dữ liệu: không có lỗi."


@pytest.fixture(scope="module")
def small_commune(tmp_path_factory):
    """Twelve households, their hamlets and people, and one hamlet named by the test."""
    path = tmp_path_factory.mktemp("file-cli") / "xhht.sqlite"
    init_commune(path, "17380")
    with open_database(path) as db:
        build_demo(db=db, households=12, seed=5, year=2026, titles=False)
        with transaction(db) as session:
            add_hamlet(session=session, name="Thôn Trung")
    return path


@pytest.fixture
def register(small_commune, tmp_path):
    path = tmp_path / "xhht.sqlite"
    shutil.copyfile(small_commune, path)
    return path


def header(path) -> tuple[bytes, int]:
    data = path.read_bytes()[:100]
    return data[68:72], int.from_bytes(data[60:64], "big")


# --- whose file ----------------------------------------------------------------------------


def test_a_file_with_another_application_id_is_refused_byte_for_byte(register, tmp_path):
    foreign = tmp_path / "ban-do.gpkg"
    shutil.copyfile(register, foreign)
    with sqlite3.connect(foreign) as conn:
        conn.execute(f"PRAGMA application_id = {int.from_bytes(b'GPKG', 'big')}")
    conn.close()
    before = foreign.read_bytes()
    for command in (("stats",), ("search", "trung"), ("init", "--commune", "17380")):
        result = xhht(*command, db=foreign)
        assert result.returncode == 1, result.stderr
        assert "chương trình khác" in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert foreign.read_bytes() == before
    assert not list(tmp_path.glob("ban-do.gpkg?*")), "nothing made beside it"


def test_a_register_from_before_the_mark_is_stamped_by_its_next_command(register):
    with sqlite3.connect(register) as conn:
        conn.execute("PRAGMA application_id = 0")
        conn.execute("PRAGMA user_version = 0")
    conn.close()
    result = xhht("stats", "--json", db=register)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["hamlets"] == HAMLETS
    assert header(register) == (b"XHHT", int(migrate.head_revision()))


# --- read-only -----------------------------------------------------------------------------


def test_a_read_only_file_is_read_printed_and_not_edited(register, tmp_path_factory):
    before = register.read_bytes()
    with read_only_place(register):
        stats = xhht("stats", "--json", db=register)
        assert stats.returncode == 0, stats.stderr
        assert json.loads(stats.stdout)["hamlets"] == HAMLETS, "stdout is still one JSON object"
        assert "chỉ cho đọc" in stats.stderr and "xem và in được" in stats.stderr
        found = xhht("search", "trung", db=register)
        assert found.returncode == 0, found.stderr
        report = tmp_path_factory.mktemp("in") / "bao-cao.pdf"  # beside the register nothing can be written
        printed = xhht("commune-rating", "--year", "2025", "--out", str(report), db=register)
        assert printed.returncode == 0, printed.stderr
        assert report.read_bytes().startswith(b"%PDF")
        for edit in (("register", "--year", "2026", "--title", "gia-dinh", "--all"), ("evaluate", "--year", "2026")):
            refused = xhht(*edit, db=register)
            assert refused.returncode == 1, refused.stderr
            assert "đang mở ở chế độ chỉ đọc" in refused.stderr and "Traceback" not in refused.stderr
    assert register.read_bytes() == before


def test_an_older_file_that_is_read_only_says_it_cannot_be_upgraded(tmp_path):
    path = tmp_path / "cd" / "xhht.sqlite"
    path.parent.mkdir()
    engine = make_engine(path)
    migrate.upgrade(engine, path, revision="0004")
    engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO local_settings(key, value) VALUES ('commune_code', '17380')")
    conn.close()
    with read_only_place(path):
        result = xhht("stats", db=path)
    assert result.returncode == 1
    assert "cần nâng cấp" in result.stderr and "không nâng cấp được" in result.stderr
    assert "chép tệp vào máy tính" in result.stderr and "Không nâng cấp được cơ sở dữ liệu" not in result.stderr


@pytest.mark.skipif(not read_only_mount_available(), reason="no private read-only bind mount here (unshare -m)")
def test_on_a_read_only_mount(register):
    """The file system itself refuses writes (EROFS), as on a CD or a locked USB stick."""
    before = register.read_bytes()
    run = dict(capture_output=True, text=True, encoding="utf-8", timeout=300)
    stats = run_on_read_only_mount(register.parent, [str(XHHT), "stats", "--json", "--db", str(register)], **run)
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["hamlets"] == HAMLETS and "chỉ cho đọc" in stats.stderr
    refused = run_on_read_only_mount(register.parent, [str(XHHT), "register", "--year", "2026", "--title",
                                                       "gia-dinh", "--all", "--db", str(register)], **run)
    assert refused.returncode == 1 and "đang mở ở chế độ chỉ đọc" in refused.stderr, refused.stderr
    assert register.read_bytes() == before
    assert sorted(p.name for p in register.parent.iterdir()) == [register.name]


# --- after an unclean exit -----------------------------------------------------------------


def crash(path) -> None:
    """The program dies with the file open: its marker stays beside it."""
    open_database(path).engine.dispose()


def test_a_sound_file_after_an_unclean_exit_gets_one_line(register):
    crash(register)
    result = xhht("stats", "--json", db=register)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == SOUND
    assert json.loads(result.stdout)["hamlets"] == HAMLETS
    again = xhht("stats", db=register)
    assert again.stderr == "", "checked once: the clean close removed the marker"


def break_search_index(path) -> None:
    with sqlite3.connect(path) as conn:  # an index row pointing at no citizen
        conn.execute("INSERT INTO citizen_search(rowid, search_text) VALUES (999999, 'ma')")
    conn.close()


def test_a_damaged_file_after_an_unclean_exit_is_warned_with_the_latest_backup(register):
    older = register.with_name("xhht.truoc-nang-cap-0003-20260101-080000.sqlite")
    newest = register.with_name("xhht.truoc-nang-cap-0004-20260301-080000.sqlite")
    for copy, when in ((older, 1_767_000_000), (newest, 1_772_000_000)):
        shutil.copyfile(register, copy)
        os.utime(copy, (when, when))
    crash(register)
    break_search_index(register)
    result = xhht("stats", db=register)
    assert result.returncode == 0, "the command still ran"
    err = result.stderr
    assert "CẢNH BÁO" in err and "thấy lỗi" in err and "citizen_search" in err
    assert f"Bản sao lưu gần nhất: {newest}" in err and str(older) not in err
    assert "xhht restore" in err and "không nên nhập thêm dữ liệu" in err
    assert "Traceback" not in err
    again = xhht("stats", db=register)
    assert "CẢNH BÁO" in again.stderr, "warned again on every start until the file is replaced"


def test_a_damaged_file_without_a_backup_points_to_the_province(register):
    crash(register)
    break_search_index(register)
    result = xhht("stats", db=register)
    assert "Không tìm thấy bản sao lưu" in result.stderr and "xhht sync pull --restore" in result.stderr
