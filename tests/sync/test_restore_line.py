"""A restore under a restore grant rides out a line that drops: pages asked again go on
under the same grant, an exchange whose answer was lost is asked again without a new code,
and a restore stopped half-way goes on later without one."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.domain.errors import Cancelled
from desktop.domain.progress import Progress
from desktop.services.commune import init_commune
from desktop.store.db import open_database
from desktop.sync import protocol, secret_store
from desktop.sync.push import push_all
from desktop.sync.service import enroll, restore, restore_grant_kept
from province.models import RestoreCode, RestoreGrant
from tests.conftest import COMMUNE
from tests.sync.checks import local_rows
from tests.sync.live import Proxy, ThreadServer, client_for


@pytest.fixture
def server(tmp_path):
    province = ThreadServer(f"sqlite:///{tmp_path / 'tinh.sqlite'}", limits=protocol.Limits(page_rows=100)).start()
    yield province
    province.stop()


@pytest.fixture
def old_and_new(server, demo_db, tmp_path):
    enroll(demo_db, server=server.url, code=server.issue_code())
    push_all(demo_db, client_for(demo_db, server), check=False)
    path = tmp_path / "may-moi.sqlite"
    init_commune(path, COMMUNE)
    new = open_database(path)
    enroll(new, server=server.url, code=server.issue_code())
    yield demo_db, new
    new.close()


def grants(server) -> list[RestoreGrant]:
    store = server.store()
    try:
        with store.session() as session:
            return session.scalars(select(RestoreGrant)).all()
    finally:
        store.close()


def test_dropped_pages_are_asked_again_under_the_same_grant(server, old_and_new):
    old, new = old_and_new
    rows_asked = lambda path: "/rows/" in path  # noqa: E731
    proxy = Proxy(server.port, lambda method, path, n: "drop_after" if rows_asked(path) and n == 1 else
                  "drop_before" if rows_asked(path) and n == 3 else "pass")
    try:
        restore(new, code=server.issue_restore_code(), client=client_for(new, proxy.url))
    finally:
        proxy.close()
    assert local_rows(new) == local_rows(old)
    citizens = sum(1 for table, _ in local_rows(old) if table == "citizens")
    pages = citizens // 100 + 1
    assert proxy.counts[("GET", "/api/v1/rows/citizens")] == pages + 1, "the lost page was asked again"
    assert len(grants(server)) == 1 and grants(server)[0].finished_at is not None


def test_an_exchange_whose_answer_was_lost_is_asked_again_without_a_new_code(server, old_and_new):
    old, new = old_and_new
    proxy = Proxy(server.port, lambda method, path, n: "drop_after" if path.endswith("/restore/grant") and n == 0
                  else "pass")
    try:
        restore(new, code=server.issue_restore_code(), client=client_for(new, proxy.url))
    finally:
        proxy.close()
    assert proxy.counts[("POST", "/api/v1/restore/grant")] == 2
    assert local_rows(new) == local_rows(old)
    store = server.store()
    with store.session() as session:
        assert len(session.scalars(select(RestoreCode)).all()) == 1, "one code did it"
    store.close()
    assert len(grants(server)) == 1, "the grant never received was withdrawn"


def test_a_restore_stopped_half_way_goes_on_later_with_its_kept_grant(server, old_and_new, key_dir):
    old, new = old_and_new
    stop = Progress(listener=lambda p: p.cancel() if p.done >= 300 else None)
    with pytest.raises(Cancelled):  # the PC is switched off half-way
        restore(new, code=server.issue_restore_code(), progress=stop, client=client_for(new, server))
    assert restore_grant_kept(new)
    with new.session() as session:
        grant = secret_store.read_restore_grant(session)
    assert grant.encode() not in new.path.read_bytes(), "the grant is kept outside the file, like the token"

    new.close()
    with open_database(new.path) as again:  # the next day: no code typed
        restore(again, client=client_for(again, server))
        assert local_rows(again) == local_rows(old) and not restore_grant_kept(again)
