import copy
import unicodedata
from datetime import date

import pytest

from desktop.domain.criteria import TITLE_ORDER, CriteriaError, CriteriaSet
from desktop.domain.criteria_reader import criteria_set_from_dict
from desktop.domain.errors import ValidationError
from desktop.domain.rules import RULES, Param


def small_set(**changes) -> dict:
    """A valid Gia đình học tập set: 60 + 40 points, one computed and three manual items."""
    data = {
        "schema": 1,
        "title": "gia-dinh",
        "name": "Gia đình học tập",
        "version": "thu-nghiem-2025",
        "source": {"code": "01/QĐ-TN", "issuer": "Hội Khuyến học tỉnh", "date": "2025-01-15"},
        "valid_from": 2025,
        "recognised_by": "Chủ tịch UBND cấp xã",
        "validity_years": 1,
        "max_points": 100,
        "pass_rule": {"min_total": 80, "no_criterion_at_zero": True},
        "criteria": [
            {"id": "gdht.1", "name": "Học tập của trẻ em", "points": 60, "items": [
                {"id": "gdht.1.1", "name": "Trẻ đi học", "points": 30, "kind": "computed",
                 "rule": "children_in_school", "params": {"min_age": 6, "max_age": 14}},
                {"id": "gdht.1.2", "name": "Học lực, hạnh kiểm", "points": 30, "kind": "manual"},
            ]},
            {"id": "gdht.2", "name": "Học tập của người lớn", "points": 40, "items": [
                {"id": "gdht.2.1", "name": "Biết chữ", "points": 20, "kind": "manual"},
                {"id": "gdht.2.2", "name": "Học ít nhất 01 nội dung", "points": 20, "kind": "manual",
                 "confirmed": False, "why": "Điểm giả định."},
            ]},
        ],
    }
    data.update(changes)
    return data


def build(data: dict) -> CriteriaSet:
    return criteria_set_from_dict(data, source="thu-nghiem.yaml")


def errors_of(data: dict) -> list[str]:
    with pytest.raises(CriteriaError) as info:
        build(data)
    assert isinstance(info.value, ValidationError)  # callers may catch the usual type
    assert info.value.message.startswith("Bộ tiêu chí “thu-nghiem.yaml”")
    return [e.message for e in info.value.errors]


def item(data: dict, criterion: int, index: int) -> dict:
    return data["criteria"][criterion]["items"][index]


# --- a good set --------------------------------------------------------------------


def test_a_valid_set_is_built_with_defaults_filled_in():
    cs = build(small_set())
    assert cs.id == "gia-dinh/thu-nghiem-2025"
    assert cs.subject == "household"
    assert [i.id for i in cs.items] == ["gdht.1.1", "gdht.1.2", "gdht.2.1", "gdht.2.2"]
    computed = cs.item("gdht.1.1")
    assert computed.kind == "computed" and computed.rule == "children_in_school"
    # Parameters the file leaves out take the rule's defaults, so evaluation never guesses.
    assert dict(computed.params) == {"min_age": 6, "max_age": 14, "scoring": "threshold", "full_share": 1.0,
                                     "if_none": "full"}
    assert cs.pass_rule.min_total == 80 and cs.pass_rule.item_floor is None
    assert cs.levels == () and cs.valid_to is None and cs.origin == "thu-nghiem.yaml"
    assert cs.item("gdht.2.2").confirmed is False and cs.item("gdht.2.2").why == "Điểm giả định."
    assert cs.item("khong-co") is None
    with pytest.raises(TypeError):
        computed.params["min_age"] = 3  # read-only: a loaded set cannot drift


def test_round_trip_keeps_the_set_and_its_fingerprint():
    cs = build(small_set())
    again = build(copy.deepcopy(cs.to_dict()))
    assert again == cs and again.fingerprint == cs.fingerprint
    changed = small_set()
    item(changed, 0, 0)["params"]["max_age"] = 15
    assert build(changed).fingerprint != cs.fingerprint


