"""The OpenAPI description, completed with the request bodies the routes read by hand
(gzip JSON, see deps._read_json): enrolment, a batch, a restore code. FastAPI cannot see those, so
without this the description says the POSTs take nothing, and API clients and the fuzz
tests (tests/province/test_api_fuzz.py) would never send one."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from desktop.sync import protocol

_KINDS: dict[str, dict[str, Any]] = {
    "text": {"type": "string"},
    "int": {"type": "integer", "minimum": -protocol.MAX_INTEGER - 1, "maximum": protocol.MAX_INTEGER},
    "float": {"type": "number"},
    "bool": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
    "timestamp": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$"},
}
_POSITION = {"type": "integer", "minimum": 0, "maximum": protocol.MAX_POSITION}


def _column(column: protocol.ColumnSpec) -> dict[str, Any]:
    """A column as protocol.check_row takes it: its kind, bounds, list of codes or shape."""
    schema = dict(_KINDS[column.kind])
    if column.kind == "text":
        schema.update(minLength=column.min_length, maxLength=column.max_length)
    if column.minimum is not None:
        schema["minimum"] = column.minimum
    if column.maximum is not None:
        schema["maximum"] = column.maximum
    if column.vocabulary:
        schema["enum"] = sorted(protocol.VOCABULARIES[column.vocabulary][1])
    if column.format and column.format != "sort_key":  # that one is any text but NUL
        schema["pattern"] = f"^(?:{protocol.FORMATS[column.format][0].pattern})$"
    return {"anyOf": [schema, {"type": "null"}]} if column.nullable else schema


def _row(table: protocol.TableSpec) -> dict[str, Any]:
    return {"type": "object", "required": ["table", "row"], "additionalProperties": False,
            "properties": {"table": {"const": table.name},
                           "row": {"type": "object", "additionalProperties": False,
                                   "properties": {c.name: _column(c) for c in table.columns},
                                   "required": [c.name for c in table.columns if not c.nullable]}}}


def batch_schema() -> dict[str, Any]:
    """One pushed batch, as desktop/sync/outbox.make_body writes it."""
    return {
        "type": "object",
        "required": ["protocol", "batch_id", "device_id", "commune", "after", "first", "last", "schema",
                     "log_hash", "payload_hash", "rows"],
        "properties": {
            "protocol": {"type": "integer", "enum": [protocol.PROTOCOL]},
            "batch_id": {"type": "string", "minLength": 1, "maxLength": 64},
            "device_id": {"type": "string", "minLength": 1, "maxLength": 36},
            "commune": {"type": "string", "pattern": r"^\d{5}$"},
            "after": _POSITION, "first": _POSITION, "last": _POSITION,
            "repair": {"type": "boolean"},
            "fork": {"type": "object", "required": ["device_id", "position"],
                     "properties": {"device_id": {"type": "string", "minLength": 1,
                                                  "maxLength": protocol.MAX_ID_LENGTH},
                                    "position": _POSITION}},
            "schema": {"type": "string", "minLength": 1, "maxLength": 40},
            "log_hash": {"type": "string", "minLength": 1, "maxLength": 64},
            "payload_hash": {"type": "string", "maxLength": 64},
            "rows": {"type": "array", "items": {"oneOf": [_row(t) for t in protocol.TABLES]}},
        },
    }


def enrolment_schema() -> dict[str, Any]:
    return {
        "type": "object", "required": ["code", "device_id"],
        "properties": {
            "code": {"type": "string", "description": "Mã đăng ký một lần do tỉnh cấp (12 ký tự)."},
            "device_id": {"type": "string", "minLength": 1, "maxLength": 36},
            "commune": {"type": "string", "pattern": r"^\d{5}$"},
            "client_version": {"type": "string", "maxLength": 20},
        },
    }


def restore_code_schema() -> dict[str, Any]:
    return {"type": "object", "required": ["code"],
            "properties": {"code": {"type": "string", "description": "Mã khôi phục một lần do tỉnh cấp."}}}


_BODIES = {f"{protocol.API}/enrol": enrolment_schema, f"{protocol.API}/batches": batch_schema,
           f"{protocol.API}/restore/grant": restore_code_schema}


def describe(app: FastAPI) -> dict[str, Any]:
    """The app's OpenAPI document (made once, then kept, as FastAPI does)."""
    if app.openapi_schema is None:
        document = get_openapi(title=app.title, version=app.version, routes=app.routes)
        for path, schema in _BODIES.items():
            operation = document["paths"][path]["post"]
            operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": schema()}}}
        app.openapi_schema = document
    return app.openapi_schema
