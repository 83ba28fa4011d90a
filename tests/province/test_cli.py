"""`xhht-province`: communes, devices, stats and reference data from the command line."""

from __future__ import annotations

import json

import pytest

from desktop.paths import resources_dir
from desktop.sync.client import SyncClient, SyncError
from province.cli import main
from tests.conftest import COMMUNE


@pytest.fixture
def run(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'tinh.sqlite'}"

    def province(*argv: str) -> tuple[int, str, str]:
        code = main([*argv, "--db", url])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    province.url = url
    return province


def test_commune_add_prints_a_one_time_code(run):
    code, out, _ = run("commune", "add", "17380")
    assert code == 0 and "Xã Yên Xuân, Nghệ An (mã 17380)" in out and "Mã đăng ký (dùng một lần" in out
    code, out, _ = run("commune", "add", "17380", "--json")
    issued = json.loads(out)
    assert issued["commune_code"] == COMMUNE and len(issued["code"]) == 14  # XXXX-XXXX-XXXX

    code, _, err = run("commune", "add", "99999")
    assert code == 1 and "Không có xã/phường mã 99999" in err
    code, _, err = run("commune", "add", "yen-xuan")
    assert code == 1 and "5 chữ số" in err


def test_stats_are_keyed_like_the_commune_program(run):
    run("commune", "add", "17380")
    code, out, _ = run("stats", "--json", "--year", "2025")
    data = json.loads(out)
    [commune] = data["communes"]
    for key in ("hamlets", "households", "citizens", "clans", "units", "activities", "participations",
                "recognitions"):
        assert commune[key] == 0
    assert commune["last_sync"] is None and data["year"] == 2025 and set(data["totals"]["recognised"]) >= {"gia-dinh"}
    code, out, _ = run("stats")
    assert code == 0 and "17380 Xã Yên Xuân: 0 thôn, 0 hộ" in out and "đồng bộ lần cuối: chưa" in out


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_devices_are_listed_and_revoked(province, capsys):
    answer = SyncClient(province.url).enrol(code=province.issue_code(), device_id="a1b2c3d4-pc", commune=COMMUNE)
    assert main(["device", "list", "--db", province.db_url]) == 0
    assert "a1b2c3d4-pc  xã 17380  đang dùng" in capsys.readouterr().out
    assert main(["device", "revoke", "a1b2", "--db", province.db_url]) == 0
    assert "Đã thu hồi quyền đồng bộ của máy a1b2c3d4-pc" in capsys.readouterr().out
    assert main(["device", "revoke", "zzzz", "--db", province.db_url]) == 1
    with pytest.raises(SyncError) as error:
        SyncClient(province.url, answer["token"]).summary()
    assert error.value.code == "revoked" and "thu hồi" in error.value.message


def test_reference_data_is_published_once(run, tmp_path):
    criteria = resources_dir() / "criteria" / "don-vi" / "448-2016.yaml"
    code, out, _ = run("publish", "criteria", str(criteria))
    assert code == 0 and "Đã phát hành bộ tiêu chí don-vi/448-2016 (số 1)" in out
    code, out, _ = run("publish", "criteria", str(criteria))
    assert code == 0 and "đã được phát hành trước đó (số 1)" in out
    changed = tmp_path / "448-2016.yaml"
    changed.write_text(criteria.read_text(encoding="utf-8").replace("max_points: 100", "max_points: 90"),
                       encoding="utf-8")
    code, _, err = run("publish", "criteria", str(changed))
    assert code == 1 and "phiên bản (version) mới" in err

    code, out, _ = run("publish", "announcement", "--title", "Tập huấn", "--body", "Ngày 05/12 tại tỉnh.", "--json")
    assert code == 0 and json.loads(out)["seq"] == 2
    code, out, _ = run("publish", "commune", "17380", "--name", "Xã Yên Xuân Mới")
    assert code == 0 and "(số 3)" in out
