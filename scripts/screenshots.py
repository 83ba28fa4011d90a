"""Screenshots of the real window, one PNG per main page (run under Xvfb by `make screenshots`).

Usage: python scripts/screenshots.py --db demo/xhht-demo.sqlite --out docs/screenshots

The shots work on a copy of the database: the "Đánh giá – công nhận" shots first give
this year's Gia đình học tập some history (registered, partly checked, evaluated, a few
proposed, some recognised and printed), which the demo itself must not keep. The
"Đồng bộ" shot (dong-bo.png) runs a province server on 127.0.0.1 for the time of the shot
(scripts/sync_shot.py).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.services.session import transaction  # noqa: E402
from desktop.services.titles import certificates, evaluation, grid, recognition, registration  # noqa: E402
from desktop.store.db import open_database  # noqa: E402
from desktop.ui.app import make_application, open_window  # noqa: E402
from desktop.ui.errors import ErrorPresenter  # noqa: E402

SLUGS = {
    "Tổng quan": "tong-quan", "Hộ gia đình": "ho-gia-dinh", "Công dân": "cong-dan", "Dòng họ": "dong-ho",
    "Thôn/Tổ dân phố": "thon", "Đơn vị học tập": "don-vi-hoc-tap", "Trung tâm học tập cộng đồng": "tthtcd",
    "Đánh giá – công nhận": "danh-gia", "Báo cáo": "bao-cao", "Đồng bộ": "dong-bo",
}


def settle(app: QApplication, window, rounds: int = 20) -> None:
    for _ in range(rounds):
        window.ctx.ops.wait()
        app.processEvents()


def pause(app: QApplication, window, ms: int = 400) -> None:
    """Let timers fire (the detail pane reads after a short pause), then settle."""
    end = time.monotonic() + ms / 1000
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)
    settle(app, window)


def working_copy(source: Path, folder: Path) -> Path:
    target = folder / source.name
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


def prepare_titles(db, folder: Path, title: str = "gia-dinh") -> None:
    """This year's `title` half-way through (what an officer's November looks like): the
    demo's registrations and checks, evaluated; some recognised and printed, some proposed."""
    year = date.today().year
    with transaction(db) as session:
        if recognition.decisions(session, year=year, title=title):
            return
        if not registration.registered_ids(session, year, title):
            registration.register_all(session, year=year, title=title)
            rows = grid.grid(session, year=year, title=title).rows
            registration.check_full_marks(session, year=year, title=title, evidence="Biên bản bình xét của thôn",
                                          subject_ids=[r.subject_id for i, r in enumerate(rows) if i % 4 != 1])
        evaluation.evaluate_year(session, year=year, titles=[title])
        passed = [r.subject_id for r in grid.grid(session, year=year, title=title).rows if r.passed]
        if not passed:
            return
        recognition.recognize(session, year=year, title=title, number="35/QĐ-UBND", signed_on=date.today(),
                              signer_name="Nguyễn Văn Hải", subject_ids=passed[:len(passed) // 2])
        if passed[len(passed) // 2:]:
            recognition.propose(session, year=year, title=title, subject_ids=passed[len(passed) // 2:][:40])
        certificates.print_certificates(session, year=year, title=title, path=folder / "giay.pdf")


def titles_shots(app: QApplication, window, out: Path) -> None:
    page = window.page_titled("Đánh giá – công nhận")
    page.set_title("gia-dinh")
    pause(app, window)
    open_row = next((r for r in page.model.rows() if r.stage == "incomplete"), page.model.row(0))
    if open_row is not None:
        page.select_rows([open_row.subject_id])
        page.table.scrollTo(page.model.index(page.model.row_of(open_row.subject_id), 0))
    pause(app, window)
    window.grab().save(str(out / "danh-gia.png"))
    print(out / "danh-gia.png")
    page.set_scope("filtered")
    page.stage_box.setCurrentIndex(page.stage_box.findData("proposed"))
    pause(app, window)
    dialog = page.actions.recognise() if page.actions.recognition_rows() else None
    if dialog is not None:
        dialog.number.setText("36/QĐ-UBND")
        pause(app, window)
        dialog.grab().save(str(out / "danh-gia-cong-nhan.png"))
        print(out / "danh-gia-cong-nhan.png")
        dialog.reject()
    page.stage_box.setCurrentIndex(0)
    page.tabs.setCurrentWidget(page.register_tab)
    pause(app, window)
    window.grab().save(str(out / "danh-gia-so-cap.png"))
    print(out / "danh-gia-so-cap.png")
    page.tabs.setCurrentIndex(0)


def sync_shot(app: QApplication, window, out: Path, folder: Path) -> None:
    """The Đồng bộ page after one "Đồng bộ ngay" against a local province server."""
    from sync_shot import ShotServer, prepare_sync

    server = ShotServer(folder).start()
    try:
        prepare_sync(window.ctx.db, folder, server)
        window.sync.criteria_folder = folder / "criteria"
        window.sync.refresh_local()
        page = window.page_titled("Đồng bộ")
        window.sync.sync_now(page)
        while window.sync.running:
            pause(app, window, 100)
        pause(app, window)
        window.grab().save(str(out / "dong-bo.png"))
        print(out / "dong-bo.png")
        page.tabs.setCurrentIndex(1)  # the rows the province refused, with its reasons
        pause(app, window)
        window.grab().save(str(out / "dong-bo-tu-choi.png"))
        print(out / "dong-bo-tu-choi.png")
        page.tabs.setCurrentIndex(0)
    finally:
        server.stop()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = make_application()
    settings = QSettings(str(args.out / ".screenshots.ini"), QSettings.Format.IniFormat)
    scratch = tempfile.TemporaryDirectory(prefix="xhht-shots-")
    db = open_database(working_copy(args.db, Path(scratch.name)), exclusive=True)
    prepare_titles(db, Path(scratch.name))
    window = open_window(db, ErrorPresenter(None), settings)
    window.resize(1280, 800)
    window.show()
    settle(app, window)
    for number, (title, slug) in enumerate(SLUGS.items(), start=1):
        window.page_titled(title)
        settle(app, window)
        target = args.out / f"{number:02d}-{slug}.png"
        window.grab().save(str(target))
        print(target)
    titles_shots(app, window, args.out)
    sync_shot(app, window, args.out, Path(scratch.name))
    from desktop.ui.dialogs.household_dialog import HouseholdDialog

    households = window.page_titled("Hộ gia đình")
    settle(app, window)
    first = households.model.row_id(0) if hasattr(households, "model") else None
    if first:
        dialog = HouseholdDialog(window.ctx, household_id=first, parent=window)
        dialog.show()
        settle(app, window)
        target = args.out / "11-ho-gia-dinh-hop-thoai.png"
        dialog.grab().save(str(target))
        print(target)
        dialog.close()
    window.close()
    window.ctx.ops.wait()
    db.close()
    scratch.cleanup()
    (args.out / ".screenshots.ini").unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