def test_short_names_label_the_items_and_stay_out_of_the_fingerprint():
    plain = build(small_set())
    named = small_set()
    item(named, 0, 0)["short"] = "Trẻ đi học"
    item(named, 1, 1)["short"] = "  Người lớn   học tập "
    cs = build(named)
    assert cs.item("gdht.1.1").label == "1.1 Trẻ đi học"
    assert cs.item("gdht.2.2").short == "Người lớn học tập"  # tidied like every text
    assert cs.item("gdht.1.2").label == "1.2" and cs.item("gdht.1.2").number == "1.2"  # none: the number
    # A year evaluated with the set before its items were named still finds "the same set".
    assert cs.fingerprint == plain.fingerprint
    again = build(copy.deepcopy(cs.to_dict()))  # the short names survive a round trip
    assert again == cs and again.item("gdht.1.1").short == "Trẻ đi học"
    assert "short" not in plain.to_dict()["criteria"][0]["items"][0]  # nothing added to a set without them
    renamed = copy.deepcopy(named)
    item(renamed, 0, 0)["name"] = "Trẻ 6–14 tuổi đi học"  # the item's own text is content
    assert build(renamed).fingerprint != cs.fingerprint


def test_a_short_name_must_be_short_text():
    data = small_set()
    item(data, 0, 1)["short"] = "Học lực từ trung bình, hạnh kiểm từ khá"
    item(data, 1, 0)["short"] = 12.5
    messages = errors_of(data)
    assert any(m.startswith("Tiêu chí gdht.1, chỉ số gdht.1.2: tên ngắn (short) “Học lực từ trung bình, hạnh "
                            "kiểm từ khá” dài 39 ký tự; tối đa 24 ký tự") for m in messages), messages
    assert any(m.startswith("Tiêu chí gdht.2, chỉ số gdht.2.1: tên ngắn (short) phải là chữ") for m in messages)


def test_the_source_document_is_cited_as_an_officer_names_it():
    cs = build(small_set(source={"code": "448/QĐ-KHVN", "issuer": "Hội Khuyến học Việt Nam",
                                 "date": "2015-11-10"}))
    assert cs.source.citation == "QĐ 448/QĐ-KHVN"
    assert cs.source.full_citation == "Quyết định số 448/QĐ-KHVN ngày 10/11/2015 của Hội Khuyến học Việt Nam"
    circular = build(small_set(source={"code": "25/2023/TT-BGDĐT", "issuer": "Bộ Giáo dục và Đào tạo"}))
    assert circular.source.citation == "TT 25/2023/TT-BGDĐT"
    assert circular.source.full_citation == "Thông tư số 25/2023/TT-BGDĐT của Bộ Giáo dục và Đào tạo"
    other = build(small_set(source={"code": "Bộ tiêu chí tỉnh", "issuer": "Hội Khuyến học tỉnh"}))
    assert other.source.citation == "Bộ tiêu chí tỉnh"


def test_a_set_says_what_is_not_confirmed_from_its_document():
    cs = build(small_set())
    assert not cs.confirmed and cs.unconfirmed_points() == ("Chỉ số 2.2: Điểm giả định.",)
    data = small_set(unconfirmed={"pass_rule": "Mức đạt lấy theo bộ Công dân học tập."})
    data["criteria"][1]["confirmed"], data["criteria"][1]["why"] = False, "Điểm suy ra từ tổng."
    assert build(data).unconfirmed_points() == ("Mức đạt lấy theo bộ Công dân học tập.",
                                                "Tiêu chí 2: Điểm suy ra từ tổng.", "Chỉ số 2.2: Điểm giả định.")
    checked = small_set()
    del item(checked, 1, 1)["confirmed"], item(checked, 1, 1)["why"]
    assert build(checked).confirmed and build(checked).unconfirmed_points() == ()


