"""Sync while the program is open: the one owner of every sync job the window starts.

The officer's "Đồng bộ ngay", enrolment and restore, and a quiet attempt every N minutes
(QSettings `sync/interval_minutes`, 0 = off) all go through `ctx.ops` as network jobs, one
at a time: the waits on the line run on a thread of their own and each short database step
is posted to the writer, so a save made meanwhile never queues behind a dropped line. A
background attempt first asks the server once, briefly: offline is the normal state of a
commune's line, so it only updates the status and never opens a dialog. After any local
write the pending count is re-read from the database alone (status(online=False) does no
network call).
"""

from __future__ import annotations

import logging
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from desktop.domain.errors import Cancelled, XhhtError
from desktop.domain.moments import format_moment
from desktop.domain.progress import Progress
from desktop.domain.text import format_count
from desktop.services import sync
from desktop.services.criteria import user_criteria_dir
from desktop.services.session import Changes
from desktop.services.sync import Enrolment, RestoreReport, Step, SyncOutcome, SyncStatus
from desktop.sync.client import Offline
from desktop.ui.context import UiContext
from desktop.ui.loader import Loader

log = logging.getLogger(__name__)

INTERVAL_KEY = "sync/interval_minutes"
DEFAULT_INTERVAL = 15
MAX_INTERVAL = 24 * 60
FIRST_ATTEMPT_MS = 60_000  # after start-up: let the pages load first
BUSY_RETRY_MS = 60_000  # the writer was busy at the tick: try again a minute later, not sooner
KEEP_HISTORY = 20
def status_line(status: SyncStatus | None, online: bool | None, running: bool) -> str:
    """The status bar's words: 'Đồng bộ: trực tuyến · lần cuối 12/03/2026 14:05 · chờ gửi 3'."""
    if status is None or not status.enrolled:
        return "Đồng bộ: chưa đăng ký với máy chủ tỉnh"
    state = "đang đồng bộ…" if running else {True: "trực tuyến", False: "ngoại tuyến",
                                            None: "chưa kiểm tra kết nối"}[online]
    last = format_moment(status.last_success) or "chưa có"
    return f"Đồng bộ: {state} · lần cuối {last} · chờ gửi {format_count(status.pending)}"


_CANCELLED = object()


