"""The commune's own rating (TT 25/2023) on the small commune of titles_commune: the register's
figures counted by hand, the officer's entries kept and refused, the level, the printed report."""

from __future__ import annotations

import json
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from desktop.domain.errors import ValidationError
from desktop.services import commune_rating
from desktop.services.commune_figures import commune_figures
from desktop.services.commune_rating import CAP_XA, MAX_EVIDENCE, print_report, rating, record
from desktop.services.session import transaction
from desktop.services.titles import evaluation
from desktop.services.titles.common import read_checks
from desktop.services.titles.grid import stale_note
from desktop.store.models import ChangeLog, EvaluationRound, SubjectChecks
from tests.conftest import COMMUNE
from tests.services.titles_commune import YEAR, build, data_home, register_all, setup_year  # noqa: F401

ALL = ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3", "4", "5")


@pytest.fixture
def commune(db):
    with transaction(db) as session:
        c = build(session)
        register_all(session, c)
    return c


def test_figures_are_counted_from_the_register(db, commune):
    """By hand, ages by 31/12/2026, people living here (Chiến moved away, not counted):
    15–35: Lan (15, lower secondary -> level 2), Nguyệt (34, level 2);
    15–60: those two and Hùng, Lệ (upper secondary), Quý (level 1), Ánh (60, illiterate), Thắng,
    Hường, Việt, Thủy, Tùng = 11; from level 1: all but Ánh = 10; level 2: also not Quý = 9.
    6–14: Minh 14 and Phúc 10 studying, An 6 and Khôi 11 not = 2 of 4. 11–18: Lan has finished
    THCS (out); Minh (studying) and Khôi (not), both under 15, have not = 1 of 2. TTHTCĐ 2026: the rice topic (Hùng, Quý, Việt)
    and the digital class (Lệ): 2 activities, 4 people, all 15–60; Tùng's was in 2025."""
    with transaction(db) as session:
        f = commune_figures(session=session, year=YEAR)
    assert f.residents == 16 and f.unknown_age == 0
    assert [(b.min_age, b.max_age, b.people, b.level1, b.level2, b.unrecorded) for b in f.literacy] == [
        (15, 35, 2, 2, 2, 0), (15, 60, 11, 10, 9, 0)]
    assert [(s.standard.id, s.count, s.of, s.met) for s in f.standards] == [("xmc1", 2, 2, True),
                                                                            ("xmc2", 9, 11, False)]
    s = f.schooling
    assert (s.children, s.children_studying, s.youth, s.youth_studying, s.youth_unrecorded) == (4, 2, 2, 1, 0)
    c = f.centre
    assert (c.activities, c.participants, c.adults, c.adults_taking_part) == (2, 4, 11, 4)
    # Registered by register_all: every household, clan and hamlet, four citizens, one unit
    # (the school only reported its staff); nothing recognised yet. Citizens: 12 from 15 years.
    assert [(t.title, t.recognised, t.registered, t.total) for t in f.titles] == [
        ("cong-dan", 0, 4, 12), ("gia-dinh", 0, 6, 6), ("dong-ho", 0, 2, 2), ("cong-dong", 0, 2, 2),
        ("don-vi", 0, 2, 2)]
    assert f.lines("literacy")[1] == ("Người 15–60 tuổi: 11; biết chữ từ mức độ 1: 10 (90,9%), mức độ 2: 9 (81,8%).")
    assert f.lines("schooling")[1] == "Người 11–18 tuổi chưa tốt nghiệp trung học cơ sở: 2, đang đi học: 1 (50%)."


