"""The transport to the province server: one requests session, gzip JSON both ways,
timeouts, and retries with backoff on a dropped line or a server error.

A commune's line comes and goes, so connection errors and 5xx answers are retried for as
long as it takes (or `give_up_after` seconds), at most once a minute once the backoff has
grown, and the wait can be cancelled. The constructor does no I/O.
The retries are written here rather than taken from urllib3's Retry or tenacity: the wait
must be cancellable within a fraction of a second, may go on for as long as the line is
down, and the push waits with the same `backoff` when even its smallest batch times out.

The server renews a device's token while it syncs (an answer carrying TOKEN_HEADER): the
client uses the new token from the next call and hands it to `on_token` to be stored.
"""

from __future__ import annotations

import errno
import logging
import random
import socket
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterator
from urllib.parse import urlsplit

import requests

from desktop.domain.errors import Cancelled, XhhtError
from desktop.sync import protocol
from desktop.sync.enrolment_input import parse_server

log = logging.getLogger(__name__)


class SyncError(XhhtError):
    """The server refused a request or cannot be reached; `message` is Vietnamese."""

    default_code = "sync"

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None,
                 field: str | None = None, **extra) -> None:
        super().__init__(message, code=code, field=field)
        self.status = status
        self.extra = extra


class Offline(SyncError):
    """The server could not be reached, or the line dropped. `problem` says how, in an
    officer's words; `kind` says it for the program (see `describe_failure`)."""

    default_code = "offline"

    def __init__(self, message: str, *, problem: str = "", kind: str = "dropped", **kwargs) -> None:
        super().__init__(message, **kwargs)
        self.problem = problem
        self.kind = kind


class ServerFailed(SyncError):
    """The province server answered, but failed on its side, again and again: retrying
    cannot help until it is mended, so the program stops and says so (not a line problem)."""

    default_code = "server_error"


# An answer that renews the token carries the new one in this header (province/services/tokens.py,
# which a test keeps in step): the client uses it from the next call and hands it to `on_token`.
TOKEN_HEADER = "X-XHHT-Token"

SERVER_FAILURES = 3  # tries of one request the province itself failed on before giving up


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


RESTORE_GRANT_HEADER = "X-XHHT-Restore-Grant"  # the server reads the same name (province.services.restore_codes)


def normalise_server(server: str) -> str:
    """The base URL, by the rule the enrolment form shows (no scheme: https://)."""
    return parse_server(server)


