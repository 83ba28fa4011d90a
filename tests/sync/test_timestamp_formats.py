"""One spelling per timestamp format (issue 11): the commune's columns, the province's
columns and the wire all hold UTC moments as protocol.TIMESTAMP_FORMAT; expiries, finish
times and the sync state carry protocol.SECONDS_FORMAT; the officer reads
moments.format_moment."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from desktop.domain.moments import format_moment
from desktop.store.base import STORED_FORMAT, UTCTimestamp
from desktop.sync import protocol, state
from province.models import UTCText

MOMENT = datetime(2026, 12, 5, 6, 7, 8, 901234, tzinfo=timezone.utc)


def test_the_commune_the_province_and_the_wire_write_a_moment_alike():
    assert STORED_FORMAT == protocol.TIMESTAMP_FORMAT
    written = UTCTimestamp().process_bind_param(MOMENT, None)
    assert written == "2026-12-05T06:07:08.901234Z"
    assert UTCText().process_bind_param(MOMENT, None) == written == protocol.encode_value("timestamp", MOMENT)
    assert protocol.value_ok("timestamp", written)
    for read in (UTCTimestamp().process_result_value(written, None), UTCText().process_result_value(written, None),
                 protocol.decode_value("timestamp", written)):
        assert read == MOMENT


def test_a_moment_elsewhere_is_turned_to_utc_first():
    hanoi = MOMENT.astimezone(timezone(timedelta(hours=7)))
    assert UTCTimestamp().process_bind_param(hanoi, None) == UTCText().process_bind_param(hanoi, None) == (
        "2026-12-05T06:07:08.901234Z")


def test_seconds_read_back_and_a_bad_one_is_refused():
    text = MOMENT.strftime(protocol.SECONDS_FORMAT)
    assert text == "2026-12-05T06:07:08Z"
    assert state.parse_time(text) == MOMENT.replace(microsecond=0)
    assert state.parse_time(None) is None
    with pytest.raises(ValueError):
        state.parse_time("05/12/2026 06:07")


def test_the_officer_reads_local_time_to_the_minute():
    local = MOMENT.astimezone()
    assert format_moment(MOMENT) == f"{local.day:02d}/{local.month:02d}/{local.year} {local.hour:02d}:{local.minute:02d}"
    assert format_moment(datetime(2026, 1, 2, 3, 4)) == "02/01/2026 03:04"  # naive: already local
    assert format_moment(None) == ""
