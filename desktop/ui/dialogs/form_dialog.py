"""The one frame of every edit dialog: fields with their own messages, Lưu/Hủy, nothing typed lost.

A subclass adds its fields with `add_field`, may override `check()` to run the domain
rules as the officer types (Lưu stays disabled while they fail), and implements `job()`:
the function `fn(session)` that writes. What the form needs from the database before
the officer types (a household's members, the hamlets of a combo) is read on the
background reader with `prefill(fn, apply)`; Lưu waits for it.

What the officer meets:
- the focus starts in the first field; Enter saves (a multi-line field keeps its Enter;
  a table in the form opens its row);
- saving runs `job()` on the writer thread; on success the dialog keeps the result in
  `result_value` and closes; on failure it stays open with each message under its field
  (or in the red line at the bottom) and the focus in the first field at fault;
- Hủy, Escape and ✕ on a changed form ask "Lưu / Bỏ thay đổi / Quay lại" (`question`).
Unexpected errors (bugs) go to the one error presenter.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import ValidationError, XhhtError, field_label
from desktop.services.files import Session
from desktop.ui.context import UiContext
from desktop.ui.loader import Loader
from desktop.ui.widgets.validated_field import (
    ERROR_COLOUR,
    ValidatedField,
    change_signal,
    debounce,
    errors_of,
    field_value,
    message_with_field,
    sentence,
)

MESSAGE_ROOM = 80  # pixels kept free under the form for messages
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class FormDialog(QDialog):
    # A message under a field says "Số định danh cá nhân: có 11 chữ số"; forms whose row
    # labels already name the field well (the title dialogs) say just "Có 11 chữ số".
    LABELS_IN_MESSAGES = True

    def __init__(self, ctx: UiContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.fields: dict[str, ValidatedField] = {}
        self.labels: dict[str, str] = {}  # field -> its row's label
        self.result_value: Any = None
        self.current_dialog: QWidget | None = None  # a dialog opened from this one (tests reach it here)
        self.question: QMessageBox | None = None  # "Lưu / Bỏ thay đổi / Quay lại", while asked
        self._touched: set[str] = set()
        self._reveal = False
        self._saving = False
        self._valid = True
        self._snapshot: tuple | None = None  # the values as the form was given to the officer
        self._discard = False
        self.loader = Loader(ctx.ops, self, label=self.tr("Đang tải…"), on_failed=self._prefill_failed)
        self.loader.busy_changed.connect(lambda _busy: self._update_save())
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.layout_.addStretch(1)  # room for messages that appear under fields
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.message.hide()
        self.layout_.addWidget(self.message)
        self.pending_hint = QLabel()  # which fields keep Lưu disabled
        self.pending_hint.setWordWrap(True)
        self.pending_hint.setStyleSheet("color: palette(mid);")
        self.layout_.addWidget(self.pending_hint)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Lưu"))
        self.save_button.setDefault(True)
        self.cancel_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(self.tr("Hủy"))
        self.cancel_button.setAutoDefault(False)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.layout_.addWidget(self.buttons)
        self._timer = debounce(self, self.validate)
        self._sized = False

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        """First shown: tall enough for a few messages, the focus in the first field."""
        first = not self._sized
        if first:
            self._sized = True
            hint = self.sizeHint()
            self.resize(max(self.width(), hint.width()), max(self.height(), hint.height() + MESSAGE_ROOM))
        super().showEvent(event)
        if first and not self.loader.busy:
            self._ready()

    # --- fields --------------------------------------------------------------------
    def add_field(self, field: str, label: str, editor: QWidget) -> QWidget:
        """A labelled row whose messages are those the rules raise for `field`."""
        wrapped = ValidatedField(editor)
        self.form.addRow(label, wrapped)
        self.fields[field] = wrapped
        self.labels[field] = label
        signal = change_signal(editor)
        if signal is not None:
            signal.connect(lambda *_: self.touch(field))
        return editor

    def touch(self, field: str) -> None:
        self._touched.add(field)
        self._timer.start()

    def check(self) -> list[ValidationError]:
        """The domain rules for what is typed; none by default (the service checks on save)."""
        return []

    def field_message(self, error: XhhtError) -> str:
        return message_with_field(error) if self.LABELS_IN_MESSAGES else sentence(error.message)

    def validate(self) -> bool:
        """Show each touched field's message; Lưu is enabled only when nothing fails."""
        self._timer.stop()
        errors = self.check()
        by_field: dict[str, str] = {}
        for error in errors:
            by_field.setdefault(error.field or "", self.field_message(error))
        for name, field in self.fields.items():
            field.set_error(by_field.get(name) if self._reveal or name in self._touched else None)
        self.set_valid(errors)
        return self._valid

    def set_valid(self, errors: list[ValidationError]) -> None:
        self._valid = not errors
        self._update_save()
        names = list(dict.fromkeys(self.labels.get(e.field or "") or field_label(e.field) or sentence(e.message)
                                   for e in errors))
        self.pending_hint.setText(self.tr("Cần điền hoặc sửa: {0}.").format(", ".join(names)) if names else "")

    def reveal_all(self) -> None:
        self._reveal = True
        self.validate()

    # --- what the form needs first -------------------------------------------------
    def prefill(self, fn: Callable[[Session], Any], apply: Callable[[Any], None]) -> None:
        """Read `fn(session)` on the worker, then `apply(result)`; the officer types after that."""
        for field in self.fields.values():
            field.setEnabled(False)

        def arrived(result: Any) -> None:
            for field in self.fields.values():
                field.setEnabled(True)
            apply(result)
            if self.isVisible() and not self.loader.busy:
                self._ready()
        self.loader.load(fn, arrived)

    @property
    def ready(self) -> bool:
        """Shown, read what it needed, not saving: what a person sees as "the form is there"."""
        return self.isVisible() and not self.loader.busy and not self._saving

    def _ready(self) -> None:
        if self._snapshot is None:
            self._snapshot = self.values()
            self.focus_first()

    def _prefill_failed(self, exc: BaseException) -> None:
        self.show_error(exc)

    def focus_first(self) -> None:
        for field in self.fields.values():
            editor = field.editor
            if editor.isEnabled() and editor.focusPolicy() != Qt.FocusPolicy.NoFocus and editor.isVisibleTo(self):
                editor.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def focus_field(self, name: str) -> bool:
        field = self.fields.get(name)
        if field is None or not field.editor.isVisibleTo(self):
            return False
        field.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(field.editor, QLineEdit):
            field.editor.selectAll()
        return True

    def focus_error(self) -> None:
        """The first field (in form order) that shows a message."""
        for name, field in self.fields.items():
            if field.error and self.focus_field(name):
                return

    # --- changed or not -------------------------------------------------------------
    def values(self) -> tuple:
        return tuple(field_value(field.editor) for field in self.fields.values())

    def is_dirty(self) -> bool:
        """Something typed or chosen that Lưu has not stored."""
        return self._snapshot is not None and self.values() != self._snapshot

    def reject(self) -> None:
        """Hủy, Escape and ✕: a changed form asks first."""
        if self._saving:
            return  # the save's answer is on its way; it closes the dialog or says what failed
        if self.is_dirty() and not self._discard:
            self.ask_to_keep()
            return
        super().reject()

    def ask_to_keep(self) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Bỏ các thay đổi?"),
                          self.tr("Những gì vừa nhập chưa được lưu. Lưu lại trước khi đóng?"),
                          QMessageBox.StandardButton.NoButton, self)
        save = box.addButton(self.tr("Lưu"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(self.tr("Bỏ thay đổi"), QMessageBox.ButtonRole.DestructiveRole)
        back = box.addButton(self.tr("Quay lại"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)
        box.setEscapeButton(back)

        def answered() -> None:
            self.question = None
            if box.clickedButton() is save:
                self.submit()
            elif box.clickedButton() is discard:
                self._discard = True
                self.reject()
        box.finished.connect(answered)
        box.finished.connect(box.deleteLater)
        self.question = box
        box.open()
        return box

    # --- keys -----------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        """Enter saves wherever the officer is typing (a focused button: that button)."""
        if event.key() in _ENTER and event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                                           Qt.KeyboardModifier.KeypadModifier):
            focus = QApplication.focusWidget()
            if isinstance(focus, QAbstractButton) and focus is not self.save_button and self.isAncestorOf(focus):
                focus.click()
            else:
                self.submit()
            event.accept()
            return
        super().keyPressEvent(event)

    # --- saving --------------------------------------------------------------------
    def job(self) -> Callable[[Session], Any] | None:
        """What Lưu writes; None closes the dialog without writing."""
        raise NotImplementedError

    def submit(self) -> None:
        if self._saving or self.loader.busy:
            return
        self._reveal = True
        if not self.validate():
            self.focus_error()
            return
        self.show_message("")
        try:
            fn = self.job()
        except XhhtError as exc:
            self.show_error(exc)
            return
        if fn is None:
            self.accept()
            return
        self.set_saving(True)
        self.ctx.ops.run(lambda session, progress: fn(session), on_done=self._saved, on_failed=self._failed,
                         label=self.tr("Đang lưu…"), undo=self.undo_label())

    def undo_label(self) -> str:
        """How Sửa › Hoàn tác names this save."""
        return self.windowTitle()

    def set_saving(self, saving: bool) -> None:
        self._saving = saving
        self._update_save()

    def _update_save(self) -> None:
        self.save_button.setEnabled(self._valid and not self._saving and not self.loader.busy)

    def _saved(self, result: Any) -> None:
        self.set_saving(False)
        self.result_value = result
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.set_saving(False)
        self.show_error(exc)

    def field_of(self, service_field: str | None) -> str:
        """The form field a service's error names (they mostly agree)."""
        return service_field or ""

    def show_error(self, exc: BaseException) -> None:
        """Expected errors stay in the dialog (under their field when it is here); bugs go to the presenter."""
        errors = errors_of(exc)
        if not errors:
            self.ctx.errors.show(exc, self)
            return
        loose = []
        for error in errors:
            field = self.fields.get(self.field_of(error.field))
            if field is not None:
                field.set_error(self.field_message(error))
            else:
                loose.append(self.field_message(error) if not error.field else message_with_field(error))
        self.show_message("\n".join(loose))
        # After the event loop settles the disabled Lưu's focus hand-over, not before it.
        QTimer.singleShot(0, self.focus_error)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
