"""A sync's short database steps, kept apart from its network waits.

A sync spends nearly all its time on the line (a dropped one is retried with backoff for up
to a minute) and a few milliseconds at a time in the database: read the next batch, record a
receipt, store a page. Every sync function takes `step`, which runs one such step and returns
its result. The window hands a `step` that posts it to its one writer thread, so the network
waits stay off that thread and a save never queues behind a dropped line (as Anki's
`without_collection()`); the command line runs each step inline.
"""

from __future__ import annotations

from typing import Callable, TypeVar

T = TypeVar("T")

Step = Callable[[Callable[[], T]], T]


def inline(work: Callable[[], T]) -> T:
    """The command line's step: one thread, nothing else writes."""
    return work()
