"""The progress dialog: polls a plain Progress object on a timer; Hủy asks the work to stop."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.domain.progress import Progress


class ProgressDialog(QProgressDialog):
    def __init__(self, label: str, progress: Progress, parent: QWidget | None = None) -> None:
        super().__init__(label, self.tr("Hủy"), 0, 1000, parent)
        self.setWindowTitle(self.tr("Đang xử lý"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self._progress = progress
        self.canceled.connect(progress.cancel)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._poll)
        self._timer.start(100)
        self._poll()
        self.show()

    def _poll(self) -> None:
        p = self._progress
        if p.total:
            self.setMaximum(1000)
            self.setValue(int(p.fraction * 1000))
        else:
            self.setMaximum(0)  # unknown length: a busy bar
        if p.message:
            self.setLabelText(p.message)

    def close(self) -> bool:
        self._timer.stop()
        return super().close()


def progress_dialog_factory(parent: QWidget | None):
    return lambda label, progress: ProgressDialog(label, progress, parent)
