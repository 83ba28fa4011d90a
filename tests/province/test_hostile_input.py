"""Issue 10, items 2–4: whatever arrives, the province answers in words (4xx), never 500,
on SQLite and on PostgreSQL; and a caller without a token cannot make it parse a body."""

from __future__ import annotations

import gzip
import json

import pytest
import requests

from desktop.sync import protocol
from desktop.sync.client import RESTORE_GRANT_HEADER
from tests.province.conftest import granted
from tests.province.test_batches import batch, hamlet

JSON = {"Content-Type": "application/json", "Content-Encoding": "gzip"}


def post(province, path: str, raw: bytes, *, token: str | None = None, zipped: bool = True,
         headers: dict | None = None) -> requests.Response:
    sent = dict(JSON if zipped else {"Content-Type": "application/json"})
    if token:
        sent["Authorization"] = f"Bearer {token}"
    sent.update(headers or {})
    return requests.post(province.url + protocol.API + path, data=gzip.compress(raw) if zipped else raw,
                         headers=sent, timeout=30)


NESTED = b"[" * 100_000 + b"]" * 100_000


@pytest.mark.parametrize("raw, zipped", [(NESTED, True), (b"not gzip at all", False), (b"\x1f\x8b garbage", False),
                                         (b'{"protocol": "\\ud800"}', True)])
def test_without_a_token_no_body_is_read(province, raw, zipped):
    answer = post(province, "/batches", raw, zipped=zipped, headers={"Content-Encoding": "gzip"})
    assert (answer.status_code, answer.json()["code"]) == (401, "no_token")


@pytest.mark.parametrize("raw, zipped, words", [
    (NESTED, True, "JSON lồng nhau quá nhiều tầng"),
    (b"not gzip at all", False, "không phải dữ liệu nén gzip"),
    (b'{"code": "\\ud800abc", "device_id": "x"}', True, "nửa cặp surrogate"),
    (b"\xff\xfe{}", True, "không phải văn bản UTF-8"),
    (b"{nope", True, "không phải JSON"),
])
def test_an_unreadable_enrolment_body_is_refused_in_words(province, raw, zipped, words):
    answer = post(province, "/enrol", raw, zipped=zipped, headers={"Content-Encoding": "gzip"})
    assert answer.status_code == 400 and answer.json()["code"] == "bad_body"
    assert words in answer.json()["message"]


def test_a_valid_surrogate_pair_still_arrives(device, province):
    body = batch({("hamlets", "h-1"): hamlet("h-1", name="Thôn 🌾")}, after=0, last=1)
    answer = post(province, "/batches", json.dumps(body).encode(), token=device.token)  # ensure_ascii: a pair
    assert answer.status_code == 200 and answer.json()["accepted"] == {"hamlets": 1}


@pytest.mark.parametrize("version", ["9" * 5000, "1.2.3; DROP TABLE", "x" * 100])
def test_a_strange_client_version_is_a_bad_request(province, version):
    answer = requests.get(province.url + protocol.API + "/summary", headers={protocol.CLIENT_HEADER: version},
                          timeout=30)
    assert (answer.status_code, answer.json()["code"]) == (400, "bad_version")
    answer = post(province, "/enrol", json.dumps({"code": "x", "device_id": "d", "client_version": version}).encode())
    assert (answer.status_code, answer.json()["code"]) == (400, "bad_version")


def test_out_of_range_positions_and_queries_are_refused(device, province):
    for after in (2 ** 63, 2 ** 31 - 1):  # the province's position columns are 32-bit on PostgreSQL
        body = batch({("hamlets", "h-1"): hamlet("h-1")}, after=after, last=after + 1)
        answer = post(province, "/batches", json.dumps(body).encode(), token=device.token)
        assert (answer.status_code, answer.json()["code"]) == (422, "out_of_range")
    granted(device, province)
    auth = {"Authorization": f"Bearer {device.token}", RESTORE_GRANT_HEADER: device.restore_grant}
    pages = province.url + protocol.API + "/rows/citizens"
    assert requests.get(pages, params={"limit": 10 ** 30}, headers=auth, timeout=30).status_code == 422
    assert requests.get(pages, params={"after": "9" * 100}, headers=auth, timeout=30).status_code == 422
    assert requests.get(pages, params={"after": str(10 ** 30)}, headers=auth, timeout=30).json()["rows"] == []
    unknown = requests.get(province.url + protocol.API + "/rows/" + "x" * 5000, headers=auth, timeout=30)
    assert unknown.status_code == 404 and len(unknown.json()["message"]) < 200


def test_rows_no_store_can_hold_are_refused_with_a_reason_and_the_rest_kept(device, province):
    """A NUL in a note (PostgreSQL text refuses it), a version past 64 bits, a 100,000-character
    id: each row is refused with its reason; the good row of the same batch is stored."""
    nul = hamlet("h-nul") | {"note": "ghi chú\x00dán vào"}
    huge = hamlet("h-huge", version=2 ** 63)
    long_id = hamlet("x" * 100_000)
    just_too_long = hamlet("y" * 37)  # PostgreSQL's 36-wide column refused it with a 500
    rows = {("hamlets", "h-ok"): hamlet("h-ok"), ("hamlets", "h-nul"): nul, ("hamlets", "h-huge"): huge,
            ("hamlets", "long"): long_id, ("hamlets", "y"): just_too_long}
    receipt = device.send_batch(batch(rows, after=0, last=5))
    assert receipt["accepted"] == {"hamlets": 1}
    reasons = {r["id"][:10] if r["id"] else None: r["reason"] for r in receipt["rejected"]}
    assert "chứa ký tự NUL" in reasons["h-nul"]
    assert "vượt quá giới hạn 64 bit" in reasons["h-huge"]
    assert "dài quá 36 ký tự" in reasons["xxxxxxxxxx"] and "dài quá 36 ký tự" in reasons["yyyyyyyyyy"]
    assert all(r["code"] == "bad_row" for r in receipt["rejected"])
    # The commune goes on: its next batch is taken, and what was stored comes back intact.
    later = device.send_batch(batch({("hamlets", "h-2"): hamlet("h-2", name="Thôn Tây")}, after=5, last=6))
    assert later["accepted"] == {"hamlets": 1}
    page = granted(device, province).rows("hamlets")
    assert sorted(r["id"] for r in page["rows"]) == ["h-2", "h-ok"]
