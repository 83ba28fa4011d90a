"""The rows of each exported list, read through the services the window's lists use, so a
sheet holds what the officer sees on the page: live rows only; citizens "đang sinh sống tại
xã" (thường trú and tạm trú), the citizens page's default filter.

The citizens, the one list that runs to tens of thousands, are chosen and ordered by the page's
own query (listing.citizen_ids) but read here as bare columns, labelled as listing.citizen_rows
labels them (tests/services/test_export.py compares the two): its row objects, each date read
twice, took most of the 1.8 s that 70,000 citizens spent before the first cell was written."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain import vocab
from desktop.domain.criteria import TITLE_ORDER
from desktop.domain.dates import PartialDate
from desktop.domain.ethnicities import ETHNICITIES
from desktop.domain.progress import Progress
from desktop.services import listing
from desktop.services.centre import list_activities
from desktop.services.list_readouts import centre_record, list_clan_overview
from desktop.services.listing import LIVING_HERE_FILTER, CitizenFilter, HouseholdFilter
from desktop.services.titles.certificates import register_entries
from desktop.services.titles.common import title_name
from desktop.services.titles.grid import STAGES, grid
from desktop.services.titles.registration import registered_ids
from desktop.services.units import list_units
from desktop.store.models import Citizen, Hamlet, Household
from desktop.store.queries import chunks, live

from .layout import DATE, DECIMAL, NUMBER, Column, Table, rows_of

_STT = Column("STT", NUMBER, 6)
_STATUS = dict(listing.STATUS_CHOICES) | {LIVING_HERE_FILTER: "Đang sinh sống tại xã (thường trú và tạm trú)"}
_PAGE = 2000  # rows read per step (the progress moves between them)


def _hamlet_names(session: Session) -> dict[str | None, str]:
    return dict(session.execute(select(Hamlet.id, Hamlet.name).where(live(Hamlet))).all())


def _birth(iso: str | None) -> Any:
    """A full birth date as a date (Excel shows dd/mm/yyyy); a year alone as the year (a number);
    a month and year as the text "mm/yyyy", which Excel has no date for."""
    if not iso:
        return None
    if len(iso) == 10:  # yyyy-mm-dd, as the register stores a full date (checked when written)
        return date.fromisoformat(iso)
    when = PartialDate.from_iso(iso)
    if when.is_full:
        return when.to_date()
    return when.year if when.month is None else when.format_vi()


def _filtered(session: Session, query: HouseholdFilter | CitizenFilter) -> str:
    """The filters the page had on, as the sheet's subtitle says them ("" for none)."""
    parts = [f"tìm “{query.text.strip()}”"] if query.text.strip() else []
    if query.hamlet_id is not None:
        parts.append(_hamlet_names(session).get(query.hamlet_id, ""))
    if isinstance(query, HouseholdFilter):
        parts.append(vocab.POVERTY.get(query.poverty, "") if query.poverty else "")
    else:
        parts += [vocab.SEX.get(query.sex, "") if query.sex else "",
                  listing.AGE_BANDS[query.age_band][2] if query.age_band in listing.AGE_BANDS else "",
                  ETHNICITIES.get(query.ethnicity, "") if query.ethnicity else ""]
    shown = [p for p in parts if p]
    return "Lọc theo: " + ", ".join(shown) if shown else ""


def households(*, session: Session, progress: Progress | None, query: HouseholdFilter | None = None) -> list[Table]:
    query = query or HouseholdFilter()
    ids = listing.household_ids(session=session, filter=query, sort="code")
    if progress is not None:
        progress.start(len(ids), "Đang đọc danh sách hộ…")
    rows = []
    for start in range(0, len(ids), _PAGE):
        for r in listing.household_rows(session=session, ids=ids[start:start + _PAGE]):
            rows.append((r.code, r.head_name, r.hamlet_name, r.address, r.phone, r.poverty_label, r.residents))
        if progress is not None:
            progress.advance(min(_PAGE, len(ids) - start))
    return [Table("Hộ gia đình", "Danh sách hộ gia đình", (
        _STT, Column("Mã hộ"), Column("Chủ hộ"), Column("Thôn/Tổ dân phố"), Column("Địa chỉ"),
        Column("Số điện thoại"), Column("Diện hộ"), Column("Số người đang sinh sống", NUMBER, 12),
    ), rows_of(rows), subtitle=_filtered(session, query))]


