"""The Đồng bộ page's screenshot as an officer sees it on a working day: a province server
on 127.0.0.1 (in a thread), two announcements, the commune enrolled and synced once, and
one row the province refused (a hamlet whose id another commune sent first).

Used by screenshots.py; works on the screenshots' scratch copy of the database only.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import uvicorn

from desktop.services.commune import init_commune
from desktop.store.db import open_database
from desktop.store.models import Hamlet
from desktop.sync.service import enroll, push_all
from province.app import create_app
from province.db import open_store
from province.services.enrolment import add_commune
from province.services.reference import publish_announcement

HOST = "127.0.0.1"
OTHER_COMMUNE = "17344"  # Xã Nhân Hòa, Nghệ An
NOTES = [
    ("Hạn gửi số liệu năm", "Đề nghị các xã hoàn thành cập nhật và đồng bộ số liệu đánh giá các danh hiệu học tập "
                            "năm nay trước ngày 15/12."),
    ("Bộ tiêu chí mới", "Sở GD&ĐT đã gửi bộ tiêu chí “Gia đình học tập” cập nhật; chương trình tự nhận khi đồng bộ."),
]


class ShotServer:
    """uvicorn with the province app in a daemon thread; stop() shuts it down."""

    def __init__(self, folder: Path) -> None:
        self.url_db = f"sqlite:///{folder / 'tinh.sqlite'}"
        with socket.socket() as sock:
            sock.bind((HOST, 0))
            self.port = sock.getsockname()[1]
        self.store = open_store(self.url_db)
        self.server = uvicorn.Server(uvicorn.Config(create_app(self.store), host=HOST, port=self.port,
                                                    log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> "ShotServer":
        self.thread.start()
        end = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > end:
                raise RuntimeError("province server did not start")
            time.sleep(0.02)
        return self

    def issue_code(self, commune: str) -> str:
        with self.store.session() as session:
            code = add_commune(session, commune).code
            session.commit()
        return code

    def announce(self) -> None:
        with self.store.session() as session:
            for title, body in NOTES:
                publish_announcement(session, title=title, body=body)
            session.commit()

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=20)
        self.store.close()


def prepare_sync(db, folder: Path, server: ShotServer) -> str:
    """Another commune sends a hamlet first; this commune holds a row with the same id.
    Returns the one-time code the province issued for this commune (the officer types it)."""
    server.announce()
    other_path = folder / "nhan-hoa.sqlite"
    init_commune(other_path, OTHER_COMMUNE)
    with open_database(other_path) as other:
        enroll(other, server=server.url, code=server.issue_code(OTHER_COMMUNE))
        with other.session() as session:
            session.add(Hamlet(id="thon-ben-do", name="Thôn Bến Đò", kind="thon"))
            session.commit()
        push_all(other)
    with db.session() as session:
        session.add(Hamlet(id="thon-ben-do", name="Xóm Bến Đò", kind="xom"))
        session.commit()
    return server.issue_code(db.commune_code)
