"""`xhht import` and the import wizard: households and their members from the lists communes
already keep (.xlsx, .xls, .ods, .csv), every row not imported named with its sheet, row and
reason, nothing added twice.

readers.py reads the file (legacy encodings converted), layout.py finds the header and guesses
the columns, sheets.py makes rows into households, apply.py writes them, rejects.py saves the
refused rows for correction.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Callable

from sqlalchemy.orm import Session

from desktop.domain.errors import ValidationError
from desktop.domain.progress import Progress
from desktop.services.importing import apply
from desktop.services.importing.readers import Book, read_book
from desktop.services.importing.records import FIELDS, ImportResult, RowNote, WorkbookPlan
from desktop.services.importing.sheets import HouseholdRows, SheetResult, read_sheet
from desktop.store.db import read_setting, write_setting

MAPPING_SETTING = "import/mapping"  # header key → field, as the officer last corrected it


def saved_import_mapping(*, session: Session) -> dict[str, str]:
    text = read_setting(session, MAPPING_SETTING)
    try:
        data = json.loads(text) if text else {}
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in data.items() if v in FIELDS} if isinstance(data, dict) else {}


def save_import_mapping(*, session: Session, mapping: dict[str, str]) -> None:
    """Remember the officer's choices for these headers; the next file with them is read the same way."""
    bad = sorted(v for v in mapping.values() if v not in FIELDS)
    if bad:
        raise ValidationError(f"không có loại cột “{bad[0]}”.", code="invalid_choice", field="mapping")
    merged = saved_import_mapping(session=session) | {k: v for k, v in mapping.items() if k}
    write_setting(session, MAPPING_SETTING, json.dumps(merged, ensure_ascii=False, sort_keys=True))


def _share(progress: Progress | None, low: int, high: int, message: str) -> Callable[[float], None] | None:
    """A callback taking 0–1 for one stage, moving the bar from `low` to `high` of 100."""
    if progress is None:
        return None
    if progress.total != 100:
        progress.start(100, message)
    progress.advance(max(0, low - progress.done), message)

    def report(fraction: float) -> None:
        target = low + int((high - low) * min(1.0, max(0.0, fraction)))
        if target > progress.done:
            progress.advance(target - progress.done)

    return report


def _read(session: Session, path: str | os.PathLike, mapping: dict[str, str] | None, today: date,
          progress: Progress | None) -> tuple[Book, list[SheetResult]]:
    book = read_book(Path(path), progress=_share(progress, 0, 20, "Đang đọc tệp…"))
    chosen = saved_import_mapping(session=session) | (mapping or {})
    hamlets = apply.known_hamlets(session=session)
    many = len([s for s in book.sheets if any(any(v not in ("", None) for v in r) for r in s.rows)]) > 1
    checked = _share(progress, 20, 40, "Đang kiểm tra từng dòng…")
    results = []
    for n, sheet in enumerate(book.sheets, start=1):
        results.append(read_sheet(sheet, mapping=chosen, known_hamlets=hamlets, many_sheets=many, today=today))
        if checked:
            checked(n / len(book.sheets))
    return book, results


def _plan(book: Book, results: list[SheetResult]) -> WorkbookPlan:
    return WorkbookPlan(path=str(book.path), format=book.format,
                        sheets=tuple(r.plan for r in results if r.plan.header_rows or _has_text(book, r.plan.name)),
                        converted_cells=sum(s.converted for s in book.sheets), encodings=book.encodings)


def _has_text(book: Book, name: str) -> bool:
    sheet = next(s for s in book.sheets if s.name == name)
    return any(any(v not in ("", None) for v in row) for row in sheet.rows)


def inspect_workbook(*, session: Session, path: str | os.PathLike, mapping: dict[str, str] | None = None,
                     today: date | None = None, progress: Progress | None = None) -> WorkbookPlan:
    """What an import of this file would read: each sheet's header, columns and grouping (the wizard's first step)."""
    book, results = _read(session, path, mapping, today or date.today(), progress)
    return _plan(book, results)


def run_import(*, session: Session, path: str | os.PathLike, mapping: dict[str, str] | None = None,
               dry_run: bool = False, new_hamlets: bool = True, today: date | None = None,
               progress: Progress | None = None) -> ImportResult:
    """Import the file in the caller's transaction; `dry_run` does all of it and takes it back."""
    today = today or date.today()
    book, results = _read(session, path, mapping, today, progress)
    households: list[HouseholdRows] = [h for r in results for h in r.households]
    rejected: list[RowNote] = [n for r in results for n in r.rejected]
    warnings: list[RowNote] = [n for r in results for n in r.warnings]
    _refuse_repeats(households, rejected)
    nested = session.begin_nested()
    try:
        outcome = apply.write(session=session, households=households, create_hamlets=new_hamlets, today=today,
                              progress=_share(progress, 40, 100, "Đang ghi vào sổ…"))
    except BaseException:
        nested.rollback()
        raise
    if dry_run:
        nested.rollback()
    else:
        nested.commit()
    order = {r.plan.name: i for i, r in enumerate(results)}
    rejected = sorted([*rejected, *outcome.rejected], key=lambda n: (order.get(n.sheet, 0), n.row))
    return ImportResult(
        path=str(book.path), dry_run=dry_run, households=outcome.households, citizens=outcome.citizens,
        households_matched=outcome.households_matched, citizens_matched=outcome.citizens_matched,
        hamlets_created=tuple(outcome.hamlets_created), rejected=tuple(rejected),
        warnings=tuple(sorted([*warnings, *outcome.warnings], key=lambda n: (order.get(n.sheet, 0), n.row))),
        duplicates=tuple(outcome.duplicates), skipped_lines=sum(r.skipped for r in results),
        plan=_plan(book, results), groups=_groups_with_refusals(results, rejected))


def _groups_with_refusals(results: list[SheetResult], rejected: list[RowNote]) -> tuple[
        tuple[str, tuple[int, ...]], ...]:
    refused = {(n.sheet, n.row) for n in rejected}
    return tuple(g for r in results for g in r.groups if any((g[0], row) in refused for row in g[1]))


def _refuse_repeats(households: list[HouseholdRows], rejected: list[RowNote]) -> None:
    """An identity number twice in the file: the second row is refused, naming the first."""
    first: dict[str, tuple[str, int]] = {}
    for household in households:
        kept = []
        for person in household.people:
            number = person.clean.identity_number
            if number and number in first:
                sheet, row = first[number]
                rejected.append(RowNote(household.sheet, person.row, (
                    f"Số định danh cá nhân: số {number} trùng với trang {sheet}, dòng {row} của tệp.")))
                continue
            if number:
                first[number] = (household.sheet, person.row)
            kept.append(person)
        household.people[:] = kept
        if kept and not any(p.head for p in kept):
            kept[0] = replace(kept[0], head=True)
            household.people[0] = kept[0]
    households[:] = [h for h in households if h.people]


__all__ = ["FIELDS", "ImportResult", "WorkbookPlan", "inspect_workbook", "run_import", "save_import_mapping",
           "saved_import_mapping"]
