"""Tệp › Sao lưu… and Tệp › Khôi phục…: a copy of the open register, and a backup put back.

The OS file dialogs sit behind `ask_backup_target`, `ask_backup_source` and
`ask_second_folder` so tests can answer them with a path (as open_file.ask_database_path).
The copy and the long half of a restore (decrypting, checking) run beside the writer
(`ops.run(network=True)`): the window stays usable and saves go on. Only the swap itself needs the register closed; the switcher
(app_controller) does that and reopens the restored file.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
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


def ask_second_folder(parent: QWidget | None, caption: str, folder: Path) -> Path | None:
    """The OS dialog for the second folder of the daily copy (tests replace this)."""
    chosen = QFileDialog.getExistingDirectory(parent, caption, str(folder))
    return Path(chosen) if chosen else None


def _size(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB".replace(".", ",")


class BackupDialog(QDialog):
    """Where the copy goes, and an optional password typed twice; below, the second folder
    of the daily copy (a USB stick), chosen or cleared at once, whatever the copy does."""

    second_folder_wanted = Signal(object)  # a Path to save as the second folder, or None to clear it

    def __init__(self, parent: QWidget, suggested: Path) -> None:
        super().__init__(parent)
        self.ready = False  # until the second folder saved in the register is known
        self.second_folder: Path | None = None
        self.second_changeable = False
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
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        layout.addLayout(self._second_folder_row())
        layout.addWidget(buttons)
        self.resize(600, self.sizeHint().height())

    def _second_folder_row(self) -> QVBoxLayout:
        self.second_label = QLabel(self.tr("Bản sao hằng ngày thứ hai: đang đọc…"))
        self.second_label.setWordWrap(True)
        self.second_choose_button = QPushButton(self.tr("Chọn &thư mục…"))
        self.second_clear_button = QPushButton(self.tr("&Bỏ"))
        for button in (self.second_choose_button, self.second_clear_button):
            button.setAutoDefault(False)
            button.setEnabled(False)
        self.second_choose_button.clicked.connect(self._choose_second_folder)
        self.second_clear_button.clicked.connect(lambda: self._want_second_folder(None))
        note = QLabel(self.tr("Mỗi ngày, lần đầu mở sổ, chương trình tự chép một bản sao vào thư mục sao-luu cạnh "
                              "tệp dữ liệu và vào thư mục thứ hai này (ví dụ ổ USB). Ổ USB chưa cắm thì thanh "
                              "trạng thái báo, bản sao cạnh tệp dữ liệu vẫn được tạo."))
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text)")
        self.second_error_label = QLabel()
        self.second_error_label.setStyleSheet("color: #b00020")
        self.second_error_label.setWordWrap(True)
        self.second_error_label.hide()
        row = QHBoxLayout()
        row.addWidget(self.second_label, 1)
        row.addWidget(self.second_choose_button)
        row.addWidget(self.second_clear_button)
        column = QVBoxLayout()
        column.addLayout(row)
        column.addWidget(self.second_error_label)
        column.addWidget(note)
        return column

    def show_second_folder(self, folder: Path | None, changeable: bool = True) -> None:
        """The saved choice, once read or written: the buttons work again (not for a register
        opened read-only, which gets no daily copy)."""
        self.ready = True
        self.second_folder = folder
        self.second_changeable = changeable
        self.second_label.setText(self.tr("Bản sao hằng ngày thứ hai: {folder}").format(
            folder=folder if folder is not None else self.tr("(chưa chọn)")))
        self.second_error_label.hide()
        self.second_choose_button.setEnabled(changeable)
        self.second_clear_button.setEnabled(changeable and folder is not None)

    def second_folder_refused(self, text: str) -> None:
        self.show_second_folder(self.second_folder, self.second_changeable)
        self.second_error_label.setText(text)
        self.second_error_label.show()

    def _choose_second_folder(self) -> None:
        start = self.second_folder if self.second_folder is not None else self.target.parent
        chosen = ask_second_folder(self, self.tr("Chọn thư mục thứ hai cho bản sao lưu hằng ngày"), start)
        if chosen is not None:
            self._want_second_folder(chosen)

    def _want_second_folder(self, folder: Path | None) -> None:
        self.second_choose_button.setEnabled(False)  # until it is saved
        self.second_clear_button.setEnabled(False)
        self.second_folder_wanted.emit(folder)

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
    """The password of a sealed backup. It stays open while the password is tried: a wrong
    one is said beside the field and asked again; it closes once the backup is checked, or
    on a fault a new password would not mend (a damaged file), which the caller then shows."""

    submitted = Signal(str)  # a password to try

    def __init__(self, parent: QWidget, source: Path) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Mật khẩu bản sao lưu"))
        self.checking = False
        self.cancelled = False
        note = QLabel(self.tr("Bản sao lưu {name} có mật khẩu. Hãy nhập mật khẩu đã đặt khi sao lưu.").format(
            name=source.name))
        note.setWordWrap(True)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b00020")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(self.tr("Tiếp tục"), QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAutoDefault(False)  # Enter in the field always means Tiếp tục, never Hủy
        self.ok_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.password_edit)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.resize(480, layout.totalHeightForWidth(480))

    def _say(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        self.password_edit.setFocus()
        self._fit()

    def _fit(self) -> None:
        """Tall enough for the wrapped message under the field (a layout does not grow for it)."""
        self.layout().activate()
        self.resize(self.width(), max(self.height(), self.layout().totalHeightForWidth(self.width())))

    def accept(self) -> None:
        """Enter or Tiếp tục: the password goes to be tried; the dialog waits for the answer."""
        if self.checking:
            return
        if not self.password_edit.text():
            return self._say(self.tr("Hãy nhập mật khẩu."))
        self.checking = True
        self.ok_button.setEnabled(False)
        self.password_edit.setReadOnly(True)  # not disabled: the focus stays in the field
        self.error_label.setText(self.tr("Đang kiểm tra mật khẩu và bản sao lưu…"))
        self.error_label.setStyleSheet("")
        self.error_label.show()
        self._fit()
        self.submitted.emit(self.password_edit.text())

    def wrong_password(self) -> None:
        """Asked again: the typed password cleared, the cursor back in the field."""
        self.checking = False
        self.ok_button.setEnabled(True)
        self.password_edit.setReadOnly(False)
        self.password_edit.clear()
        self.error_label.setStyleSheet("color: #b00020")
        self._say(self.tr("Mật khẩu không đúng; hãy nhập lại (chú ý chữ hoa, chữ thường và bộ gõ tiếng Việt "
                          "đang bật hay tắt)."))

    def checked(self) -> None:
        """The password was right and the backup sound, or it cannot be used at all: closed."""
        self.checking = False
        super().accept()

    def reject(self) -> None:
        """Escape or Hủy, even while a password is being tried: its answer is then dropped."""
        self.cancelled = True
        super().reject()


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
    _wire_second_folder(window, dialog)

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


def _wire_second_folder(window: QMainWindow, dialog: BackupDialog) -> None:
    """The second folder read from the register, and a new choice saved into it on the writer;
    a folder just chosen gets today's copy at once, so the officer sees it on the stick."""
    ops = window.ctx.ops
    db = window.ctx.db

    def alive() -> bool:
        return shiboken6.isValid(dialog)

    def shown(folder: Path | None) -> None:
        if alive():
            dialog.show_second_folder(folder, changeable=not db.read_only)

    def refused(error: BaseException) -> None:
        if not isinstance(error, XhhtError):
            window.ctx.errors.show(error, window)
        if alive():
            dialog.second_folder_refused(getattr(error, "message", str(error)))

    def copied(daily: service.DailyBackup) -> None:
        if daily.problems:  # a stick that cannot be written: said where the officer is looking
            window.statusBar().showMessage(" ".join(daily.problems), 60_000)
            if alive():
                dialog.second_folder_refused(" ".join(daily.problems))
        elif daily.made or daily.already:
            window.statusBar().showMessage(_tr("Bản sao lưu hôm nay đã có trong thư mục thứ hai {folder}.").format(
                folder=(daily.made[-1].path if daily.made else daily.already[-1]).parent), 30_000)

    def saved(folder: Path | None) -> None:
        shown(folder)
        if folder is None:
            window.statusBar().showMessage(_tr("Đã bỏ thư mục thứ hai; bản sao lưu hằng ngày chỉ còn trong thư mục "
                                               "sao-luu cạnh tệp dữ liệu."), 30_000)
            return
        _beside_writer(window, lambda progress: service.daily_backup(db=db, progress=progress),
                       _tr("Đang sao lưu vào thư mục thứ hai…"), copied, _failed(window, _tr("Không sao lưu được")))

    def wanted(folder: Path | None) -> None:
        ops.run(lambda session, _progress: service.set_second_folder(session=session, folder=folder),
                on_done=saved, on_failed=refused, label=_tr("Đang lưu thư mục sao lưu…"), undo=False)

    dialog.second_folder_wanted.connect(wanted)
    ops.run(lambda session, _progress: service.second_folder(session=session), writes=False, quiet=True,
            on_done=shown, on_failed=refused, label=_tr("Đang đọc thư mục sao lưu…"))


