"""Asking for an existing XHHT file, and telling it apart from any other file.

The OS file dialog sits behind `ask_database_path` so tests can answer it with a path.
A picked file is checked read-only (services.files.check_commune_file) before anything opens
it: open_database would turn another program's SQLite file into an XHHT one.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop.domain.errors import XhhtError
from desktop.paths import default_database
from desktop.services.commune import communes_of, list_provinces
from desktop.services.files import check_commune_file


def _tr(text: str) -> str:
    return QCoreApplication.translate("OpenFile", text)


def ask_database_path(parent: QWidget | None, caption: str, folder: Path) -> Path | None:
    """The OS dialog for an existing file (tests replace this); None when the officer cancels."""
    chosen, _ = QFileDialog.getOpenFileName(
        parent, caption, str(folder),
        _tr("Cơ sở dữ liệu XHHT (*.sqlite *.db);;Tất cả các tệp (*)"))
    return Path(chosen) if chosen else None


def nearest_folder(path: Path) -> Path:
    """The folder of `path`, or its nearest parent that exists (a USB stick taken out leaves
    none: then the officer's documents)."""
    for folder in Path(path).parents:
        try:
            if folder.is_dir():
                return folder
        except OSError:  # a drive that is not there
            continue
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or Path.home())


def default_folder() -> Path:
    return nearest_folder(default_database())


def commune_name(code: str) -> str:
    """"Xã Yên Xuân, Nghệ An" from the official list, read without a database."""
    for province in list_provinces():
        for commune in communes_of(province.code):
            if commune.code == code:
                return commune.full_name
    return _tr("xã mã {code}").format(code=code)


def warn(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    """A window-modal warning that does not block the caller (as form_dialog.confirm)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.addButton(_tr("Đóng"), QMessageBox.ButtonRole.AcceptRole)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def pick_database(parent: QWidget | None, folder: Path, caption: str | None = None) -> Path | None:
    """Ask for a file and keep it only if it is an XHHT commune database (else say why)."""
    path = ask_database_path(parent, caption or _tr("Mở tệp dữ liệu XHHT"), folder)
    if path is None:
        return None
    try:
        check_commune_file(path)
    except XhhtError as error:
        warn(parent, _tr("Không mở được tệp"), error.message)
        return None
    return path
