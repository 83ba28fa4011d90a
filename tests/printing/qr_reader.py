"""Reading QR codes back from a PDF page, as a phone would from the printed paper: the page
rendered by QtPdf (Qt's PDFium) at 200 dpi, decoded by zxing-cpp."""

from __future__ import annotations

from pathlib import Path

import zxingcpp
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QApplication

DPI = 200


def read_qr_codes(pdf: Path, page: int) -> list[str]:
    # QtPdf renders through QtGui. A QApplication, not a bare QGuiApplication: it outlives this
    # test, and the window tests after it need widgets (a QGuiApplication makes QWidget abort).
    if QApplication.instance() is None:
        read_qr_codes.app = QApplication([])
    document = QPdfDocument()
    document.load(str(pdf))
    size = document.pagePointSize(page)
    rendered = document.render(page, QSize(round(size.width() * DPI / 72), round(size.height() * DPI / 72)))
    image = QImage(rendered.size(), QImage.Format.Format_Grayscale8)  # on white paper: the render is transparent
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.drawImage(0, 0, rendered)
    painter.end()
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    raw = bytes(image.constBits())
    pixels = b"".join(raw[row * stride:row * stride + width] for row in range(height))
    document.close()
    return [code.text for code in zxingcpp.read_barcodes(memoryview(pixels).cast("B", (height, width)))
            if code.format == zxingcpp.BarcodeFormat.QRCode]
