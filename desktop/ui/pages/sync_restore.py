"""The restore's question: take the commune's data back from the province, with the one-time
restore code the province issued (issue 10: a device token alone no longer downloads the
commune's rows). The code is checked as it is typed, by the rules `xhht sync pull --restore`
uses; a refusal from the province reopens this dialog with the code as typed and the reason
under it. A restore stopped half-way goes on without a code (its grant is kept)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.sync.enrolment_input import CODE_EXAMPLE
from desktop.sync.restore_input import RESTORE_CODE_SHAPE, check_restore_code
from desktop.ui.pages.sync_parts import FIELD_AT_FAULT, HINT_STYLE


class RestoreCodeDialog(QDialog):
    def __init__(self, commune_name: str, *, grant_kept: bool, code: str = "", problem: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Khôi phục dữ liệu từ tỉnh"))
        self.grant_kept = grant_kept
        if grant_kept:
            text = self.tr("Lần khôi phục dữ liệu của {0} trước đây đang dở. Bấm “Khôi phục” để làm tiếp (không cần "
                           "nhập lại mã); chỉ nhập mã khi tỉnh đã cấp mã mới.").format(commune_name)
        else:
            text = self.tr("Lấy toàn bộ dữ liệu của {0} đang lưu trên máy chủ tỉnh về máy này. Tỉnh cấp cho xã một "
                           "mã khôi phục dùng một lần (hãy gọi điện cho tỉnh để xin mã); nhập mã đó rồi bấm "
                           "“Khôi phục”. Việc này có thể mất vài phút; nếu bị ngắt, lần sau sẽ làm tiếp.").format(
                               commune_name)
        self.note = QLabel(text)
        self.note.setWordWrap(True)
        self.code_edit = QLineEdit(code)
        self.code_edit.setPlaceholderText(CODE_EXAMPLE)
        self.code_edit.setToolTip(RESTORE_CODE_SHAPE)
        self.code_edit.setInputMethodHints(Qt.InputMethodHint.ImhPreferUppercase
                                           | Qt.InputMethodHint.ImhNoPredictiveText
                                           | Qt.InputMethodHint.ImhLatinOnly)
        self.code_hint = QLabel()
        self.code_hint.setWordWrap(True)
        self.code_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code_hint.hide()
        self.buttons = QDialogButtonBox()
        self.restore_button = self.buttons.addButton(self.tr("Khôi phục"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Mã khôi phục (dùng một lần):"), self.code_edit)
        form.addRow("", self.code_hint)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self._finished = bool(code)
        self.code_edit.textEdited.connect(lambda _text: self._show(self._check(finished=self._finished)))
        self.code_edit.editingFinished.connect(self._left)
        if problem:  # the province refused what was typed: say why, under the field, and keep it
            self._show_problem(problem)
        self.code_edit.setFocus()

    def _check(self, *, finished: bool):
        return check_restore_code(self.code_edit.text(), finished=finished)

    def _show(self, checked) -> None:
        text, kind = (checked.problem, "problem") if checked.problem else (checked.note, "note")
        self.code_hint.setText(text)
        self.code_hint.setStyleSheet(HINT_STYLE[kind])
        self.code_hint.setVisible(bool(text))
        self.code_edit.setStyleSheet(FIELD_AT_FAULT if checked.problem else "")

    def _show_problem(self, message: str) -> None:
        self.code_hint.setText(message)
        self.code_hint.setStyleSheet(HINT_STYLE["problem"])
        self.code_hint.show()
        self.code_edit.setStyleSheet(FIELD_AT_FAULT)
        self.code_edit.end(False)

    def _left(self) -> None:
        if self.code_edit.text().strip():
            self._finished = True
            self._show(self._check(finished=True))

    def code(self) -> str | None:
        """The 12 characters to send, or None: going on with the kept grant."""
        checked = self._check(finished=True)
        return checked.value if checked.ok else None

    def accept(self) -> None:
        """Only a well-formed code (or none, when a restore is under way) starts the restore."""
        if self.grant_kept and not self.code_edit.text().strip():
            super().accept()
            return
        self._finished = True
        checked = self._check(finished=True)
        self._show(checked)
        if not checked.ok:
            self.code_edit.setFocus()
            return
        super().accept()
