"""The dashboard ("Tổng quan"): headline counts and charts of the commune and a year.

The figures are counted on the worker thread (services.dashboard, writes=False) and
arrive as plain frozen data; the charts are rebuilt from that data only, so the window
never waits on the database. A newer request wins over an older one still in flight.
"""

from __future__ import annotations

from datetime import date

import shiboken6
from PySide6.QtCharts import (
    QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QHorizontalBarSeries, QLineSeries,
    QPieSeries, QValueAxis,
)
from PySide6.QtCore import QMargins, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QComboBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget,
)

from desktop.domain.text import format_count
from desktop.services.dashboard import Dashboard, dashboard
from desktop.ui.i18n import DATE_FORMAT, VIETNAMESE
from desktop.ui.pages.base import Page

TOP_ETHNIC_GROUPS = 5  # the rest are summed into one slice
CHART_HEIGHT = 320
HAMLET_ROW_HEIGHT = 26  # the hamlet chart grows with the commune (some have 100+ hamlets)


def _value_axis(title: str, maximum: int) -> QValueAxis:
    axis = QValueAxis()
    axis.setTitleText(title)
    axis.setLabelFormat("%d")
    axis.setRange(0, max(1, maximum))
    axis.applyNiceNumbers()
    return axis


def _category_axis(labels: list[str], title: str = "") -> QBarCategoryAxis:
    axis = QBarCategoryAxis()
    axis.append(labels)
    if title:
        axis.setTitleText(title)
    return axis


def _bar_set(label: str, values: list[int]) -> QBarSet:
    bars = QBarSet(label)
    bars.append(values)
    return bars


class _Card(QFrame):
    """One headline figure: a big number over its caption."""

    def __init__(self, caption: str, parent=None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel("—")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        self.value.setFont(font)
        self.caption = QLabel(caption)
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)


