"""The frame every edit dialog shares: fields with their own messages, Lưu/Hủy, saving through ctx.ops.

A subclass adds its fields with `add_field`, may override `check()` to run the domain
rules as the officer types (Lưu stays disabled while they fail), and implements `job()`:
the function `fn(session)` that writes. Saving runs it on the writer thread; on success
the dialog keeps the result in `result_value` and closes, on failure it stays open with
each message under its field, or in the red line at the bottom when no field owns it.
Unexpected errors (bugs) go to the one error presenter.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget,
)
from sqlalchemy.orm import Session

from desktop.domain.errors import ValidationError, XhhtError, field_label
from desktop.ui.context import UiContext
from desktop.ui.widgets.validated_field import (
    ERROR_COLOUR, ValidatedField, change_signal, debounce, errors_of, message_with_field,
    show_field_errors,
)

MESSAGE_ROOM = 80  # pixels kept free under the form for messages


class FormDialog(QDialog):
    def __init__(self, ctx: UiContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.fields: dict[str, ValidatedField] = {}
        self.result_value: Any = None
        self._touched: set[str] = set()
        self._reveal = False
        self._saving = False
        self._valid = True
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
        self.cancel_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(self.tr("Hủy"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.layout_.addWidget(self.buttons)
        self._timer = debounce(self, self.validate)
        self._sized = False

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        """First shown: tall enough for a few messages to appear without squeezing the rows."""
        if not self._sized:
            self._sized = True
            hint = self.sizeHint()
            self.resize(max(self.width(), hint.width()), max(self.height(), hint.height() + MESSAGE_ROOM))
        super().showEvent(event)

    # --- fields --------------------------------------------------------------------
    def add_field(self, field: str, label: str, editor: QWidget) -> QWidget:
        """A labelled row whose messages are those the rules raise for `field`."""
        wrapped = ValidatedField(editor)
        self.form.addRow(label, wrapped)
        self.fields[field] = wrapped
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

    def validate(self) -> bool:
        """Show each touched field's message; Lưu is enabled only when nothing fails."""
        self._timer.stop()
        errors = self.check()
        show_field_errors(self.fields, errors, reveal=self._reveal, touched=self._touched)
        self.set_valid(errors)
        return self._valid

    def set_valid(self, errors: list[ValidationError]) -> None:
        self._valid = not errors
        self.save_button.setEnabled(self._valid and not self._saving)
        names = list(dict.fromkeys(field_label(e.field) or e.message for e in errors))
        self.pending_hint.setText(self.tr("Cần điền hoặc sửa: {0}.").format(", ".join(names)) if names else "")

    def reveal_all(self) -> None:
        self._reveal = True
        self.validate()

    # --- saving --------------------------------------------------------------------
    def job(self) -> Callable[[Session], Any] | None:
        """What Lưu writes; None closes the dialog without writing."""
        raise NotImplementedError

    def submit(self) -> None:
        self._reveal = True
        if not self.validate():
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
                         label=self.tr("Đang lưu…"))

    def set_saving(self, saving: bool) -> None:
        self._saving = saving
        self.save_button.setEnabled(self._valid and not saving)

    def _saved(self, result: Any) -> None:
        self.set_saving(False)
        self.result_value = result
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.set_saving(False)
        self.show_error(exc)

    def show_error(self, exc: BaseException) -> None:
        """Expected errors stay in the dialog (under their field when it is here); bugs go to the presenter."""
        errors = errors_of(exc)
        if not errors:
            self.ctx.errors.show(exc, self)
            return
        loose = []
        for error in errors:
            field = self.fields.get(error.field or "")
            if field is not None:
                field.set_error(message_with_field(error))
            else:
                loose.append(message_with_field(error))
        self.show_message("\n".join(loose))

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))


def confirm(parent: QWidget, title: str, text: str, yes: str, on_yes: Callable[[], None]) -> QMessageBox:
    """A window-modal question with Vietnamese buttons; `on_yes` runs when the officer agrees."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(parent.tr("Hủy"), QMessageBox.ButtonRole.RejectRole)

    def finished() -> None:
        if box.clickedButton() is yes_button:
            on_yes()
    box.finished.connect(finished)
    box.open()
    return box
