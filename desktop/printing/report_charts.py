"""The yearly report's charts of rates (reportlab.graphics): horizontal grouped bars, one group per
title or hamlet, 0–100 %, a bar's value written at its end, dashed lines for targets.

Horizontal, so that names of any length stay readable on the left (wrapped to two lines at most).
Colours are greys a black-and-white office printer keeps apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.colors import Color
from reportlab.lib.utils import simpleSplit

from desktop.printing.fonts import REGULAR, nfc
from desktop.printing.fonts import width as text_width

NO_DATA = "chưa có số liệu"
SIZE = 10  # labels and legend
BAR = 9  # points per bar
GAP = 8  # between groups
LABEL_WIDTH = 150  # the names on the left
DASHES = ((4, 2), (1, 2))  # the 2025 target dashed, the 2030 one dotted
SHADES = (colors.Color(0.25, 0.25, 0.25), colors.Color(0.62, 0.62, 0.62), colors.Color(0.85, 0.85, 0.85))


@dataclass(frozen=True)
class RateChart:
    """Percentages to compare; None draws no bar (chưa có số liệu)."""

    title: str
    labels: tuple[str, ...]  # one group of bars per label, top to bottom
    series: tuple[tuple[str, tuple[float | None, ...]], ...]  # (legend, percent per label), at most 3
    lines: tuple[tuple[str, float], ...] = ()  # (legend, percent): a dashed line across all groups


PLOT_ROOM = 520  # points of bars on one chart: with its title and legend it fits one page's frame
CONTINUED = " (tiếp theo)"


def in_parts(chart: RateChart) -> list[RateChart]:
    """The chart split so that each part fits a page (70 khu phố of a city ward do not)."""
    per_part = max(1, PLOT_ROOM // (max(1, len(chart.series)) * BAR + GAP))
    if len(chart.labels) <= per_part:
        return [chart]
    parts = []
    for start in range(0, len(chart.labels), per_part):
        stop = start + per_part
        parts.append(RateChart(chart.title + (CONTINUED if start else ""), chart.labels[start:stop],
                               tuple((name, values[start:stop]) for name, values in chart.series), chart.lines))
    return parts


def _wrapped(label: str) -> str:
    lines = simpleSplit(nfc(label), REGULAR, SIZE, LABEL_WIDTH - 8)
    return "\n".join(lines[:2]) + ("…" if len(lines) > 2 else "")


def width_of(text: str) -> float:
    return text_width(text, REGULAR, SIZE)


def _percent(value: float) -> str:
    text = f"{value:.1f}".replace(".", ",")
    return (text[:-2] if text.endswith(",0") else text) + " %"


def _legend(chart: RateChart, width: float) -> list[tuple[float, int, Color | None, str, int]]:
    """(x, row, fill, text, dash) of each legend item: the bars' shades, then the target lines."""
    items: list[tuple[Color | None, str, int]] = [
        (SHADES[i % len(SHADES)], nfc(name), 0) for i, (name, _) in enumerate(chart.series)]
    items += [(None, nfc(f"{name}: {_percent(percent)}"), n) for n, (name, percent) in enumerate(chart.lines)]
    placed, x, row = [], float(LABEL_WIDTH), 0
    for fill, text, dash in items:
        room = 22 + width_of(text) + 18
        if x + room > width and x > LABEL_WIDTH:
            x, row = float(LABEL_WIDTH), row + 1
        placed.append((x, row, fill, text, dash))
        x += room
    return placed


def rate_drawing(chart: RateChart, width: float) -> Drawing:
    """The chart as a flowable drawing `width` points wide."""
    groups = max(1, len(chart.labels))
    bars = max(1, len(chart.series))
    plot_h = groups * (bars * BAR + GAP)
    legend = _legend(chart, width)
    legend_h = 16 * (1 + max((row for _, row, *_ in legend), default=0))
    drawing = Drawing(width, plot_h + 26 + legend_h, initialFontName=REGULAR)  # not an unembedded Helvetica
    bc = HorizontalBarChart()
    bc.x, bc.y = LABEL_WIDTH, legend_h + 20
    bc.width, bc.height = int(width - LABEL_WIDTH - 50), plot_h
    # reportlab stacks a group's bars bottom up: the series go in reversed, so the first is on top.
    values = [values for _, values in chart.series][::-1] or [(None,) * groups]
    shades = [SHADES[i % len(SHADES)] for i in range(len(chart.series))][::-1] or [SHADES[0]]
    bc.data = [[v if v is not None else 0 for v in row] for row in values]
    bc.valueAxis.valueMin, bc.valueAxis.valueMax, bc.valueAxis.valueStep = 0, 100, 10
    bc.valueAxis.labels.fontName, bc.valueAxis.labels.fontSize = REGULAR, SIZE - 1
    bc.valueAxis.labelTextFormat = "%d %%"
    bc.valueAxis.visibleGrid = True
    bc.valueAxis.gridStrokeColor = colors.Color(0.85, 0.85, 0.85)
    bc.categoryAxis.categoryNames = [_wrapped(label) for label in chart.labels] or [""]
    bc.categoryAxis.labels.fontName, bc.categoryAxis.labels.fontSize = REGULAR, SIZE
    bc.categoryAxis.labels.boxAnchor, bc.categoryAxis.labels.dx = "e", -4
    bc.categoryAxis.labels.textAnchor = "end"
    bc.categoryAxis.reverseDirection = 1  # the first label on top, as in the tables
    bc.barSpacing, bc.groupSpacing = 1, GAP
    for i, shade in enumerate(shades):
        bc.bars[i].fillColor = shade
        bc.bars[i].strokeColor, bc.bars[i].strokeWidth = colors.black, 0.3
    # Each bar says its value; a missing value says so instead of a bar of nothing.
    bc.barLabels.fontName, bc.barLabels.fontSize = REGULAR, SIZE - 1
    bc.barLabels.boxAnchor, bc.barLabels.dx = "w", 3
    bc.barLabelArray = [[_percent(v) if v is not None else NO_DATA for v in row] for row in values]
    bc.barLabelFormat = "values"
    drawing.add(bc)
    for n, (_, percent) in enumerate(chart.lines):
        x = bc.x + bc.width * percent / 100
        drawing.add(Line(x, bc.y, x, bc.y + bc.height, strokeColor=colors.black, strokeWidth=1,
                         strokeDashArray=DASHES[n % len(DASHES)]))
    for x, row, fill, text, dash in legend:
        y = legend_h - 12 - 16 * row
        if fill is not None:
            swatch = Rect(x, y - 1, 16, 9)
            swatch.fillColor, swatch.strokeColor, swatch.strokeWidth = fill, colors.black, 0.3
            drawing.add(swatch)
        else:
            drawing.add(Line(x, y + 3, x + 16, y + 3, strokeColor=colors.black, strokeWidth=1,
                             strokeDashArray=DASHES[dash % len(DASHES)]))
        drawing.add(String(x + 22, y, text, fontName=REGULAR, fontSize=SIZE))
    return drawing