class DashboardPage(Page):
    title = "Tổng quan"
    help_html = (
        "<p>Những con số chính của xã: số hộ, nhân khẩu đang cư trú, dòng họ, đơn vị học tập, hoạt động học "
        "tập trong năm; biểu đồ dân số theo nhóm tuổi, dân tộc, thôn; hoạt động và lượt người tham gia theo "
        "tháng và theo loại. Chọn <b>Năm</b> để xem các hoạt động của năm đó. Số liệu tự cập nhật sau mỗi "
        "thay đổi trong sổ.</p>")
    tables = ("hamlets", "households", "citizens", "clans", "learning_units", "activities", "participations")

    loaded = Signal()  # new figures are on screen (tests and the status bar wait on it)

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.data: Dashboard | None = None
        self._year: int | None = None  # None: the current year
        self._request = 0
        self._build()

    # --- layout ------------------------------------------------------------------
    def _build(self) -> None:
        heading = QLabel(self.tr("<h2>Tổng quan</h2>"))
        self.year_box = QComboBox()
        self.year_box.setToolTip(self.tr("Năm của các hoạt động học tập được thống kê"))
        self.year_box.activated.connect(self._year_chosen)
        self.status = QLabel()
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.status)
        top.addWidget(QLabel(self.tr("Năm:")))
        top.addWidget(self.year_box)

        self.cards = {
            "households": _Card(self.tr("Hộ gia đình")),
            "residents": _Card(self.tr("Nhân khẩu đang cư trú")),
            "clans": _Card(self.tr("Dòng họ")),
            "units": _Card(self.tr("Đơn vị học tập")),
            "activities": _Card(self.tr("Hoạt động học tập trong năm")),
            "participations": _Card(self.tr("Lượt người tham gia trong năm")),
        }
        cards = QGridLayout()
        for i, card in enumerate(self.cards.values()):
            cards.addWidget(card, i // 3, i % 3)

        self.age_view, self.ethnic_view = self._view(), self._view()
        self.month_view, self.category_view = self._view(), self._view()
        self.hamlet_view = self._view()
        charts = QGridLayout()
        charts.addWidget(self.age_view, 0, 0)
        charts.addWidget(self.ethnic_view, 0, 1)
        # Full width below: long category names and the twelve months need the room.
        charts.addWidget(self.month_view, 1, 0, 1, 2)
        charts.addWidget(self.category_view, 2, 0, 1, 2)
        charts.addWidget(self.hamlet_view, 3, 0, 1, 2)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(top)
        layout.addLayout(cards)
        layout.addLayout(charts)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    @staticmethod
    def _view() -> QChartView:
        view = QChartView()
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumHeight(CHART_HEIGHT)
        return view

    # --- loading -----------------------------------------------------------------
    def load(self) -> None:
        self._request += 1
        request, year = self._request, self._year
        self.status.setText(self.tr("Đang tính số liệu…"))
        self.ctx.ops.run(lambda session, progress: dashboard(session=session, year=year),
                         on_done=lambda data: self._arrived(request, data),
                         on_failed=lambda exc: self._failed(request, exc),
                         label=self.tr("Đang tính số liệu tổng quan…"), writes=False)

    def _arrived(self, request: int, data: Dashboard) -> None:
        if not shiboken6.isValid(self) or request != self._request:
            return  # the page is gone, or a newer request (another year) is on its way
        self.data = data
        self._show_years(data)
        self._show_cards(data)
        self._show_ages(data)
        self._show_ethnic_groups(data)
        self._show_months(data)
        self._show_categories(data)
        self._show_hamlets(data)
        as_of = data.population.as_of
        self.status.setText(self.tr("Dân số tính đến {day}").format(
            day=VIETNAMESE.toString(date(as_of.year, as_of.month, as_of.day), DATE_FORMAT)))
        self.loaded.emit()

    def _failed(self, request: int, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        if request == self._request:
            self.status.setText(self.tr("Chưa tải được số liệu."))
        self.ctx.errors.show(exc, self)

    def _year_chosen(self, index: int) -> None:
        year = self.year_box.itemData(index)
        if year is not None and (self.data is None or year != self.data.activity.year):
            self.show_year(int(year))

    def show_year(self, year: int) -> None:
        """Show the activities of `year` (the population is always today's)."""
        self._year = year
        self.reload()

    # --- drawing (plain data in, charts out) ---------------------------------------
    def _show_years(self, data: Dashboard) -> None:
        self.year_box.blockSignals(True)
        self.year_box.clear()
        for year in data.years:
            self.year_box.addItem(str(year), year)
        self.year_box.setCurrentIndex(max(0, self.year_box.findData(data.activity.year)))
        self.year_box.blockSignals(False)

    def _show_cards(self, data: Dashboard) -> None:
        h = data.headline
        for key in self.cards:
            self.cards[key].value.setText(format_count(getattr(h, key)))
        year = data.activity.year
        self.cards["activities"].caption.setText(self.tr("Hoạt động học tập năm {year}").format(year=year))
        self.cards["participations"].caption.setText(self.tr("Lượt người tham gia năm {year}").format(year=year))

    def _chart(self, view: QChartView, title: str) -> QChart:
        chart = QChart()
        chart.setTitle(title)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        old = view.chart()
        view.setChart(chart)  # the view owns the new chart and lets go of the old one
        if old is not None:
            old.deleteLater()
        return chart

    def _show_ages(self, data: Dashboard) -> None:
        people = data.population
        chart = self._chart(self.age_view, self.tr("Dân số theo nhóm tuổi và giới tính"))
        series = QBarSeries()
        series.append(_bar_set(self.tr("Nam"), [b.male for b in people.age_bands]))
        series.append(_bar_set(self.tr("Nữ"), [b.female for b in people.age_bands]))
        chart.addSeries(series)
        x = _category_axis([b.label for b in people.age_bands], self.tr("Nhóm tuổi"))
        y = _value_axis(self.tr("Số người"), max((max(b.male, b.female) for b in people.age_bands), default=0))
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)

    def _show_ethnic_groups(self, data: Dashboard) -> None:
        people = data.population
        chart = self._chart(self.ethnic_view, self.tr("Thành phần dân tộc"))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        groups = people.ethnic_groups
        shown = [(g.name, g.residents) for g in groups[:TOP_ETHNIC_GROUPS]]
        rest = sum(g.residents for g in groups[TOP_ETHNIC_GROUPS:])
        if rest:
            shown.append((self.tr("Dân tộc khác"), rest))
        series = QPieSeries()
        total = max(1, people.residents)
        for name, residents in shown:
            share = VIETNAMESE.toString(100 * residents / total, "f", 1)
            series.append(self.tr("{name}: {n} ({share}%)").format(name=name, n=format_count(residents), share=share),
                          residents)
        chart.addSeries(series)

    def _show_months(self, data: Dashboard) -> None:
        year = data.activity
        chart = self._chart(self.month_view, self.tr("Hoạt động và lượt người theo tháng, năm {year}")
                            .format(year=year.year))
        bars = QBarSeries()
        bars.append(_bar_set(self.tr("Hoạt động"), [m.activities for m in year.months]))
        line = QLineSeries()
        line.setName(self.tr("Lượt người"))
        pen = line.pen()
        pen.setWidth(3)
        line.setPen(pen)
        for i, m in enumerate(year.months):  # x = the category's index puts points over the bars
            line.append(i, m.participations)
        chart.addSeries(bars)
        chart.addSeries(line)
        x = _category_axis([self.tr("T{n}").format(n=m.month) for m in year.months], self.tr("Tháng"))
        left = _value_axis(self.tr("Hoạt động"), max(m.activities for m in year.months))
        right = _value_axis(self.tr("Lượt người"), max(m.participations for m in year.months))
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(left, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(right, Qt.AlignmentFlag.AlignRight)
        bars.attachAxis(x)
        bars.attachAxis(left)
        line.attachAxis(x)
        line.attachAxis(right)

    def _show_categories(self, data: Dashboard) -> None:
        year = data.activity
        chart = self._chart(self.category_view, self.tr("Lượt người theo loại hoạt động, năm {year}")
                            .format(year=year.year))
        chart.legend().setVisible(False)
        rows = list(reversed(year.categories))  # horizontal bars draw the first row at the bottom
        series = QHorizontalBarSeries()
        series.append(_bar_set(self.tr("Lượt người"), [c.participations for c in rows]))
        series.setLabelsVisible(True)  # the number at the end of each bar
        chart.addSeries(series)
        # The two counts differ by a hundredfold: activities go in the label, not as bars.
        y = _category_axis([self.tr("{label} ({n} hoạt động)").format(label=c.label, n=c.activities)
                            for c in rows])
        x = _value_axis(self.tr("Lượt người"), max((c.participations for c in rows), default=0))
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(y)
        series.attachAxis(x)

    def _show_hamlets(self, data: Dashboard) -> None:
        hamlets = list(reversed(data.population.hamlets))  # first hamlet on top
        chart = self._chart(self.hamlet_view, self.tr("Dân số theo thôn, tổ dân phố"))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)  # the chart is tall: keep the key in sight
        series = QHorizontalBarSeries()
        series.setBarWidth(0.8)
        series.append(_bar_set(self.tr("Nhân khẩu"), [h.residents for h in hamlets]))
        series.append(_bar_set(self.tr("Hộ"), [h.households for h in hamlets]))
        chart.addSeries(series)
        y = _category_axis([h.name or self.tr("Chưa xếp thôn") for h in hamlets])
        x = _value_axis(self.tr("Số người, số hộ"), max((h.residents for h in hamlets), default=0))
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(x, Qt.AlignmentFlag.AlignTop)
        series.attachAxis(y)
        series.attachAxis(x)
        self.hamlet_view.setMinimumHeight(max(CHART_HEIGHT, HAMLET_ROW_HEIGHT * len(hamlets) + 120))
