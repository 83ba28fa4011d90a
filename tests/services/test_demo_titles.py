"""The demo's titles data: seeded, made through the services, and a year that shows every stage."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest
from sqlalchemy import func, select

from desktop.services.demo.build import build_demo
from desktop.services.demo.titles import CITIZEN_SHARE, HOUSEHOLD_SHARE
from desktop.services.session import transaction
from desktop.services.titles.evaluation import evaluate_year
from desktop.services.titles.grid import STAGES, grid
from desktop.services.titles.recognition import propose, recognize
from desktop.services.titles.registration import eligible_ids, register, registered_ids
from desktop.store.db import open_database
from desktop.store.models import (
    ChangeLog,
    Citizen,
    Clan,
    EvaluationRound,
    Hamlet,
    Household,
    LearningUnit,
    SubjectChecks,
    TitleRegistration,
)

YEAR = 2025


def _build(template_db, path, *, households: int, seed: int, titles: bool = True):
    shutil.copyfile(template_db, path)
    db = open_database(path)
    summary = build_demo(db=db, households=households, seed=seed, year=YEAR, titles=titles)
    return db, summary


def _snapshot(db) -> dict:
    """Registrations and checks by what names a subject (never its random id)."""
    with db.session() as s:
        names = {hid: code for hid, code in s.execute(select(Household.id, Household.code))}
        names |= {cid: (names[hid], name, birth) for cid, hid, name, birth in s.execute(
            select(Citizen.id, Citizen.household_id, Citizen.full_name, Citizen.birth_date))}
        heads = {cid: names[hid] for cid, hid in s.execute(select(Citizen.id, Citizen.household_id))}
        names |= {cid: (name, heads.get(head)) for cid, name, head in s.execute(
            select(Clan.id, Clan.name, Clan.head_id))}
        names |= dict(s.execute(select(Hamlet.id, Hamlet.name)).all())
        names |= {uid: (name, kind) for uid, name, kind in s.execute(
            select(LearningUnit.id, LearningUnit.name, LearningUnit.kind))}
        registrations = sorted((r.title, str(names[r.subject_id]), r.unit_staff, r.unit_staff_cdht)
                               for r in s.scalars(select(TitleRegistration)))
        checks = sorted((c.title, str(names[c.subject_id]), c.checks_json) for c in s.scalars(select(SubjectChecks)))
    return {"registrations": registrations, "checks": checks}


def test_the_same_seed_gives_the_same_titles_data(template_db, tmp_path):
    one, first = _build(template_db, tmp_path / "a.sqlite", households=60, seed=5)
    two, second = _build(template_db, tmp_path / "b.sqlite", households=60, seed=5)
    other, _ = _build(template_db, tmp_path / "c.sqlite", households=60, seed=6)
    try:
        assert first == second and first.title_year == YEAR and first.title_registrations > 60
        snapshot = _snapshot(one)
        assert snapshot == _snapshot(two)
        assert snapshot != _snapshot(other)
    finally:
        for db in (one, two, other):
            db.close()


def test_without_titles_the_register_alone_is_built(template_db, tmp_path):
    db, summary = _build(template_db, tmp_path / "a.sqlite", households=30, seed=5, titles=False)
    try:
        assert summary.title_year is None and summary.title_registrations == 0
        with db.session() as s:
            assert s.scalar(select(func.count()).select_from(TitleRegistration)) == 0
    finally:
        db.close()


@pytest.fixture(scope="module")
def demo_year(tmp_path_factory):
    from desktop.services.commune import init_commune

    path = tmp_path_factory.mktemp("demo-titles") / "xa.sqlite"
    init_commune(path, "17380")
    db = open_database(path)
    summary = build_demo(db=db, households=250, seed=2, year=YEAR)
    yield db, summary
    db.close()


def test_shares_and_the_change_log(demo_year):
    db, summary = demo_year
    with db.session() as s:
        registered = dict(s.execute(select(TitleRegistration.title, func.count())
                                    .group_by(TitleRegistration.title)).all())
        assert sum(registered.values()) == summary.title_registrations
        assert registered["gia-dinh"] == round(250 * HOUSEHOLD_SHARE)
        eligible = len(eligible_ids(session=s, year=YEAR, title="cong-dan"))
        assert abs(registered["cong-dan"] / eligible - CITIZEN_SHARE) < 0.08
        assert registered["dong-ho"] == summary.clans and registered["cong-dong"] == summary.hamlets
        assert registered["don-vi"] == summary.units
        staff = s.execute(select(TitleRegistration.unit_staff, TitleRegistration.unit_staff_cdht)
                          .where(TitleRegistration.title == "don-vi")).all()
        assert all(0 < cdht <= n for n, cdht in staff)
        checked = s.scalar(select(func.count()).select_from(SubjectChecks))
        assert checked == summary.title_checked and 0.85 * sum(registered.values()) < checked
        logged = dict(s.execute(select(ChangeLog.table_name, func.count())
                                .where(ChangeLog.table_name.in_(("title_registrations", "subject_checks")))
                                .group_by(ChangeLog.table_name)).all())
        # A unit's registration is logged twice: inserted, then given its staff figures.
        assert logged == {"title_registrations": sum(registered.values()) + summary.units, "subject_checks": checked}
        assert s.scalar(select(func.count()).select_from(EvaluationRound)) == 0  # the officer evaluates


def test_once_evaluated_the_year_shows_every_stage(demo_year):
    db, _ = demo_year
    with db.session() as s:
        assert {r.stage for r in grid(session=s, year=YEAR, title="gia-dinh").rows} == {"registered"}
    with transaction(db) as s:
        evaluate_year(session=s, year=YEAR)
    with db.session() as s:
        for title in ("cong-dan", "gia-dinh", "dong-ho"):
            counts = grid(session=s, year=YEAR, title=title).counts()
            assert all(counts[stage] for stage in ("failed", "incomplete", "passed")), (title, counts)
            assert counts["passed"] > counts["failed"], (title, counts)
    with transaction(db) as s:
        passed = [r.subject_id for r in grid(session=s, year=YEAR, title="gia-dinh").rows if r.stage == "passed"]
        propose(session=s, year=YEAR, title="gia-dinh", subject_ids=passed[:3])
        recognize(session=s, year=YEAR, title="gia-dinh", number="5/QĐ-UBND", signed_on=date(2025, 12, 20),
                  signer_name="Nguyễn Văn An", subject_ids=passed[3:8])
        # A household that registers late waits for the next evaluation.
        late = next(h for h in s.scalars(select(Household.id)) if h not in set(registered_ids(session=s, year=YEAR,
                                                                                              title="gia-dinh")))
        register(session=s, year=YEAR, title="gia-dinh", subject_ids=[late])
    with db.session() as s:
        counts = grid(session=s, year=YEAR, title="gia-dinh").counts()
    assert all(counts[stage] for stage in STAGES if stage != "left"), counts  # households do not move away
    assert counts["proposed"] == 3 and counts["recognised"] == 5 and counts["registered"] == 1


def test_manual_checks_carry_evidence(demo_year):
    db, _ = demo_year
    with db.session() as s:
        sample = s.scalars(select(SubjectChecks.checks_json).where(SubjectChecks.title == "gia-dinh").limit(20)).all()
    for raw in sample:
        for points, evidence in json.loads(raw).values():
            assert points >= 0 and evidence.startswith("Biên bản bình xét của thôn")
