"""Kill tests (issue 10, item 8): `xhht` and the province server SIGKILLed at points they
report, then the files and the two sides compared. Marked `kill` (pytest -m kill runs only
them); CI runs them with the rest."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.services.demo.build import build_demo
from desktop.services.session import transaction
from desktop.services.titles.evaluation import evaluate_year
from desktop.store.db import open_database
from tests.kill.invariants import check_commune_file
from tests.province.conftest import postgres  # noqa: F401  (the throwaway PostgreSQL, shared)

YEAR = 2025
HOUSEHOLDS = 800  # writes of about a second (demo) and half a second (evaluate) here: cut in the middle
SEED = 7
PUSH_HOUSEHOLDS = 280


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "kill: SIGKILLs xhht or the province server at reported points")


def pytest_collection_modifyitems(items) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.kill)


@pytest.fixture(scope="session")
def demo_file(template_db, tmp_path_factory) -> Path:
    """The commune `xhht demo --households 800 --seed 7 --year 2025` makes, made once."""
    path = tmp_path_factory.mktemp("kill-demo") / "demo.sqlite"
    shutil.copyfile(template_db, path)
    with open_database(path) as db:
        build_demo(db=db, households=HOUSEHOLDS, seed=SEED, year=YEAR)
    return path


@pytest.fixture(scope="session")
def evaluated_file(demo_file, tmp_path_factory) -> Path:
    """The same commune after `xhht evaluate --year 2025`, uninterrupted."""
    path = tmp_path_factory.mktemp("kill-evaluated") / "evaluated.sqlite"
    shutil.copyfile(demo_file, path)
    with open_database(path) as db, transaction(db) as session:
        evaluate_year(session=session, year=YEAR)
    return path


@pytest.fixture(scope="session")
def counts(template_db, demo_file, evaluated_file) -> dict[str, dict[str, int]]:
    """Rows per synced table: empty commune, after the demo, after the evaluation."""
    return {"empty": check_commune_file(template_db), "demo": check_commune_file(demo_file),
            "evaluated": check_commune_file(evaluated_file)}


@pytest.fixture(scope="session")
def push_file(template_db, tmp_path_factory) -> Path:
    """A smaller commune to push: about 3,000 log entries, six batches of 500."""
    path = tmp_path_factory.mktemp("kill-push") / "push.sqlite"
    shutil.copyfile(template_db, path)
    with open_database(path) as db:
        build_demo(db=db, households=PUSH_HOUSEHOLDS, seed=SEED, year=YEAR)
    return path
