"""Expected failures of the province server: a stable code, a Vietnamese message for the
commune officer or province officer, and the HTTP status the API answers with."""

from __future__ import annotations


class ProvinceError(Exception):
    status = 400

    def __init__(self, code: str, message: str, *, status: int | None = None, **extra) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status or self.status
        self.extra = extra

    def to_dict(self) -> dict:
        return {"code": self.code, "message": self.message, **self.extra}


class NotFound(ProvinceError):
    status = 404


class Unauthorised(ProvinceError):
    status = 401


class Forbidden(ProvinceError):
    status = 403


class Conflict(ProvinceError):
    status = 409
