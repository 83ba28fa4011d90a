"""One presenter for errors: expected ones as a Vietnamese message, the rest as a crash report.

Unexpected exceptions (a bug) are written to the log file in the data folder and shown
in a dialog whose report can be copied and sent; the data stay intact because every
write runs in a transaction that rolled back.
"""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

import desktop
from desktop.domain.errors import Cancelled, ValidationErrors, XhhtError, field_label

log = logging.getLogger("xhht")


def setup_logging(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "xhht.log"
    handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def message_for(error: XhhtError) -> str:
    if isinstance(error, ValidationErrors):
        return "\n".join(f"• {field_label(e.field)}: {e.message}" if e.field else f"• {e.message}"
                         for e in error.errors)
    return str(error)


def crash_report(exc: BaseException) -> str:
    lines = traceback.format_exception(type(exc), exc, exc.__traceback__)
    return (f"XHHT {desktop.__version__}, Python {platform.python_version()}, {platform.platform()}\n\n"
            + "".join(lines))


class CrashDialog(QDialog):
    def __init__(self, report: str, log_path: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Chương trình gặp lỗi"))
        layout = QVBoxLayout(self)
        where = self.tr(" Chi tiết đã được ghi vào {0}.").format(log_path) if log_path else ""
        layout.addWidget(QLabel(self.tr(
            "Đã xảy ra một lỗi không mong đợi. Dữ liệu đã lưu vẫn an toàn; thao tác vừa rồi chưa được lưu."
        ) + where + self.tr("\nHãy sao chép báo cáo dưới đây và gửi cho người hỗ trợ.")))
        self.report = QPlainTextEdit(report)
        self.report.setReadOnly(True)
        layout.addWidget(self.report)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton(self.tr("Sao chép báo cáo"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(report))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 420)


class ErrorPresenter:
    """show(exc): the single place errors reach the officer."""

    def __init__(self, log_path: Path | None = None) -> None:
        self.log_path = log_path

    def show(self, exc: BaseException, parent: QWidget | None = None) -> None:
        parent = parent or QApplication.activeWindow()
        if isinstance(exc, Cancelled):
            return
        if isinstance(exc, XhhtError):
            QMessageBox.warning(parent, "Không thực hiện được", message_for(exc))
            return
        log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
        CrashDialog(crash_report(exc), str(self.log_path) if self.log_path else None, parent).exec()

    def install_excepthook(self) -> None:
        """Uncaught exceptions in slots land here instead of killing the program."""
        def hook(kind, exc, tb):
            if exc is None:
                return
            exc.__traceback__ = tb
            self.show(exc)
        sys.excepthook = hook
