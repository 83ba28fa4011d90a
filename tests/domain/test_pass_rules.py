"""Each bundled set's pass rule at and around its thresholds (issue 9, item 7), and the
document period a set was written for."""

from __future__ import annotations

import pytest

from desktop.domain.criteria import CriteriaSet, SourceDocument
from desktop.domain.criteria_reader import criteria_set_from_dict
from tests.domain.test_evaluation import CRITERIA, SETS, bundled

# Every set file shipped, each version (a new version of a set is covered as soon as it lands).
EVERY = {f"{path.parent.name}/{path.stem}": bundled(path.parent.name, path.stem)
         for path in sorted(CRITERIA.glob("*/*.yaml"))}

STEP = 0.5  # the smallest score an officer can give


def at_pass_mark(cs: CriteriaSet) -> dict[str, float]:
    """Item scores totalling exactly the pass mark, every item at or above its floor and every
    criterion (and its floor) above zero: taken down from full marks, last items first."""
    rule = cs.pass_rule
    scores = {i.id: float(i.points) for i in cs.items}
    excess = sum(scores.values()) - rule.min_total
    floor = rule.item_floor or 0
    for criterion in reversed(cs.criteria):
        for item in reversed(criterion.items):
            keep = floor if item is not criterion.items[0] else max(floor, STEP)
            subtotal = sum(scores[i.id] for i in criterion.items)
            room = min(scores[item.id] - keep, excess,
                       subtotal - (rule.criterion_floor or STEP) if rule.criterion_floor or rule.no_criterion_at_zero
                       else excess)
            room = max(0.0, room)
            scores[item.id] -= room
            excess -= room
    assert excess == 0, f"{cs.id}: could not reach the pass mark with its floors"
    return scores


def test_every_title_has_at_least_one_set_here():
    assert {cs.title for cs in EVERY.values()} == set(SETS) and len(EVERY) >= len(SETS)


@pytest.mark.parametrize("title", sorted(EVERY))
def test_the_pass_mark_passes_and_half_a_point_less_fails(title):
    cs = EVERY[title]
    scores = at_pass_mark(cs)
    assert sum(scores.values()) == cs.pass_rule.min_total
    passed, reasons = cs.passes(sum(scores.values()), scores)
    assert passed, (title, reasons)
    lowered = next(i for i, v in scores.items() if v - STEP >= (cs.pass_rule.item_floor or 0) and v > STEP)
    below = dict(scores, **{lowered: scores[lowered] - STEP})
    passed, reasons = cs.passes(sum(below.values()), below)
    assert not passed and reasons[0].startswith("Tổng điểm"), (title, reasons)


@pytest.mark.parametrize("title", sorted(EVERY))
def test_an_item_below_its_floor_or_a_criterion_at_zero_fails_even_with_a_high_total(title):
    cs = EVERY[title]
    rule = cs.pass_rule
    full = {i.id: float(i.points) for i in cs.items}
    if rule.item_floor:
        item = cs.items[0]
        at_floor = dict(full, **{item.id: rule.item_floor})
        assert cs.passes(sum(at_floor.values()), at_floor)[0]
        under = dict(full, **{item.id: rule.item_floor - STEP})
        passed, reasons = cs.passes(sum(under.values()), under)
        assert not passed and f"dưới mức sàn {rule.item_floor:g} điểm" in reasons[0], reasons
    if rule.no_criterion_at_zero:
        criterion = min(cs.criteria, key=lambda c: sum(i.points for i in c.items))
        zero = dict(full, **{i.id: 0.0 for i in criterion.items})
        if sum(zero.values()) >= rule.min_total:
            passed, reasons = cs.passes(sum(zero.values()), zero)
            assert not passed and reasons == (f"Tiêu chí {criterion.id} được 0 điểm.",), reasons


def test_a_document_period_is_read_and_a_year_outside_it_is_said():
    source = SourceDocument("448/QĐ-KHVN", "Hội Khuyến học Việt Nam", "2015-11-10", "2016–2020, áp dụng từ 01/01/2016")
    assert source.years == (2016, 2020)
    assert source.outside_period(2020) == "" and source.outside_period(2016) == ""
    assert source.outside_period(2026) == (
        "QĐ 448/QĐ-KHVN ban hành cho giai đoạn 2016–2020; năm 2026 nằm ngoài giai đoạn này (chưa có bộ tiêu chí "
        "thay thế được xác nhận, chương trình dùng tạm).")
    assert SourceDocument("X", "Y", period="").outside_period(2026) == ""
    assert SETS["cong-dan"].source.outside_period(2026) == "", "QĐ 324 covers 2023–2030"


def test_the_cited_date_is_printed_and_leaves_the_fingerprint_alone():
    """QĐ 448: the copy read says 10/11/2015, official citations 01/12/2015. Decisions cite the
    latter; years already evaluated with the set still find it (same fingerprint)."""
    cs = SETS["gia-dinh"]
    assert cs.source.date == "2015-11-10" and cs.source.cited_date == "2015-12-01"
    assert cs.source.full_citation == "Quyết định số 448/QĐ-KHVN ngày 01/12/2015 của Hội Khuyến học Việt Nam"
    data = cs.to_dict()
    del data["source"]["cited_date"]
    without = criteria_set_from_dict(data, source="test")
    assert without.source.cited_date is None and without.fingerprint == cs.fingerprint
    assert without.source.full_citation.endswith("ngày 10/11/2015 của Hội Khuyến học Việt Nam")
