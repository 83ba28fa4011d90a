"""The `xhht` command as a script or an administrator uses it: real process, real file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

XHHT = Path(sys.executable).with_name("xhht")


def xhht(*args: str, db: Path | None = None) -> subprocess.CompletedProcess:
    argv = [str(XHHT), *args] + (["--db", str(db)] if db else [])
    env = os.environ | {"PYTHONIOENCODING": "utf-8"}
    return subprocess.run(argv, capture_output=True, text=True, encoding="utf-8", timeout=300, env=env)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "xa.sqlite"
    assert xhht("init", "--commune", "17380", db=db).returncode == 0
    made = xhht("demo", "--households", "300", "--seed", "7", "--year", "2025", "--json", db=db)
    assert made.returncode == 0, made.stderr
    return db


def test_init_prints_the_commune(tmp_path):
    result = xhht("init", "--commune", "17380", "--json", db=tmp_path / "a.sqlite")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["commune"]["name"] == "Xã Yên Xuân" and data["commune"]["province_name"] == "Nghệ An"


def test_init_refuses_an_unknown_commune_without_making_a_file(tmp_path):
    db = tmp_path / "b.sqlite"
    result = xhht("init", "--commune", "99999", db=db)
    assert result.returncode == 1
    assert "Không có xã/phường mã 99999" in result.stderr
    assert not db.exists()


def test_init_twice_is_refused(tmp_path):
    db = tmp_path / "c.sqlite"
    xhht("init", "--commune", "17380", db=db)
    again = xhht("init", "--commune", "00070", db=db)
    assert again.returncode == 1 and "đã là cơ sở dữ liệu của xã mã 17380" in again.stderr


def test_demo_and_stats_agree(demo_db):
    stats = json.loads(xhht("stats", "--json", db=demo_db).stdout)
    assert stats["households"] == 300
    assert 900 < stats["citizens"] < 1300
    assert stats["hamlets"] >= 2 and stats["clans"] > 0 and stats["units"] > 0 and stats["activities"] > 0
    # Everyone once: living here (tạm trú among them), away, moved away, deceased.
    assert stats["citizens"] == sum(stats[k] for k in ("residents", "temporarily_absent", "moved_away", "deceased"))
    assert 0 <= stats["temporary_residents"] <= stats["residents"]
    text = xhht("stats", db=demo_db).stdout
    assert "trong đó tạm trú" in text and "tạm vắng" in text
    year = json.loads(xhht("stats", "--year", "2025", "--json", db=demo_db).stdout)
    assert year["participations"] > 0 and year["year"] == 2025
    assert json.loads(xhht("stats", "--year", "2019", "--json", db=demo_db).stdout)["activities"] == 0


def test_demo_refuses_a_commune_that_has_households(demo_db):
    result = xhht("demo", "--households", "10", db=demo_db)
    assert result.returncode == 1 and "đã có 300 hộ" in result.stderr


def test_search_returns_people_as_json(demo_db):
    result = xhht("search", "nguyen thi", "--json", db=demo_db)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["citizens"], "a commune of 300 households has a Nguyễn Thị"
    for person in data["citizens"]:
        assert person["family_name"] == "Nguyễn" and "Thị" in person["middle_name"].split()


def test_search_prints_a_readable_table(demo_db):
    result = xhht("search", "nguyen", db=demo_db)
    assert result.returncode == 0
    assert "Công dân (" in result.stdout and "Nguyễn" in result.stdout


def test_a_missing_database_gives_a_vietnamese_message(tmp_path):
    result = xhht("stats", db=tmp_path / "none.sqlite")
    assert result.returncode == 1
    assert "Không tìm thấy cơ sở dữ liệu" in result.stderr and result.stdout == ""


def test_usage_errors_exit_2_in_vietnamese():
    result = xhht("demo")
    assert result.returncode == 2 and "thiếu tham số bắt buộc" in result.stderr


def test_common_options_work_before_the_command_name(tmp_path):
    db = tmp_path / "truoc.sqlite"
    made = subprocess.run([str(XHHT), "--db", str(db), "--json", "init", "--commune", "17380"],
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["db"] == str(db)


def test_criteria_sets_are_listed_and_a_changed_set_is_refused(tmp_path):
    env = os.environ | {"PYTHONIOENCODING": "utf-8", "XDG_DATA_HOME": str(tmp_path / "data")}

    def run(*args):
        return subprocess.run([str(XHHT), "criteria", *args], capture_output=True, text=True, encoding="utf-8",
                              timeout=120, env=env)
    listed = run("list", "--year", "2026", "--json")
    assert listed.returncode == 0, listed.stderr
    assert {s["id"] for s in json.loads(listed.stdout)["sets"]} >= {"gia-dinh/448-2016", "cong-dan/324-2023"}
    bundled = Path(__file__).resolve().parents[2] / "desktop" / "resources" / "criteria" / "gia-dinh" / "448-2016.yaml"
    changed = tmp_path / "448-2016.yaml"
    changed.write_text(bundled.read_text(encoding="utf-8").replace("min_total: 80", "min_total: 70"),
                       encoding="utf-8")
    refused = run("import", str(changed))
    assert refused.returncode == 1 and "phiên bản" in refused.stderr
