"""Enrolment: a one-time code for a token, only hashes stored, revocation told clearly; a
lost answer retried with the same code, and a code that never touches another enrolment."""

from __future__ import annotations

from datetime import timedelta

import pytest
import requests
from sqlalchemy import select

from desktop.sync.client import Offline, SyncClient, SyncError
from desktop.sync.service import enroll, push_all
from province.errors import ProvinceError
from province.models import Device, EnrolmentCode, utc_now
from province.services.enrolment import add_commune, digest, enrol, revoke
from tests.conftest import COMMUNE
from tests.sync.live import Proxy


@pytest.fixture
def server(province):
    return SyncClient(province.url)


def test_a_code_is_exchanged_once_for_a_token_stored_as_a_hash(province, server):
    code = province.issue_code()
    answer = server.enrol(code=code.lower().replace("-", " "), device_id="pc-1", commune=COMMUNE)
    assert answer["commune_name"] == "Xã Yên Xuân" and answer["province_name"] == "Nghệ An"
    store = province.store()
    with store.session() as session:
        device = session.get(Device, "pc-1")
        stored = [device.token_hash] + [c.code_hash for c in session.scalars(select(EnrolmentCode))]
    store.close()
    assert answer["token"] not in stored and code.replace("-", "") not in stored
    assert SyncClient(province.url, answer["token"]).summary()["commune"] == COMMUNE

    with pytest.raises(SyncError) as error:
        server.enrol(code=code, device_id="pc-2", commune=COMMUNE)
    assert error.value.code == "code_used" and "chỉ dùng một lần" in error.value.message


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_wrong_expired_and_foreign_codes_are_refused(province, server):
    with pytest.raises(SyncError) as error:
        server.enrol(code="AAAA-BBBB-CCCC", device_id="pc-1", commune=COMMUNE)
    assert (error.value.code, error.value.status) == ("bad_code", 403) and "không đúng" in error.value.message

    with pytest.raises(SyncError) as error:  # a code for Yên Xuân typed into Nhân Hòa's program
        server.enrol(code=province.issue_code(COMMUNE), device_id="pc-1", commune="17344")
    assert error.value.code == "wrong_commune" and "Xã Yên Xuân" in error.value.message

    store = province.store()
    with store.session() as session:
        old = add_commune(session, COMMUNE, now=utc_now() - timedelta(days=30)).code
        session.commit()
    store.close()
    with pytest.raises(SyncError) as error:
        server.enrol(code=old, device_id="pc-1", commune=COMMUNE)
    assert error.value.code == "code_expired" and "hết hạn" in error.value.message


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_calls_without_a_valid_token_are_refused_in_vietnamese(province):
    with pytest.raises(SyncError) as error:
        SyncClient(province.url).summary()
    assert error.value.code == "no_token" and error.value.status == 401
    with pytest.raises(SyncError) as error:
        SyncClient(province.url, "made-up-token").position("pc-1")
    assert error.value.code == "bad_token" and "đăng ký lại" in error.value.message


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_an_old_program_is_asked_to_update(province):
    answer = requests.post(f"{province.url}/api/v1/enrol", json={"code": province.issue_code(), "device_id": "pc-1"},
                           headers={"X-XHHT-Client": "0.0.9"}, timeout=10)  # what an old install sends
    assert answer.status_code == 426
    assert answer.json()["code"] == "client_too_old" and "cập nhật" in answer.json()["message"]


# --- issue 10: a code makes one enrolment, and only that ------------------------------

def _device(province, device_id: str) -> Device:
    store = province.store()
    try:
        with store.session() as session:
            return session.get(Device, device_id)
    finally:
        store.close()


