"""The dashboard's learning-title block: one card per title, its shares against the targets.

Drawn from services.title_figures.TitleYearFigures only (plain data that arrived with the
rest of the dashboard). A share with no denominator says "Chưa có số liệu"; a share with
no national target says "Chưa có chỉ tiêu"; a target read only as restated by a province's
plan carries a mark and the footnote says so.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from desktop.domain.text import format_count
from desktop.services.title_figures import FINAL, MIDTERM, Share, TitleFigures, TitleYearFigures
from desktop.ui.i18n import VIETNAMESE

REACHED, SHORT, NEUTRAL = "#2e7d32", "#c25e00", "#1565c0"  # bar colours: target met, not met, no target
MUTED = "#607d8b"
# Cards to a row: as many of this width as fit, up to three (two from ~700 px, three from
# ~1050 px). Not a minimum width: that would hold the page wide when the window shrinks.
CARD_WIDTH = 330
UNCONFIRMED_MARK = "*"


def percent_text(value: float) -> str:
    """68.37 -> "68,4 %": one decimal, a comma, as the page writes every share."""
    return f"{VIETNAMESE.toString(value, 'f', 1)} %"


class ShareBar(QWidget):
    """The share as a filled bar, with a tick at each target (2025 thin, 2030 thick)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.percent: float | None = None
        self.colour = NEUTRAL
        self.ticks: tuple[tuple[int, int], ...] = ()  # (deadline, percent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(200, 14)

    def set_share(self, percent: float | None, colour: str, ticks: tuple[tuple[int, int], ...]) -> None:
        self.percent, self.colour, self.ticks = percent, colour, ticks
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        frame = QRectF(self.rect()).adjusted(0.5, 2.5, -0.5, -2.5)
        painter.setPen(QPen(QColor("#b0bec5"), 1))
        painter.setBrush(QColor("#eceff1"))
        painter.drawRoundedRect(frame, 3, 3)
        if self.percent:
            filled = QRectF(frame)
            filled.setWidth(frame.width() * min(self.percent, 100) / 100)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(self.colour))
            painter.drawRoundedRect(filled, 3, 3)
        for deadline, percent in self.ticks:
            x = frame.left() + frame.width() * percent / 100
            painter.setPen(QPen(QColor("#263238"), 3 if deadline == FINAL else 1.5))
            painter.drawLine(int(x), 0, int(x), self.height())
        painter.end()


class ShareView(QWidget):
    """One share: what is counted, the bar and its percentage, over what, the targets, the verdict."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.what = QLabel()
        self.what.setWordWrap(True)
        self.bar = ShareBar()
        self.percent = QLabel()
        font = self.percent.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.percent.setFont(font)
        self.percent.setMinimumWidth(self.percent.fontMetrics().horizontalAdvance("100,0 %") + 4)
        self.percent.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.counted = QLabel()
        self.counted.setWordWrap(True)
        self.counted.setStyleSheet(f"color: {MUTED};")
        self.targets = QLabel()
        self.targets.setWordWrap(True)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(self.bar, 1)
        bar.addWidget(self.percent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.what)
        layout.addLayout(bar)
        for widget in (self.counted, self.targets, self.verdict):
            layout.addWidget(widget)

    def show_share(self, share: Share, deadline: int) -> None:
        base = share.base
        percent = share.percent
        shown = percent_text(percent) if percent is not None else "—"
        self.what.setText(base.what)
        self.percent.setText(shown)
        self.counted.setText(self.tr("{count} / {of} {of_words}").format(
            count=format_count(share.count), of=format_count(share.of), of_words=base.of))
        self.targets.setText(self._targets_text(share))
        self.targets.setVisible(bool(base.targets))  # without targets the verdict says so
        reached = share.reached(deadline)
        if not share.of:
            verdict, colour = self.tr("Chưa có số liệu"), MUTED
        elif share.target(deadline) is None:
            verdict, colour = self.tr("Chưa có chỉ tiêu"), MUTED
        elif reached:
            verdict, colour = self.tr("Đạt chỉ tiêu năm {deadline}").format(deadline=deadline), REACHED
        else:
            verdict = self.tr("Chưa đạt chỉ tiêu năm {deadline}: cần thêm {n} {unit}").format(
                deadline=deadline, n=format_count(share.missing(deadline)), unit=base.unit)
            colour = SHORT
        self.verdict.setText(verdict)
        self.verdict.setStyleSheet(f"color: {colour}; font-weight: bold;")
        ticks = tuple((t.deadline, t.percent) for t in base.targets)
        self.bar.set_share(percent, NEUTRAL if reached is None else colour, ticks)
        tip = "\n".join(filter(None, (self._sources_text(share), base.note)))
        for widget in (self, self.bar):
            widget.setToolTip(tip)
        self.bar.setAccessibleName(f"{base.what}: {shown}")

    def _targets_text(self, share: Share) -> str:
        if not share.base.targets:
            return ""
        parts = []
        for deadline in (MIDTERM, FINAL):
            target = share.target(deadline)
            value = (f"{target.percent} %" + ("" if target.confirmed else UNCONFIRMED_MARK)) if target else \
                self.tr("chưa có chỉ tiêu")
            parts.append(self.tr("{deadline}: {value}").format(deadline=deadline, value=value))
        return self.tr("Chỉ tiêu {parts}").format(parts=" · ".join(parts))

    def _sources_text(self, share: Share) -> str:
        sources = dict.fromkeys(t.source for t in share.base.targets)
        return self.tr("Chỉ tiêu theo: {sources}").format(sources="; ".join(sources)) if sources else ""


class TitleCard(QFrame):
    """One title of the year: registered, passed, recognised, then its shares."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.name = QLabel()
        font = self.name.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.name.setFont(font)
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.shares: list[ShareView] = []
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self.name)
        self._layout.addWidget(self.counts)
        self._layout.addStretch(1)  # a short card in a row of tall ones keeps its lines at the top

    def show_title(self, title: TitleFigures, deadline: int) -> None:
        counts = title.counts
        self.name.setText(counts.name)
        self.counts.setText(self.tr("Đăng ký <b>{registered}</b> · Đạt <b>{passed}</b> · Công nhận <b>{recognised}</b>")
                            .format(registered=format_count(counts.registered), passed=format_count(counts.passed),
                                    recognised=format_count(counts.recognised)))
        while len(self.shares) < len(title.shares):
            view = ShareView()
            self.shares.append(view)
            self._layout.insertWidget(self._layout.count() - 1, view)
        for view, share in zip(self.shares, title.shares, strict=True):
            view.show_share(share, deadline)


