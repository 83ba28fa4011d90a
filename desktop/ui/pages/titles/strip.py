"""The five titles in one compact strip: a button per title, which is also how to switch title.

Each button shows the title on its first line and the year's figures on the second,
numbers first so that what an elided line keeps is figures ("1.364/1.700 đạt · 682 công
nhận": passed of registered, recognised). The title being worked on gets the room its
figures need; the others share the rest and elide what does not fit (the tooltip says it
all), so the five stay on one line of a 1024×768 window; narrower still, the FlowLayout
wraps them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QPushButton, QWidget

from desktop.domain.criteria import TITLE_ORDER
from desktop.domain.text import format_count
from desktop.services.titles.common import title_name
from desktop.services.titles.grid import TitleCounts
from desktop.ui.widgets.adaptive import FlowLayout

SPACING = 4
WIDEST = 300
TEXT_ROOM = 28  # the button's border and padding around its text
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
        self._fit()

    def set_overview(self, year: int, overview: tuple[TitleCounts, ...]) -> None:
        """The year's figures of every title (services.titles.grid.year_counts)."""
        for entry in overview:
            title = entry.title
            figures = self.tr("{0}/{1} đạt · {2} công nhận").format(
                format_count(entry.passed), format_count(entry.registered), format_count(entry.recognised)
            ) if entry.registered else self.tr("chưa đăng ký")
            self._lines[title] = (self._lines[title][0], figures)
            self.buttons[title].setToolTip(self.tr(
                "{0} năm {1}: {2} đăng ký, {3} đã đánh giá, {4} đạt, {5} được công nhận.\n"
                "Bấm để xem bảng điểm danh hiệu này.").format(
                entry.name, year, format_count(entry.registered), format_count(entry.evaluated),
                format_count(entry.passed), format_count(entry.recognised)))
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
        """Every button as wide as its title; the checked one as wide as its figures too (up to half
        the row); what is left shared by the others. Each line is elided to its button."""
        count = len(self.buttons)
        room = max(0, self.width() - SPACING * (count - 1))
        metrics = next(iter(self.buttons.values())).fontMetrics()
        needs = {t: metrics.horizontalAdvance(lines[0]) + TEXT_ROOM for t, lines in self._lines.items()}
        widths = dict(needs)
        checked = next((t for t, b in self.buttons.items() if b.isChecked()), None)
        if checked is not None:
            full = max(metrics.horizontalAdvance(line) for line in self._lines[checked]) + TEXT_ROOM
            widths[checked] = max(needs[checked], min(full, room // 2))
        others = [t for t in self.buttons if t != checked]
        extra = (room - sum(widths.values())) // max(1, len(others))
        for title in others:
            widths[title] = max(needs[title], min(WIDEST, needs[title] + extra))
        for title, button in self.buttons.items():
            # elidedText cuts a line exactly as wide as the limit: leave it a few pixels of the margin
            lines = [metrics.elidedText(line, Qt.TextElideMode.ElideRight, widths[title] - TEXT_ROOM + 4)
                     for line in self._lines[title] if line]
            button.setText("\n".join(lines))
            button.setFixedWidth(widths[title])
