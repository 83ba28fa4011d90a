"""The demo year's titles: who registered, the units' staff figures, the officer's checks.

Made through the title services in the caller's session (change log and all), like an
officer's work between January and the year-end review: about 85 % of households and
35 % of people from 15 register (people who took part in the centre's activities more
often), every clan, hamlet and unit registers, and units report their staff. Most
registered subjects have every manual item checked at full points with evidence; some
got lower points, some were only half checked, some not yet. Once the officer evaluates
the year, the grid shows every stage. Nothing here evaluates or recognises: the officer does.

Seeded: the same seed gives the same registrations and checks (subjects are taken in a
stable order — household code, then each person's birth date and name — never by id).
"""

from __future__ import annotations

import gc
import math
import random
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.criteria import COMPUTED, MANUAL, TITLE_ORDER, CriteriaSet
from desktop.services.titles.common import available_sets, set_for_year
from desktop.services.titles.registration import eligible_ids, register, report_unit_staff, set_checks
from desktop.store.models import Activity, Citizen, Clan, Hamlet, Household, LearningUnit, Participation
from desktop.store.queries import live

HOUSEHOLD_SHARE = 0.85
CITIZEN_SHARE = 0.35
PARTICIPANT_SHARE = 0.75  # of people who took part in the year's activities

# How the officer's checks stand at the year-end review, as shares of those registered.
# full: every manual item at full points; lower: the last two items at half (still
# passes, with fewer points); low: every item at half (fails); half: only the first
# half of the items checked (incomplete); none: not checked yet.
PATTERNS = ("full", "lower", "low", "half", "none")
SHARES = {"full": 0.72, "lower": 0.09, "low": 0.07, "half": 0.05, "none": 0.07}

EVIDENCE = {
    "cong-dan": "Phiếu tự đánh giá có xác nhận của trưởng thôn",
    "gia-dinh": "Biên bản bình xét của thôn",
    "dong-ho": "Biên bản họp hội đồng gia tộc",
    "cong-dong": "Báo cáo của ban điều hành thôn",
    "don-vi": "Báo cáo tự đánh giá của đơn vị",
}
VISIT = "; kiểm tra thực tế"
# Công dân học tập asks for a class and a digital-skills course in the year; many people
# learn outside the commune's centre, and the officer scores those items from their papers.
ELSEWHERE_SHARE = 0.6  # of the citizens checked "full" or "lower"
ELSEWHERE = "giấy chứng nhận, chứng chỉ học tập nơi khác (bản sao)"
# Công dân học tập is a self-assessment: people give themselves 5 to 10 on each indicator,
# rarely all 10. Each profile is a share of every item's points, item by item (cycled over
# a set with other items), rounded down to 0,5; the officer keys in what the paper says.
SELF_ASSESSED = {
    "full": ((1, 1, .9, .8, 1, .6, .8, .8, 1, 1),          # 89
             (1, .9, 1, .9, .9, .7, .9, .8, 1, 1),          # 91
             (.9, .9, .8, .9, .8, .6, .8, .8, .9, 1),       # 84
             (1,) * 10),                                    # 100
    "lower": ((.9, .8, .8, .9, .8, .5, .7, .7, 1, .9),      # 80: just passes
              (.9, .9, .8, .8, .8, .6, .8, .8, .9, .9)),    # 82
    "low": ((.8, .7, .8, .7, .7, .5, .7, .7, .8, .8),       # 72: too few points
            (1, 1, 1, 1, 1, .3, 1, 1, 1, 1),                # 93, but no foreign language: under the floor
            (.8, .8, .8, .8, .8, .7, .8, .8, .8, .7)),      # 78
}


@dataclass(frozen=True)
class DemoTitles:
    year: int
    registrations: int
    checked: int  # subjects with at least one manual item checked


