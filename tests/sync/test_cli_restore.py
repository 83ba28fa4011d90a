"""`xhht sync pull --restore` asks for the province's restore code: --code, or the terminal."""

from __future__ import annotations

import io
import json

from desktop.services.commune import init_commune
from desktop.sync.push import push_all
from desktop.sync.service import enroll
from tests.conftest import COMMUNE
from tests.sync.checks import local_rows
from tests.sync.live import client_for
from tests.sync.test_cli import xhht  # noqa: F401  (the fixture)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_restore_from_the_command_line_needs_the_code(xhht, enrolled, province, tmp_path, monkeypatch):  # noqa: F811
    push_all(enrolled, client_for(enrolled, province))
    path = tmp_path / "may-moi.sqlite"
    init_commune(path, COMMUNE)
    from desktop.store.db import open_database
    with open_database(path) as new:
        enroll(new, server=province.url, code=province.issue_code())
    db = str(path)

    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # a script: nothing to ask
    code, _, err = xhht("sync", "pull", "--restore", "--db", db)
    assert code == 1 and "cần mã khôi phục do tỉnh cấp" in err and "--code MÃ" in err
    code, _, err = xhht("sync", "pull", "--restore", "--code", "K7QM-P3XA", "--db", db)
    assert code == 1 and err.startswith("Lỗi: --code “K7QM-P3XA”: Mã khôi phục gồm 12 ký tự")
    code, _, err = xhht("sync", "pull", "--restore", "--code", "AAAA-BBBB-CCCC", "--db", db)
    assert code == 1 and "không nhận mã khôi phục AAAA-BBBB-CCCC: mã khôi phục không đúng" in err
    code, _, err = xhht("sync", "pull", "--code", "AAAA-BBBB-CCCC", "--db", db)
    assert code == 1 and "--code chỉ dùng cùng --restore" in err

    monkeypatch.setattr("sys.stdin", Terminal(province.issue_restore_code().lower() + "\n"))  # typed at the prompt
    code, out, err = xhht("sync", "pull", "--restore", "--db", db, "--json")
    assert code == 0, err
    assert "Khôi phục dữ liệu cần mã khôi phục" in err
    assert json.loads(out)["total"] == len(local_rows(enrolled))