def test_the_officers_entries_are_kept_and_read_back(db, commune):
    with transaction(db) as session:
        before = session.scalar(select(ChangeLog.position).order_by(ChangeLog.position.desc()).limit(1))
        done = record(session=session, year=YEAR, indicator="1.2", state=2, evidence="  Kế hoạch số 15/KH-UBND  ")
        assert (done.indicator, done.state, done.evidence) == ("1.2", 2, "Kế hoạch số 15/KH-UBND")
        record(session=session, year=YEAR, indicator="4", state=1, evidence="QĐ công nhận đạt chuẩn XMC mức độ 2")
        record(session=session, year=YEAR, indicator="3", state=None, evidence="Báo cáo của TTHTCĐ")
    with transaction(db) as session:
        row = session.scalars(select(SubjectChecks).where(SubjectChecks.title == CAP_XA)).one()
        assert (row.year, row.subject_id) == (YEAR, COMMUNE)
        assert json.loads(row.checks_json) == {"1.2": [2, "Kế hoạch số 15/KH-UBND"],
                                               "3": [None, "Báo cáo của TTHTCĐ"],
                                               "4": [1, "QĐ công nhận đạt chuẩn XMC mức độ 2"]}
        logged = session.scalars(select(ChangeLog.table_name).where(ChangeLog.position > before)).all()
        assert set(logged) == {"subject_checks"}  # synced as any other row
        rated = rating(session=session, year=YEAR)
        by_id = {i.indicator.id: i for i in rated.indicators}
        assert (by_id["1.2"].state, by_id["1.2"].state_text, by_id["1.2"].reached) == (2, "Đạt", 2)
        assert (by_id["4"].state_text, by_id["4"].reached) == ("Đạt mức độ 1", 1)
        assert (by_id["3"].state_text, by_id["3"].evidence) == ("Chưa đánh giá", "Báo cáo của TTHTCĐ")
        assert [g.key for g in by_id["4"].figures] == ["literacy", "schooling"]
        assert rated.level is None and rated.missing == ("1.1", "1.3", "2.1", "2.2", "2.3", "3", "5")
        # Clearing: no state and no evidence takes the entry away.
        record(session=session, year=YEAR, indicator="3", state=None)
        assert "3" not in commune_rating.entries(session=session, year=YEAR)


def test_the_level_follows_the_entries(db, commune):
    with transaction(db) as session:
        for indicator in ALL:
            record(session=session, year=YEAR, indicator=indicator, state=2, evidence="Biên bản họp")
        rated = rating(session=session, year=YEAR)
        assert (rated.level, rated.level_name, rated.verdict) == (2, "Mức độ 2 (Tốt)", "Đạt Mức độ 2 (Tốt).")
        record(session=session, year=YEAR, indicator="5", state=1, evidence="Biên bản họp")
        assert rating(session=session, year=YEAR).level == 1
        record(session=session, year=YEAR, indicator="2.1", state=0, evidence="Chưa bố trí kinh phí")
        rated = rating(session=session, year=YEAR)
        assert (rated.level, rated.result.not_met) == (0, ("2.1",))
        assert rated.unconfirmed[0].startswith("Từ ngày 01/7/2025")


@pytest.mark.parametrize("change, code", [
    (dict(indicator="9.9"), "unknown_indicator"),
    (dict(indicator="3.1"), "unknown_indicator"),
    (dict(state=3), "invalid_state"),
    (dict(state=True), "invalid_state"),
    (dict(state="2"), "invalid_state"),
    (dict(year=2023), "year_outside_document"),
    (dict(evidence="x" * (MAX_EVIDENCE + 1)), "too_long"),
])
def test_bad_entries_are_refused_and_nothing_is_written(db, commune, change, code):
    entry = dict(year=YEAR, indicator="1.1", state=2, evidence="Biên bản") | change
    with transaction(db) as session:
        with pytest.raises(ValidationError) as caught:
            record(session=session, **entry)
        assert caught.value.code == code
        assert session.scalar(select(SubjectChecks).where(SubjectChecks.title == CAP_XA)) is None


def test_a_year_before_the_circular_is_refused_with_the_reason(db, commune):
    with transaction(db) as session, pytest.raises(ValidationError) as caught:
        rating(session=session, year=2023)
    assert caught.value.message == ("Thông tư 25/2023/TT-BGDĐT có hiệu lực từ ngày 12/02/2024; năm đánh giá đầu tiên "
                                    "theo Thông tư là 2024. Năm 2023 không tự đánh giá theo Thông tư này.")
    with transaction(db) as session:
        assert rating(session=session, year=2024).year == 2024


def test_the_titles_do_not_see_the_communes_own_entries(db, data_home):  # noqa: F811
    """The rating's row shares subject_checks with the titles' checks: evaluation, the checks'
    readers and the stale check of each title read only their own titles."""
    with transaction(db) as session:
        c = setup_year(session)
        summaries = evaluation.evaluate_year(session=session, year=YEAR)
    with transaction(db) as session:
        record(session=session, year=YEAR, indicator="1.1", state=2, evidence="Biên bản")
    with transaction(db) as session:
        rounds = session.scalars(select(EvaluationRound).where(EvaluationRound.year == YEAR)).all()
        assert rounds and all(stale_note(session=session, round_=r) == "" for r in rounds)
        for title in ("cong-dan", "gia-dinh", "dong-ho", "cong-dong", "don-vi"):
            assert COMMUNE not in read_checks(session=session, year=YEAR, title=title)
        again = evaluation.evaluate_year(session=session, year=YEAR)
    assert [(s.title, s.evaluated, s.passed) for s in again] == [(s.title, s.evaluated, s.passed) for s in summaries]
    assert c.hamlet["a"]


