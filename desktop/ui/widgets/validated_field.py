"""An input with its red Vietnamese message under it, and the small helpers forms share.

Forms run the domain rules (desktop.domain) as the officer types and put each
ValidationError's message under the field it names; `errors_of` flattens whatever the
rules or a service raised into that list.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import ValidationError, ValidationErrors, XhhtError, field_label

ERROR_COLOUR = "#c62828"
DEBOUNCE_MS = 150


class ValidatedField(QWidget):
    """`editor` above a red message line that is hidden while the value is fine."""

    error_changed = Signal(str)

    def __init__(self, editor: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        layout.addWidget(self.message)
        self.setFocusProxy(editor)

    @property
    def error(self) -> str:
        return self.message.text() if not self.message.isHidden() else ""

    def set_error(self, text: str | None) -> None:
        text = text or ""
        if text == self.error:
            return
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.editor.setToolTip(text)
        self.editor.setAccessibleDescription(text)
        self.error_changed.emit(text)


def errors_of(exc: BaseException) -> list[XhhtError]:
    """The single errors inside `exc` (a ValidationErrors lists several)."""
    if isinstance(exc, ValidationErrors):
        return list(exc.errors)
    if isinstance(exc, XhhtError):
        return [exc]
    return []


def sentence(text: str) -> str:
    """A message standing on its own starts with a capital: 'có 11 chữ số' -> 'Có 11 chữ số'."""
    return text[:1].upper() + text[1:]


def message_with_field(error: XhhtError) -> str:
    """'Số định danh cá nhân: có 11 chữ số, cần đúng 12 chữ số.'"""
    label = field_label(error.field)
    text = error.message
    return f"{label}: {text}" if label else sentence(text)


def show_field_errors(fields: "dict[str, ValidatedField]", errors: list[XhhtError], *,
                      reveal: bool, touched: set[str]) -> None:
    """Each field shows its first message, once the officer has been there (or after a load)."""
    by_field: dict[str, str] = {}
    for error in errors:
        by_field.setdefault(error.field or "", message_with_field(error))
    for name, field in fields.items():
        field.set_error(by_field.get(name) if reveal or name in touched else None)


def run_check(errors: list[ValidationError], check, *args, **kwargs):
    """Call a domain rule, adding what it raises to `errors`; returns its value or None."""
    try:
        return check(*args, **kwargs)
    except (ValidationError, ValidationErrors) as exc:
        errors.extend(errors_of(exc))
    return None


def change_signal(editor: QWidget) -> SignalInstance | None:
    """The signal an editor emits when the officer changes its value."""
    if isinstance(editor, QLineEdit):
        return editor.textChanged
    if isinstance(editor, QComboBox):
        return editor.currentIndexChanged
    if isinstance(editor, QCheckBox):
        return editor.toggled
    if isinstance(editor, QAbstractSpinBox):
        return editor.valueChanged
    if isinstance(editor, QPlainTextEdit):
        return editor.textChanged
    return None


def field_value(editor: QWidget) -> object:
    """What an editor holds, comparable before and after the officer touched it."""
    if isinstance(editor, QLineEdit):
        return editor.text()
    if isinstance(editor, QComboBox):
        return editor.currentData(), editor.currentText()
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    if isinstance(editor, QAbstractSpinBox):
        return editor.text()
    if isinstance(editor, QPlainTextEdit):
        return editor.toPlainText()
    return None


def debounce(parent: QWidget, slot, msecs: int = DEBOUNCE_MS) -> QTimer:
    """A single-shot timer calling `slot`; `start()` on every keystroke restarts it."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(msecs)
    timer.timeout.connect(slot)
    return timer


def combo(items: dict[str, str], *, blank: str | None = None, parent: QWidget | None = None) -> QComboBox:
    """A combo box of vocabulary labels carrying their codes (and an optional blank first)."""
    box = QComboBox(parent)
    if blank is not None:
        box.addItem(blank, None)
    for code, label in items.items():
        box.addItem(label, code)
    return box


def select_data(box: QComboBox, value: object) -> None:
    """Choose the item carrying `value` (-1, nothing chosen, when there is none)."""
    box.setCurrentIndex(box.findData(value))
