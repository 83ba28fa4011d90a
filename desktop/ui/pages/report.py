"""The "Báo cáo" page: the commune's yearly report on the learning-society movement, saved as
an .xlsx (services.report.workbook) or as a PDF the officer completes by hand (services.report.pdf)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QPushButton, QSpinBox, QVBoxLayout, QWidget

from desktop.services.report.pdf import write_report_pdf
from desktop.services.report.workbook import ReportSummary, write_report_workbook
from desktop.ui import pdf_printing
from desktop.ui.context import UiContext
from desktop.ui.pages import base
from desktop.ui.pages.base import EXPORT_FOLDER, Page


class ReportPage(Page):
    title = "Báo cáo"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.help_html = self.tr(
            "Lập báo cáo năm của xã về kết quả xây dựng xã hội học tập: các chỉ tiêu của xã so với chỉ tiêu năm "
            "2025 và 2030, số liệu theo từng thôn, hoạt động của Trung tâm học tập cộng đồng. Chọn năm rồi bấm "
            "«Lưu báo cáo Excel…» để có bảng tính, hoặc «Lưu báo cáo PDF…» để có bản báo cáo in ra, có biểu đồ "
            "và các phần để trống cho xã ghi tiếp những gì sổ không có.")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<h2>{self.tr('Báo cáo năm')}</h2>"))
        body = QLabel(self.tr(
            "Báo cáo kết quả xây dựng xã hội học tập của năm, tính từ sổ: trang tổng hợp các chỉ tiêu so với chỉ "
            "tiêu năm 2025 và 2030, trang theo từng thôn, tổ dân phố, trang hoạt động của Trung tâm học tập cộng "
            "đồng, và một trang cho mỗi thôn để gửi trưởng thôn. Bản PDF có thêm biểu đồ và các phần để xã ghi "
            "tiếp: công tác lãnh đạo, tuyên truyền, quỹ khuyến học, khen thưởng, tồn tại, phương hướng, kiến nghị."))
        body.setWordWrap(True)
        layout.addWidget(body)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Năm báo cáo:")))
        self.year_box = QSpinBox()
        self.year_box.setRange(2000, 2100)  # as the services' check_year
        self.year_box.setValue(date.today().year)
        self.year_box.setToolTip(self.tr("Năm báo cáo, từ 01/01 đến 31/12"))
        row.addWidget(self.year_box)
        self.save_button = QPushButton(self.tr("Lưu báo cáo Excel…"))
        self.save_button.setToolTip(self.tr("Ghi báo cáo năm ra tệp Excel (.xlsx) để in hoặc gửi cấp trên"))
        self.save_button.clicked.connect(self.save_excel)
        row.addWidget(self.save_button)
        self.pdf_button = QPushButton(self.tr("Lưu báo cáo PDF…"))
        self.pdf_button.setToolTip(self.tr("Ghi báo cáo năm ra tệp PDF để in, ghi tiếp các phần để trống, ký và "
                                           "gửi cấp trên"))
        self.pdf_button.clicked.connect(self.save_pdf)
        row.addWidget(self.pdf_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.result = QLabel("")
        self.result.setWordWrap(True)
        layout.addWidget(self.result)
        layout.addStretch(1)

    def load(self) -> None:
        """Nothing to read until the officer asks for the report."""

    def _suggested(self, year: int, suffix: str) -> str:
        folder = str(self.ctx.settings.value(EXPORT_FOLDER, "") or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation))
        return str(Path(folder) / f"bao-cao-{year}{suffix}")

    def save_excel(self) -> None:
        year = self.year_box.value()
        path = base.ask_export_path(self, self.tr("Lưu báo cáo Excel"), self._suggested(year, ".xlsx"))
        if path is not None:
            self._write(path, lambda session, progress: write_report_workbook(
                session=session, year=year, path=path, progress=progress))

    def save_pdf(self) -> None:
        year = self.year_box.value()
        path = pdf_printing.ask_pdf_path(self, self.tr("Lưu báo cáo PDF"), self._suggested(year, ".pdf"))
        if path is not None:
            self._write(path, lambda session, progress: write_report_pdf(
                session=session, year=year, path=path, progress=progress))

    def _write(self, path: str, work) -> None:
        self.ctx.settings.setValue(EXPORT_FOLDER, str(Path(path).parent))
        self.ctx.ops.run(work, on_done=self._saved, on_failed=lambda exc: self.ctx.errors.show(exc, self),
                         label=self.tr("Đang lập báo cáo…"), writes=False, undo=False)

    def _saved(self, summary: ReportSummary) -> None:
        self.exported = self.tr("Đã lưu báo cáo năm {0} vào {1}").format(summary.year, summary.path)
        self.result.setText(self.exported)
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(self.exported, 15_000)
