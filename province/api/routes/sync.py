"""The sync API of DESIGN.md: info, enrolment, resume position, batches, compare, restore
(whole rows only under a restore grant, for which a restore code is exchanged)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request

from desktop.sync import protocol
from province.api.deps import BodyDep, DeviceBodyDep, DeviceDep, LimitsDep, SessionDep, StoreDep
from province.errors import ProvinceError
from province.services import holdings, ingest, restore_codes
from province.services.enrolment import enrol

router = APIRouter(prefix=protocol.API)


@router.get("/info")
def info(limits: LimitsDep) -> dict:
    return {"protocol": protocol.PROTOCOL, "server_version": protocol.APP_VERSION,
            "min_client_version": protocol.MIN_CLIENT_VERSION, "limits": limits.to_dict(),
            "tables": [t.name for t in protocol.TABLES]}


@router.post("/enrol")
def enrol_device(request: Request, body: BodyDep, session: SessionDep) -> dict:
    if not isinstance(body, dict) or not isinstance(body.get("code"), str):
        raise ProvinceError("bad_request", "Thiếu mã đăng ký.")
    version = str(body.get("client_version") or request.headers.get(protocol.CLIENT_HEADER) or "")
    commune = body.get("commune")
    try:
        enrolled = enrol(session, code=body["code"], device_id=str(body.get("device_id") or ""),
                         commune_code=commune if isinstance(commune, str) else None, client_version=version,
                         address=request.client.host if request.client else None)
    except ProvinceError:
        session.commit()  # the refused try counts towards the lockout
        raise
    session.commit()
    return {"token": enrolled.token, "device_id": enrolled.device_id, "commune": enrolled.commune_code,
            "commune_name": enrolled.commune_name, "province_name": enrolled.province_name,
            "token_expires_at": enrolled.expires_at.strftime(protocol.SECONDS_FORMAT), "again": enrolled.again}


@router.get("/position")
def position(device: DeviceDep, session: SessionDep, device_id: str = Query(max_length=36)) -> dict:
    return holdings.position(session, device, device_id)


@router.post("/batches")
def push_batch(device: DeviceDep, body: DeviceBodyDep, session: SessionDep, store: StoreDep,
               limits: LimitsDep) -> dict:
    # One batch at a time per process: SQLite has a single writer, and the commune's counts
    # are read and written back inside the transaction.
    with store.write_lock:
        try:
            receipt = ingest.apply_batch(session, device, body, limits=limits)
            session.commit()
        except BaseException:
            session.rollback()
            raise
    return receipt


@router.get("/summary")
def summary(device: DeviceDep, session: SessionDep) -> dict:
    return holdings.summary(session, device.commune_code)


@router.get("/rows/{table}")
def rows(request: Request, table: str, device: DeviceDep, session: SessionDep, limits: LimitsDep,
         after: str = Query(default="", max_length=64), limit: int = Query(default=1000, ge=1, le=1_000_000),
         full: bool = True) -> dict:
    if full:  # whole rows are the restore download: a live restore grant, not only the token
        restore_codes.check_grant(session, device, request.headers.get(restore_codes.GRANT_HEADER))
    return holdings.page(session, device.commune_code, table, after=after, limit=min(limit, limits.page_rows),
                         full=full)


@router.post("/restore/grant")
def restore_grant(device: DeviceDep, body: DeviceBodyDep, session: SessionDep, store: StoreDep) -> dict:
    """A restore code for a grant of this device (one code, one restore)."""
    if not isinstance(body, dict):
        raise ProvinceError("bad_request", "Thiếu mã khôi phục.")
    with store.write_lock:  # SQLite ignores FOR UPDATE: two exchanges of one code must not both pass
        opened = restore_codes.open_grant(session, device, code=body.get("code"))
        session.commit()
    return {"grant": opened.grant, "expires_at": opened.expires_at.strftime(protocol.SECONDS_FORMAT)}


@router.post("/restore/done")
def restore_done(request: Request, device: DeviceDep, session: SessionDep) -> dict:
    finished = restore_codes.finish(session, device, request.headers.get(restore_codes.GRANT_HEADER))
    session.commit()
    return {"finished_at": finished.finished_at.strftime(protocol.SECONDS_FORMAT)}
