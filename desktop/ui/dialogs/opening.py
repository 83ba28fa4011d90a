"""The one way to open a dialog: window-modal, never blocking the event loop.

`open_dialog(owner, dialog, on_accepted)` shows `dialog` over its window with `open()`
(a nested `exec()` would freeze the background results and the sync timer while it is
up), runs `on_accepted` when it closes with its accepting button, and frees it after.
The owner keeps it as `owner.current_dialog`, where tests and the window's shortcuts
find the dialog an action opened.
"""

from __future__ import annotations

from typing import Callable, TypeVar

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

D = TypeVar("D", bound=QDialog)


def open_dialog(owner: QWidget, dialog: D, on_accepted: Callable[[], None] | None = None) -> D:
    owner.current_dialog = dialog
    if on_accepted is not None:
        dialog.accepted.connect(on_accepted)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


def confirm(parent: QWidget, title: str, text: str, yes: str, on_yes: Callable[[], None], *,
            destructive: bool = False) -> QMessageBox:
    """A window-modal question with Vietnamese buttons; `on_yes` runs when the officer agrees.

    "Hủy" is the default and the Escape answer, so a stray Enter never deletes anything.
    """
    box = QMessageBox(QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.NoButton, parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.DestructiveRole if destructive
                               else QMessageBox.ButtonRole.AcceptRole)
    no_button = box.addButton(parent.tr("Hủy"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_button if destructive else yes_button)
    box.setEscapeButton(no_button)

    def finished() -> None:
        if box.clickedButton() is yes_button:
            on_yes()
    box.finished.connect(finished)
    if hasattr(parent, "current_dialog"):
        parent.current_dialog = box
    box.open()
    return box
