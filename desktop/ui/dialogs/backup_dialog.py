"""Tệp › Sao lưu… and Tệp › Khôi phục…: a copy of the open register, and a backup put back.

The OS file dialogs sit behind `ask_backup_target` and `ask_backup_source` so tests can
answer them with a path (as open_file.ask_database_path). The copy and the long half of a
restore (decrypting, checking) run beside the writer (`ops.run(network=True)`): the window
stays usable and saves go on. Only the swap itself needs the register closed; the switcher
(app_controller) does that and reopens the restored file.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import XhhtError
from desktop.services import backup as service
from desktop.ui.dialogs.open_file import nearest_folder, warn
from desktop.ui.dialogs.opening import confirm, open_dialog

if TYPE_CHECKING:
    from desktop.ui.app_controller import DatabaseSwitcher


def _tr(text: str) -> str:
    return QCoreApplication.translate("Backup", text)


def ask_backup_target(parent: QWidget | None, caption: str, suggested: Path) -> Path | None:
    """The OS dialog for the copy's name (tests replace this); None when the officer cancels."""
    chosen, _ = QFileDialog.getSaveFileName(
        parent, caption, str(suggested),
        _tr("Bản sao lưu XHHT (*.sqlite *.xhht);;Tất cả các tệp (*)"))
    return Path(chosen) if chosen else None


def ask_backup_source(parent: QWidget | None, caption: str, folder: Path) -> Path | None:
    """The OS dialog for a backup to restore (tests replace this); None when the officer cancels."""
    chosen, _ = QFileDialog.getOpenFileName(
        parent, caption, str(folder),
        _tr("Bản sao lưu XHHT (*.sqlite *.xhht *.db);;Tất cả các tệp (*)"))
    return Path(chosen) if chosen else None


