"""Guards the Qt binding itself: PySide6 6.12.0 on Python 3.11 lost a reference to None on
every call of a method returning nothing, and the interpreter aborted ("none_dealloc")
after some tens of thousands of calls — minutes of an officer's work."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QWidget


def test_void_calls_do_not_leak_references_to_none(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    before = sys.getrefcount(None)
    for _ in range(5_000):
        widget.update()
        widget.setToolTip("Nguyễn Thị Hường")
    assert sys.getrefcount(None) >= before - 100
