"""Syncing with the province: the use cases the window and `xhht sync` share.

    sync_round(db=…, progress=…, criteria_folder=…, background=…)   one attempt: push, verify, pull
                                                                    reference data; a SyncOutcome
    push(db=…, …) / pull_reference(db=…, …) / restore(db=…, code=…, …) / enroll(db=…, server=…, code=…)
    connect(db=…, give_up=…)       the client for this database's enrolment (not enrolled: refused)
    status(db=…, online=…) / restorable(db=…) / restore_grant_kept(db=…)

Every long call takes `step`, which runs each short database step of the work (steps.py).
The window passes one that posts the step to its writer thread and runs the call itself on a
thread of its own, so retries and backoff on a dropped line never hold the writer; the
command line leaves the default, which runs each step inline.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from desktop.domain.errors import Cancelled, XhhtError
from desktop.domain.progress import Progress
from desktop.store.db import Database
from desktop.sync import service
from desktop.sync.client import Offline, RetryPolicy, SyncClient
from desktop.sync.push import PushReport
from desktop.sync.reference import ReferenceReport
from desktop.sync.restore import RestoreReport
from desktop.sync.service import Enrolment, SyncStatus
from desktop.sync.steps import Step, inline

__all__ = ["Enrolment", "PushReport", "ReferenceReport", "RestoreReport", "SyncOutcome", "SyncStatus", "connect",
           "enroll", "pull_reference", "push", "restorable", "restore", "restore_grant_kept", "status",
           "Step", "sync_round"]

PROBE_TIMEOUT = (3.0, 5.0)
GIVE_UP_BACKGROUND = 30.0  # a line that drops mid-push is retried this long, then the next tick
GIVE_UP_NOW = 60.0  # the officer waits with a Hủy button; after this the reason is shown
GIVE_UP_RESTORE = 120.0


@dataclass(frozen=True)
class SyncOutcome:
    """One attempt: what the push and the reference pull returned, or why it stopped."""

    at: datetime  # UTC, when it ended
    background: bool
    online: bool | None  # None: the server was not asked
    pushed: PushReport | None = None
    pulled: ReferenceReport | None = None
    error: XhhtError | None = None
    cancelled: bool = False


def sync_round(*, db: Database, progress: Progress, criteria_folder: Path, background: bool,
               step: Step = inline) -> SyncOutcome:
    """Push (with verify and repair), then pull reference data. Expected failures are returned,
    not raised, so a failed attempt still has its row in the list."""
    def outcome(**kwargs) -> SyncOutcome:
        return SyncOutcome(datetime.now(timezone.utc), background, **kwargs)

    try:
        client = connect(db=db, give_up=GIVE_UP_BACKGROUND if background else GIVE_UP_NOW, step=step)
    except XhhtError as error:  # not enrolled
        return outcome(online=None, error=error)
    online, pushed = None, None
    try:
        # One short try without retries: when the line is down, say so at once.
        probe = SyncClient(client.server, client.token, timeout=PROBE_TIMEOUT)
        try:
            probe.info(retry=False)
        finally:
            probe.close()
        online = True
        pushed = service.push_all(db, progress=progress, client=client, step=step)
        pulled = service.pull_reference(db, criteria_folder=criteria_folder, progress=progress, client=client,
                                        step=step)
    except Cancelled:
        return outcome(online=online, pushed=pushed, cancelled=True)
    except Offline as error:
        return outcome(online=False, pushed=pushed, error=error)
    except XhhtError as error:
        return outcome(online=online, pushed=pushed, error=error)
    finally:
        client.close()
    return outcome(online=True, pushed=pushed, pulled=pulled)


def connect(*, db: Database, give_up: float | None = None, step: Step = inline) -> SyncClient:
    """A client for the server this database enrolled with; `give_up`: seconds of a lost line
    before the reason is raised (None: keep trying, at most once a minute)."""
    return service.client_for(db, retry=RetryPolicy(give_up_after=give_up), step=step)


@contextmanager
def _line(db: Database, client: SyncClient | None, give_up: float | None, step: Step) -> Iterator[SyncClient]:
    """The caller's client (a round shares one), or a new one closed at the end."""
    if client is not None:
        yield client
        return
    own = connect(db=db, give_up=give_up, step=step)
    try:
        yield own
    finally:
        own.close()


def push(*, db: Database, progress: Progress | None = None, client: SyncClient | None = None,
         give_up: float | None = None, check: bool = True, step: Step = inline) -> PushReport:
    """Send the pending changes; then (check) compare with the server and send what it lacks."""
    with _line(db, client, give_up, step) as line:
        return service.push_all(db, progress=progress, client=line, check=check, step=step)


def pull_reference(*, db: Database, criteria_folder: Path, progress: Progress | None = None,
                   client: SyncClient | None = None, give_up: float | None = None,
                   step: Step = inline) -> ReferenceReport:
    with _line(db, client, give_up, step) as line:
        return service.pull_reference(db, criteria_folder=criteria_folder, progress=progress, client=line,
                                      step=step)


def restore(*, db: Database, code: str | None, progress: Progress | None = None, client: SyncClient | None = None,
            give_up: float | None = GIVE_UP_RESTORE, step: Step = inline) -> RestoreReport:
    """The commune's rows back onto this new PC (`code`: the province's restore code; None goes
    on with the grant a stopped restore kept)."""
    with _line(db, client, give_up, step) as line:
        return service.restore(db, code=code, progress=progress, client=line, step=step)


def enroll(*, db: Database, server: str, code: str, progress: Progress | None = None,
           step: Step = inline) -> Enrolment:
    return service.enroll(db, server=server, code=code, progress=progress, step=step)


def status(*, db: Database, online: bool = True) -> SyncStatus:
    """Local facts, plus (online) one quick call to tell online from offline."""
    return service.status(db, online=online)


def restorable(*, db: Database) -> bool:
    return service.restorable(db)


def restore_grant_kept(*, db: Database) -> bool:
    return service.restore_grant_kept(db)
