"""`xhht sync enroll | push | pull | status`: Vietnamese output, --json, exit codes."""

from __future__ import annotations

import argparse
import json
import time

import pytest

import desktop.cli as cli
from desktop.cli import common, sync
from province.services.enrolment import revoke
from tests.conftest import COMMUNE
from tests.sync.unreachable import closed_port_url


@pytest.fixture
def xhht(monkeypatch, capsys):
    """Runs `xhht …` in-process; adds the sync commands if the program does not list them yet."""
    original = cli.build_parser

    def with_sync():
        parser, handlers = original()
        if "sync" not in handlers:
            commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
            handlers.update(sync.add_commands(commands, common.common_options()))
        return parser, handlers

    monkeypatch.setattr(cli, "build_parser", with_sync)

    def run(*argv: str) -> tuple[int, str, str]:
        code = cli.main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def test_enroll_push_status_and_pull_from_the_command_line(xhht, province, demo_db, tmp_path):
    db = str(demo_db.path)
    demo_db.close()  # the command opens the file itself
    code, out, err = xhht("sync", "push", "--db", db)
    assert code == 1 and "chưa đăng ký" in err

    code, out, err = xhht("sync", "enroll", "--server", province.url, "--code", "sai-ma-0000", "--db", db)
    assert code == 1 and err.startswith("Lỗi: --code “sai-ma-0000”: Mã đăng ký gồm 12 ký tự")
    code, out, _ = xhht("sync", "enroll", "--server", province.url, "--code", province.issue_code(), "--db", db,
                        "--json")
    assert code == 0 and json.loads(out)["commune"] == COMMUNE

    code, out, _ = xhht("sync", "push", "--db", db, "--json")
    report = json.loads(out)
    assert code == 0 and report["rejected"] == 0 and report["accepted"] > 1000 and report["verify"]["ok"]

    code, out, _ = xhht("sync", "status", "--db", db)
    assert code == 0
    assert "đang kết nối được" in out and "Thay đổi chờ gửi: 0" in out

    code, out, _ = xhht("sync", "pull", "--db", db, "--criteria-folder", str(tmp_path / "bo-tieu-chi"))
    assert code == 0 and "Không có dữ liệu dùng chung mới." in out


def test_a_revoked_device_is_told_clearly(xhht, province, enrolled):
    db = str(enrolled.path)
    device = enrolled.device_id
    enrolled.close()
    store = province.store()
    with store.session() as session:
        revoke(session, device[:8])
        session.commit()
    store.close()
    code, out, err = xhht("sync", "push", "--db", db, "--give-up", "5")
    assert code == 1
    assert "thu hồi" in err and "mã đăng ký mới" in err
    code, out, _ = xhht("sync", "status", "--db", db, "--json")
    assert json.loads(out)["last_error"].startswith("Quyền đồng bộ của máy này đã bị tỉnh thu hồi")


def test_enroll_checks_what_was_typed_and_tells_an_unreachable_server_quickly(xhht, province, demo_db):
    db = str(demo_db.path)
    demo_db.close()
    code, _, err = xhht("sync", "enroll", "--server", "https//xhht.nghean.gov.vn", "--code", "K7QM-P3XA-W9RT",
                        "--db", db)
    assert code == 1 and err.startswith("Lỗi: --server “https//xhht.nghean.gov.vn”: Phần đầu địa chỉ viết sai")

    closed = closed_port_url()
    start = time.monotonic()
    code, _, err = xhht("sync", "enroll", "--server", closed, "--code", "k7qm p3xa w9rt", "--db", db)
    assert time.monotonic() - start < 3 and code == 1
    assert err.startswith(f"Lỗi: Không kết nối được máy chủ tỉnh tại {closed}: máy chủ từ chối kết nối")
    assert "sẽ được gửi" not in err
    code, out, _ = xhht("sync", "status", "--db", db, "--json")
    assert json.loads(out)["enrolled"] is False and json.loads(out)["last_error"] == err[len("Lỗi: "):].strip()

    code, _, err = xhht("sync", "enroll", "--server", province.url, "--code", "K7QM-P3XA-W9RT", "--db", db)
    assert code == 1 and "không nhận mã đăng ký K7QM-P3XA-W9RT: mã đăng ký không đúng" in err
