"""A long write of the commune program cut by SIGKILL (the PC's power going) at points it
reports: the file stays intact, opens with the program, holds the whole write or none of
it (each is one transaction) with every row in the change log, and the program then does
the job on that file."""

from __future__ import annotations

import shutil

import pytest

from desktop.services.stats import register_stats
from desktop.store.db import open_database
from tests.kill.conftest import HOUSEHOLDS, SEED, YEAR
from tests.kill.invariants import check_commune_file
from tests.kill.processes import kill_at, xhht

DEMO = ("demo", "--households", str(HOUSEHOLDS), "--seed", str(SEED), "--year", str(YEAR))
EVALUATE = ("evaluate", "--year", str(YEAR))
# Where the plug is pulled: seconds after the command's first progress line (drawn as the
# demo starts writing, as the evaluation starts reading; the demo's write then takes about a
# second, the evaluation's scoring and write half a second, on the 2 cores of CI). A fixed
# list, so every run cuts at the same places; one that lands after the commit (a faster
# machine, or the last on purpose) is checked all the same.
DEMO_CUTS = (0.0, 0.4, 0.9, 2.5)
EVALUATE_CUTS = (0.0, 0.15, 0.4)


@pytest.mark.parametrize("delay", DEMO_CUTS)
def test_a_demo_write_cut_off_is_whole_or_absent_and_can_be_done_again(db_path, counts, delay):
    run = kill_at(*DEMO, db=db_path, cue="Đang ghi vào cơ sở dữ liệu", delay=delay)
    assert run.killed or delay > 0, f"the demo ended before the cut: {run.seen!r}"
    found = check_commune_file(db_path)
    assert found in (counts["empty"], counts["demo"]), found
    with open_database(db_path) as db, db.session() as session:  # the program opens it; it reads whole
        assert register_stats(session=session).households in (0, HOUSEHOLDS)
    if found == counts["empty"]:  # nothing kept: the program writes it all on a second try
        xhht(*DEMO, db=db_path)
    assert check_commune_file(db_path) == counts["demo"]


@pytest.mark.parametrize("delay", EVALUATE_CUTS)
def test_an_evaluation_cut_off_is_whole_or_absent_and_can_be_done_again(demo_file, counts, tmp_path, delay):
    path = tmp_path / "xa.sqlite"
    shutil.copyfile(demo_file, path)
    run = kill_at(*EVALUATE, db=path, cue=f"Đang đọc dữ liệu năm {YEAR}", delay=delay)
    assert run.killed or delay > 0, f"the evaluation ended before the cut: {run.seen!r}"
    found = check_commune_file(path)
    assert found in (counts["demo"], counts["evaluated"]), found
    if found == counts["demo"]:  # no title's results kept without the others': run it again
        xhht(*EVALUATE, db=path)
    assert check_commune_file(path) == counts["evaluated"]
