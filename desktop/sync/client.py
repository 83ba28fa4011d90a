"""The transport to the province server: one requests session, gzip JSON both ways,
timeouts, and retries with backoff on a dropped line or a server error.

A commune's line comes and goes, so connection errors and 5xx answers are retried for as
long as it takes (or `give_up_after` seconds), at most once a minute once the backoff has
grown, and the wait can be cancelled. The constructor does no I/O.
"""

from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass
from typing import Any, Callable

import requests

from desktop.domain.errors import Cancelled, XhhtError
from desktop.sync import protocol

log = logging.getLogger(__name__)


class SyncError(XhhtError):
    """The server refused a request or cannot be reached; `message` is Vietnamese."""

    default_code = "sync"

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None, **extra) -> None:
        super().__init__(message, code=code)
        self.status = status
        self.extra = extra


class Offline(SyncError):
    default_code = "offline"


class PositionMismatch(SyncError):
    """The server holds another position of this device's log than the batch assumed."""

    default_code = "position_mismatch"


class BatchTimeout(SyncError):
    """A batch got no answer in time (or was too large): send smaller batches."""

    default_code = "batch_timeout"


@dataclass(frozen=True)
class RetryPolicy:
    first_delay: float = 1.0
    max_delay: float = 60.0  # bounded frequency: never more than one try a minute once backed off
    give_up_after: float | None = None  # None: keep trying until it works or is cancelled


def normalise_server(server: str) -> str:
    server = server.strip().rstrip("/")
    if not server:
        raise SyncError("Chưa nhập địa chỉ máy chủ tỉnh.", code="no_server")
    return server if "://" in server else f"https://{server}"