@contextmanager
def _collector_paused():
    """Tens of thousands of new rows, and the generated commune still alive in the caller:
    the cyclic collector would walk that heap again and again (a third of the time on
    20,000 households). Reference counting still frees everything."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build_titles(*, session: Session, year: int, seed: int) -> DemoTitles:
    """Registrations and checks for `year` on the register already in `session`."""
    with _collector_paused():
        return _build(session, year, seed)


def _build(session: Session, year: int, seed: int) -> DemoTitles:
    registered_on = min(date(year, 2, 10), max(date.today(), date(year, 1, 1)))
    registrations = checked = 0
    sets = available_sets()
    for title in TITLE_ORDER:
        rng = random.Random(f"xhht-demo-titles:{seed}:{title}")
        if title == "don-vi":
            ids = _report_units(session, year, rng)
        else:
            ids = _choose(session, year, title, rng)
            register(session=session, year=year, title=title, subject_ids=ids, registered_on=registered_on)
        registrations += len(ids)
        checked += _check(session, year, set_for_year(session=session, year=year, title=title, sets=sets), ids, rng)
    return DemoTitles(year, registrations, checked)


def _choose(session: Session, year: int, title: str, rng: random.Random) -> list[str]:
    """Who registers, in a stable order."""
    if title == "gia-dinh":
        ids = list(session.scalars(select(Household.id).where(live(Household))
                                   .order_by(Household.code)))
        return _share(ids, HOUSEHOLD_SHARE, rng)
    if title == "cong-dan":
        return _citizens(session, year, rng)
    if title == "dong-ho":  # clans of one name live in several hamlets: the head's household tells them apart
        return list(session.scalars(
            select(Clan.id).outerjoin(Citizen, Citizen.id == Clan.head_id)
            .outerjoin(Household, Household.id == Citizen.household_id)
            .where(live(Clan)).order_by(Clan.name, Household.code)))
    return list(session.scalars(select(Hamlet.id).where(live(Hamlet)).order_by(Hamlet.name)))


def _share(ids: list[str], share: float, rng: random.Random) -> list[str]:
    chosen = set(rng.sample(range(len(ids)), round(len(ids) * share)))
    return [subject_id for i, subject_id in enumerate(ids) if i in chosen]


def _citizens(session: Session, year: int, rng: random.Random) -> list[str]:
    eligible = set(eligible_ids(session=session, year=year, title="cong-dan"))
    people = [cid for cid, in session.execute(
        select(Citizen.id).join(Household, Household.id == Citizen.household_id)
        .where(live(Citizen))
        .order_by(Household.code, Citizen.birth_date, Citizen.sort_key, Citizen.identity_number))
        if cid in eligible]
    took_part = set(session.scalars(
        select(Participation.citizen_id).join(Activity, Activity.id == Participation.activity_id)
        .where(live(Participation), live(Activity),
               Activity.start_date <= date(year, 12, 31), Activity.end_date >= date(year, 1, 1))))
    participants = sum(1 for cid in people if cid in took_part)
    others = len(people) - participants
    # The rest register less often, so that about CITIZEN_SHARE of everyone does (in a
    # small demo commune most people took part: then fewer of them register).
    wanted = CITIZEN_SHARE * len(people)
    keen = min(PARTICIPANT_SHARE, wanted / participants) if participants else 0.0
    base = max(0.0, (wanted - keen * participants) / others) if others else 0.0
    return [cid for cid in people if rng.random() < (keen if cid in took_part else base)]


def _report_units(session: Session, year: int, rng: random.Random) -> list[str]:
    """Every unit registers with its staff and how many of them were Công dân học tập."""
    ids = []
    for unit_id, staff in session.execute(select(LearningUnit.id, LearningUnit.staff_count)
                                          .where(live(LearningUnit))
                                          .order_by(LearningUnit.name, LearningUnit.kind,
                                                    LearningUnit.staff_count)):
        staff = staff or 0
        report_unit_staff(session=session, year=year, unit_id=unit_id, staff=staff,
                          recognised_cdht=round(staff * rng.uniform(0.55, 0.95)))
        ids.append(unit_id)
    return ids


def _counts(total: int) -> dict[str, int]:
    """Exact counts per pattern (largest remainder), one of each when there are enough."""
    base = 1 if total >= len(PATTERNS) else 0
    rest = total - base * len(PATTERNS)
    exact = {p: SHARES[p] * rest for p in PATTERNS}
    counts = {p: base + int(exact[p]) for p in PATTERNS}
    short = total - sum(counts.values())
    for p in sorted(PATTERNS, key=lambda p: (int(exact[p]) - exact[p], PATTERNS.index(p)))[:short]:
        counts[p] += 1
    return counts


def _points(criteria: CriteriaSet, pattern: str) -> dict[str, float]:
    manual = [item for item in criteria.items if item.kind == MANUAL]
    half = {item.id: (item.points // 2 if item.points >= 2 else item.points / 2) for item in manual}
    full = {item.id: item.points for item in manual}
    if pattern == "full":
        return full
    if pattern == "lower":
        return full | {item.id: half[item.id] for item in manual[-2:]}
    if pattern == "low":
        return half
    if pattern == "half":
        return {item.id: item.points for item in manual[:max(1, len(manual) // 2)]}
    return {}


def _check(session: Session, year: int, criteria: CriteriaSet, ids: list[str], rng: random.Random) -> int:
    """The officer's checks, one batch per pattern as the grid's batch action makes them.

    Smallest batch first: set_checks reads the title's existing checks on every call.
    """
    title = criteria.title
    order = list(range(len(ids)))
    rng.shuffle(order)
    computed = {item.id: item.points for item in criteria.items if item.kind == COMPUTED}
    batches = []  # (subjects, points, evidence)
    start = 0
    for pattern, count in _counts(len(ids)).items():
        chosen = [ids[i] for i in sorted(order[start:start + count])]
        start += count
        points = _points(criteria, pattern)
        if not chosen or not points:
            continue
        evidence = EVIDENCE[title] + (VISIT if pattern != "full" else "")
        if title == "cong-dan" and pattern in SELF_ASSESSED and not computed:
            batches += _self_assessed(criteria, pattern, chosen, evidence, rng)
            continue
        if title == "cong-dan" and pattern in ("full", "lower"):
            elsewhere = set(rng.sample(range(len(chosen)), round(len(chosen) * ELSEWHERE_SHARE)))
            batches.append(([s for i, s in enumerate(chosen) if i in elsewhere], points | computed,
                            f"{evidence}; {ELSEWHERE}"))
            chosen = [s for i, s in enumerate(chosen) if i not in elsewhere]
        batches.append((chosen, points, evidence))
    checked = 0
    for chosen, points, evidence in sorted(batches, key=lambda b: len(b[0])):
        if chosen:
            checked += set_checks(session=session, year=year, title=title, subject_ids=chosen, points=points,
                                  evidence=evidence)
    return checked


def _self_assessed(criteria: CriteriaSet, pattern: str, chosen: list[str], evidence: str,
                   rng: random.Random) -> list[tuple[list[str], dict[str, float], str]]:
    """Batches of people who gave themselves the same points (a set all scored by self-assessment)."""
    profiles = SELF_ASSESSED[pattern]
    groups: dict[int, list[str]] = {}
    for subject_id in chosen:
        groups.setdefault(rng.randrange(len(profiles)), []).append(subject_id)
    manual = [item for item in criteria.items if item.kind == MANUAL]
    batches = []
    for index, people in sorted(groups.items()):
        shares = profiles[index]
        points = {item.id: _half_down(item.points * shares[n % len(shares)]) for n, item in enumerate(manual)}
        batches.append((people, points, evidence))
    return batches


def _half_down(points: float) -> float:
    stepped = math.floor(points * 2 + 1e-9) / 2
    return int(stepped) if stepped.is_integer() else stepped
