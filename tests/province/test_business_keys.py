"""The province keeps the commune's business keys per commune, on SQLite and PostgreSQL: a
second PC (or an old copy of the file) cannot store a second evaluation round, a second
live citizen with one CCCD or a second standing recognition; what it sends is refused in
words, and what a batch frees or swaps within itself is let through."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.sync import protocol
from desktop.sync.client import SyncClient
from desktop.sync.uniques import UNIQUE_KEYS
from province.models import RowKey
from tests.conftest import COMMUNE
from tests.province.test_batches import STAMP, batch, hamlet, household
from tests.sync.live import FAST

_DEFAULTS = {"text": "", "int": 1, "float": 0.0, "bool": False, "date": "2025-06-01", "timestamp": STAMP}


def row(table: str, row_id: str, **values) -> dict:
    """A well-formed row of `table`: every column filled, then `values` over it."""
    filled = {c.name: None if c.nullable else _DEFAULTS[c.kind] for c in protocol.TABLE_BY_NAME[table].columns}
    filled.update(id=row_id, version=1, updated_at=STAMP, deleted=False, origin="pc-1")
    return filled | values


def evaluation_round(row_id: str, year: int = 2025, title: str = "gia-dinh", **values) -> dict:
    return row("evaluation_rounds", row_id, year=year, title=title, set_id=f"{title}/448-2016.2",
               set_fingerprint="f" * 16, evaluated_at=STAMP, subjects=10, passed=7, **values)


def citizen(row_id: str, identity: str | None, **values) -> dict:
    return row("citizens", row_id, family_name="Nguyễn", middle_name="Văn", given_name="An", full_name="Nguyễn Văn An",
               sex="M", identity_number=identity, ethnicity="01", relation="head", status="resident",
               sort_key="an", search_text="nguyen van an", **values)


def decision(row_id: str, number: str) -> dict:
    return row("recognition_decisions", row_id, year=2025, title="gia-dinh", number=number, signed_on="2025-12-01",
               signer_name="Lê Văn Bình", signer_title="Chủ tịch", signer_capacity="chu-tich",
               set_id="gia-dinh/448-2016.2")


def recognition(row_id: str, decision_id: str, subject_id: str, **values) -> dict:
    return row("recognitions", row_id, decision_id=decision_id, year=2025, title="gia-dinh",
               subject_kind="household", subject_id=subject_id, name="Hộ ông Nguyễn Văn An", result_json="{}",
               total=85.0, **values)


@pytest.fixture
def second_pc(province) -> SyncClient:
    """Another PC of the same commune, enrolled with its own code."""
    answer = SyncClient(province.url).enrol(code=province.issue_code(COMMUNE), device_id="dev-two", commune=COMMUNE)
    return SyncClient(province.url, answer["token"], retry=FAST)


def test_a_second_pc_cannot_store_a_second_round_of_a_year_and_title(device, second_pc, province):
    first = device.send_batch(batch({("evaluation_rounds", "r-1"): evaluation_round("r-1")}, after=0, last=1,
                                    device="dev-test"))
    assert first["accepted"] == {"evaluation_rounds": 1}
    rows = {("evaluation_rounds", "r-2"): evaluation_round("r-2"),
            ("evaluation_rounds", "r-3"): evaluation_round("r-3", title="cong-dong")}
    second = second_pc.send_batch(batch(rows, after=0, last=2, device="dev-two"))
    assert second["accepted"] == {"evaluation_rounds": 1}  # another title's round is a round of its own
    [refused] = second["rejected"]
    assert (refused["id"], refused["code"]) == ("r-2", "duplicate")
    assert "mỗi danh hiệu chỉ có một đợt đánh giá mỗi năm" in refused["reason"]
    assert "đã có trên máy chủ tỉnh (mã r-1)" in refused["reason"]
    assert {k for k in province.rows() if k[0] == "evaluation_rounds"} == {
        ("evaluation_rounds", "r-1"), ("evaluation_rounds", "r-3")}


def test_one_live_citizen_per_identity_number_and_none_for_citizens_without_one(device, second_pc):
    device.send_batch(batch({("citizens", "c-1"): citizen("c-1", "040057956539"),
                             ("citizens", "c-2"): citizen("c-2", None)}, after=0, last=2))
    receipt = second_pc.send_batch(batch({("citizens", "c-3"): citizen("c-3", "040057956539"),
                                          ("citizens", "c-4"): citizen("c-4", None)}, after=0, last=2,
                                         device="dev-two"))
    assert receipt["accepted"] == {"citizens": 1}
    [refused] = receipt["rejected"]
    assert refused["id"] == "c-3" and "số định danh cá nhân" in refused["reason"]
    assert "040057956539" not in refused["reason"]  # the CCCD itself is not repeated back


def test_two_rows_of_one_batch_claiming_one_key_keep_the_first(device):
    rows = {("households", "hh-1"): household("hh-1", None, "YX-001"),
            ("households", "hh-2"): household("hh-2", None, "YX-001")}
    receipt = device.send_batch(batch(rows, after=0, last=2))
    assert receipt["accepted"] == {"households": 1}
    assert [(r["id"], r["code"]) for r in receipt["rejected"]] == [("hh-2", "duplicate")]
    assert "cũng có trong lần gửi này (mã hh-1)" in receipt["rejected"][0]["reason"]


def test_codes_swapped_within_one_batch_and_a_deleted_row_free_their_keys(device):
    device.send_batch(batch({("households", "hh-1"): household("hh-1", None, "YX-001"),
                             ("households", "hh-2"): household("hh-2", None, "YX-002"),
                             ("households", "hh-3"): household("hh-3", None, "YX-003")}, after=0, last=3))
    swap = {("households", "hh-1"): household("hh-1", None, "YX-002") | {"version": 2},
            ("households", "hh-2"): household("hh-2", None, "YX-001") | {"version": 2},
            ("households", "hh-3"): household("hh-3", None, "YX-003") | {"version": 2, "deleted": True},
            ("households", "hh-4"): household("hh-4", None, "YX-003")}
    receipt = device.send_batch(batch(swap, after=3, last=7))
    assert receipt["rejected"] == [] and receipt["accepted"] == {"households": 4}


def test_a_refused_row_keeps_its_old_key_so_a_row_waiting_for_it_is_refused_too(device):
    """hh-2 wants YX-001, which hh-1 gives up only if hh-1 is accepted; hh-1 is refused
    (YX-003 is taken), so hh-2 is refused as well rather than both holding YX-001."""
    device.send_batch(batch({("households", "hh-1"): household("hh-1", None, "YX-001"),
                             ("households", "hh-3"): household("hh-3", None, "YX-003")}, after=0, last=2))
    rows = {("households", "hh-1"): household("hh-1", None, "YX-003") | {"version": 2},
            ("households", "hh-2"): household("hh-2", None, "YX-001")}
    receipt = device.send_batch(batch(rows, after=2, last=4))
    assert receipt["accepted"] == {}
    assert sorted(r["id"] for r in receipt["rejected"]) == ["hh-1", "hh-2"]


def test_children_of_a_refused_duplicate_decision_are_refused_as_orphans(device, second_pc):
    device.send_batch(batch({("recognition_decisions", "d-1"): decision("d-1", "05/QĐ-UBND")}, after=0, last=1))
    rows = {("recognition_decisions", "d-2"): decision("d-2", "05/QĐ-UBND"),
            ("recognitions", "g-1"): recognition("g-1", "d-2", "hh-1")}
    receipt = second_pc.send_batch(batch(rows, after=0, last=2, device="dev-two"))
    assert receipt["accepted"] == {}
    assert {(r["id"], r["code"]) for r in receipt["rejected"]} == {("d-2", "duplicate"), ("g-1", "missing_parent")}


def test_a_revoked_recognition_frees_the_subject_for_a_new_one(device):
    device.send_batch(batch({("recognition_decisions", "d-1"): decision("d-1", "05/QĐ-UBND"),
                             ("recognitions", "g-1"): recognition("g-1", "d-1", "hh-1")}, after=0, last=2))
    again = {("recognitions", "g-2"): recognition("g-2", "d-1", "hh-1")}
    assert device.send_batch(batch(again, after=2, last=3))["rejected"][0]["code"] == "duplicate"
    revoked = {("recognitions", "g-1"): recognition("g-1", "d-1", "hh-1", version=2, revoked_on="2025-12-20",
                                                     revoke_reason="Nhầm hộ"),
               ("recognitions", "g-2"): recognition("g-2", "d-1", "hh-1")}
    receipt = device.send_batch(batch(revoked, after=3, last=5))
    assert receipt["rejected"] == [] and receipt["accepted"] == {"recognitions": 2}


def test_keys_are_per_commune(device, province):
    other = "00070"  # Phường Hoàn Kiếm may use the same household code
    answer = SyncClient(province.url).enrol(code=province.issue_code(other), device_id="dev-far", commune=other)
    far = SyncClient(province.url, answer["token"], retry=FAST)
    device.send_batch(batch({("households", "hh-1"): household("hh-1", None, "YX-001")}, after=0, last=1))
    receipt = far.send_batch(batch({("households", "hh-9"): household("hh-9", None, "YX-001")}, after=0, last=1,
                                   device="dev-far", commune=other))
    assert receipt["accepted"] == {"households": 1} and receipt["rejected"] == []


def test_the_key_table_follows_the_rows(device, province):
    device.send_batch(batch({("hamlets", "h-1"): hamlet("h-1"),
                             ("households", "hh-1"): household("hh-1", "h-1", "YX-001")}, after=0, last=2))
    device.send_batch(batch({("households", "hh-1"): household("hh-1", "h-1", "YX-001") | {"version": 2,
                                                                                         "deleted": True}},
                            after=2, last=3))
    store = province.store()
    with store.session() as session:
        assert session.scalars(select(RowKey)).all() == []
    store.close()


def test_every_key_names_an_index_of_its_table():
    assert len({k.index for k in UNIQUE_KEYS}) == len(UNIQUE_KEYS)
    for key in UNIQUE_KEYS:
        assert set(key.columns) <= protocol.TABLE_BY_NAME[key.table].column_names
