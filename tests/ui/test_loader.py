"""The one loader every page and dialog reads through: newest request wins, stale results dropped."""

from __future__ import annotations

import threading
import time

from PySide6.QtWidgets import QWidget

from desktop.domain.errors import NotFoundError
from desktop.ui.loader import Loader


def make(qtbot, ctx, **kw):
    owner = QWidget()
    qtbot.addWidget(owner)
    return owner, Loader(ctx.ops, owner, **kw)


def test_reads_on_the_reader_thread_and_answers_on_the_ui_thread(qtbot, ctx):
    _owner, loader = make(qtbot, ctx)
    ui = threading.get_ident()
    seen = {}
    loader.load(lambda session: threading.get_ident(), lambda worker: seen.update(worker=worker, ui=threading.get_ident()))
    assert loader.busy
    qtbot.waitUntil(lambda: "worker" in seen)
    assert seen["worker"] != ui and seen["ui"] == ui and not loader.busy


def test_requests_made_while_one_runs_fold_into_the_newest(qtbot, ctx):
    _owner, loader = make(qtbot, ctx)
    shown, ran = [], []

    def read(n, pause=0.0):
        def fn(session):
            ran.append(n)
            time.sleep(pause)
            return n
        return fn
    loader.load(read(1, 0.3), shown.append)  # slow: the officer types on meanwhile
    for n in (2, 3, 4):
        loader.load(read(n), shown.append)
    qtbot.waitUntil(lambda: not loader.busy, timeout=5_000)
    assert shown == [4]  # 1 answered a question nobody asks any more; 2 and 3 never ran
    assert ran == [1, 4]


def test_a_read_is_not_queued_behind_a_long_write(qtbot, ctx):
    _owner, loader = make(qtbot, ctx)
    ctx.ops.run(lambda session, progress: time.sleep(1.0), quiet=True)  # the writer is busy
    started = time.monotonic()
    got = []
    loader.load(lambda session: "đã đọc", got.append)
    qtbot.waitUntil(lambda: got == ["đã đọc"], timeout=5_000)
    assert time.monotonic() - started < 0.8
    ctx.ops.wait()


def test_a_failed_read_reaches_its_handler_once(qtbot, ctx):
    failures = []
    _owner, loader = make(qtbot, ctx, on_failed=failures.append)

    def missing(session):
        raise NotFoundError("Không tìm thấy hộ gia đình (có thể đã bị xóa).", field="household")
    loader.load(missing, lambda _r: None)
    qtbot.waitUntil(lambda: len(failures) == 1, timeout=5_000)
    assert isinstance(failures[0], NotFoundError) and not loader.busy and ctx.errors.shown == []


def test_a_closed_page_gets_nothing(qtbot, ctx):
    owner, loader = make(qtbot, ctx)
    got = []
    loader.load(lambda session: time.sleep(0.2) or "muộn", got.append)
    owner.deleteLater()
    qtbot.wait(50)
    ctx.ops.wait()
    qtbot.wait(50)
    assert got == [] and ctx.errors.shown == []
