"""The commune's rating (TT 25/2023): the level an assessment adds up to, and the file's checks."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from desktop.domain.commune_rating import (
    LITERACY_STANDARDS,
    Indicator,
    RatingFileError,
    rate,
    rating_set_from_dict,
    verdict,
)

FILE = Path(__file__).resolve().parents[2] / "desktop" / "resources" / "commune_rating" / "tt25-2023.yaml"
LEVELS = {1: "Mức độ 1 (Khá)", 2: "Mức độ 2 (Tốt)"}

SAME = Indicator("1.1", "1", "Tuyên truyền", level2_higher=False)
SAME_2 = Indicator("1.2", "1", "Kế hoạch", level2_higher=False)
HIGHER = Indicator("4", "4", "Xóa mù chữ", level2_higher=True)
HIGHER_5 = Indicator("5", "5", "Tác dụng", level2_higher=True)


@pytest.fixture(scope="module")
def raw() -> dict:
    return yaml.safe_load(FILE.read_text(encoding="utf-8"))


def test_all_at_level_2_reaches_level_2():
    result = rate([(SAME, 2), (SAME_2, 2), (HIGHER, 2), (HIGHER_5, 2)])
    assert (result.level, result.missing, result.not_met, result.only_level1) == (2, (), (), ())
    assert verdict(result, LEVELS) == "Đạt Mức độ 2 (Tốt)."


def test_an_indicator_level_2_asks_nothing_more_of_counts_for_both_levels():
    # The officer ticked "1" on indicators whose level 2 is the same: they still meet level 2.
    result = rate([(SAME, 1), (SAME_2, 1), (HIGHER, 2), (HIGHER_5, 2)])
    assert result.level == 2
    assert SAME.state_text(1) == SAME.state_text(2) == "Đạt"
    assert SAME.reached(1) == 2


def test_one_higher_indicator_only_at_level_1_gives_level_1():
    result = rate([(SAME, 2), (SAME_2, 2), (HIGHER, 1), (HIGHER_5, 2)])
    assert (result.level, result.only_level1) == (1, ("4",))
    assert verdict(result, LEVELS) == ("Đạt Mức độ 1 (Khá); chưa đạt Mức độ 2 (Tốt) vì chỉ tiêu 4 mới đạt mức độ 1.")
    assert HIGHER.state_text(1) == "Đạt mức độ 1"


def test_one_indicator_not_met_means_no_level():
    result = rate([(SAME, 2), (SAME_2, 0), (HIGHER, 2), (HIGHER_5, 1)])
    assert (result.level, result.not_met) == (0, ("1.2",))
    assert verdict(result, LEVELS) == "Chưa đạt: chỉ tiêu 1.2 chưa đạt."


def test_one_indicator_not_assessed_is_never_a_level():
    result = rate([(SAME, 2), (SAME_2, None), (HIGHER, 2), (HIGHER_5, None)])
    assert result.level is None and not result.complete
    assert result.missing == ("1.2", "5")
    assert verdict(result, LEVELS) == "Chưa đủ căn cứ kết luận: còn 2 chỉ tiêu chưa đánh giá (1.2, 5)."
    # Even with another indicator not met: the missing ones are named first, no level is given.
    assert rate([(SAME, 0), (SAME_2, None)]).level is None


def test_no_indicators_is_not_a_level():
    assert rate([]).level is None


def test_the_literacy_standard_leaves_undecided_what_the_unrecorded_could_change():
    level2 = next(s for s in LITERACY_STANDARDS if s.id == "xmc2")
    assert level2.met(9, 10, 0) is True  # exactly 90 %
    assert level2.met(8, 10, 0) is False
    assert level2.met(8, 10, 1) is None  # the one unrecorded could make it 90 %
    assert level2.met(9, 10, 1) is True  # met whatever the unrecorded one is
    assert level2.met(0, 0, 0) is None
    assert level2.confirmed and not next(s for s in LITERACY_STANDARDS if s.id == "xmc1").confirmed


def test_the_bundled_file_reads(raw):
    document = rating_set_from_dict(raw, source="tt25-2023.yaml")
    assert document.source.code == "25/2023/TT-BGDĐT"
    assert document.source.citation == ("Thông tư số 25/2023/TT-BGDĐT ngày 27 tháng 12 năm 2023 của Bộ trưởng "
                                        "Bộ Giáo dục và Đào tạo")
    assert (document.source.date, document.source.in_force, document.valid_from) == ("2023-12-27", "2024-02-12", 2024)
    assert dict(document.levels) == LEVELS
    assert [c.id for c in document.criteria] == ["1", "2", "3", "4", "5"]
    assert [i.id for i in document.indicators] == ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3", "4", "5"]
    # Nothing is confirmed from the original text; only criteria 4 and 5 ask more at level 2.
    assert all(not i.confirmed and i.why for i in document.indicators)
    assert [i.id for i in document.indicators if i.level2_higher] == ["4", "5"]
    assert [i.id for i in document.indicators if i.whole_criterion] == ["3", "4", "5"]
    assert document.indicator("4").figures == ("literacy", "schooling")
    assert [d.on(2025).isoformat() for d in document.deadlines] == ["2026-02-28", "2026-03-31"]
    assert document.recognised_by == "Trưởng Phòng Giáo dục và Đào tạo"
    assert "01/7/2025" in document.unconfirmed["recognised_by"]
    assert not document.covers(2023) and document.covers(2024)


def _errors(data) -> list[str]:
    with pytest.raises(RatingFileError) as caught:
        rating_set_from_dict(data, source="sai.yaml")
    return [e.message for e in caught.value.errors]


def test_every_problem_of_a_file_is_named_at_once(raw):
    data = copy.deepcopy(raw)
    del data["source"]["issuer"]
    data["valid_from"] = "2024"
    data["levels"] = [{"id": 1, "name": "Mức độ 1"}]
    data["criteria"][0]["indicators"][0]["level2_higher"] = "có"
    data["criteria"][0]["indicators"][1]["id"] = "2.9"
    data["criteria"][1]["indicators"][0]["confirmed"] = False
    del data["criteria"][1]["indicators"][0]["why"]
    data["criteria"][2]["indicators"][0]["figures"] = ["weather"]
    data["criteria"][3]["colour"] = "red"
    errors = _errors(data)
    assert len(errors) == 8, errors
    text = "\n".join(errors)
    assert "Văn bản (source): thiếu cơ quan ban hành (issuer)." in text
    assert "Năm đánh giá đầu tiên (valid_from) = “2024” phải là số nguyên từ 1945 đến 2100." in text
    assert "Phải có đúng hai mức độ: 1 và 2." in text
    assert "Tiêu chí 1, chỉ tiêu 1.1: mức độ 2 cao hơn mức độ 1 (level2_higher) phải là true hoặc false (đang là “có”)." in text
    assert "mã chỉ tiêu phải bắt đầu bằng mã tiêu chí 1" in text
    assert "Tiêu chí 2, chỉ tiêu 2.1: chưa xác nhận (confirmed: false) thì phải ghi lý do (why)." in text
    assert "số liệu minh chứng (figures)" in text
    assert "Tiêu chí 4: khóa “colour” không hợp lệ" in text


def test_a_criterion_with_real_indicators_drops_its_stand_in(raw):
    data = copy.deepcopy(raw)
    data["criteria"][2]["indicators"].append({"id": "3.1", "name": "Trung tâm học tập cộng đồng xếp loại tốt",
                                              "level2_higher": False, "confirmed": False, "why": "chưa đọc"})
    assert any("chỉ tiêu mang mã 3 (đại diện cả tiêu chí)" in e for e in _errors(data))
    data["criteria"][2]["indicators"].pop(0)
    assert rating_set_from_dict(data, source="x").indicator("3.1").criterion_id == "3"


def test_duplicates_and_bad_ids_are_refused(raw):
    data = copy.deepcopy(raw)
    data["criteria"][0]["indicators"][1]["id"] = "1.1"
    data["criteria"][1]["id"] = "1"
    data["criteria"][4]["id"] = "5.1"
    errors = "\n".join(_errors(data))
    assert "mã chỉ tiêu bị trùng" in errors
    assert "mã tiêu chí bị trùng" in errors
    assert "mã “5.1” phải là một số, ví dụ 3" in errors


def test_a_file_that_is_not_a_mapping_is_refused():
    assert _errors(["a"]) == ["Nội dung tệp: phải gồm các dòng “khóa: giá trị” (đang là “['a']”)."]
