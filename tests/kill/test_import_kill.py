"""`xhht import` cut by SIGKILL (the PC's power going) while it writes a 3,000-person list: the
file stays intact and holds the whole import or none of it (one file, one transaction), and
importing the same file again completes it, then adds nothing."""

from __future__ import annotations

import json

import pytest

from bench.import_lists import list_workbook
from tests.kill.invariants import check_commune_file
from tests.kill.processes import kill_at, xhht

PEOPLE = 3_000
# Seconds after the command reports that it writes (the write takes about a second here).
CUTS = (0.0, 0.3, 0.8, 3.0)


@pytest.fixture(scope="module")
def commune_list(tmp_path_factory):
    path = tmp_path_factory.mktemp("kill-import") / "danh-sach.xlsx"
    assert list_workbook(path, people=PEOPLE) == PEOPLE
    return path


@pytest.mark.parametrize("delay", CUTS)
def test_an_import_cut_off_is_whole_or_absent_and_can_be_done_again(db_path, commune_list, delay):
    empty = check_commune_file(db_path)
    run = kill_at("import", str(commune_list), db=db_path, cue="Đang ghi vào sổ", delay=delay)
    assert run.killed or delay > 0, f"the import ended before the cut: {run.seen!r}"
    found = check_commune_file(db_path)
    assert found["citizens"] in (0, PEOPLE), found
    if found["citizens"] == 0:
        assert found == empty  # not even the hamlets it would have made
        done = json.loads(xhht("import", str(commune_list), db=db_path).stdout)
        assert done["citizens"] == PEOPLE
    again = json.loads(xhht("import", str(commune_list), db=db_path).stdout)
    assert (again["households"], again["citizens"], again["citizens_matched"]) == (0, 0, PEOPLE)
    assert check_commune_file(db_path)["citizens"] == PEOPLE
