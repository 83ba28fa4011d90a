"""The title commands as a script uses them: evaluate, recognize, certificates, revoke.

Real `xhht` processes on a real file (a 150-household demo with its titles data); the
results are checked against what the program's own page reads (services.titles.grid).
Each start of `xhht` costs a second or two, so the workflow runs as one test on a copy.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from desktop.domain.criteria import TITLE_ORDER
from desktop.services.demo.titles import HOUSEHOLD_SHARE
from desktop.services.titles.common import locked_ids
from desktop.services.titles.grid import grid
from desktop.store.db import open_database
from desktop.store.models import ChangeLog, Household, Recognition, RecognitionDecision

YEAR = 2025
HOUSEHOLDS = 150
XHHT = Path(sys.executable).with_name("xhht")


def xhht(*args: str, db: Path) -> subprocess.CompletedProcess:
    env = os.environ | {"PYTHONIOENCODING": "utf-8"}
    return subprocess.run([str(XHHT), *args, "--db", str(db)], capture_output=True, text=True, encoding="utf-8",
                          timeout=300, env=env)


def together(*calls: tuple[str, ...], db: Path) -> list[subprocess.CompletedProcess]:
    """Several commands at once, none changing the file (each start of `xhht` costs a second or two)."""
    env = os.environ | {"PYTHONIOENCODING": "utf-8"}
    running = [(args, subprocess.Popen([str(XHHT), *args, "--db", str(db)], stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE, text=True, encoding="utf-8", env=env))
               for args in calls]
    done = []
    for args, process in running:
        stdout, stderr = process.communicate(timeout=300)
        done.append(subprocess.CompletedProcess(args, process.returncode, stdout, stderr))
    return done


def run_json(*args: str, db: Path) -> dict:
    result = xhht(*args, "--json", db=db)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory) -> tuple[Path, dict]:
    """A demo commune with its titles data, evaluated once: (file, the evaluate --json answer)."""
    db = tmp_path_factory.mktemp("titles-cli") / "xa.sqlite"
    assert xhht("init", "--commune", "17380", db=db).returncode == 0
    made = run_json("demo", "--households", str(HOUSEHOLDS), "--seed", "5", "--year", str(YEAR), db=db)
    assert made["title_year"] == YEAR and made["title_registrations"] > HOUSEHOLDS
    return db, run_json("evaluate", "--year", str(YEAR), db=db)


@pytest.fixture
def copy(evaluated, tmp_path) -> Path:
    source, _ = evaluated
    target = tmp_path / "xa.sqlite"
    for suffix in ("", "-wal"):
        if Path(f"{source}{suffix}").exists():
            shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")
    return target


def test_evaluate_reports_every_title_and_a_second_run_writes_nothing(evaluated):
    db, first = evaluated
    assert first["year"] == YEAR and list(first["titles"]) == list(TITLE_ORDER)
    for title, t in first["titles"].items():
        assert t["registered"] > 0, title
        assert t["evaluated"] == t["registered"] == t["written"], title  # a first run writes every result
        assert t["passed"] <= t["evaluated"] and t["complete"] <= t["evaluated"] and t["locked"] == 0, title
    assert first["titles"]["gia-dinh"]["registered"] == round(HOUSEHOLDS * HOUSEHOLD_SHARE)
    assert first["titles"]["gia-dinh"]["passed"] > 0 and first["titles"]["cong-dan"]["passed"] > 0
    again = run_json("evaluate", "--year", str(YEAR), db=db)
    for title, t in again["titles"].items():
        assert t["written"] == 0, title
        assert {k: v for k, v in t.items() if k != "written"} == \
            {k: v for k, v in first["titles"][title].items() if k != "written"}


def test_the_grid_the_window_shows_agrees_with_evaluate(evaluated):
    db, data = evaluated
    with open_database(db) as database, database.session() as session:
        for title, t in data["titles"].items():
            g = grid(session=session, year=YEAR, title=title)
            counts = g.counts()
            assert sum(counts.values()) == t["registered"] and counts["registered"] == 0, title
            assert counts["passed"] + counts["proposed"] + counts["recognised"] == t["passed"], title
            assert counts["failed"] + counts["incomplete"] == t["evaluated"] - t["passed"], title
            assert sum(r.complete for r in g.rows) == t["complete"], title
            assert g.set_id == t["set_id"], title


def _position(db: Path) -> int:
    with open_database(db) as database, database.session() as session:
        return session.scalar(select(func.coalesce(func.max(ChangeLog.position), 0)))


def test_evaluate_says_why_each_subject_is_not_yet_decidable(evaluated):
    """Issue 9: a subject with an unscored item is "chưa đủ căn cứ", listed with the items."""
    db, data = evaluated
    with open_database(db) as store, store.session() as session:
        for title in TITLE_ORDER:
            table = grid(session=session, year=YEAR, title=title)
            listed = {r["subject_id"]: r for r in data["titles"][title]["incomplete"]}
            incomplete = [r for r in table.rows if r.stage == "incomplete"]
            assert set(listed) == {r.subject_id for r in incomplete}, title
            for row in incomplete:
                unscored, no_data = table.why_incomplete(row)
                assert (listed[row.subject_id]["unscored"], listed[row.subject_id]["no_data"]) == (
                    list(unscored), list(no_data))
                assert (unscored or no_data) and not row.passed
    assert data["titles"]["cong-dan"]["outside_period"] == "", "QĐ 324: 2023–2030"
    assert data["titles"]["gia-dinh"]["outside_period"].startswith(
        f"QĐ 448/QĐ-KHVN ban hành cho giai đoạn 2016–2020; năm {YEAR} nằm ngoài")
    households = data["titles"]["gia-dinh"]["incomplete"]
    assert households, "the demo leaves some households unscored"
    text = xhht("evaluate", "--year", str(YEAR), "--title", "gia-dinh", db=db).stdout
    first = households[0]
    assert f"{len(households)} đối tượng chưa đủ căn cứ" in text
    assert "Lưu ý — Gia đình học tập: QĐ 448/QĐ-KHVN ban hành cho giai đoạn 2016–2020" in text
    assert f"  {first['name']} (" in text and "chưa chấm " + ", ".join(first["unscored"]) in text


def test_forms_prints_one_self_assessment_page_per_person(evaluated, tmp_path):
    db, _ = evaluated
    from desktop.services.titles.registration import registered_ids
    from desktop.store.models import Citizen

    with open_database(db) as store, store.session() as session:
        registered = registered_ids(session=session, year=YEAR, title="cong-dan")
        person = session.get(Citizen, registered[0])
    one = run_json("forms", "--year", str(YEAR), "--subject", person.identity_number,
                   "--out", str(tmp_path / "mot.pdf"), db=db)
    assert one["forms"] == 1 and len(PdfReader(tmp_path / "mot.pdf").pages) == 1
    assert person.full_name in " ".join(PdfReader(tmp_path / "mot.pdf").pages[0].extract_text().split())
    refused = xhht("forms", "--year", str(YEAR - 10), "--out", str(tmp_path / "khong.pdf"), db=db)
    assert refused.returncode != 0 and "Traceback" not in refused.stderr and not (tmp_path / "khong.pdf").exists()


def test_recognize_refuses_a_bad_date_or_no_signer_and_stores_nothing(copy):
    before = _position(copy)
    common = ("recognize", "--year", str(YEAR), "--title", "gia-dinh", "--number", "12/QĐ-UBND")
    bad_date, no_signer = together((*common, "--date", "31/02/2025", "--signer", "Nguyễn Văn An"),
                                   (*common, "--date", "15/12/2025", "--signer", "   "), db=copy)
    assert bad_date.returncode == 1 and bad_date.stdout == ""
    assert "ngày 31/02/2025 không tồn tại" in bad_date.stderr
    assert no_signer.returncode == 1 and "hãy nhập người ký" in no_signer.stderr
    assert _position(copy) == before
    with open_database(copy) as database, database.session() as session:
        assert session.scalar(select(func.count()).select_from(RecognitionDecision)) == 0


def test_recognize_print_reissue_verify_and_revoke(copy, tmp_path):
    with open_database(copy) as database, database.session() as session:
        expected = sum(r.stage == "passed" and r.complete for r in grid(session=session, year=YEAR,
                                                                        title="gia-dinh").rows)
    assert expected > 50

    decision = run_json("recognize", "--year", str(YEAR), "--title", "gia-dinh", "--number", "12/QĐ-UBND",
                        "--date", "2025-12-15", "--signer", "Nguyễn Văn An", "--out", str(tmp_path / "qd.pdf"),
                        db=copy)
    assert decision["recognised"] == decision["decision"]["recognised"] == expected
    assert decision["decision"]["signed_on"] == "2025-12-15" and (tmp_path / "qd.pdf").stat().st_size > 0

    pdf = tmp_path / "gcn.pdf"
    printed = run_json("certificates", "--year", str(YEAR), "--title", "gia-dinh", "--out", str(pdf), db=copy)
    assert printed["printed"] == expected == len(PdfReader(pdf).pages)

    first = "2025-GĐHT-000001"
    assert run_json("certificates", "--reprint", first, "--out", str(tmp_path / "lai.pdf"),
                    db=copy)["reprinted"] == first
    assert len(PdfReader(tmp_path / "lai.pdf").pages) == 1
    # Onto a pre-printed blank: only the variable parts, moved by the offsets; bad offsets refused.
    blank = run_json("certificates", "--reprint", first, "--blank", "--offset-x", "2", "--offset-y", "-1.5",
                     "--out", str(tmp_path / "phoi.pdf"), db=copy)
    assert blank["reprinted"] == first and blank["blank"] is True
    text = " ".join(PdfReader(tmp_path / "phoi.pdf").pages[0].extract_text().split())
    assert f"Số vào sổ: {first}" in text and "GIẤY CÔNG NHẬN" not in text and "Độc lập" not in text
    loose, far = together(("certificates", "--reprint", first, "--offset-x", "2", "--out", str(tmp_path / "x.pdf")),
                          ("certificates", "--reprint", first, "--blank", "--offset-y", "31",
                           "--out", str(tmp_path / "y.pdf")), db=copy)
    assert loose.returncode != 0 and "--blank" in loose.stderr
    assert far.returncode == 1 and "-30 đến 30 mm" in far.stderr
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "y.pdf").exists()
    # Typed without the bar of Đ and in lower case, as people do.
    reissued = run_json("certificates", "--reissue", "2025-gdht-000001", "--reason", "Giấy bị ướt, rách", db=copy)
    assert reissued["void"] == first and reissued["register_number"] == f"2025-GĐHT-{expected + 1:06d}"

    new_number = reissued["register_number"]
    wrong_code = "0000-0000" if reissued["check"] != "0000-0000" else "1111-1111"
    listed, ok, forged = together(
        ("certificates", "--list", "--year", str(YEAR), "--json"),
        ("certificates", "--verify", new_number, "--code", reissued["check"].replace("-", "").lower(), "--json"),
        ("certificates", "--verify", new_number, "--code", wrong_code), db=copy)
    assert listed.returncode == 0 and ok.returncode == 0, listed.stderr + ok.stderr
    listing = json.loads(listed.stdout)
    entries = {e["register_number"]: e for e in listing["certificates"]}
    assert listing["count"] == expected + 1 and listing["void"] == 1
    assert entries[first]["void"] and "Giấy bị ướt, rách" in entries[first]["void_reason"]
    assert entries[first]["prints"] == 3  # the batch and the two reprints (plain paper, blank)
    new = entries[new_number]
    assert not new["void"] and new["check"] == reissued["check"] and new["prints"] == 0
    verified = json.loads(ok.stdout)
    assert verified["valid"] and verified["certificate"]["name"] == new["name"]
    assert forged.returncode == 1 and "không khớp" in forged.stderr and forged.stdout == ""

    with open_database(copy) as database, database.session() as session:
        subject, code = session.execute(
            select(Recognition.subject_id, Household.code).join(Household, Household.id == Recognition.subject_id)
            .where(Recognition.name != new["name"]).limit(1)).one()
    revoked = run_json("revoke", "--year", str(YEAR), "--title", "gia-dinh", "--subject", code.lower(),
                       "--reason", "Hộ vi phạm quy ước của thôn", db=copy)
    assert revoked["subject"] == subject
    after = run_json("evaluate", "--year", str(YEAR), "--title", "gia-dinh", db=copy)["titles"]["gia-dinh"]
    assert after["locked"] == expected - 1
    with open_database(copy) as database, database.session() as session:
        assert subject not in locked_ids(session=session, year=YEAR, title="gia-dinh")
        row = next(r for r in grid(session=session, year=YEAR, title="gia-dinh").rows if r.subject_id == subject)
        assert row.stage == "passed" and row.register_number == ""
