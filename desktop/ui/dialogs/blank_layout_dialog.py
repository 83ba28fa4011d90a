"""Căn lề in trên phôi: how far the variable text must move to land on the commune's blanks.

The officer prints a sample on plain paper, lays it on a blank against the light, measures
how far the text is off, and types it here; the preview shows a sample page with the blank's
printed parts drawn faintly where they are on the paper, and the text where it will go.
The offsets and the on/off choice are kept in QSettings for the next print.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import verification
from desktop.printing.certificate import BLANK_OFFSET_LIMIT_MM, BlankLayout, draw_certificates
from desktop.printing.documents import CertificateDoc, Signer, in_sentence, name_lines
from desktop.ui.print_preview import PrintPreviewDialog

BLANK_ON = "printing/blank_layout"
OFFSET_X = "printing/blank_offset_x_mm"
OFFSET_Y = "printing/blank_offset_y_mm"
PREVIEW_WIDTH = 620


def blank_offsets(settings: QSettings) -> tuple[float, float]:
    """(x, y) in mm as saved; a value out of range (a hand-edited file) counts as 0."""
    values = []
    for key in (OFFSET_X, OFFSET_Y):
        try:
            value = float(settings.value(key, 0.0) or 0.0)
        except (TypeError, ValueError):
            value = 0.0
        values.append(value if abs(value) <= BLANK_OFFSET_LIMIT_MM else 0.0)
    return values[0], values[1]


def blank_enabled(settings: QSettings) -> bool:
    return str(settings.value(BLANK_ON, False)).lower() in ("true", "1")


def blank_layout(settings: QSettings) -> BlankLayout | None:
    """The layout the next certificate print uses: None prints the whole page."""
    return BlankLayout(*blank_offsets(settings)) if blank_enabled(settings) else None


def sample_certificate(commune: str, year: int | None = None) -> CertificateDoc:
    """A page with every variable part filled, clearly a sample."""
    year = year or date.today().year
    number = f"{year}-GĐHT-000000"
    return CertificateDoc(
        commune=commune, title_name="Gia đình học tập", year=year, subject_kind="household",
        name_lines=name_lines("household", "", head="Nguyễn Văn Mẫu", address=f"Thôn Mẫu, {in_sentence(commune)}"),
        decision_number="00/QĐ-UBND", decision_date=date(year, 12, 1), date=date(year, 12, 1),
        signer=Signer(name="Người Ký Mẫu"), register_number=number, check_value="00000000",
        qr_payload=verification.qr_payload(commune_code="00000", register_number=number, year=year, title="GĐHT",
                                           check="00000000"))


class BlankLayoutDialog(QDialog):
    def __init__(self, settings: QSettings, *, commune: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.sample = sample_certificate(commune)
        self.current_dialog: QDialog | None = None
        self._folder = tempfile.TemporaryDirectory(prefix="xhht-phoi-", ignore_cleanup_errors=True)
        self.setWindowTitle(self.tr("Căn lề in trên phôi"))
        self.enabled = QCheckBox(self.tr("In giấy công nhận trên phôi có sẵn (chỉ in phần chữ thay đổi)"))
        self.enabled.setChecked(blank_enabled(settings))
        x, y = blank_offsets(settings)
        self.offset_x = self._spin(x, self.tr("Dịch sang phải (số âm: sang trái)"))
        self.offset_y = self._spin(y, self.tr("Dịch xuống dưới (số âm: lên trên)"))
        form = QFormLayout()
        form.addRow(self.enabled)
        form.addRow(self.tr("Lề ngang:"), self.offset_x)
        form.addRow(self.tr("Lề dọc:"), self.offset_y)
        hint = QLabel(self.tr(
            "In thử một trang trên giấy trắng, đặt lên tờ phôi rồi soi trước ánh sáng: chữ lệch bao nhiêu mi-li-mét "
            "thì nhập bấy nhiêu. Phần in mờ trong hình là phần phôi đã in sẵn (khung, quốc hiệu, chữ «GIẤY CÔNG "
            "NHẬN»); phần in đậm là phần máy sẽ in."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(dark);")
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFixedSize(PREVIEW_WIDTH + 4, round(PREVIEW_WIDTH * 595 / 842) + 4)
        self.preview.setFrameShape(QLabel.Shape.Box)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(self.tr("Lưu"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        self.test_button: QPushButton = self.buttons.addButton(self.tr("In thử một trang…"),
                                                               QDialogButtonBox.ButtonRole.ActionRole)
        self.test_button.setToolTip(self.tr("Xem và in một trang mẫu với lề đang chọn (không ghi vào sổ cấp)"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.test_button.clicked.connect(self.print_test_page)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.buttons)
        self._redraw = QTimer(self, singleShot=True, interval=120)  # typing 12,5 redraws once
        self._redraw.timeout.connect(self.render_preview)
        self.offset_x.valueChanged.connect(self._redraw.start)
        self.offset_y.valueChanged.connect(self._redraw.start)
        self.finished.connect(lambda _result: self._folder.cleanup())
        self.render_preview()
        self.resize(self.sizeHint())

    def _spin(self, value: float, tip: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(-BLANK_OFFSET_LIMIT_MM, BLANK_OFFSET_LIMIT_MM)
        spin.setSingleStep(0.5)
        spin.setDecimals(1)
        spin.setSuffix(" mm")
        spin.setValue(value)
        spin.setToolTip(tip)
        spin.setAccessibleName(tip)
        return spin

    @property
    def layout_chosen(self) -> BlankLayout:
        return BlankLayout(self.offset_x.value(), self.offset_y.value())

    def _sample_pdf(self, name: str, guide: bool) -> Path:
        layout = self.layout_chosen
        path = Path(self._folder.name) / name
        draw_certificates([self.sample], path, blank=BlankLayout(layout.offset_x_mm, layout.offset_y_mm, guide))
        return path

    def render_preview(self) -> None:
        """The sample page as it will land on the blank (a few tens of ms: on the UI thread)."""
        document = QPdfDocument(self)
        try:
            document.load(str(self._sample_pdf("xem-truoc.pdf", guide=True)))
            size = document.pagePointSize(0)
            image = document.render(0, QSize(PREVIEW_WIDTH, round(PREVIEW_WIDTH * size.height() / size.width())))
        finally:
            document.close()
            document.deleteLater()
        page = QPixmap(image.size())  # QtPdf leaves the paper transparent
        page.fill(Qt.GlobalColor.white)
        painter = QPainter(page)
        painter.drawImage(0, 0, image)
        painter.end()
        self.preview.setPixmap(page)

    def print_test_page(self) -> PrintPreviewDialog:
        """The sample, without the faint blank, in the print preview: print it and lay it on a blank."""
        path = self._sample_pdf(f"in-thu-{self.offset_x.value():g}-{self.offset_y.value():g}.pdf", guide=False)
        dialog = PrintPreviewDialog(path, title=self.tr("Trang in thử trên phôi"), parent=self)
        dialog.finished.connect(dialog.deleteLater)
        self.current_dialog = dialog
        dialog.open()
        return dialog

    def save(self) -> None:
        self.settings.setValue(OFFSET_X, self.offset_x.value())
        self.settings.setValue(OFFSET_Y, self.offset_y.value())
        self.settings.setValue(BLANK_ON, self.enabled.isChecked())
        self.settings.sync()
        self.accept()
