"""`xhht sync push` against a real province server (its own process, SQLite and PostgreSQL),
with the PC or the server SIGKILLed at fixed points of the push, run after run; a last push
then completes, and the province's rows are compared with the commune's field by field:
nothing lost, nothing applied twice (DESIGN.md: any interruption at any point)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading

import pytest

from desktop.store.db import open_database
from desktop.sync.service import enroll
from tests.kill.invariants import check_commune_file, check_province_counts, check_province_holds_the_commune
from tests.kill.processes import XHHT
from tests.province.conftest import new_database
from tests.sync.live import ProcessServer, Proxy

BATCHES = "/api/v1/batches"


class Cutter:
    """Pulls the plug when the n-th request (from 0, counted from `arm`) to a path reaches
    the proxy: the request goes on to the server, then the victim is SIGKILLed."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.armed: tuple[str, int] | None = None
        self.seen = 0
        self.fired = threading.Event()
        self.victim = lambda: None

    def arm(self, path: str, nth: int, victim) -> None:
        with self.lock:
            self.armed, self.seen, self.victim = (path, nth), 0, victim
            self.fired.clear()

    def decide(self, method: str, path: str, count: int) -> str:
        with self.lock:
            if self.armed is None or not path.startswith(self.armed[0]):
                return "pass"
            if self.seen < self.armed[1]:
                self.seen += 1
                return "pass"
            self.armed = None
            return "hold"

    def on_hold(self) -> None:
        self.victim()
        self.fired.set()


@pytest.fixture(params=["sqlite", "postgresql"])
def server(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'tinh.sqlite'}"
    else:
        url = new_database(request.getfixturevalue("postgres"))
    province = ProcessServer(url, tmp_path / "server.log").start()
    yield province
    province.stop()


@pytest.fixture
def line(server):
    """The commune's line to the province: a proxy that can cut, and its cutter."""
    cutter = Cutter()
    proxy = Proxy(server.port, cutter.decide, on_hold=cutter.on_hold)
    yield proxy, cutter
    proxy.close()


@pytest.fixture
def commune(push_file, tmp_path, server, line):
    """A copy of the push commune, enrolled with the province through the proxy."""
    path = tmp_path / "xa.sqlite"
    path.write_bytes(push_file.read_bytes())
    with open_database(path) as db:
        enroll(db, server=line[0].url, code=server.issue_code())
    return path


def push(path, *, give_up: float = 30) -> subprocess.Popen:
    return subprocess.Popen(XHHT + ["sync", "push", "--db", str(path), "--json", "--give-up", str(give_up)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(path, server) -> None:
    """A last push to its end, then the whole comparison."""
    done = push(path)
    out, err = done.communicate(timeout=120)
    assert done.returncode == 0, err
    report = json.loads(out)
    # The push itself lost nothing: its own check found nothing to send again.
    assert report["rejected"] == 0 and report["verify"] in (None, {"ok": True, "repaired": 0, "tables": []}), out
    check_commune_file(path)
    with open_database(path) as db:
        check_province_holds_the_commune(server, db)


# Each a fixed point: (path the request goes to, which one of this run, counted from 0).
PC_CUTS = (
    ("/api/v1/position", 0),  # asking where to resume
    (BATCHES, 0),  # the first batch reached the server; its receipt never comes back
    (BATCHES, 2),  # a later batch of a resumed push
    ("/api/v1/summary", 0),  # every batch sent, comparing with the province
)
SERVER_CUTS = (
    (BATCHES, 1),  # the server dies while applying the second batch
    (BATCHES, 0),  # …and the first of the next push (a batch it may have applied already)
    (BATCHES, 2),
)


def test_a_push_with_the_pc_killed_again_and_again_loses_nothing_and_doubles_nothing(commune, server, line):
    _, cutter = line
    for path, nth in PC_CUTS:
        running: list[subprocess.Popen] = []
        cutter.arm(path, nth, lambda running=running: os.kill(running[0].pid, signal.SIGKILL))
        running.append(process := push(commune))
        process.communicate(timeout=120)
        assert cutter.fired.is_set(), f"the push ended before {path} #{nth}"
        assert process.returncode == -signal.SIGKILL
        check_commune_file(commune)  # the PC's file, cut while it recorded receipts
        check_province_counts(server)
    finish(commune, server)


def test_a_push_with_the_server_killed_mid_batch_loses_nothing_and_doubles_nothing(commune, server, line):
    _, cutter = line
    for path, nth in SERVER_CUTS:
        cutter.arm(path, nth, server.kill)
        process = push(commune, give_up=1)  # it gives up on a dead server; the officer pushes again later
        out, err = process.communicate(timeout=120)
        assert cutter.fired.is_set(), f"the push ended before {path} #{nth}"
        assert process.returncode not in (0, -signal.SIGKILL), out
        assert "máy chủ" in err.lower() or "kết nối" in err.lower(), err
        server.start()  # the province's admin brings it back
        check_province_counts(server)
        check_commune_file(commune)
    finish(commune, server)
