"""Layouts that fit a small screen: 1024×768, or 1920×1080 at 150 % (1280×720 logical).

- `FlowLayout` lays out buttons and filters in a row and wraps them onto the next line when
  the row is too narrow, so a bar of them never forces the window wider (Qt's own
  "Flow Layout" example, in Python).
- `AdaptiveSplitter` puts two panes side by side, and one above the other when the page is
  narrower than `stack_below` pixels; either pane can still be dragged away.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSplitter, QWidget, QWidgetItem


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, *, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    # --- QLayout ------------------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt name)
        self._items.append(item)

    def insertWidget(self, index: int, widget: QWidget) -> None:  # noqa: N802 (Qt name)
        """As QBoxLayout.insertWidget: the widget goes before the item at `index`."""
        self.addChildWidget(widget)
        self._items.insert(index if index >= 0 else len(self._items), QWidgetItem(widget))
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt name)
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt name)
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 (Qt name)
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt name)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt name)
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 (Qt name)
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        """One row of everything (what it would like), as wide as that row."""
        width = sum(i.sizeHint().width() for i in self._items) + self._spacing * max(0, len(self._items) - 1)
        height = max((i.sizeHint().height() for i in self._items), default=0)
        margins = self.contentsMargins()
        return QSize(width + margins.left() + margins.right(), height + margins.top() + margins.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802 (Qt name)
        """As narrow as its widest item: everything else wraps."""
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line = area.x(), area.y(), 0
        for item in self._items:
            widget = item.widget()
            if widget is not None and widget.isHidden():
                continue
            hint = item.sizeHint()
            if x + hint.width() > area.right() + 1 and line > 0:
                x, y, line = area.x(), y + line + self._spacing, 0
            width = min(hint.width(), area.width()) if area.width() > 0 else hint.width()
            if apply:
                item.setGeometry(QRect(QPoint(x, y), QSize(width, hint.height())))
            x += width + self._spacing
            line = max(line, hint.height())
        return y + line - rect.y() + margins.bottom()


class AdaptiveSplitter(QSplitter):
    def __init__(self, *, stack_below: int, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.stack_below = stack_below
        self.setChildrenCollapsible(True)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        wanted = Qt.Orientation.Vertical if event.size().width() < self.stack_below else Qt.Orientation.Horizontal
        if wanted != self.orientation():
            self.setOrientation(wanted)
        super().resizeEvent(event)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        """Never wider than one pane: below `stack_below` the panes go one above the other."""
        hint = super().minimumSizeHint()
        if self.orientation() == Qt.Orientation.Horizontal:
            widest = max((self.widget(i).minimumSizeHint().width() for i in range(self.count())), default=0)
            hint.setWidth(min(hint.width(), max(widest, 1)))
        return hint
