"""Screenshots of the real window, one PNG per main page (run under Xvfb by `make screenshots`).

Usage: python scripts/screenshots.py --db demo/xhht-demo.sqlite --out docs/screenshots
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = make_application()
    settings = QSettings(str(args.out / ".screenshots.ini"), QSettings.Format.IniFormat)
    db = open_database(args.db, exclusive=True)
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
    (args.out / ".screenshots.ini").unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
