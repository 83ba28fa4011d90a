"""Issue 10, item 6: a full download of a commune's rows (the restore) needs a one-time
restore code from the province, exchanged once for a grant of one device; the device token
alone gets ids and versions, never whole rows. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from alembic import command
from sqlalchemy import inspect, select, text

from desktop.domain.errors import ValidationError
from desktop.services.commune import init_commune
from desktop.store.db import open_database
from desktop.sync import secret_store
from desktop.sync.client import SyncClient, SyncError
from desktop.sync.push import push_all
from desktop.sync.service import RestoreCodeError, enroll, restore
from province.cli import main as province_cli
from province.db import alembic_config, current_revision, make_engine, upgrade
from province.models import RestoreCode, RestoreGrant, utc_now
from province.services import restore_codes
from province.services.enrolment import digest, normalise_code
from tests.conftest import COMMUNE
from tests.province.conftest import granted
from tests.province.test_batches import batch, hamlet
from tests.sync.checks import local_rows
from tests.sync.live import FAST, client_for

OTHER_COMMUNE = "17344"  # Xã Nhân Hòa, Nghệ An


def second_device(province, device_id: str = "dev-2", commune: str = COMMUNE) -> SyncClient:
    answer = SyncClient(province.url).enrol(code=province.issue_code(commune), device_id=device_id, commune=commune)
    return SyncClient(province.url, answer["token"], retry=FAST)


def refusal(call) -> SyncError:
    with pytest.raises(SyncError) as caught:
        call()
    return caught.value


# --- the province's side, over HTTP ---------------------------------------------------------

def test_the_token_alone_gets_ids_and_versions_but_no_whole_rows(device, province):
    device.send_batch(batch({("hamlets", "h-1"): hamlet("h-1", name="Thôn Đông")}, after=0, last=1))
    assert device.rows("hamlets", full=False)["rows"] == [["h-1", 1]]  # the compare after a push needs no code
    error = refusal(lambda: device.rows("hamlets"))
    assert (error.status, error.code) == (403, "restore_code_needed")
    assert "cần mã khôi phục do tỉnh cấp" in error.message

    page = granted(device, province).rows("hamlets")
    assert [r["name"] for r in page["rows"]] == ["Thôn Đông"]


def test_a_code_is_stored_as_a_hash_and_works_once(device, province):
    code = province.issue_restore_code()
    store = province.store()
    with store.session() as session:
        kept = session.scalars(select(RestoreCode)).all()
        assert [c.code_hash for c in kept] == [digest(normalise_code(code))]
        assert kept[0].expires_at - kept[0].created_at == restore_codes.RESTORE_CODE_VALID
    store.close()

    grant = device.open_restore(code=code.lower().replace("-", " "))["grant"]  # typed as read out
    device.restore_grant = grant
    assert device.rows("hamlets")["rows"] == []

    other = second_device(province)  # another PC of the same commune tries the same code
    error = refusal(lambda: other.open_restore(code=code))
    assert (error.status, error.code) == (409, "code_used")
    assert "đã được dùng lúc" in error.message and "xin tỉnh cấp mã mới" in error.message
    other.restore_grant = grant  # and cannot borrow the grant either: it is bound to the device
    assert refusal(lambda: other.rows("hamlets")).code == "bad_grant"


def test_a_wrong_code_and_a_code_of_another_commune_are_refused(device, province):
    error = refusal(lambda: device.open_restore(code="AAAA-BBBB-CCCC"))
    assert (error.status, error.code) == (403, "bad_code") and "Mã khôi phục không đúng" in error.message
    enrolment_code = province.issue_code()  # an enrolment code is no restore code
    assert refusal(lambda: device.open_restore(code=enrolment_code)).code == "bad_code"

    province.issue_code(OTHER_COMMUNE)  # registers Nhân Hòa
    theirs = province.issue_restore_code(OTHER_COMMUNE)
    error = refusal(lambda: device.open_restore(code=theirs))
    assert (error.status, error.code) == (409, "wrong_commune")
    assert device.open_restore(code=province.issue_restore_code())["grant"]  # its own code still works


def test_an_expired_code_and_an_expired_grant_are_refused(device, province):
    store = province.store()
    long_ago = utc_now() - timedelta(days=3)
    with store.session() as session:
        stale = restore_codes.issue(session, COMMUNE, now=long_ago).code
        fresh = restore_codes.issue(session, COMMUNE).code
        session.commit()
    error = refusal(lambda: device.open_restore(code=stale))
    assert (error.status, error.code) == (403, "code_expired") and "đã hết hạn lúc" in error.message

    with store.session() as session:  # a grant opened three days ago has lapsed
        from province.models import Device
        opened = restore_codes.open_grant(session, session.get(Device, "dev-test"), code=fresh, now=long_ago)
        session.commit()
    store.close()
    device.restore_grant = opened.grant
    error = refusal(lambda: device.rows("hamlets"))
    assert (error.status, error.code) == (403, "grant_expired") and "mã khôi phục mới" in error.message


def test_the_same_device_resending_its_code_gets_a_new_grant_and_the_old_one_stops(device, province):
    """The line dropped after the server used the code: the answer never arrived, so the
    same PC may ask again (the old grant, never received, is withdrawn)."""
    code = province.issue_restore_code()
    first = device.open_restore(code=code)["grant"]
    second = device.open_restore(code=code)["grant"]
    assert first != second
    device.restore_grant = first
    assert refusal(lambda: device.rows("hamlets")).code == "bad_grant"
    device.restore_grant = second
    assert device.rows("hamlets")["rows"] == []

    device.finish_restore()  # the restore is over: neither the grant nor the code opens another
    assert refusal(lambda: device.rows("hamlets")).code == "grant_finished"
    assert refusal(lambda: device.open_restore(code=code)).code == "code_used"


# --- a whole restore over loopback, SQLite and PostgreSQL ------------------------------------

@pytest.fixture
def new_pc(tmp_path, province):
    path = tmp_path / "may-moi.sqlite"
    init_commune(path, COMMUNE)
    db = open_database(path)
    enroll(db, server=province.url, code=province.issue_code())
    yield db
    db.close()


def test_a_new_pc_restores_with_a_good_code(enrolled, client, province, new_pc):
    push_all(enrolled, client)
    report = restore(new_pc, code=province.issue_restore_code(), client=client_for(new_pc, province))
    assert sum(report.rows.values()) == len(local_rows(enrolled)) > 1000
    assert local_rows(new_pc) == local_rows(enrolled)
    with new_pc.session() as session:
        assert secret_store.read_restore_grant(session) is None, "the grant is forgotten once the restore is done"
    store = province.store()
    with store.session() as session:
        grants = session.scalars(select(RestoreGrant)).all()
        assert len(grants) == 1 and grants[0].finished_at is not None, "the server closed the grant"
    store.close()


def test_wrong_used_and_expired_codes_restore_nothing_and_say_so(enrolled, client, province, new_pc):
    push_all(enrolled, client)
    restoring = client_for(new_pc, province)

    with pytest.raises(ValidationError) as typed:  # checked before any network
        restore(new_pc, code="K7Q0-P3XA-W9RT", client=restoring)
    assert typed.value.field == "restore_code" and "Mã khôi phục gồm 12 ký tự" in typed.value.message

    with pytest.raises(RestoreCodeError) as wrong:
        restore(new_pc, code="AAAA-BBBB-CCCC", client=restoring)
    assert wrong.value.code == "bad_code" and wrong.value.field == "restore_code"
    assert wrong.value.message.startswith("Máy chủ tỉnh không nhận mã khôi phục AAAA-BBBB-CCCC: mã khôi phục không "
                                          "đúng")

    with pytest.raises(RestoreCodeError) as missing:  # no code, and no restore under way
        restore(new_pc, client=restoring)
    assert missing.value.code == "restore_code_needed" and "cần mã khôi phục do tỉnh cấp" in missing.value.message

    store = province.store()
    with store.session() as session:
        stale = restore_codes.issue(session, COMMUNE, now=utc_now() - timedelta(days=2)).code
        session.commit()
    store.close()
    with pytest.raises(RestoreCodeError) as expired:
        restore(new_pc, code=stale, client=restoring)
    assert expired.value.code == "code_expired" and "hết hạn" in expired.value.message

    used = province.issue_restore_code()
    second_device(province).open_restore(code=used)  # another PC of the commune took it first
    with pytest.raises(RestoreCodeError) as taken:
        restore(new_pc, code=used, client=restoring)
    assert taken.value.code == "code_used" and "đã được dùng" in taken.value.message
    assert {t for t, _ in local_rows(new_pc)} == {"learning_centres"}, "nothing restored: as `xhht init` made it"

    restore(new_pc, code=province.issue_restore_code(), client=restoring)  # a good code still works after all that
    assert local_rows(new_pc) == local_rows(enrolled)


# --- the command and the migration ---------------------------------------------------------

def test_the_province_command_issues_a_restore_code(province, capsys):
    province.issue_code()  # the commune is registered
    assert province_cli(["commune", "restore-code", COMMUNE, "--db", province.db_url]) == 0
    out = capsys.readouterr().out
    assert "Xã Yên Xuân, Nghệ An (mã 17380)" in out and "Mã khôi phục (dùng một lần, hết hạn lúc" in out
    assert province_cli(["commune", "restore-code", COMMUNE, "--db", province.db_url, "--json"]) == 0
    issued = json.loads(capsys.readouterr().out)
    assert issued["commune_code"] == COMMUNE and len(issued["code"]) == 14

    assert province_cli(["commune", "restore-code", OTHER_COMMUNE, "--db", province.db_url]) == 1
    assert "Xã mã 17344 chưa được đăng ký ở máy chủ tỉnh" in capsys.readouterr().err
    assert province_cli(["commune", "restore-code", "yen-xuan", "--db", province.db_url]) == 1
    assert "5 chữ số" in capsys.readouterr().err


def test_the_restore_code_migration_upgrades_a_province_with_data(db_url):
    engine = make_engine(db_url)
    upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO communes (code, name, province_name, created_at) "
                          "VALUES ('17380', 'Xã Yên Xuân', 'Tỉnh Nghệ An', '2026-01-01T00:00:00.000000Z')"))
    assert "restore_codes" not in inspect(engine).get_table_names()
    upgrade(engine, "0003_restore")
    assert {"restore_codes", "restore_grants"} <= set(inspect(engine).get_table_names())
    with engine.begin() as conn:
        assert conn.execute(text("SELECT name FROM communes")).scalar() == "Xã Yên Xuân"
        conn.execute(text("INSERT INTO restore_codes (code_hash, commune_code, created_at, expires_at) "
                          "VALUES ('h', '17380', '2026-01-01T00:00:00.000000Z', '2026-01-02T00:00:00.000000Z')"))
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0001")
    assert "restore_codes" not in inspect(engine).get_table_names() and current_revision(engine) == "0001"
    upgrade(engine, "0003_restore")
    assert current_revision(engine) == "0003_restore"
    engine.dispose()