def test_texts_are_stored_nfc_and_dates_may_come_as_dates():
    data = small_set(name=unicodedata.normalize("NFD", "  Gia đình   học tập "))
    data["source"]["date"] = date(2025, 1, 15)  # what YAML makes of an unquoted 2025-01-15
    cs = build(data)
    assert cs.name == "Gia đình học tập" and unicodedata.is_normalized("NFC", cs.name)
    assert cs.source.date == "2025-01-15"


def test_in_force_by_years():
    cs = build(small_set(valid_from=2020, valid_to=2024))
    assert [cs.in_force(y) for y in (2019, 2020, 2024, 2025)] == [False, True, True, False]


def test_max_points_defaults_to_100():
    data = small_set()
    del data["max_points"]
    assert build(data).max_points == 100


def test_max_points_left_empty_is_100_too():
    """`max_points:` with nothing after it reads as null: as if absent, not a set without a total."""
    data = small_set()
    data["max_points"] = None
    assert build(data).max_points == 100


def test_title_order_is_the_dependency_order():
    assert TITLE_ORDER == ("cong-dan", "gia-dinh", "dong-ho", "cong-dong", "don-vi")


# --- every problem has a Vietnamese message and a place ---------------------------


def _drop_item_points(d):
    del item(d, 1, 0)["points"]


def _rename_item_key(d):
    item(d, 0, 1)["pointz"] = item(d, 0, 1).pop("points")


def _uneven_items(d):
    item(d, 0, 1)["points"] = 20


def _uneven_criteria(d):
    d["max_points"] = 90


def _unknown_rule(d):
    item(d, 0, 0)["rule"] = "tre_em_di_hoc"


def _bad_param(d):
    item(d, 0, 0)["params"]["min_age"] = "sáu"


def _unknown_param(d):
    item(d, 0, 0)["params"]["tuoi_min"] = 6


def _ages_reversed(d):
    item(d, 0, 0)["params"].update(min_age=15, max_age=6)


def _share_above_one(d):
    item(d, 0, 0)["params"]["full_share"] = 70


def _duplicate_item(d):
    item(d, 1, 1)["id"] = "gdht.1.2"


def _duplicate_criterion(d):
    d["criteria"][1]["id"] = "gdht.1"


def _rule_for_another_subject(d):
    item(d, 0, 0).update(rule="unit_staff_cdht", params={})


def _unknown_title(d):
    d["title"] = "gia_dinh_hoc_tap"


def _no_pass_rule(d):
    del d["pass_rule"]


def _floor_above_item(d):
    d["pass_rule"]["item_floor"] = 25
    item(d, 1, 0)["points"], item(d, 1, 1)["points"] = 35, 5


def _unconfirmed_without_why(d):
    del item(d, 1, 1)["why"]


def _no_kind(d):
    del item(d, 1, 0)["kind"]


def _wrong_kind(d):
    item(d, 1, 0)["kind"] = "tự động"


def _manual_with_rule(d):
    item(d, 1, 0)["rule"] = "adults_literate"


def _computed_without_rule(d):
    del item(d, 0, 0)["rule"]


def _odd_points(d):
    item(d, 1, 0)["points"], item(d, 1, 1)["points"] = 19.7, 20.3


def _years_reversed(d):
    d["valid_to"] = 2020


def _bad_version(d):
    d["version"] = "448/2016"


def _bad_date(d):
    d["source"]["date"] = "10/11/2015"


def _no_source(d):
    del d["source"]


def _no_items(d):
    d["criteria"][1]["items"] = []


def _bool_points(d):
    item(d, 1, 0)["points"] = True


def _unknown_top_key(d):
    d["tieu_chi"] = []


def _bad_schema(d):
    d["schema"] = 2


def _levels_not_rising(d):
    d["levels"] = [{"id": "muc-2", "name": "Mức độ 2", "min_total": 90},
                   {"id": "muc-1", "name": "Mức độ 1", "min_total": 80}]


