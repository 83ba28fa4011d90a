"""Benchmark of sync on a whole commune: push, verify and restore through a real server.

Builds (or reuses, with --db) a demo commune of N households (default 20,000, the
`xhht demo` code), starts the province server on 127.0.0.1 with its own SQLite file (or
--server-db URL, e.g. PostgreSQL), enrols, pushes the whole change log, compares with the
server, then restores the commune onto a fresh database. Prints rows/s and writes
bench/results/sync.json. Run: .venv/bin/python bench/sync.py
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import sqlite3
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import uvicorn  # noqa: E402

from desktop.services.commune import init_commune  # noqa: E402
from desktop.services.demo.build import build_demo  # noqa: E402
from desktop.store.db import open_database  # noqa: E402
from desktop.sync import protocol  # noqa: E402
from desktop.sync.client import SyncClient  # noqa: E402
from desktop.sync.push import push_all  # noqa: E402
from desktop.sync.restore import restore  # noqa: E402
from desktop.sync.service import enroll  # noqa: E402
from desktop.sync.verify import verify  # noqa: E402
from province.app import create_app  # noqa: E402
from province.db import open_store  # noqa: E402
from province.services.enrolment import add_commune  # noqa: E402
from province.services.restore_codes import issue as issue_restore_code  # noqa: E402

COMMUNE = "17380"


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
            "sqlite": sqlite3.sqlite_version, "platform": platform.platform(),
            "load_average_1m": round(os.getloadavg()[0], 2)}  # the 2 cores may be shared


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build(path: Path, households: int) -> float:
    started = time.perf_counter()
    init_commune(path, COMMUNE)
    with open_database(path) as db:
        build_demo(db=db, households=households, seed=1, year=2025)
    return time.perf_counter() - started


def token_for(db, url: str, store) -> None:
    with store.session() as session:
        code = add_commune(session, COMMUNE).code
        session.commit()
    enroll(db, server=url, code=code)


def client_of(db, url: str) -> SyncClient:
    from desktop.sync import state

    with db.session() as session:
        return SyncClient(url, state.read(session).token, timeout=(5.0, 120.0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=20_000)
    parser.add_argument("--db", type=Path, help="an existing demo commune database to push (copied first)")
    parser.add_argument("--server-db", help="the province database URL (default: a SQLite file in a temp folder)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "sync.json")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="xhht-bench-sync-") as tmp:
        work = Path(tmp)
        # The bench's tokens stay in its temp folder: not the user's keyring or data folder.
        os.environ["XHHT_SECRET_STORE"], os.environ["XHHT_KEY_DIR"] = "file", str(work / "keys")
        source = work / "xa.sqlite"
        built = None
        if args.db:
            shutil.copyfile(args.db, source)
        else:
            print(f"Building a demo commune of {args.households} households…", flush=True)
            built = build(source, args.households)
        store = open_store(args.server_db or f"sqlite:///{work / 'tinh.sqlite'}")
        port = free_port()
        server = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        url = f"http://127.0.0.1:{port}"
        try:
            with open_database(source) as db:
                with db.engine.connect() as conn:
                    households = conn.exec_driver_sql("SELECT count(*) FROM households WHERE deleted = 0").scalar()
                token_for(db, url, store)
                started = time.perf_counter()
                report = push_all(db, client_of(db, url), check=False)
                pushed = time.perf_counter() - started
                started = time.perf_counter()
                checked = verify(db, client_of(db, url))
                verified = time.perf_counter() - started
            target = work / "may-moi.sqlite"
            init_commune(target, COMMUNE)
            with open_database(target) as new:
                token_for(new, url, store)
                with store.session() as session:  # a full download needs the province's restore code
                    code = issue_restore_code(session, COMMUNE).code
                    session.commit()
                client = client_of(new, url)
                client.restore_grant = client.open_restore(code=code)["grant"]
                started = time.perf_counter()
                restored = restore(new, client)
                restoring = time.perf_counter() - started
        finally:
            server.should_exit = True
            thread.join(timeout=30)
            store.close()

    rows = report.rows_sent
    result = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d"),
        "machine": machine(),
        "households": households,
        "source": str(args.db) if args.db else "fresh demo build",
        "build_seconds": round(built, 1) if built else None,
        "server_db": "postgresql" if (args.server_db or "").startswith("postgresql") else "sqlite",
        "batch": {"rows": protocol.DEFAULT_BATCH_ROWS, "bytes": protocol.DEFAULT_BATCH_BYTES},
        # Each batch is two fsyncs (server commit, then the PC's receipt), synchronous=FULL on
        # both sides: on this VM's disk they are about half of the push time.
        "durability": "synchronous=FULL on both sides, one commit per batch each",
        "push": {"rows": rows, "batches": report.batches, "accepted": report.accepted, "seconds": round(pushed, 2),
                 "rows_per_second": round(rows / pushed)},
        "verify": {"seconds": round(verified, 2), "ok": checked.ok, "tables_differing": len(checked.tables)},
        "restore": {"rows": sum(restored.rows.values()), "seconds": round(restoring, 2),
                    "rows_per_second": round(sum(restored.rows.values()) / restoring)},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"push:    {rows} rows in {report.batches} batches, {pushed:.1f} s → {rows / pushed:,.0f} rows/s")
    print(f"verify:  {verified:.1f} s ({'khớp' if checked.ok else 'lệch'})")
    print(f"restore: {sum(restored.rows.values())} rows in {restoring:.1f} s → "
          f"{sum(restored.rows.values()) / restoring:,.0f} rows/s")
    print(f"written: {args.out}")


if __name__ == "__main__":
    main()
