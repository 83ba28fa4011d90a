"""One way to start long work: a single database worker, progress that appears only if slow.

`Operations.run(fn, ...)` runs `fn(session, progress)` on the one writer thread (so two
database jobs never overlap), in a transaction that commits on success. On the UI thread
afterwards it calls `on_done(result)` or shows the error, and broadcasts what changed
(read from the change log) once through `changes_applied`. The background function only
gets plain objects (a session and a Progress) and must return plain data: it never
touches a widget.

`writes=False` jobs (a page's reads) run on a second, reader thread: SQLite in WAL mode
lets them read the last commit while the writer works, so a list still loads during a
long evaluation, and no read ever happens on the UI thread.

`session=False` runs `fn(progress)` instead, for work that opens and commits sessions of
its own (sync commits page by page, so an interruption keeps what was done): still on the
one writer thread, with what changed read from the change log before and after.
`quiet=True` never opens the progress dialog (work the officer did not start).

`network=True` (sync) runs `fn(progress, step)` on a third thread, for work that waits on the
network between short database steps: `step(work)` runs `work()` on the writer, between
other jobs, and returns its result. A dropped line's retries then hold no save back (Anki's
`without_collection()`); a step still queued when the job is cancelled is taken back.

Ctrl+Z: a write with a session keeps the before-image of every row it wrote
(services.undo); the last one is `last_step`, announced by `undo_changed`. `undo`
names it for the menu ("Hoàn tác: Xóa hộ H00012"); by default the label without its
"Đang … …"; `undo=False` keeps none (an undo itself, work the officer did not do).
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from desktop.domain.errors import Cancelled
from desktop.domain.progress import Progress
from desktop.services.files import Database, reading
from desktop.services.session import Changes, changes_since, last_position, transaction
from desktop.services.undo import UndoStep, make_step, start_journal, undo_step

log = logging.getLogger(__name__)

SHOW_PROGRESS_AFTER_MS = 600  # quick work never flashes a dialog


def undo_name(label: str) -> str:
    """"Đang xóa đơn vị…" -> "Xóa đơn vị": what the job did, for the Hoàn tác menu entry."""
    text = label.strip().rstrip("…").strip()
    if text.startswith("Đang "):
        text = text[len("Đang "):]
    return text[:1].upper() + text[1:]


class _Signals(QObject):
    finished = Signal(object, object, object)  # result, changes, undo step (or None)
    failed = Signal(object)  # exception


class _Step(QRunnable):
    """One short database step of a network job, run on the writer."""

    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.work = work
        self.result: Any = None
        self.error: BaseException | None = None
        self.done = threading.Event()

    def run(self) -> None:  # on the writer thread
        try:
            self.result = self.work()
        except BaseException as exc:  # noqa: BLE001  (raised again on the network job's thread)
            self.error = exc
        finally:
            self.done.set()


class _Job(QRunnable):
    def __init__(self, db: Database, fn: Callable, progress: Progress, writes: bool, session: bool,
                 undo: str | None, step: Callable[[Callable[[], Any]], Any] | None = None) -> None:
        super().__init__()
        self.db, self.fn, self.progress, self.writes, self.session = db, fn, progress, writes, session
        self.undo = undo
        self.step = step  # a network job's way onto the writer
        self.signals = _Signals()

    def run(self) -> None:  # on the worker thread
        step = None
        try:
            if self.step is not None:
                # Not "what changed" from the change log: the writer's other jobs add to it meanwhile,
                # and a sync's steps write none (a restore says what changed itself).
                result, changes = self.fn(self.progress, self.step), None
            elif not self.session:
                result, changes = self._run_without_session()
            elif self.writes:
                with transaction(self.db) as session:
                    start = last_position(session=session)
                    journal = start_journal(session) if self.undo is not None else None
                    result = self.fn(session, self.progress)
                    session.flush()
                    changes = changes_since(session=session, position=start)
                    if journal is not None:
                        step = make_step(journal, self.undo)
            else:
                with reading(self.db) as session:
                    result = self.fn(session, self.progress)
                changes = None
        except BaseException as exc:  # noqa: BLE001  (reported on the UI thread)
            self._emit(self.signals.failed, exc)
            return
        self._emit(self.signals.finished, result, changes, step)

    @staticmethod
    def _emit(signal, *args) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the window closed while the worker ran: nobody is left to tell
            log.info("a background result arrived after its window closed")

    def _run_without_session(self) -> tuple[Any, Changes | None]:
        if not self.writes:
            return self.fn(self.progress), None
        with reading(self.db) as session:
            start = last_position(session=session)
        result = self.fn(self.progress)
        with reading(self.db) as session:
            return result, changes_since(session=session, position=start)


class Operations(QObject):
    """The background-operation helper every page uses (see module docstring)."""

    changes_applied = Signal(object)  # Changes
    busy_changed = Signal(bool)
    undo_changed = Signal(object)  # the UndoStep Ctrl+Z would undo now, or None

    def __init__(self, db: Database, *, show_error: Callable[[BaseException], None],
                 progress_dialog: Callable[[str, Progress], Any] | None = None, parent=None) -> None:
        super().__init__(parent)
        self.db = db
        self.show_error = show_error
        self.progress_dialog = progress_dialog
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one writer
        self._readers = QThreadPool(self)
        self._readers.setMaxThreadCount(1)  # reads in order, beside the writer
        self._network = QThreadPool(self)
        self._network.setMaxThreadCount(1)  # waits on the network, its database steps on the writer
        self._running: set[_Job] = set()
        self.last_step: UndoStep | None = None

    def run(self, fn: Callable, *, on_done: Callable[[Any], None] | None = None,
            on_failed: Callable[[BaseException], None] | None = None, label: str = "Đang xử lý…",
            writes: bool = True, session: bool = True, quiet: bool = False,
            undo: str | bool = True, network: bool = False) -> Progress:
        progress = Progress(message=label)
        keeps_undo = writes and session and undo is not False and not network
        job = _Job(self.db, fn, progress, writes, session,
                   (undo if isinstance(undo, str) else undo_name(label)) if keeps_undo else None,
                   (lambda work: self._on_writer(work, progress)) if network else None)
        job.setAutoDelete(False)
        dialog_timer = QTimer(self)
        dialog_timer.setSingleShot(True)
        dialog = {}

        def show_dialog() -> None:
            if self.progress_dialog is not None and job in self._running and not quiet:
                dialog["d"] = self.progress_dialog(label, progress)

        def finish() -> None:
            dialog_timer.stop()
            if "d" in dialog:
                dialog["d"].close()
            self._running.discard(job)
            self.busy_changed.emit(bool(self._running))

        def done(result, changes: Changes | None, step: UndoStep | None) -> None:
            finish()
            if step is not None and step.count:
                self._set_step(step)
            elif writes and changes is not None and changes.tables:
                self._set_step(None)  # written without a journal: an older step may no longer fit
            if on_done is not None:
                on_done(result)
            if changes is not None and changes.tables:
                self.changes_applied.emit(changes)

        def failed(exc: BaseException) -> None:
            finish()
            if isinstance(exc, Cancelled):
                return  # cancelling is silent
            if on_failed is not None:
                on_failed(exc)
            else:
                self.show_error(exc)

        job.signals.finished.connect(done)
        job.signals.failed.connect(failed)
        dialog_timer.timeout.connect(show_dialog)
        self._running.add(job)
        self.busy_changed.emit(True)
        (self._network if network else self._readers if session and not writes else self._pool).start(job)
        dialog_timer.start(SHOW_PROGRESS_AFTER_MS)
        return progress

    def _on_writer(self, work: Callable[[], Any], progress: Progress) -> Any:
        """A network job's database step: queued on the writer, waited for (on the job's thread)."""
        step = _Step(work)
        self._pool.start(step)
        while not step.done.wait(0.05):
            if progress.cancelled and self._pool.tryTake(step):
                raise Cancelled()  # still queued behind other work: never run
        if step.error is not None:
            raise step.error
        return step.result

    def _set_step(self, step: UndoStep | None) -> None:
        self.last_step = step
        self.undo_changed.emit(step)

    def undo_last(self, *, on_done: Callable[[UndoStep], None] | None = None,
                  on_failed: Callable[[BaseException], None] | None = None) -> Progress | None:
        """Put back what the last step wrote (refused, with the reason, when rows changed since)."""
        step = self.last_step
        if step is None or not step.undoable:
            return None

        def undone(_changes) -> None:
            if self.last_step is step:
                self._set_step(None)
            if on_done is not None:
                on_done(step)
        return self.run(lambda session, progress: undo_step(session=session, step=step, progress=progress),
                        label=f"Đang hoàn tác: {step.label}…", undo=False, on_done=undone, on_failed=on_failed)

    @property
    def busy(self) -> bool:
        """True until the last job's on_done/on_failed has run."""
        return bool(self._running)

    def wait(self, msecs: int = 30_000) -> bool:
        """For tests and shutdown: block until the network job, the writer and the reader are idle."""
        return (self._network.waitForDone(msecs) and self._pool.waitForDone(msecs)
                and self._readers.waitForDone(msecs))
