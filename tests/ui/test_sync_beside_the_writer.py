"""A sync waiting on a dropped line holds no save back (issue 11): its network waits and
backoff run on a thread of their own, and only its short database steps go to the writer."""

from __future__ import annotations

import re
import threading
import time

import pytest

from desktop.domain.errors import Cancelled
from desktop.services import hamlets
from desktop.sync.service import enroll
from tests.sync.conftest import province  # noqa: F401  (the live province, shared fixture)
from tests.sync.live import Proxy
from tests.ui.conftest import window_on
from tests.ui.keyboard import click, click_row, opened, type_text

COMMUNE = "17380"  # Xã Yên Xuân, the demo commune
SAVE_WITHIN = 2.0  # seconds: what an officer takes as "saved at once"


@pytest.fixture
def dropped_line(province):
    """The province behind a line that carries /info and /enrol and drops every other request:
    the probe finds the server, then the push retries with backoff (up to 30 s in the background)."""
    proxy = Proxy(province.port, lambda method, path, count: "pass" if path.endswith(("/info", "/enrol"))
                  else "drop_before")
    yield proxy
    proxy.close()


def tries(proxy: Proxy, ending: str) -> int:
    with proxy.lock:
        return sum(n for (_, path), n in proxy.counts.items() if path.endswith(ending))


def go_to(qtbot, window, title: str):
    """Click the page's entry in the side navigation (the writer may be busy: only the page must be ready)."""
    row = [window.nav.item(i).text() for i in range(window.nav.count())].index(title)
    click_row(qtbot, window.nav, row)
    page = window.current_page()
    qtbot.waitUntil(lambda: not page.busy, timeout=10_000)
    return page


def hamlet_names(ctx) -> list[str]:
    with ctx.read() as session:
        return [h.name for h in hamlets.list_hamlets(session=session)]


def test_a_rename_is_saved_at_once_while_the_sync_waits_on_a_dropped_line(qtbot, ctx, province, dropped_line,
                                                                          tmp_path):
    enroll(ctx.db, server=dropped_line.url, code=province.issue_code(COMMUNE))
    window, page = window_on(qtbot, ctx, "Thôn/Tổ dân phố")
    window.sync.criteria_folder = tmp_path / "criteria"
    qtbot.waitUntil(lambda: window.sync.enrolled and not window.sync.reading, timeout=10_000)
    pending_before = window.sync.status.pending

    assert window.sync.attempt_in_background()  # the timer's tick
    qtbot.waitUntil(lambda: tries(dropped_line, "/position") >= 2, timeout=10_000)  # the push is backing off
    assert window.sync.running

    click_row(qtbot, page.table, 0)
    click(qtbot, page.rename_button)
    dialog = opened(qtbot, page)
    dialog.name.selectAll()
    type_text(qtbot, dialog.name, "Xóm Bến Đò")
    qtbot.waitUntil(dialog.save_button.isEnabled)
    start = time.monotonic()
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=int(SAVE_WITHIN * 1000))
    assert time.monotonic() - start < SAVE_WITHIN
    assert window.sync.running and window.sync.history == [], "saved while the sync still waits"
    assert "Xóm Bến Đò" in hamlet_names(ctx)
    qtbot.waitUntil(lambda: "Xóm Bến Đò" in [h.name for h in page.table.table_model.records()], timeout=5_000)
    step = ctx.ops.last_step
    assert step is not None and step.undoable

    # Dừng on the Đồng bộ page: the backoff ends within a fraction of a second, silently.
    sync_page = go_to(qtbot, window, "Đồng bộ")
    start = time.monotonic()
    click(qtbot, sync_page.stop_button)
    qtbot.waitUntil(lambda: not window.sync.running, timeout=int(SAVE_WITHIN * 1000))
    assert time.monotonic() - start < SAVE_WITHIN
    [attempt] = window.sync.history
    assert attempt.background and attempt.cancelled and attempt.pushed is None
    assert ctx.errors.shown == []
    assert tries(dropped_line, "/batches") == 0
    assert ctx.ops.last_step is step, "the sync's steps leave Ctrl+Z on the officer's rename"
    qtbot.waitUntil(lambda: not window.sync.reading and window.sync.status.pending == pending_before + 1,
                    timeout=10_000)
    assert re.search(r"chờ gửi [\d.]+", window.sync_label.text())


def test_a_network_job_waits_beside_the_writer_and_its_steps_run_on_the_writer(qtbot, ctx):
    threads = {}
    line = threading.Event()

    def sync(progress, step):
        threads["network"] = threading.get_ident()
        line.wait(10)  # the network: a request under way
        return step(threading.get_ident)

    def save(session, progress):
        threads["writer"] = threading.get_ident()
        return hamlets.add_hamlet(session=session, name="Thôn Mới")

    done = []
    ctx.ops.run(sync, session=False, network=True, on_done=done.append)
    with qtbot.waitSignal(ctx.ops.changes_applied, timeout=2_000):  # a save meanwhile: not queued behind the wait
        ctx.ops.run(save)
    assert not done and "network" in threads
    line.set()
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    assert threads["network"] != threads["writer"] and done == [threads["writer"]]


def test_a_cancelled_network_job_takes_back_the_step_still_queued_on_the_writer(qtbot, ctx):
    held = threading.Event()
    ctx.ops.run(lambda session, progress: held.wait(10), undo=False)  # a long write holds the writer
    seen = []

    def sync(progress, step):
        try:
            return step(lambda: seen.append("step ran"))
        except Cancelled:
            seen.append("cancelled")
            raise

    progress = ctx.ops.run(sync, session=False, network=True, on_done=seen.append)
    qtbot.wait(200)
    progress.cancel()
    qtbot.waitUntil(lambda: seen == ["cancelled"], timeout=2_000)  # not behind the long write
    held.set()
    ctx.ops.wait()
    qtbot.waitUntil(lambda: not ctx.ops.busy, timeout=5_000)
    assert seen == ["cancelled"] and ctx.errors.shown == []


def test_a_failing_step_fails_the_network_job_once(qtbot, ctx):
    def sync(progress, step):
        return step(lambda: 1 / 0)

    ctx.ops.run(sync, session=False, network=True)
    qtbot.waitUntil(lambda: bool(ctx.errors.shown), timeout=5_000)
    assert [type(e) for e in ctx.errors.shown] == [ZeroDivisionError]
