"""F1: a short help page for the page the officer is on, and the keys that work everywhere."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

KEYS_HTML = (
    "<h3>Phím tắt</h3><table cellpadding='3'>"
    "<tr><td><b>Ctrl+N</b></td><td>Thêm hộ gia đình</td></tr>"
    "<tr><td><b>Ctrl+O</b></td><td>Mở tệp dữ liệu khác</td></tr>"
    "<tr><td><b>Ctrl+F</b></td><td>Tới ô tìm kiếm của trang; phím ↓ từ đó xuống danh sách</td></tr>"
    "<tr><td><b>Enter</b></td><td>Trong danh sách: mở dòng đang chọn. Trong hộp thoại: Lưu</td></tr>"
    "<tr><td><b>Esc</b></td><td>Đóng hộp thoại (nếu đã nhập gì, chương trình hỏi có lưu không)</td></tr>"
    "<tr><td><b>Delete</b></td><td>Xóa dòng đang chọn (có hỏi lại)</td></tr>"
    "<tr><td><b>Ctrl+Z</b></td><td>Hoàn tác thay đổi vừa làm</td></tr>"
    "<tr><td><b>Ctrl+P</b></td><td>In (giấy công nhận, quyết định…) của trang</td></tr>"
    "<tr><td><b>Tab</b></td><td>Sang ô tiếp theo; ra khỏi bảng</td></tr>"
    "<tr><td><b>Chuột phải</b></td><td>Các thao tác với dòng dưới con trỏ</td></tr>"
    "<tr><td><b>F1</b></td><td>Hướng dẫn này</td></tr></table>")


class HelpDialog(QDialog):
    def __init__(self, title: str, html: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Hướng dẫn — {0}").format(title))
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        self.text.setHtml(f"<h2>{title}</h2>{html or self.tr('<p>Trang này chưa có hướng dẫn riêng.</p>')}"
                          f"{KEYS_HTML}")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đóng"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(560, 520)
