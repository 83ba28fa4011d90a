"""Servers an enrolment cannot use, all real sockets on 127.0.0.1: a closed port (refused),
a port that accepts and stays silent, a port whose queue is full (connect times out, as
when packets are dropped), and web servers that are not the province's."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.sync.live import HOST, free_port


def closed_port_url() -> str:
    return f"http://{HOST}:{free_port()}"


class SilentServer:
    """Accepts every connection and never answers (a hung server, a proxy that swallows)."""

    def __init__(self) -> None:
        self.listener = socket.create_server((HOST, 0))
        self.url = f"http://{HOST}:{self.listener.getsockname()[1]}"
        self.accepted: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                self.accepted.append(self.listener.accept()[0])
            except OSError:
                return

    def close(self) -> None:
        self.listener.close()
        for conn in self.accepted:
            conn.close()


class FullQueue:
    """A listening port whose accept queue is full and never drained: Linux drops the SYN
    of a further connection, so connecting times out, as a firewall that drops packets does."""

    def __init__(self) -> None:
        self.listener = socket.socket()
        self.listener.bind((HOST, 0))
        self.listener.listen(0)
        port = self.listener.getsockname()[1]
        self.url = f"http://{HOST}:{port}"
        self.waiting = []
        for _ in range(3):
            conn = socket.socket()
            conn.setblocking(False)
            conn.connect_ex((HOST, port))
            self.waiting.append(conn)

    def close(self) -> None:
        for conn in self.waiting:
            conn.close()
        self.listener.close()


class WebSite:
    """Some other web server: every path answers `status` with an HTML page, or with JSON
    that is not the sync protocol's (another API)."""

    def __init__(self, status: int = 404, *, json_body: dict | None = None) -> None:
        answer_status, body = status, json_body

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                if body is None:
                    data, kind = b"<html><body><h1>Trang chu</h1></body></html>", "text/html; charset=utf-8"
                else:
                    data, kind = json.dumps(body).encode(), "application/json"
                self.send_response(answer_status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _answer

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer((HOST, 0), Handler)
        self.url = f"http://{HOST}:{self.server.server_address[1]}"
        self.address = f"{HOST}:{self.server.server_address[1]}"  # as typed without a scheme
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
