"""Reference data for the communes: numbered changes after a token."""

from __future__ import annotations

from fastapi import APIRouter, Query

from desktop.sync import protocol
from province.api.deps import DeviceDep, LimitsDep, SessionDep
from province.services import reference

router = APIRouter(prefix=protocol.API)


@router.get("/reference")
def reference_changes(device: DeviceDep, session: SessionDep, limits: LimitsDep,
                      after: int = Query(default=0, ge=0, le=protocol.MAX_INTEGER),
                      limit: int = Query(default=200, ge=1)) -> dict:
    return reference.changes(session, after=after, limit=min(limit, limits.reference_page))