class SyncController(QObject):
    status_changed = Signal(object)  # SyncStatus: local facts (pending, last success, quarantine…)
    attempt_finished = Signal(object)  # SyncOutcome
    running_changed = Signal(bool)

    def __init__(self, ctx: UiContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.criteria_folder = user_criteria_dir()  # where criteria sets from the province land
        self.status: SyncStatus | None = None
        self.online: bool | None = None
        self.history: list[SyncOutcome] = []  # newest first, this session only
        self.can_restore = False  # enrolled, fresh from `xhht init`: restore() is on offer
        self.restore_grant_kept = False  # a restore stopped half-way goes on without a new restore code
        self.progress: Progress | None = None
        self.background = False  # the job under way is a background attempt
        self.job: str | None = None  # what is under way: "sync", "enrol" or "restore"
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.attempt_in_background)
        self._soon = QTimer(self)  # the first attempt after start-up, or a retry when the writer was busy
        self._soon.setSingleShot(True)
        self._soon.timeout.connect(self.attempt_in_background)
        self._local = Loader(ctx.ops, self, label="Đang đọc tình trạng đồng bộ…")
        ctx.ops.changes_applied.connect(lambda _changes: self.refresh_local())
        self.refresh_local()
        self.set_interval(self.interval(), first_in=FIRST_ATTEMPT_MS)

    # --- state ---------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.progress is not None

    @property
    def enrolled(self) -> bool:
        return self.status is not None and self.status.enrolled

    def refresh_local(self) -> None:
        """Re-read pending changes, last success, quarantine: a short local read on the reader, no network."""
        db = self.ctx.db

        def read(_session) -> tuple[SyncStatus, bool, bool]:
            status = sync.status(db=db, online=False)
            # Only a database that never completed a push can be restored into: skip the counts otherwise.
            can = status.enrolled and status.last_success is None and sync.restorable(db=db)
            return status, can, can and sync.restore_grant_kept(db=db)
        self._local.load(read, self._local_read)

    def _local_read(self, result: tuple[SyncStatus, bool, bool]) -> None:
        self.status, self.can_restore, self.restore_grant_kept = result
        self.status_changed.emit(self.status)

    @property
    def reading(self) -> bool:
        return self._local.busy

    def status_text(self) -> str:
        return status_line(self.status, self.online, self.running)

    # --- the timer -----------------------------------------------------------------------
    def interval(self) -> int:
        try:
            minutes = int(self.ctx.settings.value(INTERVAL_KEY, DEFAULT_INTERVAL))
        except (TypeError, ValueError):
            minutes = DEFAULT_INTERVAL
        return max(0, min(MAX_INTERVAL, minutes))

    def set_interval(self, minutes: int, *, first_in: int | None = None) -> None:
        """Every `minutes` (0: off); saved for the next start."""
        minutes = max(0, min(MAX_INTERVAL, int(minutes)))
        self.ctx.settings.setValue(INTERVAL_KEY, minutes)
        self._timer.stop()
        self._soon.stop()
        if minutes:
            self._timer.start(minutes * 60_000)
            if first_in is not None:
                self._soon.start(first_in)

    def attempt_in_background(self) -> bool:
        """A quiet attempt, when enrolled and nothing else is running; True if one started."""
        if not self.enrolled or self.running or not self.interval():
            return False
        if self.can_restore:  # a new PC waiting for its restore: pushing now would rule the restore out
            return False
        if self.ctx.ops.busy:
            self._soon.start(BUSY_RETRY_MS)
            return False
        return self._sync(background=True, parent=None) is not None

    def shutdown(self) -> None:
        """Closing the window: no new attempt, and the one under way stops at its next step."""
        self._timer.stop()
        self._soon.stop()
        self.cancel()

    def cancel(self) -> None:
        if self.progress is not None:
            self.progress.cancel()

    # --- what the officer starts ---------------------------------------------------------
    def sync_now(self, parent: QWidget | None = None) -> Progress | None:
        return self._sync(background=False, parent=parent)

    def _sync(self, *, background: bool, parent: QWidget | None) -> Progress | None:
        db, folder = self.ctx.db, self.criteria_folder
        return self._run(lambda progress, step: sync.sync_round(db=db, progress=progress, criteria_folder=folder,
                                                                background=background, step=step),
                         label="Đang đồng bộ với máy chủ tỉnh…", background=background, parent=parent,
                         on_result=self._round_done)

    def _round_done(self, outcome: SyncOutcome) -> None:
        if outcome.online is not None:
            self.online = outcome.online
        self.history.insert(0, outcome)
        del self.history[KEEP_HISTORY:]
        self.attempt_finished.emit(outcome)

    def enroll(self, server: str, code: str, *, parent: QWidget | None = None,
               on_done: Callable[[Enrolment], None] | None = None,
               on_error: Callable[[XhhtError], None] | None = None,
               on_cancelled: Callable[[], None] | None = None) -> Progress | None:
        """Enrol with the province's server. The officer waits with the page's Hủy button in
        reach, so no progress dialog; a refusal or an unreachable server goes to `on_error`
        (shown on the page, beside the field at fault) instead of a message box."""
        db = self.ctx.db

        def work(progress: Progress, step) -> Enrolment:
            return sync.enroll(db=db, server=server, code=code, progress=progress, step=step)

        def done(enrolment: Enrolment) -> None:
            self.online = True
            self.set_interval(self.interval())
            if on_done is not None:
                on_done(enrolment)
        return self._run(work, label="Đang kết nối…", background=False, parent=parent, on_result=done,
                         on_error=on_error, on_cancelled=on_cancelled, job="enrol", dialog=False)

    def restore(self, code: str | None = None, *, parent: QWidget | None = None,
                on_done: Callable[[RestoreReport], None] | None = None,
                on_error: Callable[[XhhtError], None] | None = None) -> Progress | None:
        """`code`: the province's restore code (None: go on with the grant a stopped restore kept)."""
        db = self.ctx.db

        def work(progress: Progress, step) -> RestoreReport:
            return sync.restore(db=db, code=code, progress=progress, step=step)

        def done(report: RestoreReport) -> None:
            self.online = True
            # Restored rows come without change-log entries: say what changed, so every page reloads.
            self.ctx.ops.changes_applied.emit(Changes(frozenset(report.rows), sum(report.rows.values())))
            if on_done is not None:
                on_done(report)
        return self._run(work, label="Đang khôi phục dữ liệu của xã từ máy chủ tỉnh…", background=False,
                         parent=parent, on_result=done, on_error=on_error, job="restore")

    # --- one job at a time ---------------------------------------------------------------
    def _run(self, work: Callable[[Progress, Step], Any], *, label: str, background: bool, parent: QWidget | None,
             on_result: Callable[[Any], None], on_error: Callable[[XhhtError], None] | None = None,
             on_cancelled: Callable[[], None] | None = None, job: str = "sync",
             dialog: bool = True) -> Progress | None:
        if self.running:
            return None

        def fn(progress: Progress, step: Step) -> Any:
            try:
                return work(progress, step)
            except Cancelled:  # handled here: Operations stays silent on a cancel
                return _CANCELLED

        def done(result: Any) -> None:
            self.progress = None
            if result is not _CANCELLED:
                on_result(result)
            self._ended()
            if result is _CANCELLED and on_cancelled is not None:
                on_cancelled()
            if isinstance(result, SyncOutcome) and result.error is not None and not background:
                self.ctx.errors.show(result.error, parent)

        def failed(exc: BaseException) -> None:
            self.progress = None
            if isinstance(exc, Offline):
                self.online = False
            self._ended()
            if on_error is not None and isinstance(exc, XhhtError):
                on_error(exc)
            elif background:
                log.warning("background sync failed: %r", exc)
            else:
                self.ctx.errors.show(exc, parent)

        self.background, self.job = background, job
        self.progress = self.ctx.ops.run(fn, on_done=done, on_failed=failed, label=label, session=False,
                                         network=True, quiet=background or not dialog)
        self.running_changed.emit(True)
        return self.progress

    def _ended(self) -> None:
        self.job = None
        self.refresh_local()
        self.running_changed.emit(False)
