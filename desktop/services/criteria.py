"""Criteria sets on disk: the bundled ones (desktop/resources/criteria/<title>/<version>.yaml) and
sets an officer or the province adds later, checked on load with Vietnamese errors.

A set is never edited in place: a changed set gets a new version, so a year evaluated
with `gia-dinh/448-2016` can always be shown again with that same set (`find_set`).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterable

import yaml

from desktop.domain.criteria import TITLES, CriteriaSet
from desktop.domain.criteria_reader import criteria_set_from_dict
from desktop.domain.errors import ConflictError, NotFoundError, StorageError, ValidationError
from desktop.paths import data_dir, resources_dir

SUFFIXES = (".yaml", ".yml")


def criteria_dir() -> Path:
    """The sets shipped with the program."""
    return resources_dir() / "criteria"


def user_criteria_dir() -> Path:
    """Where sets added on this PC are kept (same layout as the bundled folder)."""
    return data_dir() / "criteria"


def load_set_file(path: str | Path, *, name: str | None = None) -> CriteriaSet:
    """Read and check one set file; `name` is how messages call it (default: the path)."""
    label = name or str(path)
    return criteria_set_from_dict(read_yaml(path, label=label, what="bộ tiêu chí"), source=label)


def read_yaml(path: str | Path, *, label: str, what: str) -> object:
    """A YAML data file's content; Vietnamese errors name the file as `what` “label”."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise NotFoundError(f"Không tìm thấy tệp {what} “{label}”.") from None
    except OSError as error:
        raise StorageError(f"Không đọc được tệp {what} “{label}”: {error.strerror or error}.") from error
    try:
        text = raw.decode("utf-8-sig")  # Notepad on Windows may start the file with a BOM
    except UnicodeDecodeError:
        raise ValidationError(f"Tệp “{label}” không phải văn bản UTF-8; hãy lưu lại tệp với bảng mã UTF-8.",
                              code="encoding") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" ở dòng {mark.line + 1}, cột {mark.column + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        # PyYAML explains in English; the line number is what the officer needs first.
        raise ValidationError(f"Tệp “{label}” sai cú pháp YAML{where} ({problem}). Kiểm tra dấu hai chấm, "
                              "thụt lề bằng dấu cách và dấu ngoặc kép ở dòng đó.", code="yaml_syntax") from None
    if data is None:
        raise ValidationError(f"Tệp “{label}” trống.", code="empty_file")
    return data


def load_folder(folder: str | Path) -> list[CriteriaSet]:
    """Every <title>/<version>.yaml under `folder`; a file must sit where its content says."""
    folder = Path(folder)
    sets: list[CriteriaSet] = []
    if not folder.is_dir():
        return sets
    for path in sorted(p for p in folder.glob("*/*") if p.suffix in SUFFIXES and p.is_file()):
        relative = path.relative_to(folder).as_posix()
        criteria = load_set_file(path, name=relative)
        if (path.parent.name, path.stem) != (criteria.title, criteria.version):
            raise ValidationError(f"Tệp “{relative}” chứa bộ tiêu chí {criteria.id}; hãy đặt tệp ở "
                                  f"{criteria.title}/{criteria.version}{path.suffix}.", code="misplaced_set")
        sets.append(criteria)
    return sets


def bundled_sets() -> list[CriteriaSet]:
    return load_folder(criteria_dir())


def choose_set(sets: Iterable[CriteriaSet], title: str, year: int) -> CriteriaSet:
    """The newest set of `title` in force in `year`: latest start year, then latest issue."""
    candidates = [s for s in sets if s.title == title and s.in_force(year)]
    if not candidates:
        name = TITLES[title][1] if title in TITLES else title
        raise NotFoundError(f"Chưa có bộ tiêu chí {name} áp dụng cho năm {year}.", code="no_criteria_set")
    return max(candidates, key=lambda s: (s.valid_from, s.source.date or "", s.version))


def find_set(sets: Iterable[CriteriaSet], set_id: str) -> CriteriaSet:
    """The set a past year was evaluated with, by its id ("gia-dinh/448-2016")."""
    for criteria in sets:
        if criteria.id == set_id:
            return criteria
    raise NotFoundError(f"Không tìm thấy bộ tiêu chí {set_id} (bộ đã dùng để chấm năm trước); "
                        "hãy nạp lại tệp của bộ này.", code="no_criteria_set")


def import_set_file(path: str | Path, *, folder: str | Path | None = None,
                    known: Iterable[CriteriaSet] = ()) -> CriteriaSet:
    """Check a set file and copy it into `folder` (default: this PC's criteria folder).

    The same id with other content is refused (a year may already use that set);
    the same file again is accepted and changes nothing.
    """
    criteria = load_set_file(path)
    folder = Path(folder) if folder is not None else user_criteria_dir()
    target = folder / criteria.title / f"{criteria.version}.yaml"
    existing = [s for s in known if s.id == criteria.id]
    if target.exists():
        existing.append(load_set_file(target))
    for other in existing:
        if other.fingerprint != criteria.fingerprint:
            raise ConflictError(f"Đã có bộ tiêu chí {criteria.id} với nội dung khác. Bộ đã sửa phải mang phiên bản "
                                "mới (version), để các năm đã chấm vẫn giữ bộ cũ.", code="set_changed")
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return criteria
