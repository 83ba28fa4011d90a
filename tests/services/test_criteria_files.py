import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml

from desktop.domain.criteria import TITLE_ORDER, CriteriaError
from desktop.domain.errors import ConflictError, NotFoundError, ValidationError
from desktop.domain.rules import RULES
from desktop.paths import resources_dir
from desktop.services.criteria import (
    bundled_sets,
    choose_set,
    criteria_dir,
    find_set,
    import_set_file,
    load_folder,
    load_set_file,
)

BUNDLED = criteria_dir() / "gia-dinh" / "448-2016.yaml"


def test_resources_dir_is_the_package_folder():
    assert resources_dir() == Path(__file__).resolve().parents[2] / "desktop" / "resources"
    assert (resources_dir() / "fonts").is_dir()


def test_every_bundled_set_loads_and_validates():
    sets = bundled_sets()
    assert sorted(s.id for s in sets) == ["cong-dan/324-2023", "cong-dan/324-2023.2", "cong-dong/448-2016",
                                          "cong-dong/448-2016.2", "don-vi/448-2016", "dong-ho/448-2016",
                                          "dong-ho/448-2016.2", "gia-dinh/448-2016", "gia-dinh/448-2016.2"]
    assert {s.title for s in sets} == set(TITLE_ORDER)
    for cs in sets:
        assert cs.max_points == 100 and sum(c.points for c in cs.criteria) == 100
        assert cs.pass_rule.min_total == 80 and cs.validity_years == 1 and cs.recognised_by
        assert cs.origin == f"{cs.title}/{cs.version}.yaml"
        for text in [cs.name, cs.recognised_by] + [x.name for x in (*cs.criteria, *cs.items)]:
            assert unicodedata.is_normalized("NFC", text)
        for part in (*cs.criteria, *cs.items):
            assert part.confirmed or part.why, part.id  # every guess says why


def test_bundled_sets_keep_the_known_facts():
    sets = {title: choose_set(bundled_sets(), title, 2025) for title in TITLE_ORDER}
    cdht = sets["cong-dan"]
    assert (cdht.source.code, cdht.source.date) == ("324/QĐ-KHVN", "2023-10-25")
    assert cdht.pass_rule.item_floor == 5  # QĐ 324: ≥ 80 and no indicator below 5
    assert all(i.points >= 5 for i in cdht.items)
    gdht = sets["gia-dinh"]
    assert gdht.source.code == "448/QĐ-KHVN" and gdht.pass_rule.no_criterion_at_zero
    assert [c.points for c in gdht.criteria] == [30, 30, 20, 20]
    assert [c.confirmed for c in gdht.criteria] == [True, True, False, False]
    # The items read from the text say what it says, word for word.
    assert gdht.item("gdht.1.1").name == (
        "Trẻ em ở độ tuổi phổ cập đều được đến trường, hoàn thành phổ cập giáo dục theo quy định (trừ trường "
        "hợp ốm đau, bệnh tật, không có khả năng học tập)")
    assert gdht.item("gdht.2.1").name.startswith("Người lớn từ 19 đến 60 tuổi (trừ những người không có khả năng")
    assert gdht.source.date == "2015-12-01"
    assert "pass_rule" in gdht.unconfirmed
    # NĐ 20/2014/NĐ-CP (Điều 7, 12): the universalisation ages run to 18 for those without THCS.
    for title, item in (("gia-dinh", "gdht.1.1"), ("dong-ho", "dhht.3.1"), ("cong-dong", "cdht_thon.4.1")):
        band = sets[title].item(item)
        assert (band.rule, band.params["min_age"], band.params["max_age"]) == ("school_age_in_school", 6, 18)


def test_every_computed_rule_is_used_by_a_bundled_set():
    used = {i.rule for s in bundled_sets() for i in s.items if i.kind == "computed"}
    assert used == set(RULES)


