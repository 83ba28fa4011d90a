"""`xhht commune-rating` as a script uses it: show (text and JSON), record, refuse, print."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader

from desktop import cli
from desktop.services.session import transaction
from desktop.store.db import open_database
from tests.services.titles_commune import YEAR, build


@pytest.fixture
def commune_db(db_path):
    database = open_database(db_path)
    with transaction(database) as session:
        build(session)
    database.close()
    return db_path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(["commune-rating", "--year", str(YEAR), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_record_then_show_as_json_and_text(commune_db, capsys):
    db = ("--db", str(commune_db))
    code, out, err = run(capsys, "--indicator", "4", "--state", "1", "--evidence", "QĐ công nhận XMC mức độ 2", *db)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "Đã ghi chỉ tiêu 4 năm 2026: Đạt mức độ 1."

    code, out, _ = run(capsys, "--json", *db)
    data = json.loads(out)
    assert code == 0 and (data["level"], data["complete"]) == (None, False)
    assert data["missing"] == ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3", "5"]
    four = data["criteria"][3]["indicators"][0]
    assert (four["id"], four["state"], four["state_text"], four["evidence"]) == (
        "4", 1, "Đạt mức độ 1", "QĐ công nhận XMC mức độ 2")
    assert four["figures"]["schooling"][0] == "Trẻ 6–14 tuổi: 4, đang đi học: 2 (50%)."
    assert data["figures"]["centre"][1] == "Người 15–60 tuổi tham gia ít nhất một hoạt động: 4/11 (36,4%)."

    for indicator in ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3", "5"):
        assert run(capsys, "--indicator", indicator, "--state", "2", *db)[0] == 0
    code, out, _ = run(capsys, *db)
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("Tự đánh giá “Cộng đồng học tập” cấp xã năm 2026 — Xã Yên Xuân")
    assert "      Kết quả: Đạt mức độ 1 — Minh chứng: QĐ công nhận XMC mức độ 2" in lines
    assert lines[-1] == ("Kết quả: Đạt Mức độ 1 (Khá); chưa đạt Mức độ 2 (Tốt) vì chỉ tiêu 4 mới đạt mức độ 1.")

    code, out, _ = run(capsys, "--indicator", "4", "--state", "none", "--json", *db)
    assert json.loads(out)["state"] is None and json.loads(out)["level"] is None


def test_the_report_is_printed(commune_db, capsys, tmp_path):
    target = tmp_path / "baocao.pdf"
    code, out, err = run(capsys, "--out", str(target), "--number", "12/BC-UBND", "--date", "20/01/2027",
                         "--signer", "Nguyễn Văn An", "--json", "--db", str(commune_db))
    assert (code, err) == (0, "")
    assert json.loads(out)["file"] == str(target)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(target).pages)
    assert "Số: 12/BC-UBND" in text and "Nguyễn Văn An" in text and "Chưa đủ căn cứ kết luận" in text


@pytest.mark.parametrize("args, message", [
    (("--indicator", "9.9", "--state", "2"), "Lỗi: Chỉ tiêu: Không có chỉ tiêu “9.9”"),
    (("--indicator", "1.1", "--state", "1", "--evidence", "x" * 1001), "Lỗi: Minh chứng: Minh chứng dài 1001 ký tự"),
])
def test_bad_entries_say_why_in_vietnamese(commune_db, capsys, args, message):
    code, out, err = run(capsys, *args, "--db", str(commune_db))
    assert code == 1 and out == "" and err.startswith(message)


def test_a_year_before_the_circular_is_refused(commune_db, capsys):
    code = cli.main(["commune-rating", "--year", "2023", "--db", str(commune_db)])
    assert code == 1 and "năm đánh giá đầu tiên theo Thông tư là 2024" in capsys.readouterr().err


@pytest.mark.parametrize("args", [("--indicator", "1.1"), ("--state", "3", "--indicator", "1.1"),
                                  ("--number", "5/BC-UBND"), ("--indicator", "1.1", "--state", "2", "--out", "x.pdf")])
def test_usage_errors(commune_db, capsys, args):
    with pytest.raises(SystemExit) as caught:
        run(capsys, *args, "--db", str(commune_db))
    assert caught.value.code == 2 and "Xem: xhht commune-rating --help" in capsys.readouterr().err
