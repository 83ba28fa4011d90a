"""One sheet of a commune's list made into households of people, with every row that is not a
person (totals, signatures, repeated headers) skipped and every bad row kept with its reason."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from desktop.domain.errors import ValidationError, ValidationErrors, field_label
from desktop.domain.records import CitizenInput, CleanCitizen, clean_citizen
from desktop.domain.text import fold
from desktop.services.importing import values
from desktop.services.importing.layout import (
    Header,
    column_letter,
    find_header,
    header_key,
    is_header_again,
    unique_fields,
)
from desktop.services.importing.readers import Sheet
from desktop.services.importing.records import ColumnPlan, RowNote, SheetPlan

# "Tổng cộng", "Cộng: 25 khẩu", "Tổng 3 hộ" — but not "Tòng Minh Hà" (Tòng, Tống fold to "tong").
_TOTALS = re.compile(r"^(tong cong|tong so|cong ho|cong so|tong|cong)(\s*[:(\d]|$)|^(tong cong|tong so)\b")
_SIGNATURES = re.compile(
    r"^(nguoi lap|nguoi ghi|truong thon|truong ban|truong khu|to truong|truong to|bi thu|xac nhan|tm\.?\s|t/m|"
    r"chu tich|pho chu tich|ky ten|\(ky|ky,|can bo|ke toan|thu truong|ngay\s*[.…\d]*\s*thang|.*, ngay\b|"
    r"noi nhan|ghi chu:)")
_GENERIC_SHEET = re.compile(r"^(sheet|trang tinh|bang tinh|tong hop|th|danh sach|ds|data|du lieu)\s*\d*$")
_NAME_FIELDS = ("full_name", "family_middle", "middle_name", "given_name", "head_name")
_BIRTH_FIELDS = ("birth_date", "birth_male", "birth_female")
_CMND = re.compile(r"\d{9}")
_MEMBER_STT = re.compile(r"^\d+\s*[.,/-]\s*\d+$|^\d+\s*[a-zA-Z]$|^[-–+•*]$")


@dataclass
class PersonRow:
    row: int
    clean: CleanCitizen
    head: bool  # marked head by the list (relation, mark, or first of a numbered block)


@dataclass
class HouseholdRows:
    sheet: str
    row: int  # the first row of the household
    code: str
    hamlet: str
    address: str
    phone: str
    people: list[PersonRow] = field(default_factory=list)
    head_refused: int | None = None  # the row of its head, when that row was refused
    rows: list[int] = field(default_factory=list)  # every row put in it, refused ones included


@dataclass
class SheetResult:
    plan: SheetPlan
    households: list[HouseholdRows]
    rejected: list[RowNote]
    warnings: list[RowNote]
    skipped: int
    groups: list[tuple[str, tuple[int, ...]]] = field(default_factory=list)  # each household's rows
    mark_columns: set[str] = field(default_factory=set)  # sex_male / sex_female columns the sheet has


@dataclass
class _Row:
    index: int  # 0-based
    cells: dict[str, object]
    blank: bool


def _data_fill(sheet: Sheet, start: int) -> dict[tuple[int, int], object]:
    """Merged cells below the header (a household's code or address over its members' rows)."""
    fill: dict[tuple[int, int], object] = {}
    for r0, c0, r1, c1 in sheet.merged:
        if r0 < start or r0 >= len(sheet.rows) or c0 >= len(sheet.rows[r0]):
            continue
        value = sheet.rows[r0][c0]
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                fill.setdefault((r, c), value)
    return fill


def _fields(header: Header, mapping: dict[str, str]) -> list[str]:
    return unique_fields([mapping.get(header_key(label), guess) if label else guess
                          for label, guess in zip(header.labels, header.fields, strict=True)])


def _sheet_hamlet(sheet: Sheet, header: Header | None, known: dict[str, str], many_sheets: bool) -> str:
    name_key = fold(sheet.name)
    if name_key in known:
        return known[name_key]
    if phrase := values.hamlet_phrase(sheet.name):
        return known.get(fold(phrase), phrase)
    top = header.rows[0] if header else min(len(sheet.rows), 10)
    for row in sheet.rows[:top]:
        for value in row:
            if isinstance(value, str) and (phrase := values.hamlet_phrase(value)):
                return known.get(fold(phrase), phrase)
    if many_sheets and not _GENERIC_SHEET.match(name_key) and len(sheet.name.strip()) > 1:
        return sheet.name.strip()
    return ""


def _name_text(cells: dict[str, object]) -> str:
    if cells.get("full_name") not in (None, ""):
        return values.text(cells["full_name"])
    joined = " ".join(values.text(cells.get(f)) for f in ("family_middle", "middle_name", "given_name"))
    return " ".join(joined.split()) or values.text(cells.get("head_name"))


def _has_person_data(cells: dict[str, object]) -> bool:
    return "identity_number" in cells or any(values.looks_like_birth(cells[f]) for f in _BIRTH_FIELDS if f in cells)


def _not_a_person(row: tuple[object, ...], cells: dict[str, object]) -> str:
    """"totals" or "signature" for the lines below a list that are not people; "" otherwise."""
    if _has_person_data(cells):
        return ""  # a birth or an identity number: a person, whatever the name looks like
    # The name and the first text only: a person's other cells ("Công nhân", "Kế toán", "Cán bộ")
    # read like a totals or signature line.
    texts = [fold(values.text(v)) for v in row if isinstance(v, str) and v.strip()][:1]
    name = fold(_name_text(cells))
    for t in [name, *texts]:
        if _TOTALS.match(t):
            return "totals"
        if _SIGNATURES.match(t):
            return "signature"
    return ""


def _reason(error: ValidationError | ValidationErrors) -> str:
    if isinstance(error, ValidationErrors):
        return "; ".join(f"{field_label(e.field)}: {e.message}" if e.field else e.message for e in error.errors)
    return f"{field_label(error.field)}: {error.message}" if error.field else error.message


def read_sheet(sheet: Sheet, *, mapping: dict[str, str], known_hamlets: dict[str, str], many_sheets: bool,
               today: date) -> SheetResult:
    header = find_header(sheet, mapping)
    if header is None:
        plan = SheetPlan(name=sheet.name, header_rows=(), columns=(), hamlet="", grouping="none", people_rows=0,
                         sample=(), problem="không tìm thấy dòng tiêu đề (cần có cột “Họ và tên” và ít nhất một "
                                         "cột khác như “Ngày sinh”, “Giới tính”) trong 40 dòng đầu")
        return SheetResult(plan, [], [], [], 0)
    fields = _years_not_marks(sheet, header, _fields(header, mapping))
    columns = tuple(ColumnPlan(index=i, letter=column_letter(i), header=label, key=header_key(label), field=f)
                    for i, (label, f) in enumerate(zip(header.labels, fields, strict=True)))
    hamlet = _sheet_hamlet(sheet, header, known_hamlets, many_sheets)
    fill = _data_fill(sheet, header.data_start)
    rows, skipped, ended = [], 0, False
    for r in range(header.data_start, len(sheet.rows)):
        raw = sheet.rows[r]
        cells = {f: fill.get((r, c), raw[c] if c < len(raw) else "") for c, f in enumerate(fields) if f}
        cells = {f: v for f, v in cells.items() if v not in ("", None)}
        if not any(v not in ("", None) for v in raw):
            rows.append(_Row(r, {}, True))
            continue
        kind = _not_a_person(raw, cells)
        if (ended and not _has_person_data(cells)) or is_header_again(raw, header) or kind:
            ended = ended or kind == "signature"  # below a signature line: the signers' names, not people
            skipped += 1
            continue
        if set(cells) <= {"stt"}:  # a numbered line left empty
            skipped += 1
            continue
        rows.append(_Row(r, cells, False))
    people = [row for row in rows if not row.blank]
    _name_hamlets(people, header, fields)
    grouping, problem = _grouping(fields, people, rows)
    sample = tuple(tuple(values.text(v) for v in sheet.rows[row.index]) for row in people[:5])
    plan = SheetPlan(name=sheet.name, header_rows=tuple(r + 1 for r in header.rows), columns=columns, hamlet=hamlet,
                     grouping=grouping, people_rows=len(people), sample=sample, problem=problem,
                     hamlet_known=bool(hamlet) and (fold(hamlet) in known_hamlets
                                                    or values.hamlet_key(hamlet) in known_hamlets))
    result = SheetResult(plan, [], [], [], skipped, mark_columns={f for f in fields if f in ("sex_male", "sex_female")})
    if problem:
        result.rejected.extend(RowNote(sheet.name, row.index + 1, problem) for row in people)
        return result
    _group(result, rows, grouping, hamlet, today)
    return result


def _name_hamlets(people: list[_Row], header: Header, fields: list[str]) -> None:
    """"Yên Thịnh" under a "Thôn" header is "Thôn Yên Thịnh", as the register names hamlets."""
    if "hamlet" not in fields:
        return
    kind = values.kind_label(header.labels[fields.index("hamlet")])
    if not kind:
        return
    for row in people:
        name = values.text(row.cells.get("hamlet"))
        if name and not values.hamlet_phrase(name):
            row.cells["hamlet"] = f"{kind} {name}"


def _years_not_marks(sheet: Sheet, header: Header, fields: list[str]) -> list[str]:
    """A "Nam" or "Nữ" column holding years is the year of birth of men or women, not a mark."""
    out = list(fields)
    for c, f in enumerate(fields):
        if f not in ("sex_male", "sex_female"):
            continue
        cells = [row[c] for row in sheet.rows[header.data_start:] if c < len(row) and row[c] not in ("", None)]
        years = sum(1 for v in cells if values.looks_like_birth(v))
        if cells and years * 2 > len(cells):
            out[c] = "birth_male" if f == "sex_male" else "birth_female"
    return out


def _grouping(fields: list[str], people: list[_Row], rows: list[_Row]) -> tuple[str, str]:
    have = set(fields)
    if not have & set(_NAME_FIELDS):
        return "none", "chưa chọn cột họ và tên"
    if not people:
        return "none", ""
    if "household_code" in have and "household_code" in people[0].cells:
        return "code", ""
    if "relation" in have and any(values.relation_code(p.cells.get("relation"))[0] == "head" for p in people):
        return "relation", ""
    if "head_mark" in have and any(values.is_mark(p.cells.get("head_mark")) for p in people):
        return "head_mark", ""
    if "head_name" in have and have & {"full_name", "given_name"}:
        return "head_name", ""
    if "head_name" in have:
        return "heads_only", ""
    numbered = [values.text(p.cells["stt"]) for p in people
                if "stt" in p.cells and not _MEMBER_STT.match(values.text(p.cells["stt"]))]
    merged = len(numbered) == len(people) and len(set(numbered)) < len(numbered)  # one STT over a household's rows
    if "stt" in have and numbered and (len(numbered) < len(people) or merged):
        return "numbered_heads", ""
    blocks = _blocks(rows)
    if any(len(b) > 1 for b in blocks) and len(blocks) > 1:
        return "blocks", ""
    return "none", ("không xác định được hộ gia đình: bảng không có cột Mã hộ, Quan hệ với chủ hộ hay Họ tên chủ "
                    "hộ, và các hộ không cách nhau bởi dòng trống; hãy chọn lại cột ở bước ghép cột")


def _blocks(rows: list[_Row]) -> list[list[_Row]]:
    blocks: list[list[_Row]] = [[]]
    for row in rows:
        if row.blank:
            if blocks[-1]:
                blocks.append([])
        else:
            blocks[-1].append(row)
    return [b for b in blocks if b]


def _starts_household(grouping: str, row: _Row, previous: _Row | None, current: HouseholdRows | None) -> bool:
    c = row.cells
    if grouping == "code":
        code = values.text(c.get("household_code"))
        return bool(code) and (current is None or fold(code) != fold(current.code))
    if grouping == "relation":
        return values.relation_code(c.get("relation"))[0] == "head"
    if grouping == "head_mark":
        return values.is_mark(c.get("head_mark"))
    if grouping == "numbered_heads":
        stt = values.text(c.get("stt"))
        return bool(stt) and not _MEMBER_STT.match(stt) and (
            previous is None or stt != values.text(previous.cells.get("stt")))
    return True  # heads_only: every row


def _group(result: SheetResult, rows: list[_Row], grouping: str, hamlet: str, today: date) -> None:
    sheet = result.plan.name
    if grouping == "blocks":
        for block in _blocks(rows):
            household = _household(sheet, block[0], hamlet)
            for i, row in enumerate(block):
                _person(result, household, row, head=(i == 0), today=today)
            result.households.append(household)
        _drop_headless(result)
        return
    if grouping == "head_name":
        by_head: dict[tuple[str, str], HouseholdRows] = {}
        last_key: tuple[str, str] | None = None
        for row in rows:
            if row.blank:
                continue
            key = (fold(values.text(row.cells.get("head_name"))), fold(values.text(row.cells.get("hamlet"))))
            if not key[0] and last_key is not None:
                key = last_key  # the head's name written once, on the household's first row
            if not key[0]:
                result.rejected.append(RowNote(sheet, row.index + 1, "Họ tên chủ hộ: không được để trống."))
                continue
            last_key = key
            if key not in by_head:
                by_head[key] = _household(sheet, row, hamlet)
                result.households.append(by_head[key])
            household = by_head[key]
            _person(result, household, row, head=fold(_name_text({**row.cells, "head_name": ""})) == key[0],
                    today=today)
        _drop_headless(result)
        return
    current: HouseholdRows | None = None
    previous: _Row | None = None
    for row in rows:
        if row.blank:
            continue
        if _starts_household(grouping, row, previous, current):
            current = _household(sheet, row, hamlet)
            result.households.append(current)
            head = grouping in ("relation", "head_mark", "numbered_heads", "heads_only")
        else:
            head = False
        previous = row
        if current is None:
            result.rejected.append(RowNote(sheet, row.index + 1, _orphan_reason(grouping)))
            continue
        if grouping == "code":
            head = values.relation_code(row.cells.get("relation"))[0] == "head" or values.is_mark(
                row.cells.get("head_mark"))
        _person(result, current, row, head=head, today=today)
    _drop_headless(result)


def _drop_headless(result: SheetResult) -> None:
    """A household whose head's row was refused is refused whole: imported without its head,
    a later import of the corrected file could not find it again by its head."""
    kept = []
    for household in result.households:
        if household.head_refused is not None:
            result.rejected.extend(RowNote(result.plan.name, p.row, (
                f"Không nhập vì dòng chủ hộ (dòng {household.head_refused}) có lỗi; sửa dòng đó rồi nhập lại cả hộ."))
                for p in household.people)
            household.people.clear()
        result.groups.append((result.plan.name, tuple(household.rows)))
        if household.people:  # a household whose every row was refused is reported already
            kept.append(household)
    result.households[:] = kept


def _orphan_reason(grouping: str) -> str:
    if grouping == "code":
        return "Mã hộ: không được để trống (dòng đầu của hộ phải ghi mã hộ)."
    return "Không rõ thuộc hộ nào: dòng này ở trên dòng chủ hộ đầu tiên của trang."


def _household(sheet: str, row: _Row, hamlet: str) -> HouseholdRows:
    c = row.cells
    return HouseholdRows(sheet=sheet, row=row.index + 1, code=values.text(c.get("household_code")),
                         hamlet=values.text(c.get("hamlet")) or hamlet, address=values.text(c.get("address")),
                         phone=values.text(c.get("phone")))


def _person(result: SheetResult, household: HouseholdRows, row: _Row, *, head: bool, today: date) -> None:
    before = len(result.rejected)
    household.rows.append(row.index + 1)
    _add_person(result, household, row, head=head, today=today)
    if head and len(result.rejected) > before:
        household.head_refused = row.index + 1


def _add_person(result: SheetResult, household: HouseholdRows, row: _Row, *, head: bool, today: date) -> None:
    sheet, number, c = result.plan.name, row.index + 1, row.cells
    notes: list[str] = []
    name = _name_text(c) if set(c) & {"full_name", "given_name", "family_middle", "middle_name"} else values.text(
        c.get("head_name"))
    if not name:
        result.rejected.append(RowNote(sheet, number, "Họ và tên: không được để trống."))
        return
    relation, known = values.relation_code(c.get("relation"))
    if not known:
        notes.append(f"quan hệ “{values.text(c.get('relation'))}” không có trong danh mục, đã ghi là “Khác”")
    if head:
        relation = "head"
    elif relation == "head":
        relation = "other"
        notes.append("hộ đã có chủ hộ ở dòng trên; quan hệ ghi là “Khác”")
    try:
        sex, birth = _sex_and_birth(c, relation_text=c.get("relation"), notes=notes, today=today,
                                    mark_columns=result.mark_columns)
    except ValidationError as error:
        result.rejected.append(RowNote(sheet, number, _reason(error)))
        return
    education, known = values.education_code(c.get("education"))
    if not known:
        notes.append(f"trình độ học vấn “{values.text(c.get('education'))}” không rõ, đã để trống")
    identity = c.get("identity_number")
    if isinstance(identity, str):
        identity = identity.strip().lstrip("'`’")  # typed with an apostrophe to keep Excel off it
    if identity is not None and _CMND.fullmatch(values.text(identity).replace(" ", "")):
        notes.append(f"số “{values.text(identity)}” là số chứng minh nhân dân cũ (9 chữ số), không ghi vào ô số "
                     "định danh cá nhân; hãy bổ sung số định danh 12 chữ số")
        identity = None
    literacy, known = values.literacy_code(c.get("literacy"))
    if not known:
        notes.append(f"mức độ biết chữ “{values.text(c.get('literacy'))}” không rõ, đã để trống")
    status, known = values.status_code(c.get("status"))
    if not known:
        notes.append(f"tình trạng cư trú “{values.text(c.get('status'))}” không rõ, đã ghi là Thường trú")
    if status != "resident":
        notes.append(f"tình trạng “{values.text(c.get('status'))}” chưa có ngày bắt đầu; hãy bổ sung khi biết")
    data = CitizenInput(full_name=name, sex=sex, birth_date=birth, identity_number=identity,
                        literacy=literacy, status=status,
                        ethnicity=values.text(c.get("ethnicity")) or "01", relation=relation, education=education,
                        occupation=values.text(c.get("occupation")))
    try:
        clean = clean_citizen(data, today=today)
    except (ValidationError, ValidationErrors) as error:
        result.rejected.append(RowNote(sheet, number, _reason(error)))
        return
    household.people.append(PersonRow(row=number, clean=clean, head=relation == "head"))
    result.warnings.extend(RowNote(sheet, number, n[:1].upper() + n[1:] + ".") for n in notes)


def _sex_and_birth(c: dict[str, object], *, relation_text: object, notes: list[str], today: date,
                   mark_columns: set[str]) -> tuple[str, object]:
    male, female = c.get("birth_male"), c.get("birth_female")
    if male not in (None, "") and female not in (None, ""):
        raise ValidationError("năm sinh ghi ở cả cột Nam và cột Nữ; chỉ ghi ở một cột.", field="birth_date")
    if male not in (None, "") or female not in (None, ""):
        sex, birth = ("M", male) if male not in (None, "") else ("F", female)
        if c.get("sex") not in (None, ""):
            given = c.get("sex")
            notes.append(f"cột Giới tính ghi “{values.text(given)}”, đã theo cột năm sinh ({'Nam' if sex == 'M' else 'Nữ'})")
        return sex, values.birth_value(birth, today=today)
    birth = values.birth_value(c.get("birth_date"), today=today)
    if c.get("sex") not in (None, ""):
        return values.text(c["sex"]), birth
    marked_m, marked_f = values.is_mark(c.get("sex_male")), values.is_mark(c.get("sex_female"))
    if marked_m != marked_f:
        return ("M" if marked_m else "F"), birth
    if mark_columns == {"sex_female"}:  # one "Nữ" column: a blank there is a man
        return "M", birth
    if mark_columns == {"sex_male"}:
        return "F", birth
    if (from_id := values.sex_from_identity(c.get("identity_number"))) is not None:
        return from_id, birth
    if (from_relation := values.sex_from_relation(relation_text)) is not None:
        word = values.text(relation_text)
        notes.append(f"giới tính không ghi, đã suy ra {'Nam' if from_relation == 'M' else 'Nữ'} từ quan hệ “{word}”")
        return from_relation, birth
    raise ValidationError("không được để trống (Nam hoặc Nữ).", code="required", field="sex")