def test_the_report_prints_the_figures_the_table_and_the_conclusion(db, commune, tmp_path):
    with transaction(db) as session:
        for indicator in ALL:
            record(session=session, year=YEAR, indicator=indicator, state=2, evidence=f"Minh chứng {indicator}")
        record(session=session, year=YEAR, indicator="4", state=1, evidence="QĐ công nhận đạt chuẩn XMC mức độ 2")
        path = tmp_path / "baocao.pdf"
        rated = print_report(session=session, year=YEAR, path=path, number="5/BC-UBND",
                             signed_on=date(2027, 1, 20), signer="Nguyễn Văn An")
    assert rated.level == 1
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)
    for expected in (
        "ỦY BAN NHÂN DÂN", "XÃ YÊN XUÂN", "Số: 05/BC-UBND", "Yên Xuân, ngày 20 tháng 01 năm 2027", "BÁO CÁO",
        "Tự đánh giá “Cộng đồng học tập” cấp xã năm 2026", "Kính gửi: Phòng Giáo dục và Đào tạo",
        "Thông tư số 25/2023/TT-BGDĐT ngày 27 tháng 12 năm 2023",
        "từ ngày 01 tháng 01 đến ngày 31 tháng 12 năm 2026",
        "Người 15–60 tuổi: 11; biết chữ từ mức độ 1: 10 (90,9%), mức độ 2: 9 (81,8%).",
        "9/11 (81,8%), chưa đạt", "Trẻ 6–14 tuổi: 4, đang đi học: 2 (50%).", "4/11 (36,4%)",
        "Gia đình học tập: công nhận 0/6 hộ (0%); đăng ký: 6.",
        "BẢN TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ CÁC TIÊU CHÍ, CHỈ TIÊU", "Tiêu chí, chỉ tiêu", "Minh chứng", "Tự đánh giá",
        "Tiêu chí 4: Kết quả phổ cập xóa mù chữ", "QĐ công nhận đạt chuẩn XMC mức độ 2", "Đạt mức độ 1",
        "Số liệu của sổ: mục 1, điểm a), b).",
        "đạt đủ các tiêu chí, chỉ tiêu “Cộng đồng học tập” cấp xã mức độ 1 (Khá) năm 2026",
        "đề nghị Phòng Giáo dục và Đào tạo", "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn An",
        "Nghị định 30/2020/NĐ-CP", "1.1, 1.2, 1.3, 2.1, 2.2, 2.3, 3, 4, 5 chưa đối chiếu",
    ):
        assert expected in text, expected


def test_an_unfinished_assessment_prints_no_proposal(db, commune, tmp_path):
    with transaction(db) as session:
        record(session=session, year=YEAR, indicator="1.1", state=2)
        print_report(session=session, year=YEAR, path=tmp_path / "nhap.pdf")
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(tmp_path / "nhap.pdf").pages)
    assert "Chưa đủ căn cứ kết luận: còn 8 chỉ tiêu chưa đánh giá" in text
    assert "đề nghị Phòng" not in text and "Số: /BC-UBND" in text


def test_a_school_leaver_with_no_schooling_recorded_is_unknown(db):
    """From 15, out of school with nothing recorded: graduated or dropped out? Counted apart,
    as the households' rule school_age_in_school leaves it."""
    from desktop.services import register
    from tests.factories import family, person

    with transaction(db) as session:
        register.add_household(session=session, data=family(
            person("Lò Văn Páo", "Nam", "1980", relation="head", literacy="level2"),
            person("Lò Văn Sáng", "Nam", "2009", relation="child"),  # 17, not studying, nothing recorded
            person("Lò Thị Mai", "Nữ", "2010", relation="child", education="primary"),  # 16, left after primary
            person("Lò Văn Tú", "Nam", "2011", relation="child", education="lower_secondary")))  # 15, graduated
        s = commune_figures(session=session, year=YEAR).schooling
    assert (s.youth, s.youth_studying, s.youth_unrecorded) == (1, 0, 1)
