"""What every page is given: the open database, the commune, the background operations.

There is deliberately no way here to read the database on the UI thread: pages read with
a Loader (ui/loader.py) on the background reader, and write through `ops`.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings

from desktop.services.commune import CommuneInfo
from desktop.services.files import Database
from desktop.ui.background import Operations
from desktop.ui.errors import ErrorPresenter


@dataclass
class UiContext:
    db: Database
    commune: CommuneInfo
    ops: Operations
    errors: ErrorPresenter
    settings: QSettings
