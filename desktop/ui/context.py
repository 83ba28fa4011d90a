"""What every page is given: the open database, the commune, the background operations."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

from PySide6.QtCore import QSettings
from sqlalchemy.orm import Session

from desktop.services.commune import CommuneInfo
from desktop.store.db import Database
from desktop.ui.background import Operations
from desktop.ui.errors import ErrorPresenter


@dataclass
class UiContext:
    db: Database
    commune: CommuneInfo
    ops: Operations
    errors: ErrorPresenter
    settings: QSettings

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A short read on the UI thread (a page of a table, a combo box's choices).

        WAL lets it run beside the writer thread; anything slow goes through ops.run.
        """
        session = self.db.session()
        try:
            yield session
        finally:
            session.close()
