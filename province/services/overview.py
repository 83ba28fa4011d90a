"""What the province officer reads: each commune's sync status and counts, and the yearly
indicators totalled across communes (titles recognised, the centre's activities)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from desktop.sync.protocol import SECONDS_FORMAT, STATS_KEYS, TABLES, TITLE_NAMES
from province.models import Commune, Device, RowCount, StoredRow

KEYS = tuple(STATS_KEYS[t.name] for t in TABLES)
# The register's headline counts, in the order `xhht stats` prints them.
HEADLINE = ("hamlets", "households", "citizens", "clans", "units", "activities", "participations")


@dataclass(frozen=True)
class CommuneStatus:
    code: str
    name: str
    province_name: str
    last_batch_at: datetime | None
    last_seen_at: datetime | None
    devices: int
    counts: dict[str, int]
    recognised: dict[str, int] = field(default_factory=dict)  # by title, for the year asked

    def to_dict(self) -> dict:
        stamp = (lambda t: t.strftime(SECONDS_FORMAT) if t else None)
        data = {"commune": self.code, "name": self.name, "province": self.province_name,
                "last_sync": stamp(self.last_batch_at), "last_seen": stamp(self.last_seen_at),
                "devices": self.devices, **self.counts}
        if self.recognised:
            data["recognised"] = self.recognised
        return data


def _year_of(column) -> object:
    return func.substr(column.as_string(), 1, 4)


def _per_year_counts(session: Session, year: int) -> dict[str, dict[str, int]]:
    """Activities that started in `year` and their participations, per commune."""
    data = StoredRow.data
    result: dict[str, dict[str, int]] = defaultdict(dict)
    activities = (select(StoredRow.commune_code, func.count())
                  .where(StoredRow.table_name == "activities", StoredRow.deleted.is_(False),
                         _year_of(data["start_date"]) == str(year))
                  .group_by(StoredRow.commune_code))
    for commune, n in session.execute(activities):
        result[commune]["activities"] = n
    activity = aliased(StoredRow)
    participations = (
        select(StoredRow.commune_code, func.count())
        .join(activity, and_(activity.table_name == "activities",
                             activity.row_id == data["activity_id"].as_string()))
        .where(StoredRow.table_name == "participations", StoredRow.deleted.is_(False),
               activity.deleted.is_(False), _year_of(activity.data["start_date"]) == str(year))
        .group_by(StoredRow.commune_code))
    for commune, n in session.execute(participations):
        result[commune]["participations"] = n
    return result


def _grouped(columns: tuple, where: tuple):
    """count(*) grouped by expressions over JSON fields. Through a subquery, because
    PostgreSQL does not see `data ->> $1` in SELECT and `data ->> $4` in GROUP BY as one."""
    inner = select(*(c.label(f"c{i}") for i, c in enumerate(columns))).where(*where).subquery()
    return select(*inner.c, func.count()).group_by(*inner.c)


def _live_recognitions():
    data = StoredRow.data
    return (StoredRow.table_name == "recognitions", StoredRow.deleted.is_(False),
            data["revoked_on"].as_string().is_(None))


def commune_statuses(session: Session, *, year: int | None = None) -> list[CommuneStatus]:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(KEYS, 0))
    for row in session.scalars(select(RowCount)):
        counts[row.commune_code][STATS_KEYS.get(row.table_name, row.table_name)] = row.live
    recognised: dict[str, dict[str, int]] = defaultdict(dict)
    if year is not None:  # as `xhht stats --year`: the year's activities and their participations
        in_year = _per_year_counts(session, year)
        for commune in session.scalars(select(Commune.code)):
            counts[commune]["activities"] = in_year[commune].get("activities", 0)
            counts[commune]["participations"] = in_year[commune].get("participations", 0)
        data = StoredRow.data
        query = _grouped((StoredRow.commune_code, data["title"].as_string()),
                         (*_live_recognitions(), data["year"].as_integer() == year))
        for commune, title, n in session.execute(query):
            recognised[commune][title] = n
    devices = dict(session.execute(select(Device.commune_code, func.count())
                                   .where(Device.revoked_at.is_(None)).group_by(Device.commune_code)).all())
    statuses = []
    for commune in session.scalars(select(Commune).order_by(Commune.code)):
        values = dict(counts[commune.code])
        statuses.append(CommuneStatus(commune.code, commune.name, commune.province_name, commune.last_batch_at,
                                      commune.last_seen_at, devices.get(commune.code, 0), values,
                                      {t: recognised[commune.code].get(t, 0) for t in TITLE_NAMES} if year else {}))
    return statuses


def recognitions_by_year(session: Session) -> dict[int, dict[str, int]]:
    """Standing recognitions (not revoked, not deleted) per year and title, all communes."""
    data = StoredRow.data
    year, title = data["year"].as_integer(), data["title"].as_string()
    totals: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(TITLE_NAMES, 0))
    for y, t, n in session.execute(_grouped((year, title), _live_recognitions())):
        if t in TITLE_NAMES:
            totals[y][t] = n
    return dict(sorted(totals.items(), reverse=True))


def activities_by_year(session: Session) -> dict[int, int]:
    data = StoredRow.data
    year = _year_of(data["start_date"])
    query = _grouped((year,), (StoredRow.table_name == "activities", StoredRow.deleted.is_(False)))
    return {int(y): n for y, n in sorted(session.execute(query).all(), reverse=True) if y}


def stats(session: Session, *, year: int | None = None) -> dict:
    """`xhht-province stats --json`: per commune the counts keyed like `xhht stats --json`, and totals."""
    statuses = commune_statuses(session, year=year)
    totals = {k: sum(s.counts.get(k, 0) for s in statuses) for k in KEYS}
    data = {"communes": [s.to_dict() for s in statuses], "totals": totals}
    if year is not None:
        data["year"] = year
        data["totals"]["recognised"] = {t: sum(s.recognised.get(t, 0) for s in statuses) for t in TITLE_NAMES}
    return data
