"""How a moment reads for the officer: local time to the minute, "05/12/2026 14:30".
(How moments are stored and travel — UTC text — is desktop.sync.protocol's TIMESTAMP_FORMAT
and SECONDS_FORMAT.)"""

from __future__ import annotations

from datetime import datetime

MINUTE_FORMAT = "%d/%m/%Y %H:%M"


def format_moment(moment: datetime | None) -> str:
    """Local time to the minute; "" for no moment. A naive moment is taken as local time."""
    return moment.astimezone().strftime(MINUTE_FORMAT) if moment is not None else ""
