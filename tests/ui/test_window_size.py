"""The window fits the officers' screens: 1024×768, 1366×768, and 1920×1080 at 150 % (1280×720).

A page that forces a minimum size above the screen pushes the window's right edge and
its close button off-screen. Every page is visited (a page's layout counts only once it
is made) and the window is then asked to be as small as those screens leave room for.
"""

from __future__ import annotations

import pytest

from desktop.ui.main_window import MainWindow

# Room for the window inside the screen: a taskbar (40 px) and a title bar (~30 px) taken.
SCREENS = {"1024×768": (1024, 768 - 70), "1366×768": (1366, 768 - 70), "1920×1080 at 150 %": (1280, 720 - 70)}


@pytest.mark.parametrize("screen", SCREENS)
def test_no_page_forces_the_window_off_the_screen(qtbot, ctx, screen):
    width, height = SCREENS[screen]
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    for i in range(window.nav.count()):
        window.nav.setCurrentRow(i)
        qtbot.waitUntil(lambda: not ctx.ops.busy, timeout=10_000)
        qtbot.wait(20)
        hint = window.minimumSizeHint()
        assert hint.width() <= width and hint.height() <= height, (window.nav.item(i).text(), hint)
    window.resize(width, height)
    qtbot.wait(20)
    assert (window.width(), window.height()) == (width, height)
    assert window.statusBar().isVisible() and window.statusBar().geometry().bottom() < height
