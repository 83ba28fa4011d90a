"""Device tokens expire and are renewed while the device syncs; a renewal lost on the line
does not lock the PC out (grace period); an expired token is told in Vietnamese."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from desktop.sync import client as sync_client
from desktop.sync import state
from desktop.sync.client import SyncClient, SyncError
from desktop.sync.service import enroll, push_all
from province.cli import main
from province.errors import ProvinceError
from province.models import Device, PreviousToken, utc_now
from province.services import tokens
from province.services.enrolment import add_commune, digest, enrol
from tests.conftest import COMMUNE
from tests.sync.live import Proxy


def stored_token(db) -> str:
    with db.session() as session:
        return state.read(session).token


def age_tokens(province, device_id: str, by: timedelta) -> None:
    """Make the device's current token older, as if it had been issued `by` earlier."""
    store = province.store()
    try:
        with store.session() as session:
            device = session.get(Device, device_id)
            device.token_issued_at -= by
            device.token_expires_at -= by
            session.commit()
    finally:
        store.close()


def test_the_client_and_server_name_the_renewal_header_alike():
    assert sync_client.TOKEN_HEADER == tokens.TOKEN_HEADER


def test_a_push_renews_an_old_token_and_the_pc_keeps_the_new_one(province, demo_db):
    enroll(demo_db, server=province.url, code=province.issue_code())
    first = stored_token(demo_db)
    push_all(demo_db)
    assert stored_token(demo_db) == first, "a young token is not renewed"

    age_tokens(province, demo_db.device_id, tokens.RENEW_AFTER + timedelta(days=1))
    report = push_all(demo_db)
    renewed = stored_token(demo_db)
    assert report.rejected == 0 and renewed != first
    store = province.store()
    with store.session() as session:
        device = session.get(Device, demo_db.device_id)
        assert device.token_hash == digest(renewed)
        assert device.token_expires_at - utc_now() > tokens.TOKEN_LIFE - timedelta(minutes=5)
        [previous] = session.scalars(select(PreviousToken)).all()
        assert previous.token_hash == digest(first)
    store.close()
    # Both work: the new one, and the old one for its grace period (an answer may have been lost).
    assert SyncClient(province.url, renewed).summary()["commune"] == COMMUNE
    assert SyncClient(province.url, first).summary()["commune"] == COMMUNE
    assert push_all(demo_db).rejected == 0 and stored_token(demo_db) == renewed


def test_a_renewal_lost_on_the_line_leaves_the_pc_working(province, demo_db):
    """The answer carrying the new token is dropped: the client retries with the old token,
    which is still accepted; a later sync gets a new token again."""
    enroll(demo_db, server=province.url, code=province.issue_code())
    first = stored_token(demo_db)
    age_tokens(province, demo_db.device_id, tokens.RENEW_AFTER + timedelta(days=1))
    proxy = Proxy(province.port, lambda method, path, count: "drop_after" if path.endswith("/position") and count == 0
                  else "pass")
    try:
        client = SyncClient(proxy.url, first, retry=sync_client.RetryPolicy(first_delay=0.05, give_up_after=30),
                            on_token=lambda token: state.keep_token(demo_db, token))
        assert push_all(demo_db, client=client).rejected == 0
    finally:
        proxy.close()
    assert proxy.counts[("GET", "/api/v1/position")] >= 2
    assert stored_token(demo_db) == first, "the renewal never arrived"
    # The server re-issues to a replaced token only once the lost one is a minute old.
    age_tokens(province, demo_db.device_id, tokens.REISSUE_PAUSE)
    assert push_all(demo_db).rejected == 0
    assert stored_token(demo_db) != first
    assert SyncClient(province.url, stored_token(demo_db)).summary()["commune"] == COMMUNE


def test_grace_reissue_and_expiry_with_an_injected_clock(province):
    store = province.store()
    start = utc_now()
    try:
        with store.session() as session:
            code = add_commune(session, COMMUNE, now=start).code
            first = enrol(session, code=code, device_id="pc-1", commune_code=COMMUNE, now=start)
            session.commit()
            assert first.expires_at == start + tokens.TOKEN_LIFE
            assert tokens.authenticate(session, first.token, now=start + timedelta(days=44)).renewed is None

            due = start + tokens.RENEW_AFTER + timedelta(hours=1)
            lost = tokens.authenticate(session, first.token, now=due).renewed  # this answer is lost
            session.commit()
            assert lost is not None and lost.expires_at == due + tokens.TOKEN_LIFE
            # The old token again, within a minute: accepted, nothing new written.
            assert tokens.authenticate(session, first.token, now=due + timedelta(seconds=30)).renewed is None
            # Later: accepted, and a new token; the lost one stays accepted for its grace too.
            later = due + timedelta(minutes=5)
            kept = tokens.authenticate(session, first.token, now=later).renewed
            session.commit()
            assert kept is not None and kept.token != lost.token
            for token in (first.token, lost.token, kept.token):
                assert tokens.authenticate(session, token, now=later + timedelta(days=6)).device.id == "pc-1"
            session.rollback()

            # Replaced tokens die GRACE after their first replacement, however often they were used.
            for token, replaced in ((first.token, due), (lost.token, later)):
                with pytest.raises(ProvinceError) as error:
                    tokens.authenticate(session, token, now=replaced + tokens.GRACE + timedelta(seconds=1))
                assert (error.value.code, error.value.status) == ("token_expired", 401)
            session.rollback()
            # The kept token lives its own life, then expires with the message the officer needs.
            assert tokens.authenticate(session, kept.token, now=later + timedelta(days=40)).renewed is None
            with pytest.raises(ProvinceError) as error:
                tokens.authenticate(session, kept.token, now=kept.expires_at)
            assert error.value.code == "token_expired"
            assert "hết hạn" in error.value.message and "xin tỉnh cấp mã đăng ký mới" in error.value.message
    finally:
        store.close()


