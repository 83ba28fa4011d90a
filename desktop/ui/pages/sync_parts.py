"""Pieces of the Đồng bộ page: how an attempt, a refused row and an announcement read
(plain records in, Vietnamese text out), and the enrolment box."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.moments import format_moment
from desktop.domain.text import format_count
from desktop.sync.enrolment_input import (
    CODE_EXAMPLE,
    CODE_FIELD,
    CODE_SHAPE,
    SERVER_EXAMPLE,
    SERVER_FIELD,
    InputCheck,
    check_code,
    check_server,
)
from desktop.sync.protocol import TABLE_LABELS
from desktop.sync.push import OLD_COPY_NOTICE
from desktop.sync.service import SyncStatus
from desktop.sync.state import Announcement, QuarantinedRow
from desktop.sync.verify import VerifyReport
from desktop.ui.sync_controller import SyncOutcome
from desktop.ui.widgets.record_table import RecordColumn

REFERENCE_NAMES = {"criteria_set": "bộ tiêu chí", "commune": "thay đổi danh mục xã", "announcement": "thông báo"}


def _n(value: int) -> str:
    return format_count(value)


def outcome_result(o: SyncOutcome) -> str:
    if o.cancelled:
        return "Đã dừng"
    if o.error is not None:
        return "Mất kết nối" if o.online is False else "Không thành công"
    if o.pushed is not None and o.pushed.rejected:
        return "Có bản ghi bị từ chối"
    return "Thành công"


def verify_text(report: VerifyReport | None) -> str:
    if report is None:
        return ""
    if report.ok:
        refused = sum(t.quarantined for t in report.tables)
        text = f"đã gửi bổ sung {_n(report.repaired)}; khớp" if report.repaired else "khớp"
        return text + (f", trừ {_n(refused)} bản ghi bị từ chối" if refused else "")
    differ = [TABLE_LABELS.get(t.table, t.table) for t in report.tables if not t.ok]
    return "lệch: " + ", ".join(differ)


def reference_text(o: SyncOutcome) -> str:
    if o.pulled is None:
        return ""
    got = ", ".join(f"{_n(n)} {REFERENCE_NAMES.get(k, k)}" for k, n in o.pulled.applied.items())
    return got or "không có gì mới"


def history_columns() -> list[RecordColumn]:
    pushed = (lambda field: lambda o: "" if o.pushed is None else _n(getattr(o.pushed, field)))
    return [
        RecordColumn("Thời điểm", lambda o: format_moment(o.at)),
        RecordColumn("Cách", lambda o: "Tự động" if o.background else "Đồng bộ ngay"),
        RecordColumn("Kết quả", outcome_result),
        RecordColumn("Số lô", pushed("batches"), number=True),
        RecordColumn("Bản ghi gửi", pushed("rows_sent"), number=True),
        RecordColumn("Được nhận", pushed("accepted"), number=True),
        RecordColumn("Tỉnh đã có", pushed("unchanged"), number=True),
        RecordColumn("Bị từ chối", pushed("rejected"), number=True),
        RecordColumn("Đối chiếu", lambda o: verify_text(o.pushed.verify if o.pushed else None)),
        RecordColumn("Nhận từ tỉnh", reference_text, stretch=True),
    ]


def outcome_summary(o: SyncOutcome | None) -> str:
    """One paragraph on an attempt, for under the list."""
    if o is None:
        return "Chưa đồng bộ lần nào từ khi mở chương trình."
    when = format_moment(o.at)
    if o.cancelled:
        return f"Lần đồng bộ lúc {when} đã được dừng; phần đã gửi được tỉnh giữ, lần sau gửi tiếp phần còn lại."
    lines = []
    if o.pushed is not None:
        p = o.pushed
        lines.append(f"Lúc {when}: đã gửi {_n(p.rows_sent)} bản ghi trong {_n(p.batches)} lô — {_n(p.accepted)} được "
                     f"nhận, {_n(p.unchanged)} tỉnh đã có, {_n(p.rejected)} bị từ chối.")
        if p.verify is not None:
            lines.append(f"Đối chiếu với máy chủ tỉnh: {verify_text(p.verify)}.")
            lines += [f"Bảng {TABLE_LABELS.get(t.table, t.table)}: trên máy {_n(t.local)}, trên máy chủ {_n(t.server)}."
                      for t in p.verify.tables if not t.ok]
        if p.resumed == "new_device":
            lines.append(OLD_COPY_NOTICE)
    if o.pulled is not None:
        lines.append(f"Dữ liệu dùng chung từ tỉnh: {reference_text(o)}.")
        lines += [f"Không áp dụng được: {problem}" for problem in o.pulled.problems]
    if o.error is not None:
        lines.append(f"Lúc {when}: {o.error}")
    return "\n".join(lines)


def quarantine_columns() -> list[RecordColumn]:
    return [
        RecordColumn("Loại bản ghi", lambda q: q.table_label),
        RecordColumn("Lý do tỉnh từ chối", lambda q: q.reason, stretch=True),
        RecordColumn("Thời điểm", lambda q: format_moment(q.at)),
    ]


def announcements_html(notes: tuple[Announcement, ...] | list[Announcement]) -> str:
    if not notes:
        return "<p>Chưa có thông báo nào của tỉnh.</p>"
    parts = []
    for note in notes:
        when = f" <span style='color:#607d8b'>({format_moment(note.published_at)})</span>" if note.published_at else ""
        body = escape(note.body).replace("\n", "<br>")
        parts.append(f"<p><b>{escape(note.title)}</b>{when}<br>{body}</p>")
    return "".join(parts)


def rejected_hint(rows: tuple[QuarantinedRow, ...]) -> str:
    if not rows:
        return "Không có bản ghi nào bị máy chủ tỉnh từ chối."
    return (f"{_n(len(rows))} bản ghi bị máy chủ tỉnh từ chối. Chúng vẫn được giữ trên máy này: hãy sửa theo lý do, "
            "lần đồng bộ sau sẽ gửi lại và bỏ khỏi danh sách khi tỉnh đã nhận.")


HINT_STYLE = {"note": "color: #546e7a;", "problem": "color: #b71c1c;"}
FIELD_AT_FAULT = "QLineEdit { border: 1px solid #c62828; border-radius: 2px; padding: 1px; }"


class EnrolmentBox(QGroupBox):
    """Server address and the one-time code → enroll; folded away once the PC is enrolled.

    Both fields are checked as the officer types, by the rules `xhht sync enroll` uses
    (desktop.sync.enrolment_input): a character the code never has shows at once, a short
    code only once the field is left or "Đăng ký" pressed. While enrolling the button says
    how far it got and Hủy stops it; a failure is written under the fields, the field at
    fault is marked and takes the focus, and nothing typed is cleared."""

    enrol_requested = Signal(str, str)  # the server's base URL and the code's 12 characters, both checked
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Đăng ký với máy chủ tỉnh"), parent)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.server_edit = QLineEdit()
        self.server_edit.setPlaceholderText(SERVER_EXAMPLE)
        self.server_edit.setInputMethodHints(Qt.InputMethodHint.ImhUrlCharactersOnly
                                             | Qt.InputMethodHint.ImhNoPredictiveText
                                             | Qt.InputMethodHint.ImhNoAutoUppercase)
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText(CODE_EXAMPLE)
        self.code_edit.setToolTip(CODE_SHAPE)
        self.code_edit.setInputMethodHints(Qt.InputMethodHint.ImhPreferUppercase
                                           | Qt.InputMethodHint.ImhNoPredictiveText
                                           | Qt.InputMethodHint.ImhLatinOnly)
        self.server_hint, self.code_hint, self.problem_label = QLabel(), QLabel(), QLabel()
        for label in (self.server_hint, self.code_hint, self.problem_label):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.hide()
        self._again = False  # the officer asked to enrol an enrolled PC again (a new server, a new code)
        self._finished = {SERVER_FIELD: False, CODE_FIELD: False}  # left or submitted once: short is wrong
        self._busy = self._cancelling = False
        self.enrol_button = QPushButton(self.tr("Đăng ký"))
        longest = self.enrol_button.fontMetrics().horizontalAdvance("Đang gửi mã đăng ký…")
        self.enrol_button.setMinimumWidth(longest + 24)  # the steps it shows while enrolling fit
        self.cancel_button = QPushButton(self.tr("Hủy"))
        self.cancel_button.hide()
        self.again_button = QPushButton(self.tr("Đăng ký lại…"))
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.enrol_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        self.form = QWidget()
        form = QFormLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Địa chỉ máy chủ tỉnh:"), self.server_edit)
        form.addRow("", self.server_hint)
        form.addRow(self.tr("Mã đăng ký (dùng một lần):"), self.code_edit)
        form.addRow("", self.code_hint)
        form.addRow("", buttons)
        form.addRow(self.problem_label)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.form)
        layout.addWidget(self.again_button)
        layout.addStretch(1)
        self.enrol_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self._cancel)
        self.code_edit.returnPressed.connect(self.submit)
        self.server_edit.returnPressed.connect(self._server_entered)
        self.again_button.clicked.connect(self._enrol_again)
        for name, edit in self._edits().items():
            edit.textEdited.connect(lambda _text, name=name: self._edited(name))
            edit.editingFinished.connect(lambda name=name: self._left(name))

    def _edits(self) -> dict[str, QLineEdit]:
        return {SERVER_FIELD: self.server_edit, CODE_FIELD: self.code_edit}

    def _check(self, name: str, *, finished: bool) -> InputCheck:
        text = self._edits()[name].text()
        return check_server(text, finished=finished) if name == SERVER_FIELD else check_code(text, finished=finished)

    def _show_check(self, name: str, checked: InputCheck) -> None:
        hint = self.server_hint if name == SERVER_FIELD else self.code_hint
        text, kind = (checked.problem, "problem") if checked.problem else (checked.note, "note")
        hint.setText(text)
        hint.setStyleSheet(HINT_STYLE[kind])
        hint.setVisible(bool(text))
        self._edits()[name].setStyleSheet(FIELD_AT_FAULT if checked.problem else "")

    # --- as the officer types --------------------------------------------------------
    def _edited(self, name: str) -> None:
        if self.problem_label.property("field") == name:  # the failure was about this field: it is being mended
            self.problem_label.hide()
        self._show_check(name, self._check(name, finished=self._finished[name]))

    def _left(self, name: str) -> None:
        if not self._edits()[name].text().strip():
            return  # leaving an empty field is no mistake yet: "Đăng ký" says what is missing
        self._finished[name] = True
        self._show_check(name, self._check(name, finished=True))

    def _server_entered(self) -> None:
        if self.code_edit.text().strip():
            self.submit()
        elif self._check(SERVER_FIELD, finished=True).ok:
            self.code_edit.setFocus()

    def submit(self) -> None:
        """Check both fields; emit enrol_requested when both are right, else focus the first at fault."""
        checks = {}
        for name in self._edits():
            self._finished[name] = True
            checks[name] = self._check(name, finished=True)
            self._show_check(name, checks[name])
        wrong = next((name for name, checked in checks.items() if not checked.ok), None)
        if wrong is not None:
            self._edits()[wrong].setFocus()
            return
        self.problem_label.hide()
        self.enrol_requested.emit(checks[SERVER_FIELD].value, checks[CODE_FIELD].value)

    def _cancel(self) -> None:
        self._cancelling = True
        self.cancel_button.setEnabled(False)
        self.enrol_button.setText(self.tr("Đang hủy…"))
        self.cancel_requested.emit()

    # --- what the page tells it ------------------------------------------------------
    def set_busy(self, enrolling: bool, *, blocked: bool = False) -> None:
        """enrolling: the button shows the step, Hủy is offered, the fields turn read-only
        (what was sent stays in sight); blocked: another sync job runs."""
        if enrolling and not self._busy:
            self.enrol_button.setText(self.tr("Đang kết nối…"))
        elif not enrolling:
            self.enrol_button.setText(self.tr("Đăng ký"))
            self._cancelling = False
        self._busy = enrolling
        self.cancel_button.setVisible(enrolling)
        self.cancel_button.setEnabled(not self._cancelling)
        self.enrol_button.setEnabled(not enrolling and not blocked)
        for edit in self._edits().values():
            edit.setReadOnly(enrolling)

    def show_step(self, step: str) -> None:
        """The service's words for where the enrolment is ("Đang gửi mã đăng ký…")."""
        if self._busy and not self._cancelling and step:
            self.enrol_button.setText(step)

    def show_failure(self, message: str, field: str | None) -> None:
        """Under the fields, the field at fault marked and focused; what was typed stays."""
        self.problem_label.setText(message)
        self.problem_label.setStyleSheet(HINT_STYLE["problem"])
        self.problem_label.setProperty("field", field)
        self.problem_label.show()
        edit = self._edits().get(field or "")
        if edit is not None:
            edit.setStyleSheet(FIELD_AT_FAULT)
            edit.setFocus()
            edit.end(False)
        else:
            self.enrol_button.setFocus()

    def show_cancelled(self) -> None:
        self.problem_label.setText(self.tr("Đã hủy: máy này chưa được đăng ký. Bấm “Đăng ký” để thử lại."))
        self.problem_label.setStyleSheet(HINT_STYLE["note"])
        self.problem_label.setProperty("field", None)
        self.problem_label.show()

    def show_status(self, status: SyncStatus) -> None:
        if status.enrolled:
            self.note.setText(self.tr("Máy này đã đăng ký với máy chủ tỉnh {0}.\nMã máy: {1}").format(
                status.server, status.device_id))
            self.form.setVisible(self._again)
            self.again_button.setVisible(not self._again)
            if not self.server_edit.text():
                self.server_edit.setText(status.server or "")
        else:
            self.note.setText(self.tr(
                "Tỉnh cấp cho xã một mã đăng ký dùng một lần. Nhập địa chỉ máy chủ tỉnh và mã đó rồi bấm "
                "“Đăng ký”; từ đó chương trình tự gửi các thay đổi của xã lên tỉnh khi có mạng."))
            self.form.show()
            self.again_button.hide()

    def enrolled(self) -> None:
        self.code_edit.clear()  # a code works once
        self._finished[CODE_FIELD] = False
        for hint in (self.code_hint, self.problem_label):
            hint.hide()
        self._again = False
        self.form.hide()
        self.again_button.show()

    def _enrol_again(self) -> None:
        self._again = True
        self.form.show()
        self.again_button.hide()
        self.code_edit.setFocus()
