"""The two big lists (citizens, households): filters, the ordered ids, and pages of rows.

A list first loads every matching id in order (narrow: one string per row, ordered by
SQLite), then the table fetches the rows it shows, a page at a time, with `citizen_rows`
/ `household_rows`, which return plain frozen rows carrying Vietnamese labels, not codes.
Measured on 20,000 households (72,000 citizens): all ids by name 120-300 ms (the index
on sort_key is not covering, so each row is looked up), a search 15-60 ms, a page of
200 rows 8 ms. Hence the UI loads ids on the worker and pages on the UI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, TextClause, and_, case, func, select, text
from sqlalchemy.orm import Session, aliased

from desktop.domain import vocab
from desktop.domain.dates import PartialDate
from desktop.domain.ethnicities import ETHNICITIES
from desktop.domain.text import vietnamese_key
from desktop.store.models import Citizen, Hamlet, Household
from desktop.store.queries import chunks, live
from desktop.store.search import CITIZEN_ROWIDS, HOUSEHOLD_MATCH, match_expression

# Age bands of the filter: (youngest, oldest, label); ages are completed years in the
# reference year, from the birth year alone (many records hold only the year).
AGE_BANDS: dict[str, tuple[int | None, int | None, str]] = {
    "0-5": (0, 5, "Dưới 6 tuổi"),
    "6-14": (6, 14, "Từ 6 đến 14 tuổi"),
    "15-17": (15, 17, "Từ 15 đến 17 tuổi"),
    "18-35": (18, 35, "Từ 18 đến 35 tuổi"),
    "36-60": (36, 60, "Từ 36 đến 60 tuổi"),
    "61+": (61, None, "Trên 60 tuổi"),
}
CITIZEN_SORTS = ("name", "birth", "household", "hamlet")
LIVING_HERE_FILTER = "living_here"
# The status filter's choices: everyone living here now, then each status.
STATUS_CHOICES: tuple[tuple[str, str], ...] = (
    (LIVING_HERE_FILTER, "Đang sinh sống tại xã"), *vocab.CITIZEN_STATUS.items())
HOUSEHOLD_SORTS = ("code", "head", "hamlet", "members")

# Above this share of the register, walk the name index instead of sorting the matches:
# measured on 72,000 citizens, the walk wins only for matches of most of the commune.
_WALK_SHARE = 0.5



@dataclass(frozen=True)
class CitizenFilter:
    text: str = ""
    hamlet_id: str | None = None
    sex: str | None = None
    age_band: str | None = None
    ethnicity: str | None = None
    # A vocab.CITIZEN_STATUS code, LIVING_HERE_FILTER (thường trú and tạm trú), or None: every status.
    status: str | None = "resident"


@dataclass(frozen=True)
class HouseholdFilter:
    text: str = ""
    hamlet_id: str | None = None
    poverty: str | None = None


@dataclass(frozen=True)
class CitizenRow:
    """One line of the citizens table."""

    id: str
    household_id: str | None
    full_name: str
    sex: str
    sex_label: str
    birth_date: str | None  # ISO of a partial date
    birth_display: str  # "dd/mm/yyyy", "mm/yyyy" or "yyyy"
    age: int | None  # from the birth year, in the reference year
    identity_number: str
    ethnicity: str  # this and the rest: labels ("Kinh", "Vợ", "Thường trú"), "" if unknown
    household_code: str
    hamlet_name: str
    relation: str
    status: str
    occupation: str
    education: str
    literacy: str


@dataclass(frozen=True)
class HouseholdRow:
    """One line of the households table."""

    id: str
    code: str
    head_id: str | None
    head_name: str
    hamlet_name: str
    address: str
    phone: str
    poverty: str
    poverty_label: str
    residents: int


@dataclass(frozen=True)
class Choice:
    """An entry of a filter combo box: the value to filter on, its label, how many rows have it."""

    value: str
    label: str
    count: int


def _code_prefix(query: str) -> str | None:
    """A household code typed whole or in part ("H0012"): the prefix to look for, if any."""
    word = query.strip().upper()
    if not word or " " in word or not any(ch.isdigit() for ch in word):
        return None
    return word


def _hamlet_rank(session: Session) -> dict[str | None, int]:
    """Hamlets in Vietnamese name order (a few dozen rows: sorted in Python); no hamlet last."""
    names = session.execute(select(Hamlet.id, Hamlet.name)).all()
    ordered = sorted(names, key=lambda r: vietnamese_key(r.name))
    return {hamlet_id: i for i, (hamlet_id, _) in enumerate(ordered)}


def citizen_ids(*, session: Session, filter: CitizenFilter, sort: str = "name",
                descending: bool = False, year: int | None = None) -> list[str]:
    """Every live citizen matching `filter`, ordered by `sort` (see CITIZEN_SORTS)."""
    if sort not in CITIZEN_SORTS:
        raise ValueError(f"unknown sort {sort!r}")
    year = year or date.today().year
    conditions: list[ColumnElement[bool] | TextClause] = [live(Citizen)]
    params: dict[str, str] = {}
    query = filter.text.strip()
    if query:
        expression = match_expression(query)
        by_code = _code_prefix(query)
        if expression is None and by_code is None:
            return []
        # One set of rowids (name matches, plus members of households whose code starts
        # so), so that ix_citizens_list, which carries the rowid, can still cover the query.
        parts = []
        if expression is not None:
            parts.append(CITIZEN_ROWIDS)
            params["q"] = expression
        if by_code is not None:
            parts.append("SELECT c.rowid FROM citizens c JOIN households h ON h.id = c.household_id"
                         " WHERE h.code >= :code_from AND h.code < :code_to AND h.deleted = 0")
            params.update(code_from=by_code, code_to=by_code + "\uffff")
        rowids = " UNION ".join(parts)
        many = sort == "name" and (session.scalar(text(f"SELECT count(*) FROM ({rowids})"), params) or 0) > (
            _WALK_SHARE * (session.scalar(select(func.count()).select_from(Citizen)) or 0))
        # "+" stops SQLite using the set to look rows up one by one, so it walks
        # ix_citizens_list in name order and probes the set ("040": 177 -> 142 ms).
        conditions.append(text(("+" if many else "") + f"citizens.rowid IN ({rowids})"))
    if filter.status == LIVING_HERE_FILTER:
        conditions.append(Citizen.status.in_(vocab.LIVING_HERE))
    elif filter.status:
        conditions.append(Citizen.status == filter.status)
    if filter.sex:
        conditions.append(Citizen.sex == filter.sex)
    if filter.ethnicity:
        conditions.append(Citizen.ethnicity == filter.ethnicity)
    if filter.age_band:
        youngest, oldest, _ = AGE_BANDS[filter.age_band]
        if youngest is not None:
            conditions.append(Citizen.birth_year <= year - youngest)
        if oldest is not None:
            conditions.append(Citizen.birth_year >= year - oldest)
    if filter.hamlet_id is not None:
        conditions.append(Citizen.household_id.in_(
            select(Household.id).where(Household.hamlet_id == filter.hamlet_id)))
    stmt = select(Citizen.id).where(*conditions).params(**params)
    if sort == "name":
        ids = list(session.scalars(stmt.order_by(Citizen.sort_key)))
    elif sort == "birth":
        ids = list(session.scalars(stmt.order_by(Citizen.birth_date.is_(None), Citizen.birth_date,
                                                 Citizen.sort_key)))
    elif sort == "household":
        # Members together, the head first, then the oldest.
        ids = list(session.scalars(
            stmt.outerjoin(Household, Household.id == Citizen.household_id)
            .order_by(Household.code, Citizen.relation != "head", Citizen.birth_date, Citizen.sort_key)))
    else:
        # Hamlet names need Vietnamese order, which SQL lacks: read in name order and
        # deal the ids into one bucket per hamlet (measured faster than CASE or a sort).
        rank = _hamlet_rank(session)
        hamlet_of = dict(session.execute(select(Household.id, Household.hamlet_id)).all())
        buckets: dict[int, list[str]] = {}
        last = len(rank)
        for citizen_id, household_id in session.execute(
                stmt.add_columns(Citizen.household_id).order_by(Citizen.sort_key)):
            buckets.setdefault(rank.get(hamlet_of.get(household_id), last), []).append(citizen_id)
        ids = [i for key in sorted(buckets) for i in buckets[key]]
    if descending:
        ids.reverse()
    return ids


def _birth_display(iso: str | None) -> str:
    return PartialDate.from_iso(iso).format_vi() if iso else ""


def citizen_rows(*, session: Session, ids: list[str], year: int | None = None) -> list[CitizenRow]:
    """The rows of `ids`, in that order; ids no longer live are left out."""
    year = year or date.today().year
    found: dict[str, CitizenRow] = {}
    for chunk in chunks(ids):
        stmt = (
            select(Citizen.id, Citizen.household_id, Citizen.full_name, Citizen.sex, Citizen.birth_date,
                   Citizen.birth_year, Citizen.identity_number, Citizen.ethnicity, Citizen.relation,
                   Citizen.status, Citizen.occupation, Citizen.education, Citizen.literacy,
                   Household.code, Hamlet.name)
            .outerjoin(Household, Household.id == Citizen.household_id)
            .outerjoin(Hamlet, Hamlet.id == Household.hamlet_id)
            .where(Citizen.id.in_(chunk), live(Citizen))
        )
        for r in session.execute(stmt):
            found[r.id] = CitizenRow(
                id=r.id, household_id=r.household_id, full_name=r.full_name, sex=r.sex,
                sex_label=vocab.SEX.get(r.sex, r.sex), birth_date=r.birth_date,
                birth_display=_birth_display(r.birth_date),
                age=year - r.birth_year if r.birth_year is not None else None,
                identity_number=r.identity_number or "",
                ethnicity=ETHNICITIES.get(r.ethnicity, r.ethnicity), household_code=r.code or "",
                hamlet_name=r.name or "", relation=vocab.RELATIONS.get(r.relation, r.relation),
                status=vocab.CITIZEN_STATUS.get(r.status, r.status), occupation=r.occupation,
                education=vocab.EDUCATION.get(r.education, "") if r.education else "",
                literacy=vocab.LITERACY.get(r.literacy, "") if r.literacy else "",
            )
    return [found[i] for i in ids if i in found]


def _residents(session: Session, household_ids: list[str]) -> dict[str, int]:
    return {household_id: n for household_id, n in session.execute(
        select(Citizen.household_id, func.count())
        .where(Citizen.household_id.in_(household_ids), live(Citizen), Citizen.status.in_(vocab.LIVING_HERE))
        .group_by(Citizen.household_id)
    ).all() if household_id is not None}


def household_ids(*, session: Session, filter: HouseholdFilter, sort: str = "code",
                  descending: bool = False) -> list[str]:
    """Every live household matching `filter`, ordered by `sort` (see HOUSEHOLD_SORTS)."""
    if sort not in HOUSEHOLD_SORTS:
        raise ValueError(f"unknown sort {sort!r}")
    conditions: list[ColumnElement[bool] | TextClause] = [live(Household)]
    params: dict[str, str] = {}
    query = filter.text.strip()
    if query:
        expression = match_expression(query)
        if expression is None:
            return []
        conditions.append(text(HOUSEHOLD_MATCH))
        params["q"] = expression
    if filter.hamlet_id is not None:
        conditions.append(Household.hamlet_id == filter.hamlet_id)
    if filter.poverty:
        conditions.append(Household.poverty == filter.poverty)
    stmt = select(Household.id).where(*conditions).params(**params)

    if sort == "code":
        ids = list(session.scalars(stmt.order_by(Household.code)))
    elif sort == "head":
        head = aliased(Citizen)
        ids = list(session.scalars(stmt.outerjoin(head, head.id == Household.head_id)
                                   .order_by(head.sort_key.is_(None), head.sort_key, Household.code)))
    elif sort == "hamlet":
        rank = _hamlet_rank(session)
        rows = session.execute(stmt.add_columns(Household.hamlet_id).order_by(Household.code)).all()
        rows = sorted(rows, key=lambda r: rank.get(r[1], len(rank)))  # stable: codes stay in order
        ids = [r[0] for r in rows]
    else:
        residents = (select(Citizen.household_id, func.count().label("n"))
                     .where(live(Citizen), Citizen.status.in_(vocab.LIVING_HERE))
                     .group_by(Citizen.household_id).subquery())
        ids = list(session.scalars(stmt.outerjoin(residents, residents.c.household_id == Household.id)
                                   .order_by(func.coalesce(residents.c.n, 0), Household.code)))
    if descending:
        ids.reverse()
    return ids


def household_rows(*, session: Session, ids: list[str]) -> list[HouseholdRow]:
    """The rows of `ids`, in that order; ids no longer live are left out."""
    head = aliased(Citizen)
    found: dict[str, HouseholdRow] = {}
    for chunk in chunks(ids):
        counts = _residents(session, chunk)
        stmt = (
            select(Household.id, Household.code, Household.head_id, head.full_name, Hamlet.name,
                   Household.address, Household.phone, Household.poverty)
            .outerjoin(head, and_(head.id == Household.head_id, live(head)))
            .outerjoin(Hamlet, Hamlet.id == Household.hamlet_id)
            .where(Household.id.in_(chunk), live(Household))
        )
        for r in session.execute(stmt):
            found[r.id] = HouseholdRow(
                id=r.id, code=r.code, head_id=r.head_id, head_name=r.full_name or "",
                hamlet_name=r.name or "", address=r.address, phone=r.phone, poverty=r.poverty,
                poverty_label=vocab.POVERTY.get(r.poverty, r.poverty), residents=counts.get(r.id, 0),
            )
    return [found[i] for i in ids if i in found]


def hamlet_choices(*, session: Session) -> list[Choice]:
    """Live hamlets in Vietnamese name order, each with its live households."""
    counts = dict(session.execute(
        select(Household.hamlet_id, func.count()).where(live(Household)).group_by(Household.hamlet_id)
    ).all())
    hamlets = session.execute(select(Hamlet.id, Hamlet.name).where(live(Hamlet))).all()
    hamlets = sorted(hamlets, key=lambda r: vietnamese_key(r.name))
    return [Choice(h.id, h.name, counts.get(h.id, 0)) for h in hamlets]


def ethnicity_choices(*, session: Session) -> list[Choice]:
    """Ethnic groups present among live citizens, the most residents first."""
    residents = func.sum(case((Citizen.status.in_(vocab.LIVING_HERE), 1), else_=0))
    rows = session.execute(
        select(Citizen.ethnicity, residents).where(live(Citizen)).group_by(Citizen.ethnicity)
    ).all()
    rows = sorted(rows, key=lambda r: (-r[1], vietnamese_key(ETHNICITIES.get(r[0], r[0]) or "")))
    return [Choice(code, ETHNICITIES.get(code, code), n) for code, n in rows]
