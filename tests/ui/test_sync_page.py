"""The Đồng bộ page and the background sync, against a real province server on 127.0.0.1:
enrol from the page, "Đồng bộ ngay" sends everything, the status bar follows local edits,
a stopped server only reads "ngoại tuyến", a refused row is listed with its reason, and a
new PC takes the commune back from the province."""

from __future__ import annotations

import re
import time

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.services import hamlets
from desktop.services.commune import commune_info, init_commune
from desktop.store.db import open_database
from desktop.store.models import Hamlet
from desktop.sync.client import Offline
from desktop.sync.service import enroll, push_all
from desktop.ui.background import Operations
from desktop.ui.context import UiContext
from desktop.ui.main_window import MainWindow
from tests.sync.checks import local_rows
from tests.sync.live import ThreadServer, client_for
from tests.ui.conftest import RecordingErrors
from tests.ui.keyboard import click

COMMUNE = "17380"  # Xã Yên Xuân, the demo commune
OTHER_COMMUNE = "17344"  # Xã Nhân Hòa, Nghệ An


@pytest.fixture
def province(tmp_path):
    server = ThreadServer(f"sqlite:///{tmp_path / 'tinh.sqlite'}").start()
    yield server
    server.stop()


def open_window(qtbot, ctx, tmp_path) -> MainWindow:
    window = MainWindow(ctx)
    window.sync.criteria_folder = tmp_path / "criteria"  # not the user's data folder
    qtbot.addWidget(window)
    window.show()
    return window


def wait_idle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.sync.running, timeout=30_000)


def pending_in_status_bar(window) -> int:
    found = re.search(r"chờ gửi ([\d.]+)", window.sync_label.text())
    assert found, window.sync_label.text()
    return int(found.group(1).replace(".", ""))


def agree(qtbot, box, yes: str) -> None:
    click(qtbot, next(b for b in box.buttons() if b.text() == yes))


def test_enrol_from_the_page_then_sync_now_sends_everything(qtbot, ctx, province, tmp_path):
    window = open_window(qtbot, ctx, tmp_path)
    page = window.page_titled("Đồng bộ")
    assert window.sync_label.text() == "Đồng bộ: chưa đăng ký với máy chủ tỉnh"
    assert page.server_label.text() == "chưa đăng ký" and not page.sync_button.isEnabled()

    qtbot.keyClicks(page.enrolment.server_edit, province.url)
    qtbot.keyClicks(page.enrolment.code_edit, province.issue_code(COMMUNE))
    click(qtbot, page.enrolment.enrol_button)
    wait_idle(qtbot, window)
    assert ctx.errors.shown == []
    assert window.sync.enrolled and page.server_label.text() == province.url
    assert page.enrolment.form.isHidden() and "Xã Yên Xuân" in page.summary.text()
    assert pending_in_status_bar(window) > 3000 and not page.restore_box.isVisibleTo(page)

    click(qtbot, page.sync_button)
    wait_idle(qtbot, window)
    assert ctx.errors.shown == []
    assert province.rows() == local_rows(ctx.db)
    assert "trực tuyến" in window.sync_label.text() and pending_in_status_bar(window) == 0
    assert page.pending_label.text() == "0" and page.connection_label.text() == "đang kết nối"
    [attempt] = page.history.table_model.records()
    assert not attempt.background and attempt.pushed.accepted == len(local_rows(ctx.db))
    cells = [page.history.table_model.index(0, c).data() for c in range(9)]
    assert cells[1:3] == ["Đồng bộ ngay", "Thành công"] and cells[8] == "khớp"
    assert "Đối chiếu với máy chủ tỉnh: khớp." in page.summary.text()

    # A local edit: the pending count goes up at once, without asking the server.
    ctx.ops.run(lambda session, progress: hamlets.add_hamlet(session=session, name="Thôn Bãi Bồi"))
    qtbot.waitUntil(lambda: pending_in_status_bar(window) > 0, timeout=10_000)
    assert page.pending_label.text() == str(pending_in_status_bar(window))


