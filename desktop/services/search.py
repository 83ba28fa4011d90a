"""Search the register as the officer types: citizens and households, plain results."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from desktop.store import search
from desktop.services.records import CitizenRecord, HouseholdRecord, citizen_record, household_record


@dataclass(frozen=True)
class SearchResult:
    citizens: tuple[CitizenRecord, ...]
    households: tuple[HouseholdRecord, ...]


def search_register(*, session: Session, text: str, limit: int = 50) -> SearchResult:
    citizens = search.search_citizens(session, text, limit=limit)
    households = search.search_households(session, text, limit=limit)
    return SearchResult(
        tuple(citizen_record(c) for c in citizens),
        tuple(household_record(h) for h in households),
    )
