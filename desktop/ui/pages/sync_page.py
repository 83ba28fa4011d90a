"""Đồng bộ: the link to the province server — enrolment, the state of the link, "Đồng bộ ngay",
the recent attempts, rows the province refused with its reasons, its announcements, and
the restore of a commune's data onto a new PC.

Everything here goes through the window's SyncController (one sync job at a time); the
page only shows what the controller's signals carry.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import XhhtError
from desktop.domain.moments import format_moment
from desktop.domain.text import format_count
from desktop.sync.restore import RestoreReport
from desktop.sync.restore_input import RESTORE_CODE_FIELD
from desktop.sync.service import Enrolment, SyncStatus
from desktop.ui.context import UiContext
from desktop.ui.dialogs.opening import confirm, open_dialog
from desktop.ui.pages.base import Page
from desktop.ui.pages.sync_parts import (
    EnrolmentBox,
    announcements_html,
    history_columns,
    outcome_summary,
    quarantine_columns,
    rejected_hint,
)
from desktop.ui.pages.sync_restore import RestoreCodeDialog
from desktop.ui.sync_controller import MAX_INTERVAL, SyncController, SyncOutcome
from desktop.ui.widgets.adaptive import AdaptiveSplitter
from desktop.ui.widgets.record_table import RecordTable


class SyncPage(Page):
    title = "Đồng bộ"
    help_html = (
        "<p>Gửi dữ liệu của xã lên máy chủ của tỉnh, nhận bộ tiêu chí và thông báo của tỉnh.</p><ul>"
        "<li><b>Đăng ký máy</b>: nhập địa chỉ máy chủ tỉnh và mã đăng ký tỉnh cấp cho xã (dùng một lần).</li>"
        "<li>Sau đó chương trình tự gửi các thay đổi lên tỉnh mỗi khi có mạng; <b>Đồng bộ ngay</b> để gửi "
        "ngay. Mất mạng giữa chừng không mất dữ liệu: lần sau gửi tiếp phần còn lại.</li>"
        "<li><b>Bản ghi bị từ chối</b>: những dòng tỉnh không nhận, kèm lý do, để sửa lại.</li>"
        "<li>Máy mới cài: <b>Khôi phục dữ liệu từ tỉnh</b> lấy lại toàn bộ sổ của xã, với mã khôi phục dùng một "
        "lần do tỉnh cấp.</li></ul>")

    def __init__(self, ctx: UiContext, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.sync = controller
        self._build()
        controller.status_changed.connect(self.show_status)
        controller.attempt_finished.connect(self.show_attempt)
        controller.running_changed.connect(self._running_changed)
        self.show_status(controller.status)
        self.history.set_records(controller.history)
        self.summary.setText(outcome_summary(controller.history[0] if controller.history else None))
        self._running_changed(controller.running)

    # --- layout ------------------------------------------------------------------------
    def _build(self) -> None:
        self.server_label = QLabel()
        self.server_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.connection_label = QLabel()
        self.connection_label.setWordWrap(True)  # a long state never widens the window
        self.last_label = QLabel()
        self.pending_label = QLabel()
        self.rejected_label = QLabel()
        self.error_label = QLabel()  # the last failure of a push or of an enrolment, kept in the database
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sync_button = QPushButton(self.tr("Đồng bộ ngay"))
        self.sync_button.setDefault(True)
        self.stop_button = QPushButton(self.tr("Dừng"))
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setMaximumWidth(220)
        self.busy_label = QLabel()
        self.interval_box = QSpinBox()
        self.interval_box.setRange(0, MAX_INTERVAL)
        self.interval_box.setSuffix(self.tr(" phút"))
        self.interval_box.setSpecialValueText(self.tr("tắt"))
        self.interval_box.setMaximumWidth(140)
        self.interval_box.setValue(self.sync.interval())
        self.interval_box.valueChanged.connect(self.sync.set_interval)
        self.sync_button.clicked.connect(self.sync_now)
        self.stop_button.clicked.connect(self.sync.cancel)
        self._poll = QTimer(self)  # the inline bar follows the job's Progress, as the dialog does
        self._poll.timeout.connect(self._show_progress)

        facts = QFormLayout()
        facts.addRow(self.tr("Máy chủ tỉnh:"), self.server_label)
        facts.addRow(self.tr("Kết nối:"), self.connection_label)
        facts.addRow(self.tr("Lần đồng bộ thành công gần nhất:"), self.last_label)
        facts.addRow(self.tr("Thay đổi chờ gửi:"), self.pending_label)
        facts.addRow(self.tr("Bản ghi bị từ chối:"), self.rejected_label)
        facts.addRow(self.tr("Lỗi lần gần nhất:"), self.error_label)
        facts.addRow(self.tr("Tự động đồng bộ mỗi:"), self.interval_box)
        actions = QHBoxLayout()
        for widget in (self.sync_button, self.stop_button, self.bar, self.busy_label):
            actions.addWidget(widget)
        actions.addStretch(1)
        status_box = QGroupBox(self.tr("Tình trạng"))
        status_layout = QVBoxLayout(status_box)
        status_layout.addLayout(facts)
        status_layout.addLayout(actions)

        self.enrolment = EnrolmentBox()
        self.enrolment.enrol_requested.connect(self.enroll)
        self.enrolment.cancel_requested.connect(self.sync.cancel)
        self.restore_note = QLabel(self.tr(
            "Máy này mới được cài, chưa có dữ liệu. Nếu xã đã gửi dữ liệu lên tỉnh (máy cũ hỏng, mất), có thể "
            "lấy lại toàn bộ dữ liệu của xã từ máy chủ tỉnh."))
        self.restore_note.setWordWrap(True)
        self.restore_button = QPushButton(self.tr("Khôi phục dữ liệu từ tỉnh…"))
        self.restore_button.clicked.connect(lambda: self.restore())  # not clicked's `checked` as the code
        self.restore_box = QGroupBox(self.tr("Khôi phục dữ liệu"))
        restore_layout = QVBoxLayout(self.restore_box)
        restore_layout.addWidget(self.restore_note)
        restore_layout.addWidget(self.restore_button, 0, Qt.AlignmentFlag.AlignLeft)
        right = QVBoxLayout()
        right.addWidget(self.enrolment)
        right.addWidget(self.restore_box)
        right.addStretch(1)
        right_column = QWidget()
        right_column.setLayout(right)
        right.setContentsMargins(0, 0, 0, 0)
        top = AdaptiveSplitter(stack_below=900)  # side by side; one above the other on a narrow window
        top.addWidget(status_box)
        top.addWidget(right_column)
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 2)

        self.history = RecordTable(history_columns())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        history_tab = QWidget()
        history_layout = QVBoxLayout(history_tab)
        history_layout.addWidget(self.history, 1)
        history_layout.addWidget(self.summary)
        self.quarantine = RecordTable(quarantine_columns())
        self.quarantine.setWordWrap(True)
        self.quarantine_hint = QLabel()
        self.quarantine_hint.setWordWrap(True)
        quarantine_tab = QWidget()
        quarantine_layout = QVBoxLayout(quarantine_tab)
        quarantine_layout.addWidget(self.quarantine_hint)
        quarantine_layout.addWidget(self.quarantine, 1)
        self.notes = QTextBrowser()
        self.notes.setOpenExternalLinks(False)
        self.tabs = QTabWidget()
        self.tabs.addTab(history_tab, self.tr("Các lần đồng bộ"))
        self.tabs.addTab(quarantine_tab, "")
        self.tabs.addTab(self.notes, "")

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<h2>{self.tr('Đồng bộ với máy chủ tỉnh')}</h2>"))
        layout.addWidget(top)
        layout.addWidget(self.tabs, 1)

    # --- what the controller says ------------------------------------------------------
    def show_status(self, status: SyncStatus | None) -> None:
        if status is None:
            return
        self.enrolment.show_status(status)
        enrolled = status.enrolled
        self.server_label.setText(status.server if enrolled else self.tr("chưa đăng ký"))
        self.connection_label.setText(self._connection_text(status))
        self.last_label.setText(format_moment(status.last_success) or self.tr("chưa có"))
        self.pending_label.setText(format_count(status.pending))
        self.rejected_label.setText(format_count(len(status.quarantined)))
        self.error_label.setText(status.last_error or self.tr("không có"))
        self.restore_box.setVisible(self.sync.can_restore)
        self.quarantine.set_records(status.quarantined)
        self.quarantine.resizeRowsToContents()
        self.quarantine_hint.setText(rejected_hint(status.quarantined))
        self.tabs.setTabText(1, self.tr("Bản ghi bị từ chối ({0})").format(len(status.quarantined)))
        self.notes.setHtml(announcements_html(status.announcements))
        self.tabs.setTabText(2, self.tr("Thông báo của tỉnh ({0})").format(len(status.announcements)))
        self._running_changed(self.sync.running)

    def _connection_text(self, status: SyncStatus) -> str:
        if not status.enrolled:  # nothing will be sent until an enrolment succeeds: never say otherwise
            return self.tr("chưa đăng ký (dữ liệu chỉ lưu trên máy này, chưa gửi lên tỉnh)")
        return {True: self.tr("đã kết nối"), False: self.tr("mất kết nối (dữ liệu vẫn giữ trên máy, sẽ gửi khi có mạng)"),
                None: self.tr("chưa kiểm tra — bấm “Đồng bộ ngay”")}[self.sync.online]

    def show_attempt(self, outcome: SyncOutcome) -> None:
        self.history.set_records(self.sync.history)
        self.summary.setText(outcome_summary(outcome))
        if self.sync.status is not None:
            self.connection_label.setText(self._connection_text(self.sync.status))

    def _running_changed(self, running: bool) -> None:
        enrolled = self.sync.enrolled
        enrolling = running and self.sync.job == "enrol"
        self.sync_button.setEnabled(enrolled and not running)
        self.enrolment.set_busy(enrolling, blocked=running)
        self.restore_button.setEnabled(not running)
        self.stop_button.setVisible(running)
        self.bar.setVisible(running)
        self.busy_label.setVisible(running)
        if running:
            self.busy_label.setText(self.tr("Đang đồng bộ tự động…") if self.sync.background
                                    else self.tr("Đang làm việc với máy chủ tỉnh…"))
            self._poll.start(200)
        else:
            self._poll.stop()

    def _show_progress(self) -> None:
        progress = self.sync.progress
        if progress is None:
            return
        if progress.total:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(progress.fraction * 1000))
        else:
            self.bar.setRange(0, 0)  # unknown length: a busy bar
        if progress.message:
            self.busy_label.setText(progress.message)
            if self.sync.job == "enrol":
                self.enrolment.show_step(progress.message)

    def load(self) -> None:
        """What this page shows comes from the SyncController's signals, not from reads of its own."""

    def refresh(self, changes=None) -> None:
        """Writes reach this page through the controller (it re-reads the pending count)."""

    # --- actions -----------------------------------------------------------------------
    def sync_now(self) -> QWidget | None:
        if not self.sync.can_restore:
            self.sync.sync_now(self)
            return None
        # A fresh database that sends now can no longer take the commune's data back from the province.
        self.current_dialog = confirm(
            self, self.tr("Gửi dữ liệu của máy mới"),
            self.tr("Máy này chưa có dữ liệu của xã. Nếu xã đã có dữ liệu trên máy chủ tỉnh, hãy “Khôi phục dữ liệu "
                    "từ tỉnh” trước: sau khi gửi, không khôi phục vào tệp này được nữa.\n\nVẫn gửi lên tỉnh?"),
            self.tr("Vẫn gửi"), lambda: self.sync.sync_now(self))
        return self.current_dialog

    def enroll(self, server: str, code: str) -> None:
        """The box checked both fields; the controller runs the enrolment, its outcome lands here."""
        def done(enrolment: Enrolment) -> None:
            self.enrolment.enrolled()
            self.summary.setText(self.tr(
                "Đã đăng ký máy này với máy chủ tỉnh cho {0}, {1}. Bấm “Đồng bộ ngay” để gửi dữ liệu của xã lên tỉnh."
            ).format(enrolment.commune_name, enrolment.province_name))

        def failed(error: XhhtError) -> None:
            self.error_label.setText(error.message)  # also kept as the last error (status.last_error)
            self.enrolment.show_failure(error.message, error.field)

        self.sync.enroll(server, code, parent=self, on_done=done, on_error=failed,
                         on_cancelled=self.enrolment.show_cancelled)

    def restore(self, code: str = "", problem: str = "") -> QWidget:
        """Ask for the province's restore code, then restore. A refusal of the code comes back
        here: the dialog opens again with what was typed and the province's reason."""
        dialog = RestoreCodeDialog(self.ctx.commune.full_name, grant_kept=self.sync.restore_grant_kept, code=code,
                                   problem=problem, parent=self)

        def done(report: RestoreReport) -> None:
            text = self.tr("Đã khôi phục {0} bản ghi của xã từ máy chủ tỉnh.").format(
                format_count(sum(report.rows.values())))
            if report.skipped:
                text += "\n" + self.tr("Bỏ qua {0} bản ghi máy này không lưu được (tỉnh vẫn giữ; hãy báo cán bộ tỉnh): "
                                        "{1}").format(format_count(len(report.skipped)),
                                                      "; ".join(report.skipped_lines[:5]))
            if report.problems:
                text += "\n" + self.tr("Cảnh báo, tham chiếu hỏng: {0}").format("; ".join(report.problems[:5]))
            self.summary.setText(text)

        def start() -> None:
            typed = dialog.code_edit.text()

            def failed(error: XhhtError) -> None:
                if error.field == RESTORE_CODE_FIELD:
                    self.restore(code=typed, problem=error.message)
                else:
                    self.ctx.errors.show(error, self)
            self.sync.restore(dialog.code(), parent=self, on_done=done, on_error=failed)
        return open_dialog(self, dialog, start)