def test_an_expired_token_gets_401_and_a_new_code_brings_the_pc_back(province, demo_db):
    enroll(demo_db, server=province.url, code=province.issue_code())
    device = demo_db.device_id
    age_tokens(province, device, tokens.TOKEN_LIFE + timedelta(days=1))
    with pytest.raises(SyncError) as error:
        push_all(demo_db)
    assert (error.value.code, error.value.status) == ("token_expired", 401)
    assert error.value.message.startswith("Mã truy cập của máy này đã hết hạn lúc")
    assert "Hãy xin tỉnh cấp mã đăng ký mới rồi đăng ký lại máy này" in error.value.message
    # All its tokens dead, the PC may take a new code under its own device id.
    done = enroll(demo_db, server=province.url, code=province.issue_code())
    assert done.device_id == device == demo_db.device_id
    assert push_all(demo_db).rejected == 0


def test_a_revoked_device_is_not_renewed(province, demo_db):
    enroll(demo_db, server=province.url, code=province.issue_code())
    age_tokens(province, demo_db.device_id, tokens.RENEW_AFTER + timedelta(days=1))
    store = province.store()
    with store.session() as session:
        session.execute(update(Device).values(revoked_at=utc_now()))
        session.commit()
    store.close()
    old = stored_token(demo_db)
    with pytest.raises(SyncError) as error:
        push_all(demo_db)
    assert error.value.code == "revoked" and stored_token(demo_db) == old


def test_a_renewed_token_that_cannot_be_stored_does_not_fail_the_call(province):
    answer = SyncClient(province.url).enrol(code=province.issue_code(), device_id="pc-1", commune=COMMUNE)
    age_tokens(province, "pc-1", tokens.RENEW_AFTER + timedelta(days=1))

    def broken(token: str) -> None:
        raise OSError("database is locked")

    client = SyncClient(province.url, answer["token"], on_token=broken)
    assert client.summary()["commune"] == COMMUNE
    assert client.token != answer["token"] and client.summary()["commune"] == COMMUNE


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_device_list_shows_when_tokens_expire(province, capsys):
    SyncClient(province.url).enrol(code=province.issue_code(), device_id="a1b2c3d4-pc", commune=COMMUNE)
    SyncClient(province.url).enrol(code=province.issue_code(), device_id="e5f6a7b8-pc", commune=COMMUNE)
    age_tokens(province, "e5f6a7b8-pc", tokens.TOKEN_LIFE + timedelta(days=2))
    assert main(["device", "list", "--db", province.db_url]) == 0
    out = capsys.readouterr().out
    until = (utc_now() + tokens.TOKEN_LIFE).astimezone().strftime("%d/%m/%Y")
    assert f"a1b2c3d4-pc  xã 17380  đang dùng, mã truy cập hết hạn {until}" in out
    gone = (utc_now() - timedelta(days=2)).astimezone().strftime("%d/%m/%Y")
    assert f"e5f6a7b8-pc  xã 17380  mã truy cập đã hết hạn {gone}" in out


def test_two_calls_renewing_at_once_leave_one_new_token(province):
    """Two workers get the same due token at the same moment: the second waits for the first
    and, finding the token already replaced, accepts the call without writing another."""
    store = province.store()
    start = utc_now()
    try:
        with store.session() as first_session, store.session() as second_session:
            code = add_commune(first_session, COMMUNE, now=start).code
            token = enrol(first_session, code=code, device_id="pc-1", commune_code=COMMUNE, now=start).token
            first_session.commit()
            due = start + tokens.RENEW_AFTER + timedelta(days=1)
            renewed = tokens.authenticate(first_session, token, now=due).renewed  # holds the device row
            outcome: dict = {}
            second = threading.Thread(target=lambda: outcome.update(
                caller=tokens.authenticate(second_session, token, now=due + timedelta(seconds=1))))
            second.start()
            second.join(0.5)
            assert second.is_alive(), "the second call waits for the first one's transaction"
            first_session.commit()
            second.join(30)
            second_session.commit()
            assert outcome["caller"].device.id == "pc-1" and outcome["caller"].renewed is None
        with store.session() as session:
            assert session.get(Device, "pc-1").token_hash == digest(renewed.token)
            assert [p.token_hash for p in session.scalars(select(PreviousToken))] == [digest(token)]
    finally:
        store.close()