class SyncClient:
    def __init__(self, server: str, token: str | None = None, *, timeout: tuple[float, float] = (5.0, 60.0),
                 retry: RetryPolicy = RetryPolicy(), cancelled: Callable[[], bool] | None = None,
                 http: requests.Session | None = None, sleep: Callable[[float], None] = time.sleep,
                 on_token: Callable[[str], None] | None = None) -> None:
        self.server = normalise_server(server)
        self.token = token
        self.on_token = on_token  # stores a token the server renewed (state.keep_token)
        self.timeout = timeout
        self.retry = retry
        self.cancelled = cancelled or (lambda: False)
        self.http = http or requests.Session()
        self.sleep = sleep
        self._started = time.monotonic()  # when the call now under way first tried
        self.restore_grant: str | None = None  # sent with whole-row pages: the restore download

    # --- calls -------------------------------------------------------------------

    def info(self, *, retry: bool = True) -> dict:
        return self._call("GET", "/info", retry=retry)

    def check(self, info: dict | None = None) -> protocol.Limits:
        """The server speaks our protocol and accepts this program's version; its limits.
        `info`: the answer of /info when the caller already asked."""
        info = self.info() if info is None else info
        if not isinstance(info, dict) or "protocol" not in info:
            raise self._not_xhht("trả lời nhưng không phải thông tin của máy chủ đồng bộ", None)
        if info.get("protocol") != protocol.PROTOCOL:
            raise SyncError(f"Máy chủ tỉnh dùng giao thức đồng bộ {info.get('protocol')}, chương trình này dùng "
                            f"giao thức {protocol.PROTOCOL}: hãy cập nhật chương trình XHHT.", code="protocol")
        needed = str(info.get("min_client_version", "0"))
        if protocol.version_tuple(protocol.APP_VERSION) < protocol.version_tuple(needed):
            raise SyncError(f"Máy chủ tỉnh cần chương trình XHHT phiên bản {needed} trở lên (máy này: "
                            f"{protocol.APP_VERSION}). Hãy cập nhật chương trình.", code="client_too_old")
        return protocol.Limits.from_dict(info.get("limits", {}))

    def enrol(self, *, code: str, device_id: str, commune: str | None, read_timeout: float | None = None) -> dict:
        """Never sent twice: once the server has it, the one-time code is used, answer or not."""
        return self._call("POST", "/enrol", body={"code": code, "device_id": device_id, "commune": commune,
                                                  "client_version": protocol.APP_VERSION}, retry=False,
                          timeout=(self.timeout[0], read_timeout or self.timeout[1]))

    def position(self, device_id: str) -> dict:
        return self._call("GET", "/position", params={"device_id": device_id})

    def send_batch(self, batch: dict, *, read_timeout: float | None = None) -> dict:
        return self._call("POST", "/batches", body=batch, batch=True,
                          timeout=(self.timeout[0], read_timeout or self.timeout[1]))

    def summary(self) -> dict:
        return self._call("GET", "/summary")

    def rows(self, table: str, *, after: str = "", limit: int = 1000, full: bool = True) -> dict:
        grant = {RESTORE_GRANT_HEADER: self.restore_grant} if full and self.restore_grant else None
        return self._call("GET", f"/rows/{table}", params={"after": after, "limit": limit,
                                                            "full": "true" if full else "false"}, headers=grant)

    def open_restore(self, *, code: str) -> dict:
        """A restore code for a restore grant of this device: {"grant", "expires_at"}. Safe to
        resend after a dropped line: the server gives the same device a fresh grant for it."""
        return self._call("POST", "/restore/grant", body={"code": code})

    def finish_restore(self) -> dict:
        return self._call("POST", "/restore/done", headers={RESTORE_GRANT_HEADER: self.restore_grant or ""})

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
              batch: bool = False, timeout: tuple[float, float] | None = None, headers: dict | None = None) -> Any:
        url = f"{self.server}{protocol.API}{path}"
        data = protocol.pack(body) if body is not None else None
        self._started, attempt, failures = time.monotonic(), 0, 0
        while True:
            if self.cancelled():
                raise Cancelled()
            limits = timeout or self.timeout
            try:
                response = self.http.request(method, url, data=data, params=params,
                                             headers={**self._headers(data is not None), **(headers or {})},
                                             timeout=limits)
            except requests.ReadTimeout as exc:
                if batch:  # the batch may be too big for this line: the caller shrinks it
                    raise BatchTimeout(f"Máy chủ tỉnh không trả lời kịp ({exc.__class__.__name__}).") from exc
                kind, problem = describe_failure(exc, limits, urlsplit(self.server).hostname)
            except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError,
                    requests.exceptions.ContentDecodingError) as exc:
                kind, problem = describe_failure(exc, limits, urlsplit(self.server).hostname)
            else:
                if response.status_code < 500:
                    self._take_token(response)
                    return self._answer(response)
                if self._province_failed(response):
                    failures += 1
                    if failures >= SERVER_FAILURES:
                        raise ServerFailed(
                            f"Máy chủ tỉnh gặp lỗi khi xử lý yêu cầu này (mã {response.status_code}); lỗi đã được "
                            "ghi lại ở máy chủ. Đường truyền vẫn tốt và dữ liệu vẫn được giữ trên máy này; hãy báo "
                            "cán bộ tỉnh. Chương trình sẽ gửi lại ở lần đồng bộ sau.",
                            status=response.status_code)
                kind, problem = "server_error", (f"máy chủ báo lỗi {response.status_code} (đang bảo trì hoặc gặp sự "
                                                 "cố); hãy thử lại sau ít phút")
            if not retry:
                raise self._offline(problem, kind)
            log.warning("%s %s failed (%s); retry %d", method, path, problem, attempt + 1)
            self.backoff(attempt, problem, kind=kind)
            attempt += 1

    def _take_token(self, response: requests.Response) -> None:
        """Use a renewed token from now on and have it stored. Storing may fail (a locked
        file): the old token stays accepted for days and the next sync is renewed again."""
        renewed = response.headers.get(TOKEN_HEADER) if response.ok else None
        if not renewed or renewed == self.token:
            return
        self.token = renewed
        if self.on_token is not None:
            try:
                self.on_token(renewed)
            except Exception:  # noqa: BLE001  (see above: losing a renewal is harmless)
                log.warning("could not store the renewed token", exc_info=True)

    @staticmethod
    def _province_failed(response: requests.Response) -> bool:
        """A 500 the province's own error handler wrote (it logged it), not a proxy's 502–504
        while the server restarts, which retrying rides out."""
        if response.status_code != 500:
            return False
        try:
            data = response.json()
        except ValueError:
            return False
        return isinstance(data, dict) and data.get("code") == "server_error"

    def _offline(self, problem: str, kind: str = "dropped") -> Offline:
        return Offline(f"Không kết nối được máy chủ tỉnh tại {self.server}: {problem}. Dữ liệu vẫn được giữ trên "
                       "máy này và sẽ được gửi khi có mạng.", problem=problem, kind=kind)

    def _not_xhht(self, what: str, status: int | None) -> SyncError:
        hint = " Hãy thử chỉ nhập phần đầu, ví dụ https://tên-máy-chủ." if urlsplit(self.server).path else ""
        return SyncError(f"Không kết nối được máy chủ tỉnh tại {self.server}: địa chỉ này {what}, không phải máy "
                         f"chủ đồng bộ XHHT. Hãy kiểm tra lại địa chỉ tỉnh cung cấp.{hint}", code="not_xhht",
                         status=status)

    def backoff(self, attempt: int, problem: str, *, since: float | None = None, kind: str = "dropped") -> None:
        """Wait before try number `attempt` + 1 (exponential, capped, with jitter), unless the
        policy gives up by then (counted from `since`, default: the call's first try).
        The wait can be cancelled within a fraction of a second."""
        since = self._started if since is None else since
        if self.retry.give_up_after is not None and time.monotonic() - since >= self.retry.give_up_after:
            raise self._offline(problem, kind)
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
            kind = response.headers.get("Content-Type", "").split(";")[0].strip()
            what = (f"là một trang web (mã {response.status_code})" if data is None and kind in ("text/html", "")
                    else f"trả lời không theo giao thức đồng bộ (mã {response.status_code})")
            raise self._not_xhht(what, response.status_code)
        code = data.get("code")
        extra = {k: v for k, v in data.items() if k not in ("code", "message")}
        if code == "position_mismatch":
            raise PositionMismatch(data["message"], status=response.status_code, **extra)
        if code == "too_large":
            raise BatchTimeout(data["message"], code="too_large", status=response.status_code)
        raise SyncError(data["message"], code=code, status=response.status_code, **extra)


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception and what lies under it (requests → urllib3 → socket)."""
    seen = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        under = current.__cause__ or current.__context__ or getattr(current, "reason", None)
        if not isinstance(under, BaseException) and current.args and isinstance(current.args[0], BaseException):
            under = current.args[0]
        current = under if isinstance(under, BaseException) else None


def describe_failure(exc: BaseException, timeout: tuple[float, float], host: str | None = None) -> tuple[str, str]:
    """(kind, what happened in an officer's words) of a request that got no answer.

    kinds: refused, name, connect_timeout, read_timeout, no_route, not_https, certificate, dropped."""
    causes = list(_causes(exc))
    seconds = (lambda s: f"{s:g} giây")
    if any(isinstance(c, ConnectionRefusedError) for c in causes):
        return "refused", ("máy chủ từ chối kết nối (chương trình máy chủ không chạy, hoặc sai số cổng sau dấu hai "
                           "chấm)")
    if any(isinstance(c, socket.gaierror) for c in causes):
        name = f" “{host}”" if host else ""
        return "name", f"không tìm thấy máy chủ tên{name} (gõ sai địa chỉ, hoặc máy này chưa vào được mạng)"
    if isinstance(exc, requests.ConnectTimeout):
        return "connect_timeout", (f"không có phản hồi sau {seconds(timeout[0])} (máy này chưa vào được mạng, "
                                   "địa chỉ không đúng, hoặc tường lửa chặn)")
    if isinstance(exc, requests.ReadTimeout) or any(isinstance(c, TimeoutError) for c in causes):
        return "read_timeout", (f"máy chủ nhận kết nối nhưng không trả lời sau {seconds(timeout[1])} (máy chủ đang "
                                "quá tải, hoặc địa chỉ không đúng); hãy thử lại sau ít phút")
    if any(isinstance(c, OSError) and c.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH) for c in causes):
        return "no_route", "không có đường mạng tới máy chủ (máy này chưa vào được mạng?)"
    if isinstance(exc, requests.exceptions.SSLError):
        text = " ".join(str(c) for c in causes)
        if "WRONG_VERSION_NUMBER" in text or "wrong version number" in text:
            return "not_https", ("máy chủ không dùng kết nối bảo mật https; nếu tỉnh cho địa chỉ bắt đầu bằng "
                                 "“http://”, hãy gõ đủ cả phần đó")
        return "certificate", ("chứng chỉ bảo mật (https) của máy chủ không hợp lệ; hãy báo cán bộ tỉnh, không "
                               "gửi dữ liệu tới địa chỉ này")
    return "dropped", "đường truyền bị ngắt giữa chừng"
