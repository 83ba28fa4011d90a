"""Suggested evidence of a manual item (`evidence: {rule, params}`): checked like a computed
item's rule, written only where used (older sets keep their fingerprints), shown beside the
item and never scoring."""

from __future__ import annotations

import copy

import pytest

from desktop.domain.evaluation import ManualCheck, evaluate
from desktop.domain.facts import CitizenFacts, Facts, HouseholdFacts
from tests.domain.test_criteria import build, errors_of, item, small_set


def with_evidence(evidence) -> dict:
    data = small_set()
    item(data, 1, 0)["evidence"] = evidence  # gdht.2.1 "Biết chữ", scored by the officer
    return data


def test_a_manual_item_names_a_rule_as_evidence_with_its_defaults_filled_in():
    plain = build(small_set())
    cs = build(with_evidence({"rule": "adults_literate", "params": {"min_age": 19}}))
    literate = cs.item("gdht.2.1")
    assert literate.kind == "manual" and literate.rule is None and dict(literate.params) == {}
    assert literate.evidence_rule == "adults_literate"
    assert dict(literate.evidence_params) == {"min_age": 19, "max_age": 60, "min_level": 1, "scoring": "threshold",
                                              "full_share": 1.0, "if_none": "full"}
    again = build(copy.deepcopy(cs.to_dict()))
    assert again == cs and again.fingerprint == cs.fingerprint and again.item("gdht.2.1").evidence_rule
    # Content of the sets that use it; nothing at all in those that do not.
    assert cs.fingerprint != plain.fingerprint
    assert all("evidence" not in i for c in plain.to_dict()["criteria"] for i in c["items"])
    assert build(with_evidence({"rule": "adults_literate"})).item("gdht.2.1").evidence_params["min_age"] == 15


@pytest.mark.parametrize("evidence,message", [
    ("sổ TTHTCĐ", "Tiêu chí gdht.2, chỉ số gdht.2.1, minh chứng gợi ý (evidence): Minh chứng gợi ý phải gồm các "
                  "dòng “khóa: giá trị” (đang là “sổ TTHTCĐ”)."),
    ({"params": {}}, "Tiêu chí gdht.2, chỉ số gdht.2.1, minh chứng gợi ý (evidence): thiếu quy tắc tính (rule)."),
    ({"rule": "so_tay"}, "Tiêu chí gdht.2, chỉ số gdht.2.1, minh chứng gợi ý (evidence): quy tắc tính (rule) "
                         "“so_tay” không có; các quy tắc có: "),
    ({"rule": "citizen_activities"}, "Tiêu chí gdht.2, chỉ số gdht.2.1, minh chứng gợi ý (evidence): quy tắc tính "
                                     "“citizen_activities” không dùng được cho hộ gia đình (danh hiệu Gia đình học tập)."),
    ({"rule": "adults_literate", "params": {"min_level": 3}},
     "Tiêu chí gdht.2, chỉ số gdht.2.1, minh chứng gợi ý (evidence): tham số min_level = “3”: phải từ 1 đến 2."),
    ({"rule": "adults_literate", "points": 5},
     "Tiêu chí gdht.2, chỉ số gdht.2.1, minh chứng gợi ý (evidence): khóa “points” không hợp lệ (các khóa dùng "
     "được: rule, params)."),
    ({"rule": "households_recognised_share"},
     "Tiêu chí gdht.2, chỉ số gdht.2.1, minh chứng gợi ý (evidence): quy tắc “households_recognised_share” đọc "
     "kết quả danh hiệu khác, không dùng làm minh chứng gợi ý."),
])
def test_evidence_is_checked_like_a_rule_and_its_params(evidence, message):
    errors = errors_of(with_evidence(evidence))
    assert len(errors) == 1 and errors[0].startswith(message), errors


def test_evidence_belongs_to_manual_items_only():
    data = small_set()
    item(data, 0, 0)["evidence"] = {"rule": "children_in_school"}  # gdht.1.1 is computed already
    assert errors_of(data) == ["Tiêu chí gdht.1, chỉ số gdht.1.1: minh chứng gợi ý (evidence) chỉ dùng cho chỉ số "
                               "chấm tay (kind: manual); chỉ số tính tự động đã có quy tắc tính (rule)."]


def test_the_suggestion_is_shown_and_never_scores():
    cs = build(with_evidence({"rule": "adults_literate", "params": {"min_age": 19}}))
    facts = Facts(citizens=[CitizenFacts("a", "h1", age=40, literacy="level2"),
                            CitizenFacts("b", "h1", age=45, literacy="illiterate")],
                  households=[HouseholdFacts("h1", None, ("a", "b"))])
    unchecked, = evaluate(cs, year=2025, facts=facts)
    literate = unchecked.score("gdht.2.1")
    assert (literate.source, literate.points, literate.reason) == ("missing", 0, "chưa chấm")
    assert literate.suggestion == "Sổ của xã: Người 19–60 tuổi: 2; biết chữ từ mức độ 1: 1"
    checked, = evaluate(cs, year=2025, facts=facts, manual=[ManualCheck("h1", "gdht.2.1", 20, "Biên bản")])
    literate = checked.score("gdht.2.1")
    assert (literate.source, literate.points, literate.reason) == ("manual", 20, "Cán bộ chấm 20/20 điểm. Minh "
                                                                                 "chứng: Biên bản")
    assert literate.suggestion == "Sổ của xã: Người 19–60 tuổi: 2; biết chữ từ mức độ 1: 1"
    assert checked.score("gdht.1.2").suggestion == "", "items without evidence show none"
