"""Enrolment tries refused too often lock the address (and the commune) for a while: counted
in the database, so every server worker sees them; the clock is injected, nobody waits."""

from __future__ import annotations

from datetime import timedelta

import pytest
import requests

from desktop.sync import protocol
from desktop.sync.client import SyncClient, SyncError
from province.cli import main
from province.errors import ProvinceError
from province.models import utc_now
from province.services import lockout
from province.services.enrolment import add_commune, enrol
from tests.conftest import COMMUNE
from tests.sync.live import ThreadServer

WRONG = "K7QM-P3XA-W9RT"


def refused(session, *, code: str = WRONG, address: str = "10.0.0.1", commune: str | None = COMMUNE,
            now, device: str = "pc-1") -> ProvinceError:
    with pytest.raises(ProvinceError) as error:
        enrol(session, code=code, device_id=device, commune_code=commune, address=address, now=now)
    session.commit()  # as the route does after a refusal
    return error.value


def test_an_address_is_locked_after_ten_wrong_codes_and_freed_after_fifteen_minutes(province):
    store = province.store()
    start = utc_now()
    try:
        with store.session() as session:
            good = add_commune(session, COMMUNE, now=start).code
            session.commit()
            for i in range(lockout.POLICY.address_failures):
                assert refused(session, now=start + timedelta(seconds=i)).code == "bad_code"
            locked = refused(session, code=good, now=start + timedelta(seconds=30))
            assert (locked.code, locked.status) == ("locked", 429)
            assert locked.message.startswith("Có quá nhiều lần nhập sai mã đăng ký từ địa chỉ mạng của máy này")
            assert locked.message.endswith("thử lại sau thời điểm đó.")
            until = start + timedelta(seconds=lockout.POLICY.address_failures - 1) + lockout.POLICY.lock_for
            assert lockout.POLICY.lock_for.total_seconds() - 60 < locked.extra["retry_after"] <= 15 * 60
            assert locked.extra["locked_until"] == until.strftime("%Y-%m-%dT%H:%M:%SZ")
            assert until.astimezone().strftime("%H:%M ngày %d/%m/%Y") in locked.message

            # Another address is not held up, and tries while locked do not lengthen the lock.
            other = enrol(session, code=good, device_id="pc-2", commune_code=COMMUNE, address="10.0.0.2",
                          now=start + timedelta(minutes=1))
            session.commit()
            assert other.device_id == "pc-2"
            for _ in range(5):
                assert refused(session, now=until - timedelta(seconds=5)).code == "locked"

            # The lock ends: one more mistake is only a mistake, the count starts afresh.
            after = until + timedelta(seconds=1)
            assert refused(session, now=after).code == "bad_code"
            fresh = add_commune(session, COMMUNE, now=after).code
            session.commit()
            done = enrol(session, code=fresh, device_id="pc-3", commune_code=COMMUNE, address="10.0.0.1",
                         now=after + timedelta(seconds=1))
            assert done.device_id == "pc-3"
    finally:
        store.close()


def test_a_commune_is_locked_after_thirty_refusals_from_anywhere(province):
    store = province.store()
    start = utc_now()
    try:
        with store.session() as session:
            good = add_commune(session, COMMUNE, now=start).code
            session.commit()
            for i in range(lockout.POLICY.commune_failures):
                refused(session, address=f"10.0.1.{i}", now=start + timedelta(seconds=i))
            # The code's commune counts even when the program does not say which commune it is.
            locked = refused(session, code=good, address="10.0.2.1", commune=None, now=start + timedelta(minutes=1))
            assert locked.code == "locked" and "Xã Yên Xuân (mã 17380)" in locked.message
            assert refused(session, code=good, address="10.0.2.2", commune="17344",
                           now=start + timedelta(minutes=1)).code == "locked"
            # Failures spread over more than the window never lock.
            for i in range(lockout.POLICY.commune_failures):
                refused(session, address=f"10.0.3.{i}", commune="17344",
                        now=start + timedelta(minutes=20 + i))
            assert refused(session, address="10.0.3.99", commune="17344", now=start + timedelta(minutes=51)).code \
                == "bad_code"
    finally:
        store.close()


def test_the_lock_holds_across_server_workers_and_is_answered_429(province):
    """Two servers on one database (two workers): tries on either count; the 11th is refused."""
    second = ThreadServer(province.db_url).start()
    try:
        for i in range(lockout.POLICY.address_failures):
            with pytest.raises(SyncError) as error:
                SyncClient((province, second)[i % 2].url).enrol(code=WRONG, device_id="pc-1", commune=COMMUNE)
            assert error.value.code == "bad_code"
        answer = requests.post(f"{second.url}{protocol.API}/enrol", timeout=10,
                               json={"code": province.issue_code(), "device_id": "pc-1", "commune": COMMUNE})
    finally:
        second.stop()
    assert answer.status_code == 429
    data = answer.json()
    assert data["code"] == "locked" and "việc đăng ký từ địa chỉ này tạm khóa đến" in data["message"]
    assert 0 < data["retry_after"] <= 15 * 60
    with pytest.raises(SyncError) as error:  # what the commune program makes of it
        SyncClient(province.url).enrol(code=province.issue_code(), device_id="pc-1", commune=COMMUNE)
    assert (error.value.code, error.value.status) == ("locked", 429)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_province_lists_and_lifts_locks(province, capsys):
    for _ in range(lockout.POLICY.address_failures):
        with pytest.raises(SyncError):
            SyncClient(province.url).enrol(code=WRONG, device_id="pc-1", commune=COMMUNE)
    assert main(["enrolment", "locks", "--db", province.db_url]) == 0
    assert "địa chỉ 127.0.0.1: 10 lần sai, khóa đến" in capsys.readouterr().out
    assert main(["enrolment", "unlock", "--address", "127.0.0.1", "--db", province.db_url]) == 0
    assert "Đã mở khóa đăng ký cho địa chỉ 127.0.0.1." in capsys.readouterr().out
    answer = SyncClient(province.url).enrol(code=province.issue_code(), device_id="pc-1", commune=COMMUNE)
    assert answer["device_id"] == "pc-1"
    assert main(["enrolment", "unlock", "--commune", "17380", "--db", province.db_url]) == 0
    assert "không bị khóa" in capsys.readouterr().out
    assert main(["enrolment", "locks", "--db", province.db_url]) == 0
    assert "Không có địa chỉ hay xã nào bị tạm khóa" in capsys.readouterr().out