@pytest.mark.parametrize("change, expected", [
    (_drop_item_points, "Tiêu chí gdht.2, chỉ số gdht.2.1: thiếu số điểm (points)."),
    (_rename_item_key, "Tiêu chí gdht.1, chỉ số gdht.1.2: khóa “pointz” không hợp lệ"),
    (_uneven_items, "Tiêu chí gdht.1: tổng điểm các chỉ số (50) khác số điểm của tiêu chí (60)."),
    (_uneven_criteria, "Tổng điểm các tiêu chí (100) khác tổng điểm tối đa (max_points = 90)."),
    (_unknown_rule, "Tiêu chí gdht.1, chỉ số gdht.1.1: quy tắc tính (rule) “tre_em_di_hoc” không có"),
    (_bad_param, "Tiêu chí gdht.1, chỉ số gdht.1.1: tham số min_age = “sáu”: phải là số."),
    (_unknown_param, "tham số “tuoi_min” không dùng được với quy tắc children_in_school"),
    (_ages_reversed, "tuổi tối thiểu (min_age = 15) lớn hơn tuổi tối đa (max_age = 6)"),
    (_share_above_one, "tham số full_share = “70”: là tỷ lệ, phải lớn hơn 0 và không quá 1"),
    (_duplicate_item, "Tiêu chí gdht.2, chỉ số gdht.1.2: mã chỉ số bị trùng"),
    (_duplicate_criterion, "Tiêu chí gdht.1: mã tiêu chí bị trùng."),
    (_rule_for_another_subject, "quy tắc tính “unit_staff_cdht” không dùng được cho hộ gia đình"),
    (_unknown_title, "Mã danh hiệu (title) “gia_dinh_hoc_tap” không có; chọn một trong: cong-dan, gia-dinh"),
    (_no_pass_rule, "Thiếu quy tắc đạt (pass_rule)"),
    (_floor_above_item, "Quy tắc đạt (pass_rule): điểm sàn chỉ số 25 lớn hơn số điểm của chỉ số gdht.2.2 (5)."),
    (_unconfirmed_without_why, "Tiêu chí gdht.2, chỉ số gdht.2.2: chưa xác nhận (confirmed: false) thì phải ghi lý do"),
    (_no_kind, "Tiêu chí gdht.2, chỉ số gdht.2.1: thiếu loại chỉ số (kind)"),
    (_wrong_kind, "loại chỉ số (kind) “tự động” không có; dùng manual hoặc computed."),
    (_manual_with_rule, "chỉ số chấm tay (kind: manual) không có quy tắc tính (rule)."),
    (_computed_without_rule, "Tiêu chí gdht.1, chỉ số gdht.1.1: thiếu quy tắc tính (rule)."),
    (_odd_points, "số điểm (points) = 19,7: điểm phải chẵn hoặc lẻ 0,5."),
    (_years_reversed, "Năm cuối áp dụng (valid_to) 2020 trước năm bắt đầu (valid_from) 2025."),
    (_bad_version, "Phiên bản “448/2016” chỉ được gồm chữ không dấu"),
    (_bad_date, "Văn bản ban hành (source): ngày ban hành (date) “10/11/2015” phải ghi dạng năm-tháng-ngày"),
    (_no_source, "Thiếu văn bản ban hành (source)"),
    (_no_items, "Tiêu chí gdht.2: thiếu danh sách chỉ số (items) hoặc danh sách trống."),
    (_bool_points, "Tiêu chí gdht.2, chỉ số gdht.2.1: số điểm (points) phải là số"),
    (_unknown_top_key, "Khóa “tieu_chi” không hợp lệ"),
    (_bad_schema, "Phiên bản cấu trúc (schema) 2 chưa được hỗ trợ"),
    (_levels_not_rising, "Mức muc-1: các mức phải xếp từ thấp đến cao"),
])
def test_each_problem_is_named_with_its_place(change, expected):
    data = small_set()
    change(data)
    messages = errors_of(data)
    assert any(m.startswith(expected) or expected in m for m in messages), messages
    assert all(unicodedata.is_normalized("NFC", m) for m in messages)