def citizens(*, session: Session, progress: Progress | None, query: CitizenFilter | None = None) -> list[Table]:
    """Those the citizens page shows: by default everyone living here (thường trú and tạm trú)."""
    query = query or CitizenFilter(status=LIVING_HERE_FILTER)
    ids = listing.citizen_ids(session=session, filter=query, sort="household")
    if progress is not None:
        progress.start(len(ids), "Đang đọc danh sách công dân…")
    rows = []
    for start in range(0, len(ids), _PAGE):
        rows += _citizen_values(session, ids[start:start + _PAGE])
        if progress is not None:
            progress.advance(min(_PAGE, len(ids) - start))
    return [Table("Công dân", "Danh sách công dân", (
        _STT, Column("Họ và tên"), Column("Giới tính", width=9), Column("Ngày sinh", DATE, 12),
        Column("Số định danh cá nhân", width=16), Column("Dân tộc"), Column("Mã hộ"),
        Column("Quan hệ với chủ hộ"), Column("Thôn/Tổ dân phố"), Column("Tình trạng cư trú"),
        Column("Nghề nghiệp"), Column("Trình độ học vấn"), Column("Biết chữ"),
    ), rows_of(rows), subtitle=" — ".join(filter(None, [_STATUS.get(query.status or "", "Mọi tình trạng cư trú"),
                                                      _filtered(session, query)])))]


def _citizen_values(session: Session, ids: list[str]) -> list[tuple[Any, ...]]:
    """The exported columns of `ids` in that order, as listing.citizen_rows labels them: one
    query a chunk, household and hamlet joined in."""
    sexes, relations, statuses = vocab.SEX, vocab.RELATIONS, vocab.CITIZEN_STATUS
    found: dict[str, tuple[Any, ...]] = {}
    for chunk in chunks(ids):
        stmt = (
            select(Citizen.id, Citizen.full_name, Citizen.sex, Citizen.birth_date, Citizen.identity_number,
                   Citizen.ethnicity, Household.code, Citizen.relation, Hamlet.name, Citizen.status,
                   Citizen.occupation, Citizen.education, Citizen.literacy)
            .outerjoin(Household, Household.id == Citizen.household_id)
            .outerjoin(Hamlet, Hamlet.id == Household.hamlet_id)
            .where(Citizen.id.in_(chunk), live(Citizen))
        )
        for (id_, name, sex, born, cccd, ethnicity, code, relation, hamlet, status, occupation, education,
             literacy) in session.execute(stmt):
            found[id_] = (
                name, sexes.get(sex, sex), _birth(born), cccd or None, ETHNICITIES.get(ethnicity, ethnicity),
                code or "", relations.get(relation, relation), hamlet or "", statuses.get(status, status),
                occupation, vocab.EDUCATION.get(education, "") if education else "",
                vocab.LITERACY.get(literacy, "") if literacy else "")
    return [found[i] for i in ids if i in found]


def clans(*, session: Session, progress: Progress | None) -> list[Table]:
    hamlets = _hamlet_names(session)
    rows = [(c.name, c.head_name, hamlets.get(c.hamlet_id, ""), c.households)
            for c in list_clan_overview(session=session)]
    if progress is not None:
        progress.start(len(rows), "Đang đọc danh sách dòng họ…")
    return [Table("Dòng họ", "Danh sách dòng họ", (
        _STT, Column("Dòng họ"), Column("Trưởng họ"), Column("Thôn/Tổ dân phố"), Column("Số hộ", NUMBER, 8),
    ), rows_of(rows))]


def units(*, session: Session, progress: Progress | None) -> list[Table]:
    hamlets = _hamlet_names(session)
    rows = [(u.name, vocab.UNIT_KINDS.get(u.kind, u.kind), u.staff_count, hamlets.get(u.hamlet_id, ""), u.address,
             u.head_name, u.phone) for u in list_units(session=session)]
    if progress is not None:
        progress.start(len(rows), "Đang đọc danh sách đơn vị học tập…")
    return [Table("Đơn vị học tập", "Danh sách đơn vị học tập", (
        _STT, Column("Tên đơn vị"), Column("Loại hình"), Column("Số người", NUMBER, 9),
        Column("Thôn/Tổ dân phố"), Column("Địa chỉ"), Column("Người đứng đầu"), Column("Số điện thoại"),
    ), rows_of(rows))]


