"""The community learning centre (TTHTCĐ): its activities and who took part."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain import vocab
from desktop.domain.errors import ConflictError, NotFoundError
from desktop.domain.records import clean_hours, clean_period, clean_text_required
from desktop.domain.text import clean_name, normalize_text
from desktop.services.records import (
    ActivityRecord,
    ParticipationRecord,
    activity_record,
    participation_record,
)
from desktop.services.session import get_live
from desktop.store.models import Activity, Citizen, LearningCentre, Participation
from desktop.store.queries import live


@dataclass
class ActivityInput:
    title: str = ""
    category: str = "topic"
    start_date: object = None
    end_date: object = None
    hours: object = 0
    place: str = ""
    instructor: str = ""
    note: str = ""


def get_centre(*, session: Session) -> LearningCentre | None:
    return session.scalar(select(LearningCentre).where(live(LearningCentre)))


def save_centre(*, session: Session, name: str, director: str = "", address: str = "") -> str:
    """Create or rename the commune's one learning centre; returns its id."""
    centre = get_centre(session=session) or LearningCentre()
    centre.name = clean_text_required(name, field="name")
    centre.director = clean_name(director)
    centre.address = normalize_text(address)
    session.add(centre)
    session.flush()
    return centre.id


def _fill(activity: Activity, data: ActivityInput) -> None:
    activity.title = clean_text_required(data.title, field="title")
    activity.category = vocab.check_code(vocab.ACTIVITY_CATEGORIES, data.category, field="category")
    activity.start_date, activity.end_date = clean_period(data.start_date, data.end_date)
    activity.hours = clean_hours(data.hours)
    activity.place = normalize_text(data.place)
    activity.instructor = clean_name(data.instructor)
    activity.note = normalize_text(data.note)


def _activity(session: Session, activity_id: str) -> Activity:
    return get_live(session=session, model=Activity, row_id=activity_id, what="hoạt động", field="activity")


def _participation(session: Session, participation_id: str) -> Participation:
    return get_live(session=session, model=Participation, row_id=participation_id, what="lượt tham gia",
                    field="citizen")


def _count(session: Session, activity_id: str) -> int:
    return session.scalar(select(func.count()).select_from(Participation).where(
        Participation.activity_id == activity_id, live(Participation))) or 0


def add_activity(*, session: Session, data: ActivityInput) -> ActivityRecord:
    centre = get_centre(session=session)
    if centre is None:
        raise NotFoundError("Xã chưa khai báo Trung tâm học tập cộng đồng.", field="activity")
    activity = Activity(centre_id=centre.id)
    _fill(activity, data)
    session.add(activity)
    session.flush()
    return activity_record(activity, 0)


def update_activity(*, session: Session, activity_id: str, data: ActivityInput) -> ActivityRecord:
    activity = _activity(session, activity_id)
    _fill(activity, data)
    session.flush()
    return activity_record(activity, _count(session, activity.id))


def delete_activity(*, session: Session, activity_id: str) -> None:
    activity = _activity(session, activity_id)
    for p in activity.participations:
        p.deleted = True
    activity.deleted = True
    session.flush()


def list_activities(*, session: Session, year: int | None = None) -> list[ActivityRecord]:
    counts = (select(Participation.activity_id, func.count().label("n"))
              .where(live(Participation)).group_by(Participation.activity_id).subquery())
    stmt = (select(Activity, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.activity_id == Activity.id)
            .where(live(Activity)).order_by(Activity.start_date, Activity.title))
    if year is not None:
        stmt = stmt.where(Activity.start_date >= date(year, 1, 1), Activity.start_date <= date(year, 12, 31))
    return [activity_record(a, n) for a, n in session.execute(stmt)]


def add_participant(*, session: Session, activity_id: str, citizen_id: str, hours: object = None,
                    completed: bool = False) -> ParticipationRecord:
    """Record that a citizen took part; hours default to the activity's length."""
    activity = _activity(session, activity_id)
    citizen = get_live(session=session, model=Citizen, row_id=citizen_id, what="công dân", field="citizen")
    taken = session.scalar(select(Participation.id).where(
        Participation.activity_id == activity.id, Participation.citizen_id == citizen.id,
        live(Participation)))
    if taken:
        raise ConflictError(f"{citizen.full_name} đã có trong danh sách tham gia.", code="duplicate_member",
                            field="citizen")
    spent = clean_hours(hours) if hours not in (None, "") else activity.hours
    participation = Participation(activity_id=activity.id, citizen_id=citizen.id, hours=spent,
                                  completed=bool(completed))
    session.add(participation)
    session.flush()
    return participation_record(participation, citizen.full_name)


def update_participation(*, session: Session, participation_id: str, hours: object,
                         completed: bool) -> ParticipationRecord:
    participation = _participation(session, participation_id)
    participation.hours = clean_hours(hours)
    participation.completed = bool(completed)
    session.flush()
    name = session.scalar(select(Citizen.full_name).where(Citizen.id == participation.citizen_id))
    return participation_record(participation, name or "")


def remove_participant(*, session: Session, participation_id: str) -> None:
    participation = _participation(session, participation_id)
    participation.deleted = True
    session.flush()


def list_participants(*, session: Session, activity_id: str) -> list[ParticipationRecord]:
    rows = session.execute(
        select(Participation, Citizen.full_name).join(Citizen, Citizen.id == Participation.citizen_id)
        .where(Participation.activity_id == activity_id, live(Participation))
        .order_by(Citizen.sort_key)
    )
    return [participation_record(p, name) for p, name in rows]
