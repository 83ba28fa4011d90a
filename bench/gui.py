"""Benchmark of the desktop window on a whole commune (20,000 households by default).

Measures, on the real window (offscreen platform unless QT_QPA_PLATFORM says otherwise):
- start to usable main window: a fresh Python process from launch (imports included)
  until the window is shown with its first page loaded and the worker idle;
- search: from Enter in the citizens page's search box until the table shows the result
  (ids loaded on the worker, model reset, view repainted), over varied queries;
- scrolling the whole citizens table page by page: the longest time the event loop was
  blocked by one step (lazy row fetches and painting included).
Targets (issue 3): window ≤ 3 s, search ≤ 100 ms, no stall > 100 ms.
Writes bench/results/gui.json. Run: make bench-gui  (or .venv/bin/python bench/gui.py --db X)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

QUERIES = ["nguyen thi", "huong", "Trần Văn", "ng", "le thi hoa", "dao", "pham minh", "040", "vu", "hoang anh",
           "bui thi", "tuan", "NGUYEN VAN HUNG", "th", "đỗ", "lan", "dang van", "mai", "cuong", "ho thi"]


def build_database(households: int, folder: Path) -> Path:
    path = folder / "commune-20k.sqlite"
    xhht = str(Path(sys.executable).with_name("xhht"))
    subprocess.run([xhht, "init", "--commune", "17380", "--db", str(path)], check=True, capture_output=True)
    subprocess.run([xhht, "demo", "--households", str(households), "--seed", "1", "--db", str(path)], check=True,
                   capture_output=True)
    return path


def _settle(app, window) -> None:
    while True:
        window.ctx.ops.wait()
        app.processEvents()
        if window.ctx.ops.wait(0):
            app.processEvents()
            return


def _open(db_path: Path):
    from PySide6.QtCore import QSettings

    from desktop.store.db import open_database
    from desktop.ui.app import make_application, open_window
    from desktop.ui.errors import ErrorPresenter

    app = make_application()
    settings = QSettings(str(Path(tempfile.gettempdir()) / "xhht-bench-gui.ini"), QSettings.Format.IniFormat)
    db = open_database(db_path, exclusive=True)
    window = open_window(db, ErrorPresenter(None), settings)
    window.show()
    _settle(app, window)
    return app, window, db


def child_startup(db_path: Path) -> None:
    """Runs in a fresh process: prints seconds since the parent launched it."""
    launched = float(os.environ["XHHT_BENCH_LAUNCHED"])
    app, window, db = _open(db_path)
    print(json.dumps({"usable_after_s": time.time() - launched}))
    window.close()
    db.close()


def startup_seconds(db_path: Path, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        env = os.environ | {"XHHT_BENCH_LAUNCHED": repr(time.time())}
        out = subprocess.run([sys.executable, __file__, "--child-startup", str(db_path)], env=env, check=True,
                             capture_output=True, text=True, timeout=120).stdout
        times.append(json.loads(out.strip().splitlines()[-1])["usable_after_s"])
    return times


def search_and_scroll(db_path: Path) -> dict:
    from PySide6.QtCore import QEventLoop, Qt
    from PySide6.QtTest import QTest

    app, window, db = _open(db_path)
    page = window.page_titled("Công dân")
    _settle(app, window)
    shown = []
    page.loaded.connect(shown.append)

    def wait_until_shown() -> None:
        # Wait in an event loop, as the real window idles in exec(): busy-looping
        # processEvents here would fight the worker thread for the GIL.
        if not shown:
            loop = QEventLoop()
            page.loaded.connect(loop.quit)
            loop.exec()
            page.loaded.disconnect(loop.quit)

    searches = []
    for query in QUERIES:
        shown.clear()
        page.search.setText(query)
        started = time.perf_counter()
        QTest.keyClick(page.search, Qt.Key.Key_Return)
        wait_until_shown()
        page.table.viewport().repaint()
        searches.append((time.perf_counter() - started) * 1000)

    shown.clear()
    page.search.clear()  # back to the whole commune
    wait_until_shown()
    rows = page.model.rowCount()
    bar = page.table.verticalScrollBar()
    stalls = []
    value = 0
    while value <= bar.maximum():
        started = time.perf_counter()
        bar.setValue(value)
        page.table.viewport().repaint()
        app.processEvents()
        stalls.append((time.perf_counter() - started) * 1000)
        value += bar.pageStep()
    from desktop.services.stats import register_stats

    with window.ctx.db.session() as session:
        households = register_stats(session=session).households
    window.close()
    db.close()
    return {"households": households, "searches_ms": searches, "scroll_steps": len(stalls), "scroll_rows": rows, "stalls_ms": stalls}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing commune database (default: build 20,000 households)")
    parser.add_argument("--households", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "gui.json")
    parser.add_argument("--child-startup", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_startup:
        child_startup(args.child_startup)
        return
    sys.path.insert(0, str(ROOT / "bench"))
    from register import machine

    with tempfile.TemporaryDirectory() as tmp:
        db_path = args.db or build_database(args.households, Path(tmp))
        starts = startup_seconds(db_path, args.runs)
        measured = search_and_scroll(db_path)
    searches, stalls = measured["searches_ms"], measured["stalls_ms"]
    result = {
        "machine": machine(),
        "platform": os.environ.get("QT_QPA_PLATFORM"),
        "households": measured["households"],
        "citizens_in_table": measured["scroll_rows"],
        "startup_s_runs": [round(s, 2) for s in starts],
        "startup_s_median": round(statistics.median(starts), 2),
        "startup_target_s": 3.0,
        "search_queries": len(searches),
        "search_ms_p50": round(statistics.median(searches), 1),
        "search_ms_max": round(max(searches), 1),
        "search_ms_by_query": {q: round(ms, 1) for q, ms in zip(QUERIES, searches, strict=True)},
        "search_within_target": sum(ms <= 100 for ms in searches),
        "search_target_ms": 100.0,
        "scroll_steps": measured["scroll_steps"],
        "scroll_longest_stall_ms": round(max(stalls), 1),
        "scroll_median_step_ms": round(statistics.median(stalls), 1),
        "stall_target_ms": 100.0,
        "measured_at": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    for key, value in result.items():
        print(f"{key:<26} {value}")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
