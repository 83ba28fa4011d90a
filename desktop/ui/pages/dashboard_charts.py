"""Chart pieces of the dashboard: whole-number axes, and a chart that can say it has nothing to show.

A new commune (just made by the first-run wizard) has no people and no activities: a value
axis up to 0, a category axis with no categories or a pie with no slices draws broken
scales, so such a chart is replaced by its title and a sentence ("Chưa có số liệu").
"""

from __future__ import annotations

import math

from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QFrame, QLabel, QStackedWidget, QVBoxLayout, QWidget

CHART_HEIGHT = 320
QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's "no maximum"
EMPTY_HEIGHT = 110  # a chart with nothing to draw shrinks to its note
MAX_TICKS = 5  # intervals on a value axis


def nice_step(maximum: int) -> int:
    """A whole step of 1, 2 or 5 × 10^k giving at most MAX_TICKS intervals up to `maximum`."""
    maximum = max(1, maximum)
    power = 10 ** int(math.log10(maximum / MAX_TICKS)) if maximum > MAX_TICKS else 1
    while True:
        for factor in (1, 2, 5):
            if math.ceil(maximum / (factor * power)) <= MAX_TICKS:
                return factor * power
        power *= 10


def value_axis(title: str, maximum: int) -> QValueAxis:
    """0 to a round number above `maximum`, ticks on whole numbers only (counts of people)."""
    step = nice_step(maximum)
    axis = QValueAxis()
    axis.setTitleText(title)
    axis.setLabelFormat("%d")
    axis.setRange(0, step * max(1, math.ceil(maximum / step)))
    axis.setTickType(QValueAxis.TickType.TicksDynamic)
    axis.setTickAnchor(0)
    axis.setTickInterval(step)
    return axis


def category_axis(labels: list[str], title: str = "") -> QBarCategoryAxis:
    axis = QBarCategoryAxis()
    axis.append(labels)
    if title:
        axis.setTitleText(title)
    return axis


def bar_set(label: str, values: list[int]) -> QBarSet:
    bars = QBarSet(label)
    bars.append(values)
    return bars


class ChartBox(QStackedWidget):
    """A chart view, or in its place the chart's title and why there is nothing to draw."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = QChartView()
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setTextFormat(Qt.TextFormat.RichText)
        holder = QFrame()
        holder.setFrameShape(QFrame.Shape.StyledPanel)
        holder.setObjectName("emptyChart")
        holder.setStyleSheet("#emptyChart { background: white; border: 1px solid #dfe3e6; border-radius: 4px; }")
        QVBoxLayout(holder).addWidget(self.empty)
        self.addWidget(self.view)
        self.addWidget(holder)
        self.setMinimumHeight(CHART_HEIGHT)

    @property
    def is_empty(self) -> bool:
        return self.currentIndex() == 1

    def new_chart(self, title: str) -> QChart:
        """A fresh chart in the view (the old one is let go), shown in place of any empty note."""
        chart = QChart()
        chart.setTitle(title)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self._replace(chart)
        self.setCurrentIndex(0)
        self.setMaximumHeight(QWIDGETSIZE_MAX)
        self.setMinimumHeight(CHART_HEIGHT)
        return chart

    def show_empty(self, title: str, message: str) -> None:
        self._replace(QChart())  # the last commune's figures must not linger behind the note
        self.empty.setText(f"<p><b>{title}</b></p><p style='color:#607d8b'>{message}</p>")
        self.setCurrentIndex(1)
        self.setMinimumHeight(EMPTY_HEIGHT)
        self.setMaximumHeight(EMPTY_HEIGHT)

    def _replace(self, chart: QChart) -> None:
        old = self.view.chart()
        self.view.setChart(chart)  # the view owns the new chart and lets go of the old one
        if old is not None:
            old.deleteLater()