class TitlesPanel(QWidget):
    """The heading, a card per title (two or three to a row as the page is wide), the footnotes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.explain.setStyleSheet(f"color: {MUTED};")
        self.footnote = QLabel()
        self.footnote.setWordWrap(True)
        self.footnote.setStyleSheet(f"color: {MUTED};")
        self.cards: dict[str, TitleCard] = {}
        self.grid = QGridLayout()
        self.grid.setSpacing(8)
        self._columns = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.explain)
        layout.addLayout(self.grid)
        layout.addWidget(self.footnote)

    def show_figures(self, figures: TitleYearFigures) -> None:
        self.heading.setText(self.tr("<h3>Danh hiệu học tập năm {year}</h3>").format(year=figures.year))
        stage = self.tr("sơ kết") if figures.deadline == MIDTERM else self.tr("tổng kết")
        self.explain.setText(self.tr(
            "Tỷ lệ được công nhận trong năm, so với chỉ tiêu đến năm {deadline} ({stage} phong trào thi đua theo "
            "Quyết định 1315/QĐ-TTg). Vạch mảnh trên thanh: chỉ tiêu 2025; vạch đậm: chỉ tiêu 2030.")
            .format(deadline=figures.deadline, stage=stage))
        for title in figures.titles:
            card = self.cards.get(title.title)
            if card is None:
                card = self.cards[title.title] = TitleCard()
            card.show_title(title, figures.deadline)
        self._columns = 0  # place the cards again
        self._place()
        unconfirmed = any(not t.confirmed for title in figures.titles for share in title.shares
                          for t in share.base.targets)
        notes = [self.tr(
            "Chỉ tiêu lấy theo Quyết định 387/QĐ-TTg (gia đình, dòng họ, cộng đồng, đơn vị học tập) và Quyết định "
            "677/QĐ-TTg (Công dân học tập), hai chương trình mà phong trào thi đua theo Quyết định 1315/QĐ-TTg thực "
            "hiện; Quyết định 1315/QĐ-TTg không tự đặt tỷ lệ.")]
        if unconfirmed:
            notes.append(self.tr(
                "{mark} Chỉ tiêu năm 2030 của Quyết định 387/QĐ-TTg lấy theo kế hoạch của địa phương nhắc lại quyết "
                "định (Kế hoạch 291/KH-UBND của TP Hà Nội, Kế hoạch 49/KH-UBND của tỉnh Bà Rịa – Vũng Tàu), chưa đối "
                "chiếu được với văn bản gốc.")
                .format(mark=UNCONFIRMED_MARK))
        self.footnote.setText("<br>".join(notes))

    def _place(self) -> None:
        columns = max(1, min(3, (self.width() + 8) // (CARD_WIDTH + 8)))
        if columns == self._columns:
            return
        self._columns = columns
        for card in self.cards.values():
            self.grid.removeWidget(card)
        for i, card in enumerate(self.cards.values()):
            self.grid.addWidget(card, i // columns, i % columns)
        for column in range(3):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self._place()