def test_all_problems_are_reported_at_once():
    data = small_set(title="khong-co")
    _drop_item_points(data)
    _unknown_rule(data)
    with pytest.raises(CriteriaError) as info:
        build(data)
    assert len(info.value.errors) == 3
    assert "có 3 lỗi" in info.value.message
    assert info.value.code == "invalid_criteria_set"
    assert {e.code for e in info.value.errors} == {"invalid_value", "required", "unknown_rule"}


def test_a_file_that_is_not_a_mapping():
    assert errors_of(["gia-dinh"]) == ["Nội dung tệp phải gồm các dòng “khóa: giá trị” (đang là “['gia-dinh']”)."]


def test_every_rule_declares_sane_defaults():
    for rule in RULES.values():
        assert rule.subjects and rule.label
        for name, spec in rule.params.items():
            assert spec.problem(spec.default) is None, (rule.id, name)


# --- the pass rule -----------------------------------------------------------------


def scores(**by_item) -> dict[str, float]:
    return {k.replace("_", "."): v for k, v in by_item.items()}


def test_pass_needs_the_total_and_no_criterion_at_zero():
    cs = build(small_set())
    ok, reasons = cs.passes(80, scores(gdht_1_1=30, gdht_1_2=30, gdht_2_1=20, gdht_2_2=0))
    assert ok and reasons == ("Đạt: 80/100 điểm (cần từ 80 điểm, không tiêu chí nào 0 điểm).",)
    ok, reasons = cs.passes(79.5, scores(gdht_1_1=30, gdht_1_2=29.5, gdht_2_1=20))
    assert not ok and reasons == ("Tổng điểm 79,5/100, chưa đạt mức 80 điểm.",)
    ok, reasons = cs.passes(60, scores(gdht_1_1=30, gdht_1_2=30))
    assert not ok and "Tiêu chí gdht.2 được 0 điểm." in reasons


def test_pass_with_an_item_floor():
    # QĐ 324 (Công dân học tập): at least 80 and no item below 5.
    data = small_set(pass_rule={"min_total": 80, "item_floor": 5})
    cs = build(data)
    ok, reasons = cs.passes(96, scores(gdht_1_1=30, gdht_1_2=30, gdht_2_1=20, gdht_2_2=16))
    assert ok and reasons == ("Đạt: 96/100 điểm (cần từ 80 điểm, không chỉ số nào dưới 5 điểm).",)
    ok, reasons = cs.passes(84, scores(gdht_1_1=30, gdht_1_2=30, gdht_2_1=20, gdht_2_2=4))
    assert not ok and reasons == ("Chỉ số gdht.2.2 được 4 điểm, dưới mức sàn 5 điểm.",)


def test_pass_with_a_criterion_floor():
    cs = build(small_set(pass_rule={"min_total": 50, "criterion_floor": 20}))
    ok, reasons = cs.passes(75, scores(gdht_1_1=30, gdht_1_2=30, gdht_2_1=15))
    assert not ok and reasons == ("Tiêu chí gdht.2 được 15 điểm, dưới mức sàn 20 điểm.",)


def test_levels_apply_only_to_a_pass():
    data = small_set(levels=[{"id": "muc-1", "name": "Mức độ 1", "min_total": 80},
                             {"id": "muc-2", "name": "Mức độ 2", "min_total": 90}])
    cs = build(data)
    assert cs.level_for(85, True).name == "Mức độ 1"
    assert cs.level_for(95, True).id == "muc-2"
    assert cs.level_for(95, False) is None


def test_a_parameter_limit_on_one_side_names_only_that_side():
    """Every parameter today has both limits; one with only one must not print "từ None"."""
    assert Param("number", 0, minimum=0).problem(-1) == "phải từ 0 trở lên."
    assert Param("number", 0, maximum=5).problem(6) == "không được lớn hơn 5."
    assert Param("int", 1, 1, 100).problem(101) == "phải từ 1 đến 100."
    assert Param("int", 1, 1, 100).problem(50) is None
