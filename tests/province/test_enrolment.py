"""Enrolment: a one-time code for a token, only hashes stored, revocation told clearly."""

from __future__ import annotations

from datetime import timedelta

import pytest
import requests
from sqlalchemy import select

from desktop.sync.client import SyncClient, SyncError
from province.models import Device, EnrolmentCode, utc_now
from province.services.enrolment import add_commune
from tests.conftest import COMMUNE


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
