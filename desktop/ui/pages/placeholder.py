"""Areas that later issues own: they say what will come, and show no made-up data."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.ui.context import UiContext
from desktop.ui.pages.base import Page


class PlaceholderPage(Page):
    def __init__(self, ctx: UiContext, title: str, coming: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.title = title
        self.help_html = coming
        layout = QVBoxLayout(self)
        heading = QLabel(f"<h2>{title}</h2>")
        body = QLabel(coming)
        body.setWordWrap(True)
        body.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addStretch(1)

    def load(self) -> None:
        """Nothing to read: no data is shown here yet."""


def reports_page(ctx: UiContext, parent=None) -> PlaceholderPage:
    return PlaceholderPage(
        ctx, "Báo cáo",
        "Phần này đang được xây dựng. Tại đây sẽ lập báo cáo năm của xã về phong trào xây dựng xã hội học tập "
        "và các chỉ tiêu theo từng thôn, so với chỉ tiêu năm 2025 và 2030, xuất ra Excel (XLSX) và PDF."
        "<br><br>Chưa có số liệu nào được hiển thị ở đây.", parent)
