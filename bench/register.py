"""Benchmark of the register core on a whole commune.

Builds a commune of N households (default 20,000, ~80,000 citizens) with the same code as
`xhht demo`, then measures generation time, search latency over varied queries (p50/p95)
and database size. Beside each figure it measures the raw limit in the same run:
- generation vs the same rows (every table, change log included) inserted with plain
  sqlite3 executemany into an empty database of the same schema (no ORM, no Python rules);
- FTS5 search vs a LIKE scan of the folded column, for the same queries.
Writes bench/results/register.json. Run: .venv/bin/python bench/register.py
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select, text  # noqa: E402

from desktop.domain.text import fold  # noqa: E402
from desktop.services.commune import init_commune  # noqa: E402
from desktop.services.demo.build import build_demo  # noqa: E402
from desktop.services.demo.population import generate_commune  # noqa: E402
from desktop.services.search import search_citizens, search_households, search_register  # noqa: E402
from desktop.store import migrate  # noqa: E402
from desktop.store.db import make_engine, open_database  # noqa: E402
from desktop.store.models import Citizen, Household  # noqa: E402

COMMUNE = "17380"
TABLES = ["hamlets", "learning_centres", "learning_units", "households", "citizens", "clans",
          "clan_households", "activities", "participations", "change_log"]


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version, "platform": platform.platform()}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def raw_insert_seconds(source: Path, work: Path) -> tuple[float, int]:
    """The same rows, straight into an empty migrated database with executemany."""
    target = work / "raw.sqlite"
    engine = make_engine(target)
    migrate.upgrade(engine, None)
    engine.dispose()
    src = sqlite3.connect(source)
    rows_by_table = {}
    for table in TABLES:
        cursor = src.execute(f"SELECT * FROM {table}")
        columns = [d[0] for d in cursor.description]
        rows_by_table[table] = (columns, cursor.fetchall())
    src.close()
    dst = sqlite3.connect(target, isolation_level=None)
    dst.execute("PRAGMA journal_mode=WAL")
    dst.execute("PRAGMA synchronous=FULL")
    dst.execute("PRAGMA cache_size=-65536")  # the same pragmas as the program (store/db.py)
    dst.execute("PRAGMA foreign_keys=OFF")  # households <-> citizens point at each other
    dst.execute("DELETE FROM learning_centres")
    started = time.perf_counter()
    dst.execute("BEGIN")
    total = 0
    for table, (columns, rows) in rows_by_table.items():
        marks = ", ".join("?" * len(columns))
        dst.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
        total += len(rows)
    dst.execute("COMMIT")
    seconds = time.perf_counter() - started
    dst.close()
    return seconds, total


def queries(db, count: int, seed: int) -> list[str]:
    """What officers type: whole names with and without marks, given names, prefixes, numbers, codes."""
    rnd = random.Random(seed)
    with db.session() as s:
        people = s.execute(select(Citizen.full_name, Citizen.identity_number).order_by(Citizen.id).limit(5000)).all()
        codes = s.scalars(select(Household.code).limit(2000)).all()
    out = []
    while len(out) < count:
        name, number = rnd.choice(people)
        words = name.split()
        kind = len(out) % 8
        if kind == 0:
            out.append(name)
        elif kind == 1:
            out.append(fold(name))
        elif kind == 2:
            out.append(fold(name).upper())
        elif kind == 3:
            out.append(words[-1])
        elif kind == 4:
            out.append(fold(f"{words[0]} {words[-1]}"))
        elif kind == 5:
            out.append(fold(words[-1])[: rnd.randint(2, 3)])  # the first keystrokes
        elif kind == 6:
            out.append(number[:6] if number else fold(words[0]))
        else:
            out.append(rnd.choice(codes).lower())
    return out


def time_search(db, texts: list[str], service) -> list[float]:
    """Milliseconds per query, end to end: from the service call to plain records."""
    timings = []
    with db.session() as s:
        for q in texts:
            started = time.perf_counter()
            service(session=s, text=q, limit=50)
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def found_something(db, texts: list[str]) -> None:
    with db.session() as s:
        for q in texts:
            result = search_register(session=s, text=q, limit=50)
            assert result.citizens or result.households, f"no result for {q!r}"


def time_like_scan(db, texts: list[str]) -> list[float]:
    """The alternative: an indexed folded column scanned with LIKE '%word%' per word."""
    timings = []
    with db.engine.connect() as conn:
        for q in texts:
            words = fold(q).split()
            where = " AND ".join(f"search_text LIKE :w{i}" for i in range(len(words))) or "1"
            params = {f"w{i}": f"%{w}%" for i, w in enumerate(words)}
            started = time.perf_counter()
            conn.execute(text(f"SELECT id FROM citizens WHERE deleted = 0 AND {where} ORDER BY sort_key LIMIT 50"),
                         params).all()
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def run(households: int, seed: int, count: int, out: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        path = work / "commune.sqlite"
        init_commune(path, COMMUNE)

        started = time.perf_counter()
        generate_commune(households=households, seed=seed, year=2025)
        pure_generation = time.perf_counter() - started

        with open_database(path) as db:
            started = time.perf_counter()
            # The register only: the titles' registrations and checks are timed by bench/titles.py.
            summary = build_demo(db=db, households=households, seed=seed, year=2025, titles=False)
            generation = time.perf_counter() - started
        with sqlite3.connect(path) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = path.stat().st_size

        raw_seconds, raw_rows = raw_insert_seconds(path, work)

        with open_database(path) as db:
            texts = queries(db, count, seed)
            found_something(db, texts)  # also warms the page cache, as an officer's first minute would
            citizens = time_search(db, texts, search_citizens)
            households = time_search(db, texts, search_households)
            both = time_search(db, texts, search_register)
            like = time_like_scan(db, texts)

    result = {
        "machine": machine(),
        "households": summary.households,
        "citizens": summary.citizens,
        "rows_written": raw_rows,
        "generation_seconds": round(generation, 2),
        "pure_python_generation_seconds": round(pure_generation, 2),
        "raw_insert_seconds": round(raw_seconds, 2),
        "generation_vs_raw_ratio": round(generation / raw_seconds, 2),
        "generation_target_ratio": 5.0,
        "search_queries": len(texts),
        "search_citizens_p50_ms": round(statistics.median(citizens), 2),
        "search_citizens_p95_ms": round(percentile(citizens, 0.95), 2),
        "search_citizens_max_ms": round(max(citizens), 2),
        "search_households_p50_ms": round(statistics.median(households), 2),
        "search_households_p95_ms": round(percentile(households, 0.95), 2),
        "search_both_p50_ms": round(statistics.median(both), 2),
        "search_both_p95_ms": round(percentile(both, 0.95), 2),
        "search_target_p95_ms": 20.0,
        "search_citizens_like_scan_p50_ms": round(statistics.median(like), 2),
        "search_citizens_like_scan_p95_ms": round(percentile(like, 0.95), 2),
        "database_bytes": size,
        "database_mb": round(size / 1e6, 1),
        "measured_at": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "register.json")
    args = parser.parse_args()
    result = run(args.households, args.seed, args.queries, args.out)
    width = max(len(k) for k in result)
    for key, value in result.items():
        print(f"{key:<{width}}  {value}")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
