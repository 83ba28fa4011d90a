"""An older copy of a commune's file pushes under a new device id and says where it went on
from: the province keeps what the original changed after that point, on SQLite and
PostgreSQL, and takes everything else the copy sends."""

from __future__ import annotations

import pytest

from desktop.sync.client import SyncError
from province.models import StoredRow
from tests.province.test_batches import batch, hamlet


def copy_batch(rows: dict, *, after: int, last: int, fork) -> dict:
    return batch(rows, after=after, last=last, device="dev-copy") | {"fork": fork}


def test_what_the_original_changed_after_the_copy_is_kept(device, province):
    device.send_batch(batch({("hamlets", "h-1"): hamlet("h-1"), ("hamlets", "h-2"): hamlet("h-2")}, after=0, last=2))
    device.send_batch(batch({("hamlets", "h-1"): hamlet("h-1", version=2, name="Thôn Đông Mới")}, after=2, last=3))
    # The copy was taken at position 2: it never saw "Thôn Đông Mới".
    rows = {("hamlets", "h-1"): hamlet("h-1", version=5, name="Thôn Đông Cũ"),
            ("hamlets", "h-2"): hamlet("h-2", version=2, name="Thôn Tây"),
            ("hamlets", "h-3"): hamlet("h-3")}
    receipt = device.send_batch(copy_batch(rows, after=2, last=5, fork={"device_id": "dev-test", "position": 2}))
    assert receipt["accepted"] == {"hamlets": 2}
    assert [(r["id"], r["code"]) for r in receipt["rejected"]] == [("h-1", "diverged")]
    # The stream remembers its fork: a later batch of the copy is held to it too.
    later = device.send_batch(batch({("hamlets", "h-1"): hamlet("h-1", version=6, name="Thôn Đông Cũ")},
                                    after=5, last=6, device="dev-copy"))
    assert later["rejected"][0]["code"] == "diverged"
    store = province.store()
    with store.session() as session:
        assert session.get(StoredRow, ("hamlets", "h-1")).data["name"] == "Thôn Đông Mới"
    store.close()


def test_a_copy_of_a_point_nothing_came_after_is_an_ordinary_stream(device):
    device.send_batch(batch({("hamlets", "h-1"): hamlet("h-1")}, after=0, last=1))
    rows = {("hamlets", "h-1"): hamlet("h-1", version=2, name="Thôn Đông Mới")}
    receipt = device.send_batch(copy_batch(rows, after=1, last=2, fork={"device_id": "dev-test", "position": 1}))
    assert receipt["accepted"] == {"hamlets": 1} and receipt["rejected"] == []


@pytest.mark.parametrize("fork", ["dev-test", {"device_id": "dev-test"}, {"device_id": "", "position": 1},
                                  {"device_id": "dev-test", "position": -1}, {"device_id": "x" * 40, "position": 1}])
def test_a_malformed_fork_is_a_bad_batch(device, fork):
    with pytest.raises(SyncError) as error:
        device.send_batch(copy_batch({("hamlets", "h-1"): hamlet("h-1")}, after=0, last=1, fork=fork))
    assert error.value.code == "bad_batch" and error.value.status == 400
