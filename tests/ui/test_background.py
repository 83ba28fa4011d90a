"""The one background-operation helper: results, errors, cancel, progress only when slow."""

from __future__ import annotations

import threading
import time

from sqlalchemy import func, select

from desktop.domain.errors import ConflictError
from desktop.services import hamlets
from desktop.store.models import Hamlet


def test_result_comes_back_on_the_ui_thread_with_what_changed(qtbot, ctx):
    ui_thread = threading.get_ident()
    seen = {}
    with qtbot.waitSignal(ctx.ops.changes_applied, timeout=10_000) as changed:
        ctx.ops.run(lambda s, p: (threading.get_ident(), hamlets.add_hamlet(session=s, name="Thôn Mới")),
                    on_done=lambda r: seen.update(worker=r[0], callback=threading.get_ident(), hamlet=r[1]))
    assert seen["worker"] != ui_thread and seen["callback"] == ui_thread
    assert seen["hamlet"].name == "Thôn Mới"
    assert changed.args[0].tables == {"hamlets"}


def test_a_failed_write_rolls_back_and_is_shown_once(qtbot, ctx):
    def clash(session, progress):
        hamlets.add_hamlet(session=session, name="Thôn Trùng")
        raise ConflictError("đã có.", field="name")

    ctx.ops.run(clash)
    qtbot.waitUntil(lambda: len(ctx.errors.shown) == 1, timeout=10_000)
    assert isinstance(ctx.errors.shown[0], ConflictError)
    with ctx.read() as s:
        assert s.scalar(select(func.count()).select_from(Hamlet).where(Hamlet.name == "Thôn Trùng")) == 0


def test_cancel_is_silent_and_keeps_nothing(qtbot, ctx):
    def slow(session, progress):
        progress.start(1000)
        hamlets.add_hamlet(session=session, name="Thôn Hủy")
        for _ in range(1000):
            time.sleep(0.005)
            progress.advance()

    progress = ctx.ops.run(slow)
    qtbot.wait(50)
    progress.cancel()
    ctx.ops.wait()
    qtbot.wait(50)
    assert ctx.errors.shown == []
    with ctx.read() as s:
        assert s.scalar(select(func.count()).select_from(Hamlet).where(Hamlet.name == "Thôn Hủy")) == 0


def test_progress_dialog_only_for_slow_work(qtbot, ctx):
    opened = []
    ctx.ops.progress_dialog = lambda label, progress: opened.append(label) or _Closable()
    ctx.ops.run(lambda s, p: None, label="nhanh")
    ctx.ops.wait()
    qtbot.wait(800)
    assert opened == []
    ctx.ops.run(lambda s, p: time.sleep(1.0), label="chậm")
    qtbot.waitUntil(lambda: opened == ["chậm"], timeout=5_000)
    ctx.ops.wait()


def test_one_writer_runs_jobs_in_order(qtbot, ctx):
    order = []
    for name in ("A", "B", "C"):
        ctx.ops.run(lambda s, p, n=name: (time.sleep(0.05), order.append(n)))
    ctx.ops.wait()
    assert order == ["A", "B", "C"]


class _Closable:
    def close(self) -> None:
        pass
