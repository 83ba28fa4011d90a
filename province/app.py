"""The FastAPI application: wiring only (store, limits, error answers, routes)."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from desktop.sync import protocol
from province.api.openapi import describe
from province.api.routes import reference, sync, web
from province.db import Store, open_store
from province.errors import ProvinceError

log = logging.getLogger("province")


def create_app(store: Store | None = None, *, url: str | None = None,
               limits: protocol.Limits | None = None) -> FastAPI:
    app = FastAPI(title="XHHT — máy chủ tỉnh", version=protocol.APP_VERSION, docs_url="/api/docs",
                  redoc_url=None, openapi_url="/api/openapi.json")
    app.state.store = store or open_store(url)
    app.state.limits = limits or protocol.Limits()
    # Receipts, summaries and restore pages are JSON that compresses ten to one.
    app.add_middleware(GZipMiddleware, minimum_size=1000)

    @app.exception_handler(ProvinceError)
    async def _expected(request: Request, error: ProvinceError) -> JSONResponse:
        return JSONResponse(error.to_dict(), status_code=error.status)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> JSONResponse:
        known = {404: "Không có địa chỉ này trên máy chủ tỉnh.", 405: "Địa chỉ này không nhận kiểu yêu cầu đó."}
        message = known.get(error.status_code, f"Yêu cầu không thực hiện được ({error.detail}).")
        return JSONResponse({"code": f"http_{error.status_code}", "message": message}, status_code=error.status_code)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        fields = ", ".join(".".join(str(p) for p in e.get("loc", ())) for e in error.errors())
        return JSONResponse({"code": "bad_request", "message": f"Yêu cầu không hợp lệ ({fields})."}, status_code=422)

    @app.exception_handler(DataError)
    async def _unstorable(request: Request, error: DataError) -> JSONResponse:
        # PostgreSQL refuses a value SQLite takes: a number past its column's 32 bits, a NUL in
        # text (found by tests/province/test_api_fuzz.py). The request is at fault, not the server.
        log.warning("value refused by the database on %s %s: %s", request.method, request.url.path,
                    str(error.orig).strip())
        return JSONResponse({"code": "unstorable_value", "message": "Yêu cầu có giá trị máy chủ tỉnh không lưu "
                             "hoặc tra cứu được (số quá lớn, hoặc chữ có ký tự NUL); không có gì được ghi."},
                            status_code=422)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return JSONResponse({"code": "server_error", "message": "Máy chủ tỉnh gặp lỗi ngoài dự kiến; "
                             "chương trình sẽ thử lại sau. Nếu lỗi kéo dài, hãy báo cho tỉnh."}, status_code=500)

    app.include_router(sync.router)
    app.include_router(reference.router)
    app.include_router(web.router)
    app.mount("/static", StaticFiles(directory=web.WEB), name="static")
    app.openapi = lambda: describe(app)  # adds the request bodies the routes read by hand
    return app
