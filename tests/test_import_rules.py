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
])
def test_a_breaking_import_fails_the_check(tmp_path, module, line, contract):
    copy = tmp_path / "tree"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", ".git", "*.sqlite*", "demo", "bench"))
    (copy / module).write_text(line)
    result = lint(copy)
    assert result.returncode != 0
    assert f"{contract}" in result.stdout and "BROKEN" in result.stdout
