"""Reference data comes down as numbered changes: criteria sets, a commune renamed,
announcements; a second pull brings nothing new, and a clash is reported, not forced."""

from __future__ import annotations

from desktop.paths import resources_dir
from desktop.services.criteria import load_folder, load_set_file
from desktop.store.models import Commune
from desktop.sync.reference import pull_reference
from desktop.sync.service import status
from province.services import reference
from tests.conftest import COMMUNE
from tests.sync.checks import change_log_size

BUNDLED = resources_dir() / "criteria" / "gia-dinh" / "448-2016.yaml"


def provincial_set() -> str:
    """The bundled family set, re-issued by the province under a version of its own."""
    text = BUNDLED.read_text(encoding="utf-8")
    return text.replace('version: "448-2016"', 'version: "nghe-an-2026"').replace("valid_from: 2016",
                                                                              "valid_from: 2026")


def publish(province, work) -> None:
    store = province.store()
    try:
        with store.session() as session:
            work(session)
            session.commit()
    finally:
        store.close()


def test_criteria_sets_units_and_announcements_come_down_once(enrolled, client, province, tmp_path):
    folder = tmp_path / "criteria"
    publish(province, lambda s: (
        reference.publish_criteria_set(s, provincial_set(), source="nghe-an-2026.yaml"),
        reference.publish_commune(s, COMMUNE, name="Xã Yên Xuân Mới"),
        reference.publish_announcement(s, title="Hạn nộp báo cáo năm 2025",
                                       body="Các xã gửi dữ liệu trước ngày 15/12/2025."),
    ))
    log_before = change_log_size(enrolled)
    report = pull_reference(enrolled, client, criteria_folder=folder)
    assert report.applied == {"criteria_set": 1, "commune": 1, "announcement": 1} and report.problems == []
    [criteria] = load_folder(folder)
    assert criteria.id == "gia-dinh/nghe-an-2026"
    assert criteria.fingerprint != load_set_file(BUNDLED).fingerprint
    with enrolled.session() as session:
        assert session.get(Commune, COMMUNE).name == "Xã Yên Xuân Mới"
    [note] = status(enrolled, online=False).announcements
    assert note.title == "Hạn nộp báo cáo năm 2025" and "15/12/2025" in note.body
    assert change_log_size(enrolled) == log_before, "reference data is not pushed back"

    again = pull_reference(enrolled, client, criteria_folder=folder)
    assert again.applied == {} and again.token == report.token


def test_a_set_that_clashes_with_one_on_this_pc_is_reported_and_left_alone(enrolled, client, province, tmp_path):
    folder = tmp_path / "criteria"
    mine = folder / "gia-dinh" / "nghe-an-2026.yaml"
    mine.parent.mkdir(parents=True)
    mine.write_text(provincial_set().replace('name: "Gia đình học tập"', 'name: "Gia đình học tập (bản xã)"'),
                    encoding="utf-8")
    publish(province, lambda s: reference.publish_criteria_set(s, provincial_set(), source="nghe-an-2026.yaml"))
    report = pull_reference(enrolled, client, criteria_folder=folder)
    assert report.applied == {}
    [problem] = report.problems
    assert "nội dung khác" in problem and "gia-dinh/nghe-an-2026" in problem
    assert "bản xã" in mine.read_text(encoding="utf-8")
