"""Issue 10, item 4: schemathesis against the province server's own OpenAPI, on SQLite and
PostgreSQL, with a device token and without. Whatever it sends, the server answers with a
reason (4xx) or does the job; a 5xx fails the test with the request as a curl command.

Bounded and repeatable: a few examples per operation and mode, derandomized, no example
database, so a run takes seconds and finds the same cases every time.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from desktop.sync import protocol
from desktop.sync.client import SyncClient
from tests.conftest import COMMUNE
from tests.province.test_batches import hamlet

# XHHT_FUZZ_EXAMPLES=300 for a longer hunt by hand; CI keeps it short.
EXAMPLES = int(os.environ.get("XHHT_FUZZ_EXAMPLES", "25"))
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)


def make_batch_consistent(case, commune: str) -> None:
    """Give a generated batch our commune, positions in order and the right hashes, so that
    most of them pass the whole-batch checks and reach the row checks and the writes; a
    batch whose fields have the wrong types is left as generated."""
    body = case.body
    if not (case.operation.path.endswith("/batches") and isinstance(body, dict)
            and isinstance(body.get("rows"), list)):
        return
    body["commune"] = commune
    if all(type(body.get(k)) is int for k in ("after", "first", "last")) and body.get("repair") is not True:
        body["first"] = max(body["first"], body["after"] + 1)
        body["last"] = max(body["last"], body["first"])
    if isinstance(body.get("device_id"), str) and isinstance(body.get("schema"), str):
        body["payload_hash"] = protocol.payload_hash(body["rows"])
        body["batch_id"] = protocol.batch_id(body["device_id"], body["first"], body["last"], body["schema"],
                                             body["payload_hash"])


def fuzz(province, *, headers: dict[str, str]) -> tuple[list[str], dict[str, Counter]]:
    """(every 5xx as 'operation: status, curl', status codes seen per operation)."""
    schema = schemathesis.openapi.from_url(f"{province.url}/api/openapi.json")
    failures: list[str] = []
    seen: dict[str, Counter] = defaultdict(Counter)
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in MODES:
            @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
                      suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case) -> None:  # run() is called below, in this same iteration: B023 does not apply
                if headers:
                    make_batch_consistent(case, COMMUNE)
                response = case.call(base_url=province.url, headers=headers, timeout=30)
                seen[operation.label][response.status_code] += 1  # noqa: B023
                if response.status_code >= 500:
                    failures.append(f"{operation.label} ({mode.value}): {response.status_code} "  # noqa: B023
                                    f"{response.text[:200]}\n  {case.as_curl_command(headers=headers)}")

            try:
                run()
            except Unsatisfiable:  # nothing to break in an operation without parameters or body
                assert mode is GenerationMode.NEGATIVE
    return failures, seen


@pytest.fixture
def token(province) -> str:
    answer = SyncClient(province.url).enrol(code=province.issue_code(COMMUNE), device_id="dev-fuzz",
                                            commune=COMMUNE)
    return answer["token"]


def test_an_enrolled_device_cannot_make_the_server_fail(province, token):
    failures, seen = fuzz(province, headers={"Authorization": f"Bearer {token}"})
    assert failures == [], "\n".join(failures)
    # The token opened the guarded operations, and made-up batches got through the
    # whole-batch checks to the rows: the fuzz reached the writes, not only the door.
    batches = seen[f"POST {protocol.API}/batches"]
    assert batches[200] > 0, batches
    assert seen[f"GET {protocol.API}/summary"][200] > 0
    assert all(seen[f"GET {protocol.API}/{path}"][200] for path in ("position", "reference")), dict(seen)


def test_a_caller_without_a_token_cannot_make_the_server_fail(province):
    failures, seen = fuzz(province, headers={})
    assert failures == [], "\n".join(failures)
    # Every guarded operation turned the caller away (401) rather than answering.
    for label in (f"POST {protocol.API}/batches", f"GET {protocol.API}/summary", f"GET {protocol.API}/reference"):
        assert 200 not in seen[label] and seen[label][401] > 0, (label, seen[label])
    assert seen[f"GET {protocol.API}/info"][200] > 0


# --- what the fuzz found, kept as plain tests ------------------------------------------

def _get(province, token: str, path: str) -> requests.Response:
    return requests.get(f"{province.url}{protocol.API}{path}", headers={"Authorization": f"Bearer {token}"},
                        timeout=10)


def test_a_reference_cursor_past_64_bits_is_refused_not_a_crash(province, token):
    # Found on SQLite: "Python int too large to convert to SQLite INTEGER" answered 500.
    answer = _get(province, token, f"/reference?after={2 ** 64}")
    assert answer.status_code == 422 and answer.json()["code"] == "bad_request"
    assert _get(province, token, f"/reference?after={protocol.MAX_INTEGER}").status_code in (200, 422)
    assert _get(province, token, "/reference?after=0").status_code == 200


def test_what_postgresql_cannot_hold_is_refused_and_nothing_is_written(province, token, db_url):
    """Found on PostgreSQL: a NUL in a device id, a cursor past 32 bits answered 500. Now a
    422 with a reason, and the enrolment code the refused request carried is still good."""
    on_postgres = db_url.startswith("postgresql")
    code = province.issue_code(COMMUNE)
    refused = requests.post(f"{province.url}{protocol.API}/enrol", timeout=10,
                            json={"code": code, "device_id": "pc\x00-1", "commune": COMMUNE})
    cursor = _get(province, token, f"/reference?after={2 ** 40}")
    if on_postgres:
        for answer in (refused, cursor):
            assert answer.status_code == 422, answer.text
            assert answer.json()["code"] == "unstorable_value" and "NUL" in answer.json()["message"]
        enrolled = SyncClient(province.url).enrol(code=code, device_id="pc-1", commune=COMMUNE)
        assert enrolled["device_id"] == "pc-1"
    else:  # SQLite holds both: the device enrols, the cursor is simply past the end
        assert refused.status_code == 200 and cursor.status_code == 200 and cursor.json()["changes"] == []


def _batch_at(position: int, device: str, rows: list | None = None) -> dict:
    rows = rows or []
    body = {"protocol": protocol.PROTOCOL, "device_id": device, "commune": COMMUNE, "schema": "0003",
            "after": position, "first": position + 1, "last": position + len(rows) + 1, "repair": False,
            "log_hash": protocol.log_hash(()), "rows": rows, "payload_hash": protocol.payload_hash(rows)}
    body["batch_id"] = protocol.batch_id(device, body["first"], body["last"], "0003", body["payload_hash"])
    return body


def _push(province, token: str, body: dict) -> requests.Response:
    return requests.post(f"{province.url}{protocol.API}/batches", json=body,
                         headers={"Authorization": f"Bearer {token}"}, timeout=10)


def test_a_batch_past_32_bit_positions_is_refused_alike_on_both_back_ends(province, token):
    # Found on PostgreSQL: batches.after/first/last are INTEGER there, and the insert failed (500).
    answer = _push(province, token, _batch_at(2 ** 31, "dev-far"))
    assert answer.status_code == 422 and answer.json()["code"] == "out_of_range", answer.text
    assert _get(province, token, "/position?device_id=dev-far").json()["position"] is None


def test_a_row_version_past_32_bits_is_refused_as_a_row_and_its_batch_applied(province, token):
    # Found on PostgreSQL with the positions: stored_rows.version is INTEGER there.
    rows = [{"table": "hamlets", "row": hamlet("h-big", version=2 ** 31)},
            {"table": "hamlets", "row": hamlet("h-ok")}]
    answer = _push(province, token, _batch_at(0, "dev-near", rows))
    assert answer.status_code == 200, answer.text
    receipt = answer.json()
    assert receipt["accepted"] == {"hamlets": 1}
    assert [(r["id"], r["code"]) for r in receipt["rejected"]] == [("h-big", "bad_row")]
