"""Rows stored before the province kept business keys (revision 0001) may break them: the
upgrade keys one row of each group, and `xhht-province duplicates` reports every group."""

from __future__ import annotations

import json

from sqlalchemy import insert, select

from province.cli import main
from province.db import make_engine, upgrade
from province.models import Batch, Commune, RowKey, StoredRow, utc_now
from tests.province.test_batches import household
from tests.province.test_business_keys import evaluation_round


def _legacy_province(url: str) -> None:
    """A province at revision 0001 holding a commune pushed from two PCs."""
    engine = make_engine(url)
    upgrade(engine, "0001")
    rows = [("households", household("hh-1", None, "YX-001")), ("households", household("hh-2", None, "YX-001")),
            ("households", household("hh-3", None, "YX-003")),
            ("households", household("hh-4", None, "YX-003") | {"deleted": True}),
            ("evaluation_rounds", evaluation_round("r-2")), ("evaluation_rounds", evaluation_round("r-1"))]
    now = utc_now()
    with engine.begin() as conn:
        conn.execute(insert(Commune), [{"code": "17380", "name": "Xã Yên Xuân", "province_name": "Nghệ An",
                                        "created_at": now}])
        conn.execute(insert(Batch), [{"id": "b" * 64, "device_id": "pc", "commune_code": "17380", "after": 0,
                                      "first": 1, "last": 6, "repair": False, "schema": "0005", "log_hash": "h",
                                      "rows": 6, "received_at": now, "receipt": {}}])
        conn.execute(insert(StoredRow), [
            {"table_name": t, "row_id": r["id"], "commune_code": "17380", "version": 1, "deleted": r["deleted"],
             "row_hash": "x", "batch_id": "b" * 64, "data": r} for t, r in rows])
    engine.dispose()


def test_the_upgrade_keys_one_row_per_group_and_the_command_reports_the_others(db_url, capsys):
    _legacy_province(db_url)
    engine = make_engine(db_url)
    upgrade(engine)
    with engine.connect() as conn:
        keyed = {(t, r) for t, r in conn.execute(select(RowKey.table_name, RowKey.row_id))}
    engine.dispose()
    # The smallest id keeps the key; the deleted hh-4 holds none.
    assert keyed == {("households", "hh-1"), ("households", "hh-3"), ("evaluation_rounds", "r-1")}

    assert main(["duplicates", "--db", db_url]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2 nhóm bản ghi trùng khóa nghiệp vụ.")
    assert "Xã Yên Xuân (17380) — Đợt đánh giá: 2 bản ghi, trong khi mỗi danh hiệu chỉ có một đợt đánh giá" in out
    assert "* hh-1  Hộ gia đình «YX-001», phiên bản 1" in out and "  hh-2  Hộ gia đình «YX-001»" in out

    assert main(["duplicates", "--json", "--db", db_url]) == 0
    groups = json.loads(capsys.readouterr().out)["groups"]
    assert [(g["table"], [(r["row_id"], r["keyed"]) for r in g["rows"]]) for g in groups] == [
        ("evaluation_rounds", [("r-1", True), ("r-2", False)]), ("households", [("hh-1", True), ("hh-2", False)])]
    assert all(r["received_at"].endswith("Z") for g in groups for r in g["rows"])

    assert main(["duplicates", "--commune", "00070", "--db", db_url]) == 0
    assert "Không có bản ghi nào trùng khóa nghiệp vụ ở xã mã 00070." in capsys.readouterr().out


def test_a_clean_province_has_no_duplicates(tmp_path, capsys):
    assert main(["duplicates", "--db", f"sqlite:///{tmp_path / 'tinh.sqlite'}"]) == 0
    assert capsys.readouterr().out.strip() == "Không có bản ghi nào trùng khóa nghiệp vụ."
