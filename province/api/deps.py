"""Typed dependencies of the routes: the store, a session, the calling device, the body."""

from __future__ import annotations

from typing import Annotated, Any, Iterator

from fastapi import Depends, Header, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from desktop.sync import protocol
from province.db import Store
from province.errors import ProvinceError
from province.models import Device
from province.services.enrolment import check_client_version
from province.services.tokens import authenticate


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_limits(request: Request) -> protocol.Limits:
    return request.app.state.limits


def get_session(store: Annotated[Store, Depends(get_store)]) -> Iterator[Session]:
    session = store.session()
    try:
        yield session
    finally:
        session.close()


# Declared as security and a header (not read off the request by hand) so the OpenAPI
# names them: API clients, and the fuzz tests, then know how to call.
_bearer = HTTPBearer(auto_error=False, description="Mã truy cập của máy, nhận khi đăng ký (POST /api/v1/enrol).")


def current_device(response: Response, session: Annotated[Session, Depends(get_session)],
                   credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
                   client: Annotated[str | None, Header(alias=protocol.CLIENT_HEADER)] = None) -> Device:
    """The enrolled, unrevoked device whose unexpired bearer token came with the request. When
    the token is due for renewal the answer carries the new one (tokens.TOKEN_HEADER)."""
    check_client_version(client)
    caller = authenticate(session, credentials.credentials.strip() if credentials else None)
    session.commit()  # when the device was last seen, and its renewed token
    if caller.renewed is not None:
        response.headers.update(caller.renewed.headers())
    return caller.device


async def json_body(request: Request, limits: Annotated[protocol.Limits, Depends(get_limits)]) -> Any:
    """The body of a request without a token (enrolment); see `device_body` for the rest."""
    return await _read_json(request, limits)


async def device_body(request: Request, device: Annotated[Device, Depends(current_device)],
                      limits: Annotated[protocol.Limits, Depends(get_limits)]) -> Any:
    """The body of a device's request, read only once its token is known good: a caller
    without one cannot make the server inflate or parse anything."""
    return await _read_json(request, limits)


async def _read_json(request: Request, limits: protocol.Limits) -> Any:
    """The request's JSON, gzip-compressed or not, refused past the batch size limit."""
    limit = limits.max_batch_bytes
    declared = request.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    compressed = request.headers.get("Content-Encoding", "").lower() == "gzip"
    try:
        return protocol.unpack(b"".join(chunks), limit=limit, compressed=compressed)
    except protocol.TooLarge:
        raise _too_large(limit) from None
    except (protocol.Unreadable, OSError, EOFError) as exc:  # bad gzip, truncated body, bad JSON or UTF-8
        raise ProvinceError("bad_body", f"Nội dung gửi lên không đọc được: {exc}.") from None


def _too_large(limit: int) -> ProvinceError:
    return ProvinceError("too_large", f"Nội dung gửi lên vượt quá {limit // 1_000_000} MB; "
                         "chương trình sẽ chia thành lô nhỏ hơn.", status=413)


SessionDep = Annotated[Session, Depends(get_session)]
DeviceDep = Annotated[Device, Depends(current_device)]
StoreDep = Annotated[Store, Depends(get_store)]
LimitsDep = Annotated[protocol.Limits, Depends(get_limits)]
BodyDep = Annotated[Any, Depends(json_body)]
DeviceBodyDep = Annotated[Any, Depends(device_body)]
