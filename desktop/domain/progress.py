"""Progress and cancel as plain objects: services update them, the UI or CLI polls them.

In the domain (standard library only) so every layer can take one: sync and printing
report through it as the services do."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Callable

from desktop.domain.errors import Cancelled


@dataclass
class Progress:
    """Thread-safe enough for one writer (the service) and one reader (a UI timer)."""

    total: int = 0
    done: int = 0
    message: str = ""
    # Called after each step on the worker's thread (the CLI draws a bar); the UI polls instead.
    listener: Callable[["Progress"], None] | None = field(default=None, repr=False)
    _cancel: threading.Event = field(default_factory=threading.Event, repr=False)

    def start(self, total: int, message: str = "") -> None:
        self.total, self.done, self.message = total, 0, message

    def advance(self, step: int = 1, message: str | None = None) -> None:
        """Count work done; raises Cancelled once the user asked to stop."""
        self.done += step
        if message is not None:
            self.message = message
        if self.listener is not None:
            self.listener(self)
        if self._cancel.is_set():
            raise Cancelled()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total else 0.0
