"""Running `xhht` as an officer's PC does, and pulling the plug on it (SIGKILL) at a point
it reports: its progress line, drawn on a terminal (a pseudo-terminal here) as in a shell."""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

XHHT = [sys.executable, "-c", "import sys; from desktop.cli import main; sys.exit(main())"]


@dataclass(frozen=True)
class Run:
    killed: bool  # False: the command had finished before the cue (the kill landed after completion)
    returncode: int
    seen: str  # what it drew on its terminal, progress lines included


def xhht(*args: str, db: Path, check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess:
    """One `xhht` command to its end, with --json; its output as text."""
    done = subprocess.run(XHHT + list(args) + ["--db", str(db), "--json"], capture_output=True, text=True,
                          timeout=timeout, env=_env())
    if check and done.returncode != 0:
        raise AssertionError(f"xhht {' '.join(args)} failed ({done.returncode}): {done.stderr}")
    return done


def kill_at(*args: str, db: Path, cue: str, delay: float = 0.0, timeout: float = 120) -> Run:
    """Start `xhht ARGS --db DB`; once its progress line matches `cue` (a regular expression),
    wait `delay` seconds and SIGKILL it. The cue is the program's own report of where it is,
    not a guess at how long start-up takes on a loaded machine."""
    master, terminal = pty.openpty()
    process = subprocess.Popen(XHHT + list(args) + ["--db", str(db)], stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=terminal, env=_env())
    os.close(terminal)
    seen = b""
    killed = False
    end = time.monotonic() + timeout
    try:
        while process.poll() is None and time.monotonic() < end:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    seen += os.read(master, 4096)
                except OSError:  # the child closed its end
                    break
            if re.search(cue, seen.decode("utf-8", "ignore")):
                time.sleep(delay)
                if process.poll() is None:
                    os.kill(process.pid, signal.SIGKILL)
                    killed = True
                break
        try:
            returncode = process.wait(timeout=max(1.0, end - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            raise AssertionError(f"xhht {' '.join(args)} neither showed “{cue}” nor ended in {timeout} s") from None
    finally:
        os.close(master)
    if killed and returncode != -signal.SIGKILL:
        # It ended between the last look and the signal (a zombie takes SIGKILL silently): the
        # cut landed after completion, which the tests check as such (seen once in CI, delay 0.4).
        assert returncode == 0, f"xhht {' '.join(args)} failed before the cut: {returncode}"
        killed = False
    return Run(killed, returncode, seen.decode("utf-8", "ignore"))


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("XHHT_USER", None)
    env.pop("XHHT_PASSWORD", None)
    return env
