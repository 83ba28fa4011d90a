"""The province officers' page: communes with their last sync and counts, yearly titles
totalled across communes (revoked ones left out), seen in a real headless Chromium."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from datetime import date
from pathlib import Path

import pytest
import requests

from desktop.services.commune import init_commune
from desktop.services.demo.build import build_demo
from desktop.store.db import open_database
from desktop.store.models import Household, Recognition, RecognitionDecision
from desktop.sync.push import push_all
from desktop.sync.service import enroll
from province.services.enrolment import add_commune
from tests.sync.live import client_for

NHAN_HOA, ANH_SON = "17344", "17329"
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars")


def recognise(db, *, year: int, title: str, number: str, count: int, revoked: int = 0) -> None:
    """A recognition decision for the first `count` households; the first `revoked` later revoked."""
    with db.session() as session:
        households = session.query(Household).order_by(Household.code).limit(count).all()
        decision = RecognitionDecision(year=year, title=title, number=number, signed_on=date(year, 12, 20),
                                       signer_name="Nguyễn Văn Hùng", set_id=f"{title}/448-2016")
        session.add(decision)
        session.flush()
        for i, household in enumerate(households):
            session.add(Recognition(decision_id=decision.id, year=year, title=title, subject_kind="household",
                                    subject_id=household.id, name=f"Hộ {household.code}", total=92.5,
                                    revoked_on=date(year + 1, 3, 1) if i < revoked else None,
                                    revoke_reason="Vi phạm hương ước" if i < revoked else ""))
        session.commit()


@pytest.fixture
def communes(province, demo_db, tmp_path):
    """Yên Xuân (50 households) and Nhân Hòa (30) pushed; Anh Sơn enrolled but never synced."""
    recognise(demo_db, year=2024, title="gia-dinh", number="12/QĐ-UBND", count=30)
    recognise(demo_db, year=2025, title="gia-dinh", number="45/QĐ-UBND", count=40, revoked=2)
    enroll(demo_db, server=province.url, code=province.issue_code())
    push_all(demo_db, client_for(demo_db, province), check=False)

    path = tmp_path / "nhan-hoa.sqlite"
    init_commune(path, NHAN_HOA)
    with open_database(path) as other:
        build_demo(db=other, households=30, seed=2, year=2025, titles=False)
        recognise(other, year=2025, title="gia-dinh", number="7/QĐ-UBND", count=20)
        enroll(other, server=province.url, code=province.issue_code(NHAN_HOA))
        push_all(other, client_for(other, province), check=False)
    store = province.store()
    with store.session() as session:
        add_commune(session, ANH_SON)
        session.commit()
    store.close()
    return province


def test_the_page_lists_communes_and_totals_the_years(communes):
    page = requests.get(f"{communes.url}/", timeout=10)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "Phong trào xây dựng xã hội học tập — tổng hợp của tỉnh" in html
    for name in ("Xã Yên Xuân", "Xã Nhân Hòa", "Xã Anh Sơn"):
        assert f"<td>{name}</td>" in html
    assert '<td class="never">Chưa đồng bộ</td>' in html  # Anh Sơn
    assert '<div class="value">80</div><div class="label">Hộ gia đình</div>' in html
    # 2025: 38 standing in Yên Xuân (2 revoked) + 20 in Nhân Hòa; 2024: 30.
    assert '<tr><td>2025</td><td class="n">0</td><td class="n">58</td>' in html
    assert '<tr><td>2024</td><td class="n">0</td><td class="n">30</td>' in html
    assert requests.get(f"{communes.url}/static/style.css", timeout=10).ok

    overview = requests.get(f"{communes.url}/api/v1/overview", params={"year": 2025}, timeout=10).json()
    assert overview["totals"]["households"] == 80 and overview["totals"]["recognised"]["gia-dinh"] == 58


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_page_in_headless_chromium(communes, tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        message = "Chromium is not installed: apt-get install chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    folder = Path(os.environ.get("XHHT_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / "province.png"
    shot.unlink(missing_ok=True)
    result = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'chromium'}",
                             f"--screenshot={shot}", "--window-size=1280,800", f"{communes.url}/"],
                            capture_output=True, text=True, timeout=90)
    assert shot.exists(), result.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 800)
    assert len(data) > 30_000, "a blank page compresses to almost nothing"