def start_restore(window: QMainWindow, switcher: "DatabaseSwitcher") -> None:
    """Tệp › Khôi phục…: pick a backup, its password if it has one (asked again while wrong),
    check it in the background, then a confirmation naming the file to be replaced; the
    switcher swaps and reopens. Nothing is replaced before that confirmation."""
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
        dialog.submitted.connect(lambda password: _stage(window, switcher, source, password, dialog))
        open_dialog(window, dialog)
    else:
        _stage(window, switcher, source, None, None)


def _stage(window: QMainWindow, switcher: "DatabaseSwitcher", source: Path, password: str | None,
           asking: PasswordDialog | None) -> None:
    db = window.ctx.db

    def gone() -> bool:  # the officer closed the password dialog while it was being tried
        return asking is not None and (not shiboken6.isValid(asking) or asking.cancelled)

    def checked(staged: service.StagedRestore) -> None:
        if gone():
            service.discard_restore(staged=staged)
            return
        if asking is not None:
            asking.checked()
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

    show_failure = _failed(window, _tr("Không khôi phục được"))

    def failed(error: BaseException) -> None:
        if gone():
            return
        if asking is not None:
            if isinstance(error, XhhtError) and error.code == service.WRONG_PASSWORD:
                asking.wrong_password()
                return
            asking.checked()  # a damaged or changed file: another password would not help
        show_failure(error)

    _beside_writer(window, lambda progress: service.stage_restore(db=db, source=source, password=password,
                                                                  progress=progress),
                   _tr("Đang kiểm tra bản sao lưu…"), checked, failed)
