"""The wire protocol: its description of the synced tables is the commune database's
(checked against the models, so the two never drift), and it loads with the standard
library alone (the province server imports it)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import Boolean, Date, Float, Integer, String, Text

from desktop.store.base import Base, UTCTimestamp
from desktop.store.models import SYNCED_MODELS
from desktop.sync import protocol

KINDS = ((UTCTimestamp, "timestamp"), (Boolean, "bool"), (Date, "date"), (Float, "float"), (Integer, "int"),
         (Text, "text"), (String, "text"))


def kind_of(column) -> str:
    return next(kind for sql_type, kind in KINDS if isinstance(column.type, sql_type))


def test_every_synced_table_is_described_and_nothing_else():
    assert {t.name for t in protocol.TABLES} == {m.__tablename__ for m in SYNCED_MODELS}


@pytest.mark.parametrize("spec", protocol.TABLES, ids=lambda s: s.name)
def test_the_description_matches_the_model(spec):
    table = Base.metadata.tables[spec.name]
    described = {c.name: c for c in spec.columns}
    assert set(described) == set(table.columns.keys())
    for column in table.columns:
        wire = described[column.name]
        assert wire.kind == kind_of(column), column.name
        assert wire.nullable == bool(column.nullable), column.name
        parents = {fk.column.table.name for fk in column.foreign_keys}
        assert {wire.references} - {None} == parents, column.name
        deferred = any(fk.constraint.deferrable for fk in column.foreign_keys)
        assert wire.deferred == deferred, column.name


def test_parents_come_before_children_in_push_order():
    for spec in protocol.TABLES:
        for column in spec.references:
            if not column.deferred:
                assert protocol.TABLE_ORDER[column.references] < protocol.TABLE_ORDER[spec.name], column


def test_the_protocol_loads_without_sqlalchemy_requests_or_qt():
    code = ("import sys; import desktop.sync.protocol; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'requests', 'PySide6')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == "[]"


def test_a_row_is_checked_for_columns_and_kinds():
    row = {"id": "h-1", "version": 1, "updated_at": "2025-01-02T03:04:05.000006Z", "deleted": False, "origin": "pc",
           "name": "Thôn Đông", "kind": "thon", "note": "", "valid_from": "2025-01-01"}
    assert protocol.check_row("hamlets", row) is None  # valid_to absent: a nullable column an old client lacks
    assert protocol.check_row("hamlets", row | {"colour": "red"})[0] == "unknown_column"
    code, reason = protocol.check_row("hamlets", row | {"version": "2", "valid_from": "2025-02-30"})
    assert code == "bad_row" and "version" in reason and "valid_from" in reason
    assert protocol.check_row("passwords", row)[0] == "unknown_table"
    assert protocol.check_row("hamlets", row | {"deleted": 0})[0] == "bad_row"  # 0 is not a boolean


def test_ids_and_hashes_are_stable_and_tell_batches_apart():
    rows = [{"table": "hamlets", "row": {"id": "a", "version": 1}}]
    payload = protocol.payload_hash(rows)
    assert payload == protocol.payload_hash([{"row": {"version": 1, "id": "a"}, "table": "hamlets"}])
    one = protocol.batch_id("dev", 1, 10, "0003", payload)
    assert one == protocol.batch_id("dev", 1, 10, "0003", payload)
    assert one != protocol.batch_id("dev", 1, 11, "0003", payload)
    assert one != protocol.batch_id("other", 1, 10, "0003", payload)
    assert protocol.versions_digest([("b", 2), ("a", 1)]) == protocol.versions_digest([("a", 1), ("b", 2)])


def test_gzip_bodies_are_bounded():
    body = protocol.pack({"rows": ["x" * 1000] * 100})
    assert protocol.unpack(body, limit=200_000)["rows"][0] == "x" * 1000
    with pytest.raises(protocol.TooLarge):
        protocol.unpack(protocol.pack("0" * 5_000_000), limit=100_000)  # 5 MB of zeros is a few kB on the wire


# --- what the commune program writes, on both sides ---------------------------------

# Where the wire takes more than the model's String(N), and why. Everything else: exactly N.
WIDER = {
    ("citizens", "full_name"): (142, "three parts at their limits (40 + 60 + 40) and two spaces"),
    ("citizens", "sort_key"): (2000, "derived: up to 6 code points a letter (store/collation.py)"),
    ("evaluations", "level"): (40, "a level id of a criteria file: up to 40 (criteria_reader._ID)"),
    ("recognitions", "level"): (40, "the same level id, frozen in the recognition"),
}
# The longest text each shape takes, checked against the columns holding it.
LONGEST = {"partial_date": "2025-12-31", "cccd": "0" * 12, "phone": "0" * 11, "ident": "a" * 40,
           "set_id": "cong-dong/" + "a" * 40, "register_number": "2026-GĐHT-123456789",
           "check_value": "Z" * 16, "sort_key": "\x02" + "\ud7ff" * 1999}


def _wider(table: str, column) -> int | None:
    found = WIDER.get((table, column.name)) or WIDER.get(column.name)
    return found[0] if found else None


@pytest.mark.parametrize("spec", protocol.TABLES, ids=lambda s: s.name)
def test_text_lengths_are_the_models(spec):
    for column in Base.metadata.tables[spec.name].columns:
        wire = spec.column(column.name)
        if wire.kind != "text":
            continue
        length = getattr(column.type, "length", None)
        allowed = _wider(spec.name, column) or length
        if length is None:  # Text: the JSON columns, free up to the protocol's limit
            assert (wire.max_length, wire.min_length) == (protocol.MAX_TEXT_LENGTH, 1), column.name
        elif wire.vocabulary:
            assert max(map(len, protocol.VOCABULARIES[wire.vocabulary][1])) <= length, column.name
        elif wire.format:
            assert protocol.FORMATS[wire.format][0].fullmatch(LONGEST[wire.format]), wire.format
            assert len(LONGEST[wire.format]) <= min(allowed, wire.max_length), column.name
        else:
            assert wire.max_length == allowed, column.name


def test_closed_lists_are_the_domains():
    from desktop.domain import criteria, vocab
    from desktop.domain.ethnicities import ETHNICITIES
    from desktop.services.commune_rating import CAP_XA

    domain = {"sex": vocab.SEX, "ethnicity": ETHNICITIES, "relation": vocab.RELATIONS, "education": vocab.EDUCATION,
              "literacy": vocab.LITERACY, "citizen_status": vocab.CITIZEN_STATUS, "poverty": vocab.POVERTY,
              "hamlet_kind": vocab.HAMLET_KINDS, "unit_kind": vocab.UNIT_KINDS,
              "activity_category": vocab.ACTIVITY_CATEGORIES, "title": criteria.TITLES,
              "subject_kind": criteria.SUBJECT_NAMES, "checked_title": [*criteria.TITLES, CAP_XA]}
    assert set(domain) == set(protocol.VOCABULARIES)
    for name, codes in domain.items():
        assert protocol.VOCABULARIES[name][1] == set(codes), name
    assert {kind for kind, _ in criteria.TITLES.values()} == protocol.VOCABULARIES["subject_kind"][1]
    assert set(protocol.TITLE_NAMES) == protocol.VOCABULARIES["title"][1]


def _bounds(table: str, column: str) -> tuple:
    spec = protocol.TABLE_BY_NAME[table].column(column)
    return spec.minimum, spec.maximum


def test_ranges_are_the_services():
    from desktop.domain.dates import MIN_YEAR, PartialDate
    from desktop.domain.errors import ValidationError
    from desktop.domain.records import clean_hours
    from desktop.services.titles.common import check_year

    title_tables = [t.name for t in protocol.TABLES if "title" in t.column_names and t.name != "activities"]
    assert len(title_tables) == 7
    for table in title_tables:
        low, high = _bounds(table, "year")
        check_year(low), check_year(high)
        for outside in (low - 1, high + 1):
            with pytest.raises(ValidationError):
                check_year(outside)
    for table in ("activities", "participations"):
        low, high = _bounds(table, "hours")
        clean_hours(low), clean_hours(high)
        for outside in (low - 0.5, high + 0.5):
            with pytest.raises(ValidationError):
                clean_hours(outside)
    for table in ("citizens", "recognitions"):
        assert _bounds(table, "birth_year")[0] == MIN_YEAR
    partial = protocol.FORMATS["partial_date"][0]
    assert partial.fullmatch(PartialDate(MIN_YEAR).iso()) and not partial.fullmatch(PartialDate(MIN_YEAR - 1).iso())


def test_counts_are_never_negative_in_the_services(db):
    from desktop.domain.errors import ValidationError
    from desktop.services import units
    from desktop.services.session import transaction

    assert _bounds("learning_units", "staff_count") == (0, None)
    with transaction(db) as s:
        assert units.add_unit(session=s, data=units.UnitInput(name="Trường Tiểu học", staff_count=0)).id
        with pytest.raises(ValidationError):
            units.add_unit(session=s, data=units.UnitInput(name="Trường Mầm non", staff_count=-1))
    for table, column in (("title_registrations", "unit_staff"), ("title_registrations", "unit_staff_cdht"),
                          ("evaluation_rounds", "subjects"), ("evaluation_rounds", "passed")):
        assert _bounds(table, column) == (0, None)
    assert _bounds("certificates", "serial") == (1, None)


def test_shapes_are_what_the_domain_makes():
    from desktop.domain import verification
    from desktop.domain.cccd import validate_cccd
    from desktop.domain.criteria_reader import _ID
    from desktop.domain.records import clean_phone
    from desktop.services.titles.common import ABBREVIATIONS, available_sets

    shape = {name: pattern for name, (pattern, _) in protocol.FORMATS.items()}
    assert shape["ident"].pattern == _ID.pattern
    assert shape["cccd"].fullmatch(validate_cccd("001075000123", sex="M", birth_year=1975))
    for typed in ("0912 345 678", "+84 912.345.678", "912345678", "", "02103 812 345"):
        assert shape["phone"].fullmatch(clean_phone(typed)), typed
    for criteria in available_sets():
        assert shape["set_id"].fullmatch(criteria.id), criteria.id
        assert all(shape["ident"].fullmatch(level.id) for level in criteria.levels)
    for abbreviation in ABBREVIATIONS.values():
        assert shape["register_number"].fullmatch(f"2026-{abbreviation}-000123")
    check = verification.check_value(b"k" * 32, commune_code="17380", register_number="2026-GĐHT-000123",
                                      year=2026, title="gia-dinh", name="Nguyễn Văn An")
    assert shape["check_value"].fullmatch(check)


def test_what_the_services_require_the_wire_requires(db):
    from desktop.domain.errors import ValidationError
    from desktop.services import centre, clans, hamlets, units
    from desktop.services.session import transaction

    attempts = {("hamlets", "name"): lambda s: hamlets.add_hamlet(session=s, name=" \t "),
                ("learning_units", "name"): lambda s: units.add_unit(session=s, data=units.UnitInput(name="")),
                ("clans", "name"): lambda s: clans.add_clan(session=s, name="\n"),
                ("learning_centres", "name"): lambda s: centre.save_centre(session=s, name=""),
                ("activities", "title"): lambda s: centre.add_activity(session=s, data=centre.ActivityInput(
                    title=" ", category="topic", start_date="01/03/2025"))}
    with transaction(db) as s:
        for (table, column), attempt in attempts.items():
            assert protocol.TABLE_BY_NAME[table].column(column).min_length == 1
            with pytest.raises(ValidationError) as error:
                attempt(s)
            assert error.value.field == column or column in str(error.value), (table, column)


CITIZEN = {"id": "c-1", "version": 1, "updated_at": "2025-01-02T03:04:05.000006Z", "deleted": False, "origin": "pc",
           "household_id": None, "family_name": "Nguyễn", "middle_name": "Văn", "given_name": "An", "sex": "M",
           "birth_date": "1975-02-28", "identity_number": "001075000123", "ethnicity": "01", "relation": "head",
           "education": None, "literacy": "level2", "occupation": "", "studying": False, "status": "resident",
           "status_since": None, "status_note": None, "full_name": "Nguyễn Văn An", "birth_year": 1975,
           "sort_key": "\x02\x02\x01\x01", "search_text": "nguyen van an 001075000123"}


@pytest.mark.parametrize("change, words", [
    ({"sex": "X"}, "cột sex có giá trị “X” không thuộc danh mục giới tính (F, M)"),
    ({"ethnicity": "55"}, "cột ethnicity có giá trị “55” không thuộc danh mục mã dân tộc"),
    ({"status": "alive"}, "không thuộc danh mục tình trạng cư trú"),
    ({"given_name": "   "}, "cột given_name không được để trống"),
    ({"family_name": "N" * 100_000}, "cột family_name dài quá 40 ký tự (đang có 100.000)"),
    ({"birth_year": 1850}, "cột birth_year phải từ 1.900 đến 2.100 (đang là 1.850)"),
    ({"birth_year": 2 ** 70}, "cột birth_year có số nguyên vượt quá giới hạn 64 bit"),
    ({"birth_date": "1990-02-30"}, "cột birth_date phải là năm sinh dạng YYYY, YYYY-MM hoặc YYYY-MM-DD"),
    ({"identity_number": "12345"}, "cột identity_number phải là số định danh 12 chữ số (đang là “12345”)"),
    ({"occupation": "nông\x1bdân"}, "cột occupation chứa ký tự điều khiển (mã 27)"),
    ({"status_note": "a\x00b"}, "cột status_note chứa ký tự NUL (mã 0)"),
    ({"full_name": "An\ud800"}, "cột full_name chứa ký tự Unicode không hợp lệ"),
    ({"version": 0}, "cột version phải từ 1 đến 2.147.483.647 (đang là 0)"),
    ({"household_id": "h" * 37}, "cột household_id dài quá 36 ký tự"),
    ({"education": "x" * 10_000}, "cột education có giá trị “xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…” không"),
])
def test_a_row_outside_what_the_program_writes_is_refused_in_words(change, words):
    assert protocol.check_row("citizens", CITIZEN) is None
    code, reason = protocol.check_row("citizens", CITIZEN | change)
    assert code == "bad_row" and words in reason, reason
    assert len(reason) < 300  # a reason never echoes a long value back


def test_tabs_and_line_breaks_pass_and_the_sort_key_may_hold_its_markers():
    assert protocol.check_row("citizens", CITIZEN | {"occupation": "làm\truộng\r\nchăn nuôi"}) is None
    assert protocol.check_row("citizens", CITIZEN | {"sort_key": "\x02\x03\u0101"}) is None
    code, reason = protocol.check_row("citizens", CITIZEN | {"sort_key": "\x02\x00"})
    assert "cột sort_key phải là khóa sắp xếp tên, không chứa ký tự NUL" in reason
    hours = {"id": "p-1", "version": 1, "updated_at": CITIZEN["updated_at"], "deleted": False, "origin": "pc",
             "activity_id": "a-1", "citizen_id": "c-1", "hours": 2000.5, "completed": True}
    assert "cột hours phải từ 0 đến 2.000 (đang là 2000,5)" in protocol.check_row("participations", hours)[1]
