"""Search the register as the officer types: citizens and households, plain results."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from desktop.services.records import CitizenRecord, HouseholdSummary, citizen_record
from desktop.store import search


@dataclass(frozen=True)
class SearchResult:
    citizens: tuple[CitizenRecord, ...]
    households: tuple[HouseholdSummary, ...]


def search_citizens(*, session: Session, text: str, limit: int = 50) -> tuple[CitizenRecord, ...]:
    """What the citizens list shows as the officer types: name order, at most `limit`."""
    return tuple(citizen_record(c) for c in search.search_citizens(session, text, limit=limit))


def search_households(*, session: Session, text: str, limit: int = 50) -> tuple[HouseholdSummary, ...]:
    return tuple(
        HouseholdSummary(id=h.id, code=h.code, hamlet_name=h.hamlet.name if h.hamlet else "", address=h.address,
                         phone=h.phone, poverty=h.poverty, head_id=h.head_id, head_name=head_name or "",
                         residents=residents)
        for h, head_name, residents in search.search_households(session, text, limit=limit)
    )


def search_register(*, session: Session, text: str, limit: int = 50) -> SearchResult:
    """Both at once (the command line's `xhht search`)."""
    return SearchResult(search_citizens(session=session, text=text, limit=limit),
                        search_households(session=session, text=text, limit=limit))