def test_the_same_code_from_the_same_pc_after_a_lost_answer_gets_a_working_token(province, server):
    """The line dropped after the server used the code: the retry is a token, not "already used"."""
    code = province.issue_code()
    proxy = Proxy(province.port, lambda method, path, count: "drop_after" if count == 0 else "pass")
    try:
        with pytest.raises(Offline):
            SyncClient(proxy.url).enrol(code=code, device_id="pc-1", commune=COMMUNE)
        answer = SyncClient(proxy.url).enrol(code=code, device_id="pc-1", commune=COMMUNE)
    finally:
        proxy.close()
    assert answer["again"] is True and answer["device_id"] == "pc-1"
    assert SyncClient(province.url, answer["token"]).summary()["commune"] == COMMUNE
    assert _device(province, "pc-1").token_hash == digest(answer["token"])

    with pytest.raises(SyncError) as error:  # another PC with that code: refused as before
        server.enrol(code=code, device_id="pc-2", commune=COMMUNE)
    assert (error.value.code, error.value.status) == ("code_used", 409) and "chỉ dùng một lần" in error.value.message
    # Once the PC used its token, the code is spent even for it: a copy of the code cannot take the PC over.
    with pytest.raises(SyncError) as error:
        server.enrol(code=code, device_id="pc-1", commune=COMMUNE)
    assert error.value.code == "code_used" and "đã đồng bộ" in error.value.message
    assert SyncClient(province.url, answer["token"]).summary()["commune"] == COMMUNE


def test_a_retry_is_refused_once_the_code_is_out_of_date(province):
    store = province.store()
    try:
        with store.session() as session:
            issued = add_commune(session, COMMUNE, now=utc_now() - timedelta(days=13, hours=23))
            first = enrol(session, code=issued.code, device_id="pc-1", commune_code=COMMUNE)
            again = enrol(session, code=issued.code, device_id="pc-1", commune_code=COMMUNE)
            assert again.again and again.token != first.token
            with pytest.raises(ProvinceError) as error:
                enrol(session, code=issued.code, device_id="pc-1", commune_code=COMMUNE,
                      now=issued.expires_at + timedelta(seconds=1))
            assert error.value.code == "code_used"
    finally:
        store.close()


def test_a_new_code_never_replaces_a_live_enrolment_s_token(province, server):
    first = server.enrol(code=province.issue_code(), device_id="pc-1", commune=COMMUNE)
    second_code = province.issue_code()
    with pytest.raises(SyncError) as error:
        server.enrol(code=second_code, device_id="pc-1", commune=COMMUNE)
    assert (error.value.code, error.value.status) == ("device_enrolled", 409)
    assert "không thay được mã truy cập" in error.value.message
    assert SyncClient(province.url, first["token"]).summary()["commune"] == COMMUNE
    # The code was not used up: it still enrols a new PC.
    assert server.enrol(code=second_code, device_id="pc-2", commune=COMMUNE)["device_id"] == "pc-2"
    with pytest.raises(SyncError) as error:  # and a device of another commune is no one's to take
        server.enrol(code=province.issue_code("17344"), device_id="pc-1", commune=None)
    assert error.value.code == "device_taken"


def test_a_revoked_device_stays_revoked(province, server):
    first = server.enrol(code=province.issue_code(), device_id="pc-1", commune=COMMUNE)
    store = province.store()
    with store.session() as session:
        revoke(session, "pc-1")
        session.commit()
    store.close()
    code = province.issue_code()
    with pytest.raises(SyncError) as error:
        server.enrol(code=code, device_id="pc-1", commune=COMMUNE)
    assert (error.value.code, error.value.status) == ("device_revoked", 403) and "thu hồi" in error.value.message
    with pytest.raises(SyncError) as error:
        SyncClient(province.url, first["token"]).summary()
    assert error.value.code == "revoked"
    assert _device(province, "pc-1").revoked_at is not None


def test_a_revoked_pc_comes_back_as_a_new_device(province, demo_db):
    """The commune program answers a revoked (or live) device id by enrolling under a new one."""
    enroll(demo_db, server=province.url, code=province.issue_code())
    old = demo_db.device_id
    store = province.store()
    with store.session() as session:
        revoke(session, old)
        session.commit()
    store.close()
    done = enroll(demo_db, server=province.url, code=province.issue_code())
    assert done.device_id == demo_db.device_id != old
    assert _device(province, old).revoked_at is not None and _device(province, done.device_id).revoked_at is None
    assert push_all(demo_db).rejected == 0 and province.rows()
