"""The layer rules of DESIGN.md are a test, not a wish (import-linter, pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")


def lint(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT), "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"})


def test_the_tree_keeps_the_rules():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("module, line, contract", [
    ("desktop/services/sneaky.py", "import PySide6.QtCore\n", "Only desktop.ui imports Qt"),
    ("desktop/domain/sneaky.py", "from sqlalchemy import select\n", "Domain rules are pure"),
    ("province/sneaky.py", "from desktop.ui import app\n", "Nothing imports the UI"),
    # Upward, which no forbidden contract names: sync reaching into the services above it.
    ("desktop/sync/sneaky.py", "from desktop.services import files\n", "Layers: ui | cli > services"),
    # Sideways between the two sides of a "|": printing and sync stay apart.
    ("desktop/printing/sneaky.py", "from desktop.sync import protocol\n", "Layers: ui | cli > services"),
    ("desktop/ui/sneaky.py", "from sqlalchemy.orm import Session\n", "desktop.ui imports neither desktop.store"),
    ("desktop/ui/pages/sneaky.py", "from desktop.store.db import open_database\n",
     "desktop.ui imports neither desktop.store"),
])
def test_a_breaking_import_fails_the_check(tmp_path, module, line, contract):
    copy = tmp_path / "tree"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", ".git", "*.sqlite*", "demo", "bench"))
    (copy / module).write_text(line)
    result = lint(copy)
    assert result.returncode != 0
    # That contract's own summary line, not any contract's BROKEN elsewhere in the report.
    broken = [line for line in result.stdout.splitlines() if line.startswith(contract) and "BROKEN" in line]
    assert broken, result.stdout
