"""The five titles in one compact strip: a button per title, which is also how to switch title.

Each button shows the title on its first line and the year's figures on the second,
numbers first so that what an elided line keeps is figures ("1.364/1.700 đạt · 682 công
nhận": passed of registered, recognised). The buttons share the row evenly and elide what
does not fit (the tooltip says it all), so the five stay on one line of a 1024×768 window;
narrower still, the FlowLayout wraps them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QPushButton, QWidget

from desktop.domain.criteria import TITLE_ORDER
from desktop.domain.text import format_count
from desktop.services.titles.common import title_name
from desktop.ui.widgets.adaptive import FlowLayout

SPACING = 4
NARROWEST = 128  # below this a button wraps to the next line instead of shrinking
WIDEST = 300
TEXT_ROOM = 20  # the button's border and padding around its text
STYLE = ("QPushButton { text-align: left; padding: 3px 8px; border: 1px solid #b0bec5; border-radius: 3px; "
         "background: #fafafa; } QPushButton:checked { border: 2px solid #1565c0; background: #e3f0fc; }")
SHORT_NAMES = {"cong-dong": "Cộng đồng học tập"}  # the long official name is in the tooltip


class TitleStrip(QWidget):
    title_chosen = Signal(str)

    def __init__(self, chosen: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = FlowLayout(self, spacing=SPACING)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QPushButton] = {}
        self._lines: dict[str, tuple[str, str]] = {}
        for title in TITLE_ORDER:
            button = QPushButton()
            button.setCheckable(True)
            button.setStyleSheet(STYLE)
            button.setChecked(title == chosen)
            button.clicked.connect(lambda _c=False, t=title: self.title_chosen.emit(t))
            self.group.addButton(button)
            self.buttons[title] = button
            self._lines[title] = (SHORT_NAMES.get(title, title_name(title)), "")
            self.flow.addWidget(button)
        self._fit()

    def set_checked(self, title: str) -> None:
        self.buttons[title].setChecked(True)

    def set_overview(self, year: int, overview: list[dict]) -> None:
        """The year's figures of every title (services.titles.grid.year_overview)."""
        for entry in overview:
            title = entry["title"]
            figures = self.tr("{0}/{1} đạt · {2} công nhận").format(
                format_count(entry["passed"]), format_count(entry["registered"]), format_count(entry["recognised"])
            ) if entry["registered"] else self.tr("chưa đăng ký")
            self._lines[title] = (self._lines[title][0], figures)
            self.buttons[title].setToolTip(self.tr(
                "{0} năm {1}: {2} đăng ký, {3} đã đánh giá, {4} đạt, {5} được công nhận.\n"
                "Bấm để xem bảng điểm danh hiệu này.").format(
                entry["name"], year, format_count(entry["registered"]), format_count(entry["evaluated"]),
                format_count(entry["passed"]), format_count(entry["recognised"])))
        self._fit()

    def text_of(self, title: str) -> str:
        """Both lines in full, as the button would show them with room enough."""
        return "\n".join(self._lines[title])

    # --- fitting the row ------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()

    def _fit(self) -> None:
        """Share the width evenly between the buttons; elide each line to its button."""
        count = len(self.buttons)
        room = self.width() - SPACING * (count - 1)
        width = max(NARROWEST, min(WIDEST, room // count if room > 0 else NARROWEST))
        for title, button in self.buttons.items():
            metrics = button.fontMetrics()
            lines = [metrics.elidedText(line, Qt.TextElideMode.ElideRight, width - TEXT_ROOM)
                     for line in self._lines[title] if line]
            button.setText("\n".join(lines))
            button.setFixedWidth(width)