def test_choose_set_takes_the_newest_in_force(tmp_path):
    sets = bundled_sets()
    # The second issue of a set (same document, same years) wins for years not yet evaluated
    # (a year evaluated with the first issue keeps it, see set_for_year).
    assert choose_set(sets, "gia-dinh", 2025).id == "gia-dinh/448-2016.2"
    assert choose_set(sets, "dong-ho", 2016).id == "dong-ho/448-2016.2"
    assert choose_set(sets, "cong-dong", 2030).id == "cong-dong/448-2016.2"
    assert choose_set(sets, "cong-dan", 2023).id == "cong-dan/324-2023.2"
    assert choose_set([s for s in sets if s.version != "324-2023.2"], "cong-dan", 2026).id == "cong-dan/324-2023"
    with pytest.raises(NotFoundError) as info:
        choose_set(sets, "cong-dan", 2022)
    assert info.value.message == "Chưa có bộ tiêu chí Công dân học tập áp dụng cho năm 2022."
    # A province issues its own set from 2026: later years use it, 2025 keeps the old one.
    data = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    data.update(version="nghe-an-2026", valid_from=2026)
    path = tmp_path / "gia-dinh" / "nghe-an-2026.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    sets += load_folder(tmp_path)
    assert choose_set(sets, "gia-dinh", 2026).id == "gia-dinh/nghe-an-2026"
    # The second issue of a set (same document, same years) wins for years not yet evaluated.
    assert choose_set(sets, "gia-dinh", 2025).id == "gia-dinh/448-2016.2"
    assert choose_set(sets, "dong-ho", 2016).id == "dong-ho/448-2016.2"
    assert choose_set(sets, "cong-dong", 2030).id == "cong-dong/448-2016.2"
    assert find_set(sets, "gia-dinh/448-2016").version == "448-2016"
    with pytest.raises(NotFoundError):
        find_set(sets, "gia-dinh/2010")


def test_a_yaml_syntax_error_names_the_line(tmp_path):
    path = tmp_path / "bo.yaml"
    path.write_text("title: gia-dinh\nname: \"Gia đình học tập\nversion: 1\n", encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load_set_file(path)
    assert info.value.code == "yaml_syntax"
    assert info.value.message.startswith(f"Tệp “{path}” sai cú pháp YAML ở dòng 4")
    path.write_text("title: gia-dinh\n  name: x\n", encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load_set_file(path, name="bo.yaml")
    assert "Tệp “bo.yaml” sai cú pháp YAML ở dòng 2, cột 7" in info.value.message


def test_files_that_cannot_be_read(tmp_path):
    with pytest.raises(NotFoundError) as info:
        load_set_file(tmp_path / "khong-co.yaml", name="khong-co.yaml")
    assert info.value.message == "Không tìm thấy tệp bộ tiêu chí “khong-co.yaml”."
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("name: Gia đình".encode("cp1258", errors="replace") + b"\xff")
    with pytest.raises(ValidationError) as info:
        load_set_file(latin, name="latin.yaml")
    assert info.value.code == "encoding" and "UTF-8" in info.value.message
    empty = tmp_path / "empty.yaml"
    empty.write_text("# chỉ có ghi chú\n", encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load_set_file(empty, name="empty.yaml")
    assert info.value.message == "Tệp “empty.yaml” trống."


def test_a_bom_from_notepad_is_fine(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + BUNDLED.read_bytes())
    assert load_set_file(path).id == "gia-dinh/448-2016"


def test_content_errors_name_the_file_and_the_place(tmp_path):
    text = BUNDLED.read_text(encoding="utf-8").replace("        points: 10\n        kind: manual\n",
                                                       "        kind: manual\n", 1)
    path = tmp_path / "sai.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CriteriaError) as info:
        load_set_file(path, name="sai.yaml")
    assert info.value.message == "Bộ tiêu chí “sai.yaml”: Tiêu chí gdht.1, chỉ số gdht.1.2: thiếu số điểm (points)."


def test_a_file_must_sit_where_its_content_says(tmp_path):
    (tmp_path / "dong-ho").mkdir()
    shutil.copyfile(BUNDLED, tmp_path / "dong-ho" / "448-2016.yaml")
    with pytest.raises(ValidationError) as info:
        load_folder(tmp_path)
    assert info.value.message == ("Tệp “dong-ho/448-2016.yaml” chứa bộ tiêu chí gia-dinh/448-2016; "
                                  "hãy đặt tệp ở gia-dinh/448-2016.yaml.")
    assert load_folder(tmp_path / "khong-co") == []


def test_importing_a_set_copies_it_once_and_refuses_a_changed_one(tmp_path):
    folder = tmp_path / "criteria"
    data = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    data["version"] = "tinh-2026"
    source = tmp_path / "tai-ve.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    imported = import_set_file(source, folder=folder, known=bundled_sets())
    assert imported.id == "gia-dinh/tinh-2026"
    assert [s.id for s in load_folder(folder)] == ["gia-dinh/tinh-2026"]
    assert import_set_file(source, folder=folder).fingerprint == imported.fingerprint  # again: no change
    data["pass_rule"]["min_total"] = 75
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConflictError) as info:
        import_set_file(source, folder=folder)
    assert "Đã có bộ tiêu chí gia-dinh/tinh-2026 với nội dung khác" in info.value.message
    # The bundled set cannot be replaced under its own id either.
    with pytest.raises(ConflictError):
        data["version"] = "448-2016"
        source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        import_set_file(source, folder=folder, known=bundled_sets())
