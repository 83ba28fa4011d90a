"""The dashboard ("Tổng quan"): headline counts and charts of the commune and a year.

The figures are counted on the worker thread (services.dashboard, writes=False) and
arrive as plain frozen data; the charts are rebuilt from that data only, so the window
never waits on the database. A newer request wins over an older one still in flight.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCharts import QBarSeries, QHorizontalBarSeries, QLineSeries, QPieSeries
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.text import format_count
from desktop.services.dashboard import Dashboard, dashboard
from desktop.ui.i18n import DATE_FORMAT, VIETNAMESE
from desktop.ui.pages.base import Page
from desktop.ui.pages.dashboard_charts import CHART_HEIGHT, ChartBox, bar_set, category_axis, value_axis
from desktop.ui.pages.dashboard_titles import TitlesPanel, percent_text

TOP_ETHNIC_GROUPS = 5  # the rest are summed into one slice
HAMLET_ROW_HEIGHT = 26  # the hamlet chart grows with the commune (some have 100+ hamlets)


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
        "<p>Những con số chính của xã: số hộ, nhân khẩu đang sinh sống tại xã, dòng họ, đơn vị học tập, hoạt "
        "động học tập trong năm; kết quả năm danh hiệu học tập của năm (đăng ký, đạt, công nhận) so với chỉ "
        "tiêu năm 2025 và 2030; biểu đồ dân số theo nhóm tuổi, dân tộc, thôn; hoạt động và lượt người tham gia "
        "theo tháng và theo loại. Chọn <b>Năm</b> để xem năm khác. Số liệu tự cập nhật sau mỗi thay đổi trong "
        "sổ. Chỉ tiêu nào chưa đối chiếu được với văn bản gốc có dấu * và ghi chú ở cuối trang.</p>")
    tables = ("hamlets", "households", "citizens", "clans", "clan_households", "learning_units", "activities",
              "participations", "title_registrations", "evaluations", "recognitions")

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.loader.on_failed = self._failed
        self.data: Dashboard | None = None
        self._year: int | None = None  # None: the current year
        self._build()

    # --- layout ------------------------------------------------------------------
    def _build(self) -> None:
        heading = QLabel(self.tr("<h2>Tổng quan</h2>"))
        self.year_box = QComboBox()
        self.year_box.setToolTip(self.tr("Năm của các danh hiệu và hoạt động học tập được thống kê"))
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

        self.titles = TitlesPanel()

        self.age_box, self.ethnic_box = ChartBox(), ChartBox()
        self.month_box, self.category_box, self.hamlet_box = ChartBox(), ChartBox(), ChartBox()
        self.age_view, self.ethnic_view = self.age_box.view, self.ethnic_box.view
        self.month_view, self.category_view = self.month_box.view, self.category_box.view
        self.hamlet_view = self.hamlet_box.view
        charts = QGridLayout()
        charts.addWidget(self.age_box, 0, 0)
        charts.addWidget(self.ethnic_box, 0, 1)
        # Full width below: long category names and the twelve months need the room.
        charts.addWidget(self.month_box, 1, 0, 1, 2)
        charts.addWidget(self.category_box, 2, 0, 1, 2)
        charts.addWidget(self.hamlet_box, 3, 0, 1, 2)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(top)
        layout.addLayout(cards)
        layout.addWidget(self.titles)
        layout.addLayout(charts)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    # --- loading -----------------------------------------------------------------
    def load(self) -> None:
        year = self._year
        self.status.setText(self.tr("Đang tính số liệu…"))
        self.loader.load(lambda session: dashboard(session=session, year=year), self._arrived)

    def _arrived(self, data: Dashboard) -> None:
        self.data = data
        self._show_years(data)
        self._show_cards(data)
        self.titles.show_figures(data.titles)
        self._show_ages(data)
        self._show_ethnic_groups(data)
        self._show_months(data)
        self._show_categories(data)
        self._show_hamlets(data)
        as_of = data.population.as_of
        self.status.setText(self.tr("Dân số tính đến {day}").format(
            day=VIETNAMESE.toString(date(as_of.year, as_of.month, as_of.day), DATE_FORMAT)))
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
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

    def _show_ages(self, data: Dashboard) -> None:
        people = data.population
        title = self.tr("Dân số theo nhóm tuổi và giới tính")
        if not any(b.total for b in people.age_bands):
            self.age_box.show_empty(title, self._no_residents(people))
            return
        chart = self.age_box.new_chart(title)
        series = QBarSeries()
        series.append(bar_set(self.tr("Nam"), [b.male for b in people.age_bands]))
        series.append(bar_set(self.tr("Nữ"), [b.female for b in people.age_bands]))
        chart.addSeries(series)
        x = category_axis([b.label for b in people.age_bands], self.tr("Nhóm tuổi"))
        y = value_axis(self.tr("Số người"), max(max(b.male, b.female) for b in people.age_bands))
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)

    def _no_residents(self, people) -> str:
        if people.residents:  # residents, none with a birth year
            return self.tr("Chưa có số liệu: {n} nhân khẩu chưa ghi năm sinh.").format(n=format_count(people.residents))
        return self.tr("Chưa có số liệu: chưa có nhân khẩu nào đang cư trú trong sổ.")

    def _show_ethnic_groups(self, data: Dashboard) -> None:
        people = data.population
        title = self.tr("Thành phần dân tộc")
        if not people.residents:
            self.ethnic_box.show_empty(title, self._no_residents(people))
            return
        chart = self.ethnic_box.new_chart(title)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        groups = people.ethnic_groups
        shown = [(g.name, g.residents) for g in groups[:TOP_ETHNIC_GROUPS]]
        rest = sum(g.residents for g in groups[TOP_ETHNIC_GROUPS:])
        if rest:
            shown.append((self.tr("Dân tộc khác"), rest))
        series = QPieSeries()
        for name, residents in shown:
            share = percent_text(100 * residents / people.residents)
            series.append(self.tr("{name}: {n} ({share})").format(name=name, n=format_count(residents), share=share),
                          residents)
        chart.addSeries(series)

    def _no_activities(self, year: int) -> str:
        return self.tr("Chưa có số liệu: chưa có hoạt động học tập nào trong năm {year}.").format(year=year)

    def _show_months(self, data: Dashboard) -> None:
        year = data.activity
        title = self.tr("Hoạt động và lượt người theo tháng, năm {year}").format(year=year.year)
        if not year.activities:
            self.month_box.show_empty(title, self._no_activities(year.year))
            return
        chart = self.month_box.new_chart(title)
        bars = QBarSeries()
        bars.append(bar_set(self.tr("Hoạt động"), [m.activities for m in year.months]))
        line = QLineSeries()
        line.setName(self.tr("Lượt người"))
        pen = line.pen()
        pen.setWidth(3)
        line.setPen(pen)
        for i, m in enumerate(year.months):  # x = the category's index puts points over the bars
            line.append(i, m.participations)
        chart.addSeries(bars)
        chart.addSeries(line)
        x = category_axis([self.tr("T{n}").format(n=m.month) for m in year.months], self.tr("Tháng"))
        left = value_axis(self.tr("Hoạt động"), max(m.activities for m in year.months))
        right = value_axis(self.tr("Lượt người"), max(m.participations for m in year.months))
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(left, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(right, Qt.AlignmentFlag.AlignRight)
        bars.attachAxis(x)
        bars.attachAxis(left)
        line.attachAxis(x)
        line.attachAxis(right)

    def _show_categories(self, data: Dashboard) -> None:
        year = data.activity
        title = self.tr("Lượt người theo loại hoạt động, năm {year}").format(year=year.year)
        if not year.activities:
            self.category_box.show_empty(title, self._no_activities(year.year))
            return
        chart = self.category_box.new_chart(title)
        chart.legend().setVisible(False)
        rows = list(reversed(year.categories))  # horizontal bars draw the first row at the bottom
        series = QHorizontalBarSeries()
        series.append(bar_set(self.tr("Lượt người"), [c.participations for c in rows]))
        series.setLabelsVisible(True)  # the number at the end of each bar
        chart.addSeries(series)
        # The two counts differ by a hundredfold: activities go in the label, not as bars.
        y = category_axis([self.tr("{label} ({n} hoạt động)").format(label=c.label, n=format_count(c.activities))
                           for c in rows])
        x = value_axis(self.tr("Lượt người"), max(c.participations for c in rows))
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(y)
        series.attachAxis(x)

    def _show_hamlets(self, data: Dashboard) -> None:
        people = data.population
        hamlets = list(reversed(people.hamlets))  # first hamlet on top
        title = self.tr("Dân số theo thôn, tổ dân phố")
        if not (people.households or people.residents):
            message = (self.tr("Chưa có số liệu: chưa có hộ gia đình nào trong sổ ({n} thôn, tổ dân phố đã lập).")
                       .format(n=format_count(len(hamlets))) if hamlets else
                       self.tr("Chưa có số liệu: chưa có thôn, tổ dân phố và hộ gia đình nào trong sổ."))
            self.hamlet_box.show_empty(title, message)
            return
        chart = self.hamlet_box.new_chart(title)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)  # the chart is tall: keep the key in sight
        series = QHorizontalBarSeries()
        series.setBarWidth(0.8)
        series.append(bar_set(self.tr("Nhân khẩu"), [h.residents for h in hamlets]))
        series.append(bar_set(self.tr("Hộ"), [h.households for h in hamlets]))
        chart.addSeries(series)
        y = category_axis([h.name or self.tr("Chưa xếp thôn") for h in hamlets])
        x = value_axis(self.tr("Số người, số hộ"), max(max(h.residents, h.households) for h in hamlets))
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(x, Qt.AlignmentFlag.AlignTop)
        series.attachAxis(y)
        series.attachAxis(x)
        self.hamlet_box.setMinimumHeight(max(CHART_HEIGHT, HAMLET_ROW_HEIGHT * len(hamlets) + 120))