def _size(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB".replace(".", ",")


class BackupDialog(QDialog):
    """Where the copy goes, and an optional password typed twice."""

    def __init__(self, parent: QWidget, suggested: Path) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sao lưu tệp dữ liệu"))
        self.path_edit = QLineEdit(str(suggested))
        self.choose_button = QPushButton(self.tr("&Chọn…"))
        self.choose_button.setAutoDefault(False)  # Enter in a field saves, never opens the file dialog
        self.choose_button.clicked.connect(self._choose)
        where = QHBoxLayout()
        where.addWidget(self.path_edit, 1)
        where.addWidget(self.choose_button)
        self.seal_box = QCheckBox(self.tr("Đặt &mật khẩu cho bản sao lưu (mã hóa; quên mật khẩu thì không mở được)"))
        self.password_edit = QLineEdit()
        self.repeat_edit = QLineEdit()
        for edit in (self.password_edit, self.repeat_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setEnabled(False)
        self.seal_box.toggled.connect(self.password_edit.setEnabled)
        self.seal_box.toggled.connect(self.repeat_edit.setEnabled)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b00020")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        form = QFormLayout()
        form.addRow(self.tr("Lưu vào tệp:"), where)
        form.addRow(self.seal_box)
        form.addRow(self.tr("Mật khẩu:"), self.password_edit)
        form.addRow(self.tr("Nhập lại mật khẩu:"), self.repeat_edit)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(self.tr("Sao lưu"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def _choose(self) -> None:
        chosen = ask_backup_target(self, self.tr("Lưu bản sao lưu"), self.target)
        if chosen is not None:
            self.path_edit.setText(str(chosen))

    @property
    def target(self) -> Path:
        return Path(self.path_edit.text().strip()).expanduser()

    @property
    def password(self) -> str | None:
        return self.password_edit.text() if self.seal_box.isChecked() else None

    def _refuse(self, text: str, field: QWidget) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        field.setFocus()

    def accept(self) -> None:
        if not self.path_edit.text().strip():
            return self._refuse(self.tr("Hãy chọn tệp để lưu bản sao lưu."), self.path_edit)
        if self.seal_box.isChecked():
            if not self.password_edit.text():
                return self._refuse(self.tr("Hãy nhập mật khẩu, hoặc bỏ chọn đặt mật khẩu."), self.password_edit)
            if self.password_edit.text() != self.repeat_edit.text():
                self.repeat_edit.clear()
                return self._refuse(self.tr("Hai lần nhập mật khẩu không giống nhau; hãy nhập lại."),
                                    self.repeat_edit)
        super().accept()


class PasswordDialog(QDialog):
    """The password of a sealed backup."""

    def __init__(self, parent: QWidget, source: Path) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Mật khẩu bản sao lưu"))
        note = QLabel(self.tr("Bản sao lưu {name} có mật khẩu. Hãy nhập mật khẩu đã đặt khi sao lưu.").format(
            name=source.name))
        note.setWordWrap(True)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(self.tr("Tiếp tục"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.password_edit)
        layout.addWidget(buttons)

    def accept(self) -> None:
        if self.password_edit.text():
            super().accept()


def _beside_writer(window: QMainWindow, work: Callable, label: str, on_done: Callable,
                   on_failed: Callable[[BaseException], None]) -> None:
    """`work(progress)` on the thread beside the writer: a long copy never holds up a save."""
    window.ctx.ops.run(lambda progress, _step: work(progress), network=True, label=label,
                       on_done=on_done, on_failed=on_failed)


def _failed(window: QMainWindow, title: str) -> Callable[[BaseException], None]:
    def show(error: BaseException) -> None:
        if isinstance(error, XhhtError):
            warn(window, title, error.message)
        else:
            window.ctx.errors.show(error, window)
    return show


def start_backup(window: QMainWindow) -> BackupDialog:
    """Tệp › Sao lưu…: the dialog, then the copy in the background; the status bar says where."""
    db = window.ctx.db
    stamp = datetime.now().strftime("%Y%m%d-%H%M")
    suggested = nearest_folder(db.path) / f"{db.path.stem}.ban-sao-{stamp}{db.path.suffix}"
    dialog = BackupDialog(window, suggested)

    def run() -> None:
        target, password = dialog.target, dialog.password

        def done(record) -> None:
            sealed = _tr(" (có mật khẩu)") if record.sealed else ""
            window.statusBar().showMessage(_tr("Đã sao lưu vào {path}{sealed}, {size}.").format(
                path=record.path, sealed=sealed, size=_size(record.size)), 30_000)
        _beside_writer(window, lambda progress: service.back_up(db=db, target=target, password=password,
                                                                progress=progress),
                       _tr("Đang sao lưu…"), done, _failed(window, _tr("Không sao lưu được")))
    return open_dialog(window, dialog, run)


def start_restore(window: QMainWindow, switcher: "DatabaseSwitcher") -> None:
    """Tệp › Khôi phục…: pick a backup, its password if it has one, check it in the background,
    then a confirmation naming the file to be replaced; the switcher swaps and reopens."""
    db = window.ctx.db
    source = ask_backup_source(window, _tr("Chọn bản sao lưu để khôi phục"), service.daily_folder(path=db.path)
                               if service.daily_folder(path=db.path).is_dir() else nearest_folder(db.path))
    if source is None:
        return
    try:
        sealed = service.is_sealed_backup(path=source)
    except XhhtError as error:
        warn(window, _tr("Không khôi phục được"), error.message)
        return
    if sealed:
        dialog = PasswordDialog(window, source)
        open_dialog(window, dialog, lambda: _stage(window, switcher, source, dialog.password_edit.text()))
    else:
        _stage(window, switcher, source, None)


def _stage(window: QMainWindow, switcher: "DatabaseSwitcher", source: Path, password: str | None) -> None:
    db = window.ctx.db

    def checked(staged: service.StagedRestore) -> None:
        text = _tr("Bản sao lưu {source} đã được kiểm tra: đúng sổ của xã, không có lỗi.\n\n"
                   "Tệp đang mở {path} sẽ được thay bằng dữ liệu trong bản sao lưu. Những gì nhập sau lúc sao lưu "
                   "sẽ không còn trong sổ, nhưng tệp hiện tại được giữ lại bên cạnh (tên có "
                   "“truoc-khoi-phuc”), không mất.\n\nKhôi phục?").format(source=source, path=staged.path)
        box = confirm(window, _tr("Khôi phục từ bản sao lưu?"), text, _tr("Khôi phục"),
                      lambda: switcher.restore_staged(staged, window), destructive=True)

        def declined(_result: int) -> None:
            clicked = box.clickedButton()
            if clicked is None or box.buttonRole(clicked) != QMessageBox.ButtonRole.DestructiveRole:
                service.discard_restore(staged=staged)  # the checked copy beside the register goes
        box.finished.connect(declined)

    _beside_writer(window, lambda progress: service.stage_restore(db=db, source=source, password=password,
                                                                  progress=progress),
                   _tr("Đang kiểm tra bản sao lưu…"), checked, _failed(window, _tr("Không khôi phục được")))
