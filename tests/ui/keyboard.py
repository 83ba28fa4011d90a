"""Typing into widgets as an officer would, Vietnamese letters included.

qtbot.keyClicks goes through QTest's ASCII key table (a debug assertion on "ễ"); a key
event carrying the text reaches the widget the same way a keyboard with a Vietnamese
input method does.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QContextMenuEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type `text` at the cursor: ASCII through qtbot.keyClicks, other letters as key events."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))


def click(qtbot, button) -> None:
    assert button.isEnabled(), f"{button.text()} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def row_point(view, row: int, column: int = 0):
    """The middle of a cell, in the view's viewport, scrolled into sight first."""
    index = view.model().index(row, column)
    view.scrollTo(index)
    return view.visualRect(index).center()


def click_row(qtbot, view, row: int, column: int = 0, *, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A left click on a row, where a person would click it (never setCurrentIndex)."""
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, row_point(view, row, column))


def double_click_row(qtbot, view, row: int, column: int = 0) -> None:
    point = row_point(view, row, column)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def press(qtbot, widget: QWidget, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, key, modifier)


def opened(qtbot, owner):
    """The dialog an action of `owner` just opened, once a person could type in it (what it
    needed from the database has arrived)."""
    dialog = owner.current_dialog
    assert dialog is not None, "no dialog was opened"
    if hasattr(dialog, "ready"):
        qtbot.waitUntil(lambda: dialog.ready)
    return dialog


def right_click(qtbot, view, row: int, column: int = 0) -> None:
    """A right-click on a row: the press (which selects it) and the context-menu event a real
    mouse sends after it (QTest has no such event of its own)."""
    point = row_point(view, row, column)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.RightButton, pos=point)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, view.viewport().mapToGlobal(point))
    QApplication.sendEvent(view.viewport(), event)
