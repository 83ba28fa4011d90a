"""The one way a page or dialog reads: on the reader thread, newest request wins.

`Loader.load(fn, on_done)` runs `fn(session)` on the background reader (Operations,
writes=False) and calls `on_done(result)` on the UI thread. While a read runs, further
requests are folded into one: only the newest is kept, run when the current one ends,
and the current one's result is then dropped unread (it answers a question nobody asks
any more). A widget that closed meanwhile gets nothing. `busy` is True from the request
until its result is shown, so tests and the window can wait for a page to settle.
"""

from __future__ import annotations

from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QObject, Signal

from desktop.services.files import Session
from desktop.ui.background import Operations

Read = Callable[[Session], Any]


class Loader(QObject):
    busy_changed = Signal(bool)

    def __init__(self, ops: Operations, parent: QObject, *, label: str = "Đang tải…",
                 on_failed: Callable[[BaseException], None] | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._label = label
        self.on_failed = on_failed
        self._running = False
        self._next: tuple[Read, Callable[[Any], None]] | None = None

    @property
    def busy(self) -> bool:
        return self._running or self._next is not None

    def load(self, fn: Read, on_done: Callable[[Any], None]) -> None:
        """Read `fn(session)` on the worker, then `on_done(result)` unless a newer load came."""
        self._next = (fn, on_done)
        if not self._running:
            self._start()

    def _start(self) -> None:
        fn, on_done = self._next
        self._next = None
        was_busy = self._running
        self._running = True
        if not was_busy:
            self.busy_changed.emit(True)
        self._ops.run(lambda session, _progress: fn(session), writes=False, label=self._label,
                      on_done=lambda result: self._finished(on_done, result),
                      on_failed=self._failed)

    def _finished(self, on_done: Callable[[Any], None], result: Any) -> None:
        if not shiboken6.isValid(self):
            return  # the page or dialog closed while the worker read
        if self._next is not None:
            self._start()  # superseded: read again for the newest request
            return
        self._running = False
        try:
            on_done(result)
        finally:
            self.busy_changed.emit(False)

    def _failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        if self._next is not None:
            self._start()
            return
        self._running = False
        self.busy_changed.emit(False)
        (self.on_failed or self._ops.show_error)(exc)
