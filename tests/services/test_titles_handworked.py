"""A small commune scored by hand, item by item, from the bundled sets (desktop/resources/criteria).

The commune is tests/services/titles_commune.py; the year is 2026 and ages are reached
by 31 December 2026. Activities of the year: the farming topic (Hùng, Quý, Việt) and the
digital-skills class (Lệ); Tùng's only activity was in November 2025 and does not count.

Scoring reminders (desktop/domain/rules.py): "threshold" gives all or nothing; "proportional"
gives points × count / (full_share × total), rounded *down* to a multiple of 0.5, and full
points from full_share up; an empty group follows `if_none`. Pass (all four 448 sets):
≥ 80 and no criterion at 0; Công dân học tập (324): ≥ 80 and no item below 5.
No set declares levels, so every level is None.

Manual items are those checked in titles_commune.enter_checks: "full" = check_full_marks.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.domain.errors import ValidationError
from desktop.services.titles import evaluation, grid, registration
from desktop.services.titles.common import available_sets, read_checks, set_for_year
from desktop.store.models import EvaluationRound
from tests.services.titles_commune import (  # noqa: F401  (fixtures)
    ELSEWHERE,
    HOUSEHOLD_EVIDENCE,
    SICK_CHILD,
    YEAR,
    data_home,
    evaluated_db,
)

# --- the hand-worked expectations ----------------------------------------------------
# subject -> ({item: points} in set order, total, passed, reasons)

GIA_DINH = {
    # H1 Hùng (A). 1.1 ages 6–18 without THCS (NĐ 20/2014): Minh (14, full date 2012-05-04)
    # studies: 1/1 -> 10 (Lan, year-only 2011, is 15 and has finished THCS: outside). 2.1 adults 19–60: Hùng 51 (level2), Lệ 48
    # (no literacy, upper secondary -> level 2): 2/2 literate, threshold -> 10.
    # 2.2: both learned at the centre: 2/2 -> 10. Manual: full (1.2 10, 1.3 10, 2.3 10,
    # 3.1 5, 3.2 10, 3.3 5, 4.1 10, 4.2 10 = 70). Total 100.
    "h1": ({"gdht.1.1": 10, "gdht.1.2": 10, "gdht.1.3": 10, "gdht.2.1": 10, "gdht.2.2": 10, "gdht.2.3": 10,
            "gdht.3.1": 5, "gdht.3.2": 10, "gdht.3.3": 5, "gdht.4.1": 10, "gdht.4.2": 10}, 100, True,
           ("Đạt: 100/100 điểm (cần từ 80 điểm, không tiêu chí nào 0 điểm).",)),
    # H2 Quý (A): no one 6–18, 1.1 if_none=full -> 10. 2.1: Quý 56 (level1), Ánh (year-only
    # 1966: 60 by 31/12, inside 19–60) cannot read: 1/2, threshold -> 0. 2.2: the text says
    # adults "đều" learn: Quý learned, Ánh did not: 1/2, threshold -> 0. Manual full 70.
    # Total 10 + 0 + 0 + 70 = 80, exactly the pass mark; criterion 2 = 0 + 0 + 10 = 10, not 0.
    "h2": ({"gdht.1.1": 10, "gdht.1.2": 10, "gdht.1.3": 10, "gdht.2.1": 0, "gdht.2.2": 0, "gdht.2.3": 10,
            "gdht.3.1": 5, "gdht.3.2": 10, "gdht.3.3": 5, "gdht.4.1": 10, "gdht.4.2": 10}, 80, True,
           ("Đạt: 80/100 điểm (cần từ 80 điểm, không tiêu chí nào 0 điểm).",)),
    # H3 Thắng (B): An (year-only 2020) is 6 by 31/12, in the 6–18 band, not in school: 0/1 -> 0.
    # 2.1: Thắng 46, Hường 41 level2: 10. 2.2: neither learned: 0. Manual as typed:
    # 1.2 10, 1.3 10, 2.3 5, 3.1 5, 3.2 5, 3.3 0, 4.1 10, 4.2 5 = 50. Total 60 < 80.
    "h3": ({"gdht.1.1": 0, "gdht.1.2": 10, "gdht.1.3": 10, "gdht.2.1": 10, "gdht.2.2": 0, "gdht.2.3": 5,
            "gdht.3.1": 5, "gdht.3.2": 5, "gdht.3.3": 0, "gdht.4.1": 10, "gdht.4.2": 5}, 60, False,
           ("Tổng điểm 60/100, chưa đạt mức 80 điểm.",)),
    # H4 Việt (B): Khôi (11) not in school -> computed 0, but the officer scores 1.1 at 10
    # with the health post's paper. 2.1: 2/2 level2 -> 10. 2.2: Việt learned, Thủy studies
    # (count_studying) -> 2/2 = 10. Manual full 70. Total 100.
    "h4": ({"gdht.1.1": 10, "gdht.1.2": 10, "gdht.1.3": 10, "gdht.2.1": 10, "gdht.2.2": 10, "gdht.2.3": 10,
            "gdht.3.1": 5, "gdht.3.2": 10, "gdht.3.3": 5, "gdht.4.1": 10, "gdht.4.2": 10}, 100, True,
           ("Đạt: 100/100 điểm (cần từ 80 điểm, không tiêu chí nào 0 điểm).",)),
    # H5 Tùng (B): Phúc (year-only 2016, 10) studies: 10. 2.1: 2/2 -> 10. 2.2: Tùng's
    # activity was in 2025: 0/2 -> 0. Nothing checked: 8 manual items "chưa chấm" (0),
    # criteria 3 and 4 at 0. Total 20.
    "h5": ({"gdht.1.1": 10, "gdht.1.2": 0, "gdht.1.3": 0, "gdht.2.1": 10, "gdht.2.2": 0, "gdht.2.3": 0,
            "gdht.3.1": 0, "gdht.3.2": 0, "gdht.3.3": 0, "gdht.4.1": 0, "gdht.4.2": 0}, 20, False,
           ("Tổng điểm 20/100, chưa đạt mức 80 điểm.", "Tiêu chí gdht.3 được 0 điểm.",
            "Tiêu chí gdht.4 được 0 điểm.",
            "Chưa đủ căn cứ: còn 8 chỉ số chưa chấm hoặc thiếu số liệu (gdht.1.2, gdht.1.3, gdht.2.3, gdht.3.1, "
            "gdht.3.2, gdht.3.3, gdht.4.1, gdht.4.2).")),
    # H6 Hằng (B): she is 78; her son Chiến moved away and is not counted. No child, no
    # adult 19–60: 1.1, 2.1, 2.2 all follow if_none=full -> 10 each. Manual full 70. Total 100.
    "h6": ({"gdht.1.1": 10, "gdht.1.2": 10, "gdht.1.3": 10, "gdht.2.1": 10, "gdht.2.2": 10, "gdht.2.3": 10,
            "gdht.3.1": 5, "gdht.3.2": 10, "gdht.3.3": 5, "gdht.4.1": 10, "gdht.4.2": 10}, 100, True,
           ("Đạt: 100/100 điểm (cần từ 80 điểm, không tiêu chí nào 0 điểm).",)),
}
# Gia đình học tập passed: H1, H2, H4, H6 (H3 and H5 did not).

DONG_HO = {
    # Nguyễn: H1 (A) and H5 (B). Manual full: 1.1 5, 1.2 10, 1.3 5, 4.1 10, 4.2 10 = 40.
    # 2.1 households GĐHT: H1 yes, H5 no: 1/2 = 50 %, proportional to 70 %:
    # 30 × 1 / 1.4 = 21.43 -> 21. 3.1 ages 6–18 without THCS: Minh, Phúc both study (Lan has
    # finished THCS): 15.
    # 3.2 adults 19–60 learning: Hùng, Lệ yes; Tùng, Nguyệt no: 2/4, to 70 %:
    # 15 × 2 / 2.8 = 10.71 -> 10.5. Total 40 + 21 + 15 + 10.5 = 86.5.
    "nguyen": ({"dhht.1.1": 5, "dhht.1.2": 10, "dhht.1.3": 5, "dhht.2.1": 21, "dhht.3.1": 15, "dhht.3.2": 10.5,
                "dhht.4.1": 10, "dhht.4.2": 10}, 86.5, True,
               ("Đạt: 86,5/100 điểm (cần từ 80 điểm, không tiêu chí nào 0 điểm).",)),
    # Hoàng: H3 only. 2.1: 0/1 -> 0 (criterion 2 at 0). 3.1: An not in school: 0/1 -> 0.
    # 3.2: 0/2 -> 0 (criterion 3 at 0). Manual full 40. Total 40.
    "hoang": ({"dhht.1.1": 5, "dhht.1.2": 10, "dhht.1.3": 5, "dhht.2.1": 0, "dhht.3.1": 0, "dhht.3.2": 0,
               "dhht.4.1": 10, "dhht.4.2": 10}, 40, False,
              ("Tổng điểm 40/100, chưa đạt mức 80 điểm.", "Tiêu chí dhht.2 được 0 điểm.",
               "Tiêu chí dhht.3 được 0 điểm.")),
}
# Dòng họ học tập passed: Nguyễn.

CONG_DONG = {
    # Thôn Yên Lạc (A): H1, H2. Manual full: 1.1 10, 1.2 10, 3.1 10, 4.3 10 = 40.
    # 2.1 GĐHT households 2/2 -> 20. 2.2 clans with a household here: Nguyễn (passed):
    # 1/1 -> 10. 3.2 households with a learner: H1, H2: 2/2 -> 15. 4.1 children: Minh
    # studies: 1/1 -> 10. 4.2 people 15–60: Hùng, Lệ, Lan (15, lower secondary), Quý
    # literate, Ánh not recorded: 4/5, proportional to 100 %: 5 × 0.8 = 4. Total 99.
    "a": ({"cdht_thon.1.1": 10, "cdht_thon.1.2": 10, "cdht_thon.2.1": 20, "cdht_thon.2.2": 10,
           "cdht_thon.3.1": 10, "cdht_thon.3.2": 15, "cdht_thon.4.1": 10, "cdht_thon.4.2": 4,
           "cdht_thon.4.3": 10}, 99, True,
          ("Đạt: 99/100 điểm (cần từ 80 điểm, không tiêu chí nào 0 điểm).",)),
    # Thôn Yên Thịnh (B): H3, H4, H5, H6. Manual full 40.
    # 2.1 GĐHT: H4, H6: 2/4, to 70 %: 20 × 2 / 2.8 = 14.29 -> 14. 2.2 clans here:
    # Nguyễn (through H5; counted in both hamlets) passed, Hoàng not: 1/2, to 65 %:
    # 10 × 1 / 1.3 = 7.69 -> 7.5. 3.2 households with a learner at the centre: only H4
    # (Thủy's schooling is not a centre activity): 1/4, to 50 %: 15 × 1 / 2 = 7.5.
    # 4.1 children: An no, Khôi no, Phúc yes: 1/3: 10 / 3 = 3.33 -> 3 (the officer's
    # correction of H4 is the household's, not the hamlet's). 4.2 people 15–60: Thắng,
    # Hường, Việt, Thủy, Tùng, Nguyệt, all level2: 6/6 -> 5 (Hằng is 78, Chiến moved
    # away). Total 40 + 14 + 7.5 + 7.5 + 3 + 5 = 77 < 80.
    "b": ({"cdht_thon.1.1": 10, "cdht_thon.1.2": 10, "cdht_thon.2.1": 14, "cdht_thon.2.2": 7.5,
           "cdht_thon.3.1": 10, "cdht_thon.3.2": 7.5, "cdht_thon.4.1": 3, "cdht_thon.4.2": 5,
           "cdht_thon.4.3": 10}, 77, False,
          ("Tổng điểm 77/100, chưa đạt mức 80 điểm.",)),
}

DON_VI = {
    # The school: 30 staff on the register, but it reported 25 staff, 12 of them Công dân
    # học tập, and the report wins: 12/25 = 48 %, to 60 %: 20 × 12 / 15 = 16.
    # Manual: 1.1 10, 1.2 10, 2.1 10, 2.2 5, 3.1 15, 4.1 10, 4.2 10 = 70. Total 86.
    "school": ({"dvht_xa.1.1": 10, "dvht_xa.1.2": 10, "dvht_xa.2.1": 10, "dvht_xa.2.2": 5, "dvht_xa.3.1": 15,
                "dvht_xa.3.2": 16, "dvht_xa.4.1": 10, "dvht_xa.4.2": 10}, 86, True,
               ("Đạt: 86/100 điểm (cần từ 80 điểm, không tiêu chí nào 0 điểm).",)),
    # The cooperative registered without reporting: 3.2 lacks data (staff 12 from the
    # register, CDHT unknown) and nothing is checked. Total 0, every criterion at 0.
    "coop": ({"dvht_xa.1.1": 0, "dvht_xa.1.2": 0, "dvht_xa.2.1": 0, "dvht_xa.2.2": 0, "dvht_xa.3.1": 0,
              "dvht_xa.3.2": 0, "dvht_xa.4.1": 0, "dvht_xa.4.2": 0}, 0, False,
             ("Tổng điểm 0/100, chưa đạt mức 80 điểm.", "Tiêu chí dvht_xa.1 được 0 điểm.",
              "Tiêu chí dvht_xa.2 được 0 điểm.", "Tiêu chí dvht_xa.3 được 0 điểm.",
              "Tiêu chí dvht_xa.4 được 0 điểm.",
              "Chưa đủ căn cứ: còn 8 chỉ số chưa chấm hoặc thiếu số liệu (dvht_xa.1.1, dvht_xa.1.2, dvht_xa.2.1, "
              "dvht_xa.2.2, dvht_xa.3.1, dvht_xa.3.2, dvht_xa.4.1, dvht_xa.4.2).")),
}

CONG_DAN = {
    # Set 324-2023.2: ten self-assessed indicators of 10 points (all manual), keyed in from the
    # paper forms. Pass: total ≥ 80 and no indicator below 5; an indicator left blank leaves
    # the person "chưa đủ căn cứ".
    # Lệ: 1.1–1.4 8+8+10+8 = 34; 2.1–2.4 10+5+7+6 = 28; 3.1–3.2 9+9 = 18. Total 80, 2.2 at the
    # floor of 5 (not below it): passes at the mark.
    "Lệ": ({"cdht.1.1": 8, "cdht.1.2": 8, "cdht.1.3": 10, "cdht.1.4": 8, "cdht.2.1": 10, "cdht.2.2": 5,
            "cdht.2.3": 7, "cdht.2.4": 6, "cdht.3.1": 9, "cdht.3.2": 9}, 80, True,
           ("Đạt: 80/100 điểm (cần từ 80 điểm, không chỉ số nào dưới 5 điểm).",)),
    # Hùng: 40; 10+4,5+9,5+8 = 32; 18. Total 90, but 2.2 at 4,5 is under the floor: fails.
    # (2.1 at 10 with no digital-skills class in the centre's book: he learned at the district.)
    "Hùng": ({"cdht.1.1": 10, "cdht.1.2": 10, "cdht.1.3": 10, "cdht.1.4": 10, "cdht.2.1": 10, "cdht.2.2": 4.5,
              "cdht.2.3": 9.5, "cdht.2.4": 8, "cdht.3.1": 9, "cdht.3.2": 9}, 90, False,
             ("Chỉ số cdht.2.2 được 4,5 điểm, dưới mức sàn 5 điểm.",)),
    # Việt: 8×4 = 32; 7,5+6+8+8 = 29,5; 18. Total 79,5: half a point short, every item ≥ 5.
    "Việt": ({"cdht.1.1": 8, "cdht.1.2": 8, "cdht.1.3": 8, "cdht.1.4": 8, "cdht.2.1": 7.5, "cdht.2.2": 6,
              "cdht.2.3": 8, "cdht.2.4": 8, "cdht.3.1": 9, "cdht.3.2": 9}, 79.5, False,
             ("Tổng điểm 79,5/100, chưa đạt mức 80 điểm.",)),
    # Lan: 9+9+10+9 = 37; 9+(2.2 blank)+9+9 = 27; 18. Total 82 but 2.2 unscored (counts 0, under
    # the floor): not passed and not failed either — chưa đủ căn cứ.
    "Lan": ({"cdht.1.1": 9, "cdht.1.2": 9, "cdht.1.3": 10, "cdht.1.4": 9, "cdht.2.1": 9, "cdht.2.2": 0,
             "cdht.2.3": 9, "cdht.2.4": 9, "cdht.3.1": 9, "cdht.3.2": 9}, 82, False,
            ("Chỉ số cdht.2.2 được 0 điểm, dưới mức sàn 5 điểm.",
             "Chưa đủ căn cứ: còn 1 chỉ số chưa chấm hoặc thiếu số liệu (cdht.2.2).")),
}

EXPECTED = {"gia-dinh": GIA_DINH, "dong-ho": DONG_HO, "cong-dong": CONG_DONG, "don-vi": DON_VI,
            "cong-dan": CONG_DAN}
CASES = [(title, key) for title, subjects in EXPECTED.items() for key in subjects]


def subject_id(commune, title: str, key: str) -> str:
    table = {"gia-dinh": commune.household, "dong-ho": commune.clan, "cong-dong": commune.hamlet,
             "don-vi": commune.unit, "cong-dan": commune.people}[title]
    return table[key]


@pytest.fixture
def year(evaluated_db):
    db, commune, summaries = evaluated_db
    session = db.session()
    try:
        yield session, commune, summaries
    finally:
        session.rollback()  # the module's database stays as evaluated
        session.close()


def result(session, commune, title, key):
    return evaluation.subject_result(session=session, year=YEAR, title=title, subject_id=subject_id(commune, title,
                                                                                                    key))


# --- every subject, every item ---------------------------------------------------------


@pytest.mark.parametrize("title,key", CASES)
def test_each_subject_scores_as_worked_out_by_hand(year, title, key):
    session, commune, _ = year
    items, total, passed, reasons = EXPECTED[title][key]
    got = result(session, commune, title, key)
    assert {s.item_id: s.points for s in got.items} == items
    assert [s.item_id for s in got.items] == list(items), "in the set's order"
    assert sum(items.values()) == total, "the table itself adds up"
    assert (got.total, got.max_points, got.passed, got.level) == (total, 100, passed, None)
    assert got.reasons == reasons


@pytest.mark.parametrize("title,key", CASES)
def test_the_grid_shows_the_stored_result_of_the_evaluation(year, title, key):
    session, commune, _ = year
    items, total, passed, _ = EXPECTED[title][key]
    sid = subject_id(commune, title, key)
    row = next(r for r in grid.grid(session=session, year=YEAR, title=title).rows if r.subject_id == sid)
    assert row.total == total and row.passed is passed and row.max_points == 100
    assert {k: v[0] for k, v in row.items.items()} == items
    live = result(session, commune, title, key)
    assert {s.item_id: s.source[0] if s.source != "missing" else "x" for s in live.items} == {
        k: v[1] for k, v in row.items.items()}, "computed / manual / missing as stored"
    assert row.complete is live.complete


def test_year_summaries(year):
    _, _, summaries = year
    got = {s.title: (s.set_id, s.registered, s.evaluated, s.passed, s.complete, s.locked) for s in summaries}
    assert got == {
        "cong-dan": ("cong-dan/324-2023.2", 4, 4, 1, 3, 0),  # Lan has an unchecked item
        "gia-dinh": ("gia-dinh/448-2016.2", 6, 6, 4, 5, 0),  # H5 unchecked
        "dong-ho": ("dong-ho/448-2016.2", 2, 2, 1, 2, 0),
        "cong-dong": ("cong-dong/448-2016.2", 2, 2, 1, 2, 0),
        "don-vi": ("don-vi/448-2016", 2, 2, 1, 1, 0),  # the cooperative lacks data
    }
    assert [s.title for s in summaries] == ["cong-dan", "gia-dinh", "dong-ho", "cong-dong", "don-vi"]


def test_grid_stages_order_and_unchecked_counts(year):
    session, commune, _ = year
    households = grid.grid(session=session, year=YEAR, title="gia-dinh")
    by_key = {v: k for k, v in commune.household.items()}
    # By hamlet (Yên Lạc, Yên Thịnh), then by the head's name in register order (given name
    # first: Hùng, Quý; Hằng, Thắng, Tùng, Việt).
    assert [(by_key[r.subject_id], r.hamlet, r.stage, r.unchecked_manual) for r in households.rows] == [
        ("h1", "Thôn Yên Lạc", "passed", 0), ("h2", "Thôn Yên Lạc", "passed", 0),
        ("h6", "Thôn Yên Thịnh", "passed", 0), ("h3", "Thôn Yên Thịnh", "failed", 0),
        ("h5", "Thôn Yên Thịnh", "incomplete", 8), ("h4", "Thôn Yên Thịnh", "passed", 0)]
    assert households.counts() == {"left": 0, "registered": 0, "failed": 1, "incomplete": 1, "passed": 4, "proposed": 0,
                                   "recognised": 0}
    assert households.set_id == "gia-dinh/448-2016.2" and len(households.manual_items) == 8
    h1 = next(r for r in households.rows if r.subject_id == commune.household["h1"])
    assert (h1.name, h1.detail) == ("Nguyễn Văn Hùng", "Xóm 1, Thôn Yên Lạc")
    people = {r.name: (r.stage, r.unchecked_manual) for r in grid.grid(session=session, year=YEAR,
                                                                       title="cong-dan").rows}
    assert people == {"Trần Thị Lệ": ("passed", 0), "Nguyễn Văn Hùng": ("failed", 0),
                      "Đặng Quốc Việt": ("failed", 0), "Nguyễn Thị Lan": ("incomplete", 1)}
    units = {r.name: (r.stage, r.unchecked_manual) for r in grid.grid(session=session, year=YEAR, title="don-vi").rows}
    assert units == {"Trường Tiểu học Yên Xuân": ("passed", 0), "Hợp tác xã Nông nghiệp Yên Xuân": ("incomplete", 7)}


# --- the edge cases, with the reasons and figures an officer reads ---------------------


def item(session, commune, title, key, item_id):
    return result(session, commune, title, key).score(item_id)


def test_a_household_without_children_gets_the_childrens_item_by_if_none(year):
    session, commune, _ = year
    score = item(session, commune, "gia-dinh", "h2", "gdht.1.1")
    assert score.source == "computed"
    assert score.reason == "Hộ không có người 6–18 tuổi chưa tốt nghiệp THCS: đạt điểm tối đa."
    assert score.data_used == (("Người 6–18 tuổi chưa tốt nghiệp THCS", 0), ("đang đi học", 0))


def test_a_person_who_cannot_read_counts_as_not_literate(year):
    session, commune, _ = year
    score = item(session, commune, "gia-dinh", "h2", "gdht.2.1")
    assert score.reason == "1/2 người 19–60 tuổi biết chữ từ mức độ 1 (50%); cần tất cả để được 10 điểm."
    assert score.data_used == (("Người 19–60 tuổi", 2), ("biết chữ từ mức độ 1", 1))


def test_a_year_only_birth_counts_the_age_reached_by_31_december(year):
    session, commune, _ = year
    # An, born "2020", is 6 in 2026: he is one of the children 6–18 (and not in school).
    score = item(session, commune, "gia-dinh", "h3", "gdht.1.1")
    assert score.data_used == (("Người 6–18 tuổi chưa tốt nghiệp THCS", 1), ("đang đi học", 0)) and score.points == 0
    # Lan, born "2011", is 15 in 2026: she may register for Công dân học tập; Minh (14) may not.
    eligible = registration.eligible_ids(session=session, year=YEAR, title="cong-dan")
    assert commune.people["Lan"] in eligible and commune.people["Minh"] not in eligible
    # Ánh, born "1966", is 60: still one of the adults 19–60 of H2 (above).
    assert len(eligible) == 12, "every resident from 15; Chiến moved away"


def test_a_clan_with_households_in_two_hamlets_counts_in_both(year):
    session, commune, _ = year
    a = item(session, commune, "cong-dong", "a", "cdht_thon.2.2")
    b = item(session, commune, "cong-dong", "b", "cdht_thon.2.2")
    assert a.data_used == (("Số dòng họ", 1), ("đạt Dòng họ học tập năm 2026", 1))
    assert b.data_used == (("Số dòng họ", 2), ("đạt Dòng họ học tập năm 2026", 1))
    assert b.reason == ("1/2 dòng họ đạt Dòng họ học tập năm 2026 (50%); tính theo tỷ lệ, "
                        "từ 65% được đủ 10 điểm.")


def test_higher_titles_count_the_lower_ones_of_the_same_year(year):
    session, commune, _ = year
    clan = item(session, commune, "dong-ho", "nguyen", "dhht.2.1")
    assert clan.reason == ("1/2 hộ đạt Gia đình học tập năm 2026 (50%); tính theo tỷ lệ, "
                           "từ 70% được đủ 30 điểm.")
    hamlet = item(session, commune, "cong-dong", "b", "cdht_thon.2.1")
    assert hamlet.data_used == (("Số hộ", 4), ("đạt Gia đình học tập năm 2026", 2))
    assert hamlet.points == 14


def test_an_officer_check_with_evidence_overrides_a_computed_item(year):
    session, commune, _ = year
    score = item(session, commune, "gia-dinh", "h4", "gdht.1.1")
    assert (score.source, score.points, score.evidence) == ("manual", 10, SICK_CHILD)
    assert score.reason == ("Cán bộ chấm 10/10 điểm, thay kết quả tính tự động (0/1 người 6–18 tuổi chưa "
                            f"tốt nghiệp THCS đang đi học (0%); cần tất cả để được 10 điểm). Minh chứng: {SICK_CHILD}")
    assert score.data_used == (("Người 6–18 tuổi chưa tốt nghiệp THCS", 1), ("đang đi học", 0)), \
        "the figures stay visible"
    manual = item(session, commune, "gia-dinh", "h4", "gdht.3.2")
    assert manual.reason == f"Cán bộ chấm 10/10 điểm. Minh chứng: {HOUSEHOLD_EVIDENCE}"
    unchecked = item(session, commune, "gia-dinh", "h5", "gdht.3.2")
    assert (unchecked.source, unchecked.reason) == ("missing", "chưa chấm")


def test_centre_activities_count_in_their_year_only(year):
    session, commune, _ = year
    score = item(session, commune, "gia-dinh", "h5", "gdht.2.2")  # Tùng's topic was in 2025
    assert score.data_used == (("Người 19–60 tuổi", 2), ("học ở TTHTCĐ hoặc đang đi học năm 2026", 0))
    # Công dân học tập: the centre's book of the year is suggested evidence beside 1.3 and 2.1.
    assert [item(session, commune, "cong-dan", name, "cdht.1.3").suggestion for name in ("Hùng", "Lan", "Lệ")] == [
        "Sổ TTHTCĐ năm 2026: đã học 1 lớp/chuyên đề (8 giờ)",
        "Sổ TTHTCĐ năm 2026: chưa ghi lớp/chuyên đề nào; đang đi học",
        "Sổ TTHTCĐ năm 2026: đã học 1 lớp/chuyên đề (20 giờ)"]


def test_a_units_reported_figures_win_over_the_register(year):
    session, commune, _ = year
    school = item(session, commune, "don-vi", "school", "dvht_xa.3.2")
    assert school.data_used == (("Số cán bộ, nhân viên", 25), ("đạt Công dân học tập", 12))
    assert school.reason == ("12/25 cán bộ, nhân viên đạt Công dân học tập (48%); tính theo tỷ lệ, "
                             "từ 60% được đủ 20 điểm.")
    coop = item(session, commune, "don-vi", "coop", "dvht_xa.3.2")
    assert (coop.source, coop.reason) == ("missing", "Chưa có số cán bộ, nhân viên đạt Công dân học tập.")
    assert coop.data_used == (("Số cán bộ, nhân viên", 12), ("đạt Công dân học tập", None))


@pytest.mark.parametrize("points,message", [
    (11, "chỉ số gdht.1.2: điểm chấm 11 phải từ 0 đến 10."),
    (-1, "chỉ số gdht.1.2: điểm chấm -1 phải từ 0 đến 10."),
    (7.3, "chỉ số gdht.1.2: điểm chấm 7,3 phải chẵn hoặc lẻ 0,5."),
    ("mười", "chỉ số gdht.1.2: điểm chấm “mười” không phải số."),
    (True, "chỉ số gdht.1.2: điểm chấm “True” không phải số."),
])
def test_invalid_manual_points_are_refused_in_vietnamese(year, points, message):
    session, commune, _ = year
    with pytest.raises(ValidationError) as error:
        registration.set_checks(session=session, year=YEAR, title="gia-dinh", subject_ids=[commune.household["h5"]],
                                points={"gdht.1.3": 10, "gdht.1.2": points})
    assert (error.value.code, error.value.message) == ("invalid_points", message)
    assert read_checks(session=session, year=YEAR, title="gia-dinh",
                       subject_ids=[commune.household["h5"]]) == {}, "no point of the batch kept"


def test_a_check_for_an_item_the_set_lacks_is_refused(year):
    session, commune, _ = year
    with pytest.raises(ValidationError) as error:
        registration.set_checks(session=session, year=YEAR, title="gia-dinh", subject_ids=[commune.household["h5"]],
                                points={"gdht.9.9": 5})
    assert error.value.message == "bộ tiêu chí gia-dinh/448-2016.2 không có chỉ số gdht.9.9."


# --- Công dân học tập: the centre's book is evidence, never the score -------------------


def test_the_centres_book_is_suggested_evidence_and_never_sets_the_points(year):
    session, commune, _ = year
    hung = result(session, commune, "cong-dan", "Hùng")
    digital = hung.score("cdht.2.1")  # no digital-skills class in the book, yet 10 from his certificate
    assert (digital.source, digital.points, digital.evidence) == ("manual", 10, ELSEWHERE)
    assert digital.suggestion == "Sổ TTHTCĐ năm 2026: chưa ghi lớp/chuyên đề kỹ năng số nào"
    assert digital.reason == f"Cán bộ chấm 10/10 điểm. Minh chứng: {ELSEWHERE}", "no 'thay kết quả tính tự động'"
    assert result(session, commune, "cong-dan", "Lệ").score("cdht.2.1").suggestion == (
        "Sổ TTHTCĐ năm 2026: đã học 1 lớp/chuyên đề kỹ năng số")
    blank = result(session, commune, "cong-dan", "Lan").score("cdht.2.2")
    assert (blank.source, blank.reason, blank.suggestion) == ("missing", "chưa chấm", ""), "2.2 names no evidence"
    assert all(not s.suggestion for s in hung.items if s.item_id not in ("cdht.1.3", "cdht.2.1"))


def test_a_year_evaluated_with_the_first_324_set_keeps_it(year):
    """2026 takes 324-2023.2 (the newest in force); a year already evaluated with 324-2023 keeps
    that set, found by id and fingerprint, so its stored results still read the same."""
    session, commune, _ = year
    sets = available_sets()
    assert set_for_year(session=session, year=YEAR, title="cong-dan", sets=sets).id == "cong-dan/324-2023.2"
    assert set_for_year(session=session, year=YEAR + 1, title="cong-dan",
                        sets=sets).id == "cong-dan/324-2023.2", "not yet evaluated"
    old = next(s for s in sets if s.id == "cong-dan/324-2023")
    round_ = session.scalar(select(EvaluationRound).where(EvaluationRound.year == YEAR,
                                                          EvaluationRound.title == "cong-dan"))
    round_.set_id, round_.set_fingerprint = old.id, old.fingerprint  # as if 2026 had been evaluated before
    session.flush()
    assert set_for_year(session=session, year=YEAR, title="cong-dan", sets=sets) is old
    assert [i.id for i in old.items] == ["cdht.1.1", "cdht.2.1", "cdht.2.2", "cdht.3.1", "cdht.3.2", "cdht.4.1",
                                         "cdht.5.1"]
