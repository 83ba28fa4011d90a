"""Pieces of the Đồng bộ page: how an attempt, a refused row and an announcement read, and
the enrolment box. Plain records in, Vietnamese text out."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.domain.text import format_count
from desktop.sync.protocol import TABLE_LABELS
from desktop.sync.service import SyncStatus
from desktop.sync.state import Announcement, QuarantinedRow
from desktop.sync.verify import VerifyReport
from desktop.ui.sync_controller import SyncOutcome, local_time
from desktop.ui.widgets.record_table import Column

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


def history_columns() -> list[Column]:
    pushed = (lambda field: lambda o: "" if o.pushed is None else _n(getattr(o.pushed, field)))
    return [
        Column("Thời điểm", lambda o: local_time(o.at)),
        Column("Cách", lambda o: "Tự động" if o.background else "Đồng bộ ngay"),
        Column("Kết quả", outcome_result),
        Column("Số lô", pushed("batches"), number=True),
        Column("Bản ghi gửi", pushed("rows_sent"), number=True),
        Column("Được nhận", pushed("accepted"), number=True),
        Column("Tỉnh đã có", pushed("unchanged"), number=True),
        Column("Bị từ chối", pushed("rejected"), number=True),
        Column("Đối chiếu", lambda o: verify_text(o.pushed.verify if o.pushed else None)),
        Column("Nhận từ tỉnh", reference_text, stretch=True),
    ]


def outcome_summary(o: SyncOutcome | None) -> str:
    """One paragraph on an attempt, for under the list."""
    if o is None:
        return "Chưa đồng bộ lần nào từ khi mở chương trình."
    when = local_time(o.at)
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
            lines.append("Tệp dữ liệu này là bản sao (sao chép hoặc khôi phục từ bản sao lưu): máy được cấp mã máy mới.")
    if o.pulled is not None:
        lines.append(f"Dữ liệu dùng chung từ tỉnh: {reference_text(o)}.")
        lines += [f"Không áp dụng được: {problem}" for problem in o.pulled.problems]
    if o.error is not None:
        lines.append(f"Lúc {when}: {o.error}")
    return "\n".join(lines)


def quarantine_columns() -> list[Column]:
    return [
        Column("Loại bản ghi", lambda q: q.table_label),
        Column("Lý do tỉnh từ chối", lambda q: q.reason, stretch=True),
        Column("Thời điểm", lambda q: local_time(q.at)),
    ]


def announcements_html(notes: tuple[Announcement, ...] | list[Announcement]) -> str:
    if not notes:
        return "<p>Chưa có thông báo nào của tỉnh.</p>"
    parts = []
    for note in notes:
        when = f" <span style='color:#607d8b'>({local_time(note.published_at)})</span>" if note.published_at else ""
        body = escape(note.body).replace("\n", "<br>")
        parts.append(f"<p><b>{escape(note.title)}</b>{when}<br>{body}</p>")
    return "".join(parts)


def rejected_hint(rows: tuple[QuarantinedRow, ...]) -> str:
    if not rows:
        return "Không có bản ghi nào bị máy chủ tỉnh từ chối."
    return (f"{_n(len(rows))} bản ghi bị máy chủ tỉnh từ chối. Chúng vẫn được giữ trên máy này: hãy sửa theo lý do, "
            "lần đồng bộ sau sẽ gửi lại và bỏ khỏi danh sách khi tỉnh đã nhận.")


class EnrolmentBox(QGroupBox):
    """Server address and the one-time code → enroll; folded away once the PC is enrolled."""

    enrol_requested = Signal(str, str)  # server, code

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Đăng ký với máy chủ tỉnh"), parent)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.server_edit = QLineEdit()
        self.server_edit.setPlaceholderText("https://xhht.nghean.gov.vn")
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText("ABCD-EFGH-JKLM")
        self._again = False  # the officer asked to enrol an enrolled PC again (a new server, a new code)
        self.enrol_button = QPushButton(self.tr("Đăng ký"))
        self.again_button = QPushButton(self.tr("Đăng ký lại…"))
        self.form = QWidget()
        form = QFormLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Địa chỉ máy chủ tỉnh:"), self.server_edit)
        form.addRow(self.tr("Mã đăng ký (dùng một lần):"), self.code_edit)
        form.addRow("", self.enrol_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.form)
        layout.addWidget(self.again_button)
        layout.addStretch(1)
        self.enrol_button.clicked.connect(self._enrol)
        self.code_edit.returnPressed.connect(self._enrol)
        self.again_button.clicked.connect(self._enrol_again)

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
        self._again = False
        self.form.hide()
        self.again_button.show()

    def _enrol_again(self) -> None:
        self._again = True
        self.form.show()
        self.again_button.hide()

    def _enrol(self) -> None:
        server, code = self.server_edit.text().strip(), self.code_edit.text().strip()
        if not server:
            self.note.setText(self.tr("Hãy nhập địa chỉ máy chủ tỉnh (tỉnh cung cấp cùng với mã đăng ký)."))
            self.server_edit.setFocus()
        elif not code:
            self.note.setText(self.tr("Hãy nhập mã đăng ký tỉnh cấp cho xã."))
            self.code_edit.setFocus()
        else:
            self.enrol_requested.emit(server, code)