def test_a_background_attempt_with_the_server_down_only_says_offline(qtbot, ctx, province, tmp_path):
    enroll(ctx.db, server=province.url, code=province.issue_code(COMMUNE))
    push_all(ctx.db, client=client_for(ctx.db, province))
    dialogs = []
    ctx.ops.progress_dialog = lambda label, progress: dialogs.append(label)
    window = open_window(qtbot, ctx, tmp_path)
    assert pending_in_status_bar(window) == 0 and "chưa kiểm tra" in window.sync_label.text()
    ctx.ops.run(lambda session, progress: hamlets.add_hamlet(session=session, name="Thôn Bãi Bồi"))
    qtbot.waitUntil(lambda: pending_in_status_bar(window) == 1, timeout=10_000)

    province.stop()
    qtbot.waitUntil(lambda: not ctx.ops.busy)  # the dashboard's reload after the edit: a tick waits for it
    assert window.sync.attempt_in_background()
    wait_idle(qtbot, window)
    assert "ngoại tuyến" in window.sync_label.text() and pending_in_status_bar(window) == 1
    assert ctx.errors.shown == [] and dialogs == []
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    [attempt] = window.sync.history
    assert attempt.background and isinstance(attempt.error, Offline)
    page = window.page_titled("Đồng bộ")
    assert page.connection_label.text().startswith("mất kết nối")
    assert page.history.table_model.index(0, 2).data() == "Mất kết nối"
    # Pressed by the officer, the same failure is explained (the presenter shows it once).
    click(qtbot, page.sync_button)
    wait_idle(qtbot, window)
    assert [type(e) for e in ctx.errors.shown] == [Offline] and dialogs == []

    # A tick while the writer is busy waits for a later one instead of queueing behind it.
    ctx.ops.run(lambda session, progress: time.sleep(0.3))
    assert not window.sync.attempt_in_background() and window.sync._soon.isActive()
    qtbot.waitUntil(lambda: not ctx.ops.busy)

    # Back online: the next tick sends the edit.
    province.start()
    assert window.sync.attempt_in_background()
    wait_idle(qtbot, window)
    assert "trực tuyến" in window.sync_label.text() and pending_in_status_bar(window) == 0
    assert province.rows() == local_rows(ctx.db)

    page.interval_box.setValue(0)  # "tắt": no more background attempts, remembered for the next start
    assert int(ctx.settings.value("sync/interval_minutes")) == 0 and not window.sync.attempt_in_background()


def test_a_row_the_province_refuses_is_listed_with_its_reason(qtbot, ctx, province, tmp_path):
    # Nhân Hòa sent a hamlet first; Yên Xuân then holds a row with the same id (a copied spreadsheet).
    init_commune(tmp_path / "nhan-hoa.sqlite", OTHER_COMMUNE)
    with open_database(tmp_path / "nhan-hoa.sqlite") as other:
        enroll(other, server=province.url, code=province.issue_code(OTHER_COMMUNE))
        with other.session() as session:
            session.add(Hamlet(id="thon-chung", name="Thôn Chung", kind="thon"))
            session.commit()
        push_all(other, client=client_for(other, province))
    with ctx.db.session() as session:
        session.add(Hamlet(id="thon-chung", name="Thôn Bến Đò", kind="thon"))
        session.commit()
    enroll(ctx.db, server=province.url, code=province.issue_code(COMMUNE))

    window = open_window(qtbot, ctx, tmp_path)
    page = window.page_titled("Đồng bộ")
    click(qtbot, page.sync_button)
    wait_idle(qtbot, window)
    assert ctx.errors.shown == [], "a refused row is not an error of the attempt"
    [refused] = page.quarantine.table_model.records()
    assert refused.row_id == "thon-chung" and refused.code == "other_commune"
    reason = page.quarantine.table_model.index(0, 1).data()
    assert "Thôn Bến Đò" in reason and "Nhân Hòa" in reason
    assert page.tabs.tabText(1) == "Bản ghi bị từ chối (1)" and page.rejected_label.text() == "1"
    assert page.history.table_model.index(0, 2).data() == "Có bản ghi bị từ chối"
    assert page.history.table_model.index(0, 8).data() == "khớp, trừ 1 bản ghi bị từ chối"
    assert province.rows(OTHER_COMMUNE)[("hamlets", "thon-chung")] == 1


def test_a_new_pc_takes_the_commune_back_from_the_province(qtbot, ctx, province, tmp_path):
    enroll(ctx.db, server=province.url, code=province.issue_code(COMMUNE))
    push_all(ctx.db, client=client_for(ctx.db, province))
    init_commune(tmp_path / "may-moi.sqlite", COMMUNE)
    fresh = open_database(tmp_path / "may-moi.sqlite")
    errors = RecordingErrors()
    settings = QSettings(str(tmp_path / "may-moi.ini"), QSettings.Format.IniFormat)
    new_pc = UiContext(db=fresh, commune=commune_info(fresh), ops=Operations(fresh, show_error=errors.show),
                       errors=errors, settings=settings)
    try:
        enroll(fresh, server=province.url, code=province.issue_code(COMMUNE))
        window = open_window(qtbot, new_pc, tmp_path)
        page = window.page_titled("Đồng bộ")
        assert page.restore_box.isVisibleTo(page)
        assert not window.sync.attempt_in_background(), "an empty new PC does not push before its restore"

        box = page.sync_now()  # sending first would rule the restore out: the page asks
        agree(qtbot, box, "Hủy")
        assert not window.sync.running

        agree(qtbot, page.restore(), "Khôi phục")
        wait_idle(qtbot, window)
        assert errors.shown == []
        assert local_rows(fresh) == province.rows()
        qtbot.waitUntil(lambda: "300 hộ" in window.counts_label.text(), timeout=10_000)
        assert not page.restore_box.isVisibleTo(page) and "Đã khôi phục" in page.summary.text()
        assert pending_in_status_bar(window) == 0
    finally:
        new_pc.ops.wait()
        fresh.close()
