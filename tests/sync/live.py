"""Real servers for the sync tests, on 127.0.0.1 only: the province server in a thread or in
its own process (to kill it), and an HTTP proxy that drops connections on cue."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable

import requests
import uvicorn
from sqlalchemy import select

from desktop.sync import protocol
from desktop.sync.client import RetryPolicy, SyncClient
from province.app import create_app
from province.db import Store, open_store
from province.models import StoredRow
from province.services.enrolment import add_commune
from province.services.restore_codes import issue as issue_restore_code

HOST = "127.0.0.1"
FAST = RetryPolicy(first_delay=0.05, max_delay=0.3, give_up_after=30)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, timeout: float = 30) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if requests.get(f"{url}{protocol.API}/info", timeout=1).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"server at {url} did not start")


class Province:
    """What every kind of live server offers the tests: its URL, its database, codes."""

    db_url: str
    port: int

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def store(self) -> Store:
        return open_store(self.db_url)

    def issue_code(self, commune: str = "17380") -> str:
        """What `xhht-province commune add` prints: a one-time enrolment code."""
        return self._issue(add_commune, commune)

    def issue_restore_code(self, commune: str = "17380") -> str:
        """What `xhht-province commune restore-code` prints: a one-time code for a full restore."""
        return self._issue(issue_restore_code, commune)

    def _issue(self, issue, commune: str) -> str:
        store = self.store()
        try:
            with store.session() as session:
                code = issue(session, commune).code
                session.commit()
            return code
        finally:
            store.close()

    def rows(self, commune: str = "17380") -> dict[tuple[str, str], int]:
        """(table, id) → version of every row the server holds for the commune."""
        store = self.store()
        try:
            with store.session() as session:
                query = select(StoredRow.table_name, StoredRow.row_id, StoredRow.version).where(
                    StoredRow.commune_code == commune)
                return {(t, i): v for t, i, v in session.execute(query)}
        finally:
            store.close()


class ThreadServer(Province):
    """uvicorn in a thread of the test process; can be stopped and started on the same port."""

    def __init__(self, db_url: str, *, limits: protocol.Limits | None = None) -> None:
        self.db_url, self.limits, self.port = db_url, limits, free_port()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._store: Store | None = None

    def start(self) -> "ThreadServer":
        self._store = open_store(self.db_url)
        app = create_app(self._store, limits=self.limits)
        self._server = uvicorn.Server(uvicorn.Config(app, host=HOST, port=self.port, log_level="warning"))
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        end = time.monotonic() + 20
        while not self._server.started:
            if time.monotonic() > end or not self._thread.is_alive():
                raise RuntimeError("province server did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
            self._thread.join(timeout=20)
            self._store.close()
            self._server = None


class ProcessServer(Province):
    """`xhht-province serve` in its own process: it can be killed like a power cut."""

    def __init__(self, db_url: str, log: Path) -> None:
        self.db_url, self.log, self.port = db_url, log, free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> "ProcessServer":
        command = [sys.executable, "-c", "import sys; from province.cli import main; sys.exit(main())",
                   "serve", "--db", self.db_url, "--host", HOST, "--port", str(self.port)]
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        wait_until_up(self.url)
        return self

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush, as when the server's power goes."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=20)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


def client_for(db, server: Province | str, **kwargs) -> SyncClient:
    from desktop.sync import secret_store

    with db.session() as session:
        token = secret_store.read_token(session)
    url = server if isinstance(server, str) else server.url
    return SyncClient(url, token, retry=kwargs.pop("retry", FAST), **kwargs)


# --- a proxy that breaks the line --------------------------------------------------

class Proxy:
    """A small HTTP/1.1 proxy (bodies with Content-Length, as XHHT's client and server send).

    `decide(method, path, count)` is asked for each request (count = how many requests
    with that method and path came before) and answers:
      "pass"         forward the request and relay the answer;
      "drop_before"  close the connection before forwarding (the server never sees it);
      "drop_after"   forward, let the server answer, close without relaying (a lost receipt);
      "hold"         forward, then call `on_hold` (e.g. kill the server) and close.
    """

    def __init__(self, upstream_port: int, decide: Callable[[str, str, int], str],
                 on_hold: Callable[[], None] | None = None, delay: Callable[[str, str, int], float] | None = None):
        self.upstream_port, self.decide, self.on_hold, self.delay = upstream_port, decide, on_hold, delay
        self.port = free_port()
        self.counts: dict[tuple[str, str], int] = {}
        self.lock = threading.Lock()
        self.listener = socket.create_server((HOST, self.port))
        self.running = True
        self.acceptor = threading.Thread(target=self._accept, daemon=True)
        self.acceptor.start()

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def close(self) -> None:
        self.running = False
        # close() alone leaves the thread blocked in accept(); shutdown() wakes it.
        try:
            self.listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.listener.close()
        self.acceptor.join(timeout=5)

    def _accept(self) -> None:
        while self.running:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        upstream = None
        try:
            reader = client.makefile("rb")
            while True:
                request = _read_message(reader)
                if request is None:
                    return
                head, _ = request
                method, target = head.split(b" ")[:2]
                path = target.decode().split("?")[0]
                with self.lock:
                    count = self.counts.get((method.decode(), path), 0)
                    self.counts[(method.decode(), path)] = count + 1
                action = self.decide(method.decode(), path, count)
                if action == "drop_before":
                    return
                if upstream is None:
                    upstream = socket.create_connection((HOST, self.upstream_port))
                    upstream_reader = upstream.makefile("rb")
                upstream.sendall(head + request[1])
                if action == "hold":
                    time.sleep(0.05)  # let the request reach the server's handler
                    self.on_hold()
                    return
                answer = _read_message(upstream_reader)
                if answer is None or action == "drop_after":
                    return
                pause = self.delay(method.decode(), path, count) if self.delay else 0
                if pause:
                    time.sleep(pause)
                client.sendall(answer[0] + answer[1])
        except OSError:
            return
        finally:
            client.close()
            if upstream is not None:
                upstream.close()


def _read_message(reader) -> tuple[bytes, bytes] | None:
    """(head with its blank line, body) of one HTTP message, or None when the peer closed."""
    lines = []
    while True:
        line = reader.readline()
        if not line:
            return None
        lines.append(line)
        if line in (b"\r\n", b"\n"):
            break
    head = b"".join(lines)
    length = 0
    for line in lines[1:]:
        name, _, value = line.decode("latin-1").partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    return head, reader.read(length) if length else b""
