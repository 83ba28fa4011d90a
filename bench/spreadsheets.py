"""Benchmark of the spreadsheets a commune hands on (issue 12, item 7).

Builds a commune of N households (default 20,000, ~70,000 citizens living there) with the
same code as `xhht demo`. It then times the exports and the yearly report. Each figure
stands beside the raw limit, measured in the same run:
- the citizens and households exports vs the least their rows cost as XML in Python (each
  value in a bare cell, one string a row, deflated: the raw limit of export/row_stream.py),
  and the time the export spent reading the register (tables.py) before writing; beside them
  XlsxWriter's write_row of the same plain values in constant-memory mode (what the library
  alone costs: more than the target, hence row_stream.py) and openpyxl's write-only mode
  (what the export used first);
- the yearly report vs the plain sqlite3 GROUP BY queries of households and people per
  hamlet, which any report of this commune has to read.
Targets from the issue: export of 80,000 citizens ≤ 5 s, the yearly report of a
20,000-household commune ≤ 3 s, and the import of a 10,000-person commune list ≤ 5 s beside
python-calamine's own read of the same file (bench/import_lists.py, which also runs alone).
Writes bench/results/spreadsheets.json. Run: .venv/bin/python bench/spreadsheets.py
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import xlsxwriter  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from bench import import_lists  # noqa: E402
from bench.register import machine  # noqa: E402
from desktop.services.commune import init_commune  # noqa: E402
from desktop.services.demo.build import build_demo  # noqa: E402
from desktop.services.export import export_workbook, tables  # noqa: E402
from desktop.services.report.workbook import write_report_workbook  # noqa: E402
from desktop.store.db import open_database  # noqa: E402

COMMUNE = "17380"
YEAR = date.today().year


def timed(fn, *args, **kwargs):
    started = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - started


def plain_openpyxl(path: Path, rows: tuple[tuple, ...]) -> float:
    """openpyxl alone: the export's rows as plain values, write-only, nothing else."""
    started = time.perf_counter()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Dữ liệu")
    for row in rows:
        sheet.append(row)
    book.save(path)
    return time.perf_counter() - started


def plain_xlsxwriter(path: Path, rows: tuple[tuple, ...]) -> float:
    """XlsxWriter alone: the export's rows as plain values (write_row, constant memory), nothing else."""
    started = time.perf_counter()
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Dữ liệu")
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    book.close()
    return time.perf_counter() - started


def plain_xml(path: Path, rows: tuple[tuple, ...]) -> float:
    """The least any .xlsx of these rows costs in Python: each value as text in a bare cell, one
    string a row, deflated into a zip member (no styles, no escaping, no dates made serials)."""
    started = time.perf_counter()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive, archive.open("sheet.xml", "w") as out:
        for row in rows:
            out.write(("<row>" + "".join(f"<c><v>{value}</v></c>" for value in row) + "</row>").encode())
    return time.perf_counter() - started


def plain_counts(path: Path) -> float:
    """The reads any report of the commune needs, as bare SQL."""
    started = time.perf_counter()
    conn = sqlite3.connect(path)
    try:
        conn.execute("SELECT hamlet_id, count(*) FROM households WHERE deleted = 0 GROUP BY hamlet_id").fetchall()
        conn.execute("SELECT h.hamlet_id, count(*) FROM citizens c JOIN households h ON h.id = c.household_id"
                     " WHERE c.deleted = 0 GROUP BY h.hamlet_id").fetchall()
        conn.execute("SELECT title, count(*) FROM recognitions WHERE deleted = 0 GROUP BY title").fetchall()
    finally:
        conn.close()
    return time.perf_counter() - started


def run(households: int, seed: int, out: Path) -> dict:
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        path = folder / "xa.sqlite"
        init_commune(path, COMMUNE)
        with open_database(path) as db:
            _, build = timed(build_demo, db=db, households=households, seed=seed, year=YEAR)
        figures: dict = {"machine": machine(), "households": households, "demo_build_seconds": round(build, 1)}
        with open_database(path) as db:
            for what, read in (("citizens", tables.citizens), ("households", tables.households)):
                target = folder / f"{what}.xlsx"
                with db.session() as session:
                    summary, seconds = timed(export_workbook, session=session, path=target, what=what)
                with db.session() as session:
                    (table,), reading = timed(read, session=session, progress=None)
                figures[f"export_{what}_rows"] = summary.rows
                figures[f"export_{what}_seconds"] = round(seconds, 2)
                figures[f"export_{what}_reading_seconds"] = round(reading, 2)
                figures[f"export_{what}_plain_xml_seconds"] = round(plain_xml(folder / f"{what}.zip", table.rows), 2)
                figures[f"export_{what}_xlsxwriter_plain_seconds"] = round(
                    plain_xlsxwriter(folder / f"{what}-xlsxwriter.xlsx", table.rows), 2)
                figures[f"export_{what}_openpyxl_plain_seconds"] = round(
                    plain_openpyxl(folder / f"{what}-openpyxl.xlsx", table.rows), 2)
            per_80k = figures["export_citizens_seconds"] * 80_000 / max(1, figures["export_citizens_rows"])
            figures["export_80000_citizens_seconds_scaled"] = round(per_80k, 1)
            figures["export_80000_citizens_plain_xml_seconds_scaled"] = round(
                figures["export_citizens_plain_xml_seconds"] * 80_000 / max(1, figures["export_citizens_rows"]), 1)
            figures["export_80000_citizens_xlsxwriter_plain_seconds_scaled"] = round(
                figures["export_citizens_xlsxwriter_plain_seconds"] * 80_000 / max(1, figures["export_citizens_rows"]), 1)
            figures["export_80000_citizens_target_seconds"] = 5.0
            with db.session() as session:
                _, seconds = timed(write_report_workbook, session=session, year=YEAR, path=folder / "bao-cao.xlsx")
            figures["report_seconds"] = round(seconds, 2)
            figures["report_plain_sql_seconds"] = round(plain_counts(path), 3)
            figures["report_target_seconds"] = 3.0
        figures.update(import_lists.measure(folder))
        figures["measured_at"] = time.strftime("%Y-%m-%d %H:%M:%S")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "spreadsheets.json")
    args = parser.parse_args()
    result = run(args.households, args.seed, args.out)
    width = max(len(k) for k in result)
    for key, value in result.items():
        print(f"{key:<{width}}  {value}")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