class SyncClient:
    def __init__(self, server: str, token: str | None = None, *, timeout: tuple[float, float] = (5.0, 60.0),
                 retry: RetryPolicy = RetryPolicy(), cancelled: Callable[[], bool] | None = None,
                 http: requests.Session | None = None, sleep: Callable[[float], None] = time.sleep) -> None:
        self.server = normalise_server(server)
        self.token = token
        self.timeout = timeout
        self.retry = retry
        self.cancelled = cancelled or (lambda: False)
        self.http = http or requests.Session()
        self.sleep = sleep
        self._started = time.monotonic()  # when the call now under way first tried

    # --- calls -------------------------------------------------------------------

    def info(self, *, retry: bool = True) -> dict:
        return self._call("GET", "/info", retry=retry)

    def check(self) -> protocol.Limits:
        """The server speaks our protocol and accepts this program's version; its limits."""
        info = self.info()
        if info.get("protocol") != protocol.PROTOCOL:
            raise SyncError(f"Máy chủ tỉnh dùng giao thức đồng bộ {info.get('protocol')}, chương trình này dùng "
                            f"giao thức {protocol.PROTOCOL}: hãy cập nhật chương trình XHHT.", code="protocol")
        needed = str(info.get("min_client_version", "0"))
        if protocol.version_tuple(protocol.APP_VERSION) < protocol.version_tuple(needed):
            raise SyncError(f"Máy chủ tỉnh cần chương trình XHHT phiên bản {needed} trở lên (máy này: "
                            f"{protocol.APP_VERSION}). Hãy cập nhật chương trình.", code="client_too_old")
        return protocol.Limits.from_dict(info.get("limits", {}))

    def enrol(self, *, code: str, device_id: str, commune: str | None) -> dict:
        return self._call("POST", "/enrol", body={"code": code, "device_id": device_id, "commune": commune,
                                                  "client_version": protocol.APP_VERSION})

    def position(self, device_id: str) -> dict:
        return self._call("GET", "/position", params={"device_id": device_id})

    def send_batch(self, batch: dict, *, read_timeout: float | None = None) -> dict:
        return self._call("POST", "/batches", body=batch, batch=True,
                          timeout=(self.timeout[0], read_timeout or self.timeout[1]))

    def summary(self) -> dict:
        return self._call("GET", "/summary")

    def rows(self, table: str, *, after: str = "", limit: int = 1000, full: bool = True) -> dict:
        return self._call("GET", f"/rows/{table}", params={"after": after, "limit": limit,
                                                            "full": "true" if full else "false"})

    def reference(self, *, after: int, limit: int = 200) -> dict:
        return self._call("GET", "/reference", params={"after": after, "limit": limit})

    def close(self) -> None:
        self.http.close()

    # --- transport ---------------------------------------------------------------

    def _headers(self, has_body: bool) -> dict:
        headers = {protocol.CLIENT_HEADER: protocol.APP_VERSION, protocol.PROTOCOL_HEADER: str(protocol.PROTOCOL),
                   "Accept": "application/json", "Accept-Encoding": "gzip"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if has_body:
            headers.update({"Content-Type": "application/json", "Content-Encoding": "gzip"})
        return headers

    def _call(self, method: str, path: str, *, body: Any = None, params: dict | None = None, retry: bool = True,
              batch: bool = False, timeout: tuple[float, float] | None = None) -> Any:
        url = f"{self.server}{protocol.API}{path}"
        data = protocol.pack(body) if body is not None else None
        self._started, attempt = time.monotonic(), 0
        while True:
            if self.cancelled():
                raise Cancelled()
            try:
                response = self.http.request(method, url, data=data, params=params,
                                             headers=self._headers(data is not None), timeout=timeout or self.timeout)
            except requests.ReadTimeout as exc:
                if batch:  # the batch may be too big for this line: the caller shrinks it
                    raise BatchTimeout(f"Máy chủ tỉnh không trả lời kịp ({exc.__class__.__name__}).") from exc
                problem = "máy chủ không trả lời kịp"
            except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError,
                    requests.exceptions.ContentDecodingError) as exc:
                problem = _describe(exc)
            else:
                if response.status_code < 500:
                    return self._answer(response)
                problem = f"máy chủ báo lỗi {response.status_code}"
            if not retry:
                raise self._offline(problem)
            log.warning("%s %s failed (%s); retry %d", method, path, problem, attempt + 1)
            self.backoff(attempt, problem)
            attempt += 1

    def _offline(self, problem: str) -> Offline:
        return Offline(f"Không kết nối được máy chủ tỉnh {self.server}: {problem}. Dữ liệu vẫn được giữ trên máy "
                       "này và sẽ được gửi khi có mạng.")

    def backoff(self, attempt: int, problem: str, *, since: float | None = None) -> None:
        """Wait before try number `attempt` + 1 (exponential, capped, with jitter), unless the
        policy gives up by then (counted from `since`, default: the call's first try).
        The wait can be cancelled within a fraction of a second."""
        since = self._started if since is None else since
        if self.retry.give_up_after is not None and time.monotonic() - since >= self.retry.give_up_after:
            raise self._offline(problem)
        delay = min(self.retry.max_delay, self.retry.first_delay * 2 ** min(attempt, 16)) * random.uniform(0.7, 1.0)
        end = time.monotonic() + delay
        while (left := end - time.monotonic()) > 0:
            if self.cancelled():
                raise Cancelled()
            self.sleep(min(left, 0.2))

    def _answer(self, response: requests.Response) -> Any:
        try:
            data = response.json()
        except ValueError:
            data = None
        if response.ok and data is not None:
            return data
        if not isinstance(data, dict) or "message" not in data:
            raise SyncError(f"Máy chủ tỉnh trả lời không đúng giao thức (mã {response.status_code}); "
                            f"kiểm tra lại địa chỉ {self.server}.", code="bad_answer", status=response.status_code)
        code = data.get("code")
        extra = {k: v for k, v in data.items() if k not in ("code", "message")}
        if code == "position_mismatch":
            raise PositionMismatch(data["message"], status=response.status_code, **extra)
        if code == "too_large":
            raise BatchTimeout(data["message"], code="too_large", status=response.status_code)
        raise SyncError(data["message"], code=code, status=response.status_code, **extra)


def _describe(exc: Exception) -> str:
    text = str(exc)
    if "Connection refused" in text or "Failed to establish" in text:
        return "máy chủ không nhận kết nối"
    if "Name or service not known" in text or "getaddrinfo" in text or "nodename" in text:
        return "không tìm thấy địa chỉ máy chủ"
    if isinstance(exc, requests.Timeout):
        return "hết thời gian chờ kết nối"
    return "đường truyền bị ngắt"
