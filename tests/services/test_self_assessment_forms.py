"""Phiếu tự đánh giá Công dân học tập (issue 9, item 4): one page per registered person
still living here, filled in from the register, with the year's set; nothing written."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from desktop.domain.errors import ValidationError
from desktop.services import register
from desktop.services.session import transaction
from desktop.services.titles import forms, registration
from desktop.store.models import ChangeLog
from tests.services import titles_commune as tc
from tests.services.test_titles_printing import assert_fonts_embedded, text_of
from tests.services.titles_commune import YEAR


@pytest.fixture
def year(db):
    with transaction(db) as session:
        commune = tc.setup_year(session)
        yield session, commune


def test_one_page_per_registered_person_filled_in_from_the_register(year, tmp_path):
    s, c = year
    registered = registration.registered_ids(session=s, year=YEAR, title="cong-dan")
    before = s.scalar(select(func.count()).select_from(ChangeLog))
    path = tmp_path / "phieu.pdf"
    assert forms.print_self_assessment(session=s, year=YEAR, path=path) == len(registered)
    assert s.scalar(select(func.count()).select_from(ChangeLog)) == before, "printing forms writes nothing"
    reader = PdfReader(path)
    assert len(reader.pages) == len(registered)
    assert_fonts_embedded(reader)
    doc = forms.self_assessment_doc(session=s, year=YEAR)
    assert [p.hamlet for p in doc.people] == sorted(p.hamlet for p in doc.people), "by hamlet, as the annex"
    for person, page in zip(doc.people, reader.pages, strict=True):
        text = text_of(page)
        assert f"PHIẾU TỰ ĐÁNH GIÁ “CÔNG DÂN HỌC TẬP” NĂM {YEAR}" in text
        assert f"Họ và tên: {person.name}" in text and f"Ngày sinh: {person.birth}" in text
        for item in doc.items:
            assert item.number in text
        assert "Đạt khi tổng điểm từ 80/100, không chỉ số nào dưới 5 điểm." in text
        assert "NGƯỜI TỰ ĐÁNH GIÁ" in text and text.rstrip().endswith(person.name)
    # 324-2023.2: ten self-assessed indicators of 10 points, nothing "xã tính từ sổ".
    assert [i.number for i in doc.items] == ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2"]
    assert not any(i.computed for i in doc.items) and {i.max_points for i in doc.items} == {10}
    assert "xã tính từ sổ" not in text


def test_the_centres_book_is_pre_printed_as_evidence_per_person(year, tmp_path):
    s, c = year
    ids = [c.people[name] for name in ("Hùng", "Lan", "Lệ")]
    doc = forms.self_assessment_doc(session=s, year=YEAR, subject_ids=ids)
    hints = {p.name: dict(p.evidence) for p in doc.people}
    assert hints["Nguyễn Văn Hùng"] == {"cdht.1.3": "Sổ TTHTCĐ năm 2026: đã học 1 lớp/chuyên đề (8 giờ)",
                                        "cdht.2.1": "Sổ TTHTCĐ năm 2026: chưa ghi lớp/chuyên đề kỹ năng số nào"}
    assert hints["Nguyễn Thị Lan"]["cdht.1.3"] == "Sổ TTHTCĐ năm 2026: chưa ghi lớp/chuyên đề nào; đang đi học"
    assert hints["Trần Thị Lệ"]["cdht.2.1"] == "Sổ TTHTCĐ năm 2026: đã học 1 lớp/chuyên đề kỹ năng số"
    path = tmp_path / "ba.pdf"
    assert forms.print_self_assessment(session=s, year=YEAR, path=path, subject_ids=ids) == 3
    reader = PdfReader(path)
    assert len(reader.pages) == 3, "ten indicators, their evidence and the signatures fit one page"
    pages = {text_of(page).split("Họ và tên: ", 1)[1].split("Giới tính", 1)[0].strip(): " ".join(text_of(page).split())
             for page in reader.pages}
    assert "Sổ TTHTCĐ năm 2026: đã học 1 lớp/chuyên đề (8 giờ)" in pages["Nguyễn Văn Hùng"]
    assert "Tự chấm" in pages["Nguyễn Văn Hùng"] and "điều sổ của xã đã ghi, để tham khảo" in pages["Nguyễn Văn Hùng"]


def test_only_registered_people_living_here(year, tmp_path):
    s, c = year
    lan = c.people["Lan"]
    doc = forms.self_assessment_doc(session=s, year=YEAR, subject_ids=[lan])
    assert [p.name for p in doc.people] == ["Nguyễn Thị Lan"] and doc.people[0].birth == "2011"
    with pytest.raises(ValidationError) as error:
        forms.self_assessment_doc(session=s, year=YEAR, subject_ids=[c.people["Minh"]])  # 14: not registered
    assert error.value.code == "not_registered"
    register.set_citizen_status(session=s, citizen_id=lan, status="moved_away", since=f"{YEAR}-02-01")
    assert forms.self_assessment_doc(session=s, year=YEAR, subject_ids=[lan]).people == ()
    with pytest.raises(ValidationError) as error:
        forms.print_self_assessment(session=s, year=YEAR, path=tmp_path / "x.pdf", subject_ids=[lan])
    assert error.value.code == "nothing_to_print" and not (tmp_path / "x.pdf").exists()