def activities(*, session: Session, progress: Progress | None, year: int | None) -> list[Table]:
    centre = centre_record(session=session)
    rows = [(a.title, vocab.ACTIVITY_CATEGORIES.get(a.category, a.category), a.start_date, a.end_date,
             float(a.hours), a.place, a.instructor, a.participant_count)
            for a in list_activities(session=session, year=year)]
    if progress is not None:
        progress.start(len(rows), "Đang đọc các hoạt động…")
    where = centre.name if centre is not None else "Trung tâm học tập cộng đồng"
    return [Table("Hoạt động", f"Các hoạt động của {where}", (
        _STT, Column("Tên hoạt động"), Column("Loại"), Column("Từ ngày", DATE, 12), Column("Đến ngày", DATE, 12),
        Column("Số giờ", DECIMAL, 8), Column("Địa điểm"), Column("Người hướng dẫn"),
        Column("Số người tham gia", NUMBER, 11),
    ), rows_of(rows), subtitle=f"Năm {year}" if year else "")]


def _grid_table(session: Session, year: int, title: str) -> Table:
    g = grid(session=session, year=year, title=title)
    labels = g.item_labels or {}

    def points(row, item: str) -> Any:
        value, how = row.items.get(item, (None, "x"))
        if how == "x" or value is None:
            return "chưa chấm" if item in g.manual_items else "thiếu số liệu"
        return float(value)

    rows = [(r.name, r.detail, r.hamlet, STAGES.get(r.stage, r.stage), *(points(r, i) for i in g.item_ids),
             r.total, r.max_points, r.level or "", r.decision_number, r.register_number) for r in g.rows]
    items = tuple(Column(labels.get(i, g.item_names.get(i, i)), DECIMAL, 11) for i in g.item_ids)
    return Table(g.title_name, f"Kết quả đánh giá danh hiệu “{g.title_name}”", (
        _STT, Column("Tên"), Column("Thông tin"), Column("Thôn/Tổ dân phố"), Column("Trạng thái"), *items,
        Column("Tổng điểm", DECIMAL, 9), Column("Điểm tối đa", DECIMAL, 9), Column("Xếp loại"),
        Column("Số quyết định công nhận"), Column("Số vào sổ giấy công nhận"),
    ), rows_of(rows), subtitle=f"Năm {year}")


def titles(*, session: Session, progress: Progress | None, year: int, title: str | None) -> list[Table]:
    """One sheet per title (or just `title`); titles nobody registered for are left out unless asked for."""
    wanted = [title] if title else [t for t in TITLE_ORDER if registered_ids(session=session, year=year, title=t)]
    if progress is not None:
        progress.start(len(wanted), "Đang đọc kết quả đánh giá…")
    tables = []
    for t in wanted:
        tables.append(_grid_table(session, year, t))
        if progress is not None:
            progress.advance(1)
    return tables


def certificates(*, session: Session, progress: Progress | None, year: int | None, title: str | None) -> list[Table]:
    entries = register_entries(session=session, year=year, title=title)
    if progress is not None:
        progress.start(len(entries), "Đang đọc sổ cấp giấy công nhận…")
    rows = [(e.register_number, e.year, title_name(e.title), e.name, e.detail, e.decision_number, e.issued_on,
             e.check, f"Đã hủy: {e.void_reason}" if e.void else "Còn giá trị", e.prints,
             e.last_printed.date() if e.last_printed else None) for e in entries]
    scope = ", ".join(filter(None, [f"năm {year}" if year else "", f"danh hiệu “{title_name(title)}”" if title else ""]))
    return [Table("Sổ cấp giấy công nhận", "Sổ cấp giấy công nhận", (
        _STT, Column("Số vào sổ"), Column("Năm", NUMBER, 7), Column("Danh hiệu"), Column("Tên"), Column("Thông tin"),
        Column("Số quyết định"), Column("Ngày cấp", DATE, 12), Column("Mã kiểm tra"), Column("Tình trạng"),
        Column("Số lần in", NUMBER, 8), Column("In lần cuối", DATE, 12),
    ), rows_of(rows), subtitle=scope[:1].upper() + scope[1:])]
