"""Counts of the register; their field names are the plain English keys of the
command-line contract (`xhht stats --json`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain import vocab
from desktop.store.models import (
    Activity,
    ChangeLog,
    Citizen,
    Clan,
    Hamlet,
    Household,
    LearningUnit,
    Participation,
)
from desktop.store.queries import live


def _live(session: Session, model, *conditions) -> int:
    return session.scalar(select(func.count()).select_from(model).where(live(model), *conditions)) or 0


@dataclass(frozen=True)
class RegisterStats:
    """Live rows of the register. citizens = residents + temporarily_absent + moved_away +
    deceased; activities and participations are the year's when a year was asked for."""

    hamlets: int
    households: int
    citizens: int
    residents: int
    temporary_residents: int
    temporarily_absent: int
    moved_away: int
    deceased: int
    clans: int
    units: int
    activities: int
    participations: int
    change_log: int

    def as_dict(self) -> dict[str, int]:
        """In field order, as `xhht stats` prints them."""
        return asdict(self)


def register_stats(*, session: Session, year: int | None = None) -> RegisterStats:
    stats = {
        "hamlets": _live(session, Hamlet),
        "households": _live(session, Household),
        "citizens": _live(session, Citizen),
        # Living in the commune now (vocab.LIVING_HERE), of whom tạm trú; then everyone else
        # by status, so that citizens = residents + temporarily_absent + moved_away + deceased.
        "residents": _live(session, Citizen, Citizen.status.in_(vocab.LIVING_HERE)),
        "temporary_residents": _live(session, Citizen, Citizen.status == "temporary"),
        "temporarily_absent": _live(session, Citizen, Citizen.status == "absent"),
        "moved_away": _live(session, Citizen, Citizen.status == "moved_away"),
        "deceased": _live(session, Citizen, Citizen.status == "deceased"),
        "clans": _live(session, Clan),
        "units": _live(session, LearningUnit),
        "activities": _live(session, Activity),
        "participations": _live(session, Participation),
        "change_log": session.scalar(select(func.count()).select_from(ChangeLog)) or 0,
    }
    if year is not None:
        in_year = (Activity.start_date >= date(year, 1, 1), Activity.start_date <= date(year, 12, 31))
        stats["activities"] = _live(session, Activity, *in_year)
        stats["participations"] = session.scalar(
            select(func.count()).select_from(Participation).join(Activity, Activity.id == Participation.activity_id)
            .where(live(Participation), live(Activity), *in_year)) or 0
    return RegisterStats(**stats)
