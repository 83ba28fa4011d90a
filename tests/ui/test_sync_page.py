"""The Đồng bộ page and the background sync, against a real province server on 127.0.0.1:
enrol from the page, "Đồng bộ ngay" sends everything, the status bar follows local edits,
a stopped server only reads "ngoại tuyến", a refused row is listed with its reason, and a
new PC takes the commune back from the province."""

from __future__ import annotations

import re
import time

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.domain.errors import Cancelled
from desktop.domain.progress import Progress
from desktop.services import hamlets
from desktop.services.commune import commune_info, init_commune
from desktop.store.db import open_database
from desktop.store.models import Hamlet
from desktop.sync.client import Offline
from desktop.sync.service import enroll, push_all, restore
from desktop.ui.background import Operations
from desktop.ui.context import UiContext
from desktop.ui.main_window import MainWindow
from tests.sync.checks import local_rows
from tests.sync.live import ThreadServer, client_for
from tests.sync.test_restore_skips import plant_rows_a_pc_cannot_take
from tests.sync.unreachable import SilentServer, closed_port_url
from tests.ui.conftest import RecordingErrors
from tests.ui.keyboard import click, press, type_text

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
    qtbot.waitUntil(lambda: not window.sync.reading)  # the sync state is read on the reader
    return window


def wait_idle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.sync.running and not window.sync.reading, timeout=30_000)


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

    assert page.connection_label.text() == "chưa đăng ký (dữ liệu chỉ lưu trên máy này, chưa gửi lên tỉnh)"

    type_text(qtbot, page.enrolment.server_edit, province.url)
    type_text(qtbot, page.enrolment.code_edit, province.issue_code(COMMUNE).lower().replace("-", " "))  # as typed
    assert page.enrolment.code_hint.text().startswith("Mã: ")
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
    assert page.pending_label.text() == "0" and page.connection_label.text() == "đã kết nối"
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
    new_pc = UiContext(db=fresh, commune=commune_info(db=fresh), ops=Operations(fresh, show_error=errors.show),
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

        # The province's one-time restore code, typed as read out over the phone; a wrong one first.
        click(qtbot, page.restore_button)
        dialog = page.current_dialog
        assert "mã khôi phục dùng một lần" in dialog.note.text() and dialog.focusWidget() is dialog.code_edit
        type_text(qtbot, dialog.code_edit, "aaaa-bbbb-cc0")
        assert "ký tự thứ 11 “0” có thể là chữ D hoặc Q" in dialog.code_hint.text()
        press(qtbot, dialog.code_edit, Qt.Key.Key_Backspace)
        type_text(qtbot, dialog.code_edit, "cc")
        assert dialog.code_hint.text() == "Mã: AAAA-BBBB-CCCC"
        click(qtbot, dialog.restore_button)
        wait_idle(qtbot, window)
        again = page.current_dialog  # refused: asked again, the code as typed, the reason under it
        assert again is not dialog and again.isVisible() and again.code_edit.text() == "aaaa-bbbb-cccc"
        assert again.focusWidget() is again.code_edit
        assert "không nhận mã khôi phục AAAA-BBBB-CCCC: mã khôi phục không đúng" in again.code_hint.text()
        assert errors.shown == [] and local_rows(fresh) != province.rows()
        again.code_edit.selectAll()
        type_text(qtbot, again.code_edit, province.issue_restore_code().lower())
        press(qtbot, again.code_edit, Qt.Key.Key_Return)
        wait_idle(qtbot, window)
        assert errors.shown == []
        assert local_rows(fresh) == province.rows()
        qtbot.waitUntil(lambda: "300 hộ" in window.counts_label.text(), timeout=10_000)
        assert not page.restore_box.isVisibleTo(page) and "Đã khôi phục" in page.summary.text()
        assert pending_in_status_bar(window) == 0
    finally:
        new_pc.ops.wait()
        fresh.close()


def test_a_restore_stopped_half_way_goes_on_from_the_page_without_a_code(qtbot, ctx, province, tmp_path):
    enroll(ctx.db, server=province.url, code=province.issue_code(COMMUNE))
    push_all(ctx.db, client=client_for(ctx.db, province))
    init_commune(tmp_path / "may-moi.sqlite", COMMUNE)
    fresh = open_database(tmp_path / "may-moi.sqlite")
    errors = RecordingErrors()
    new_pc = UiContext(db=fresh, commune=commune_info(db=fresh), ops=Operations(fresh, show_error=errors.show),
                       errors=errors, settings=QSettings(str(tmp_path / "may-moi.ini"), QSettings.Format.IniFormat))
    try:
        enroll(fresh, server=province.url, code=province.issue_code(COMMUNE))
        stop = Progress(listener=lambda p: p.cancel() if p.done >= 500 else None)
        with pytest.raises(Cancelled):  # yesterday's attempt: the power went half-way
            restore(fresh, code=province.issue_restore_code(), progress=stop, client=client_for(fresh, province))
        window = open_window(qtbot, new_pc, tmp_path)
        page = window.page_titled("Đồng bộ")
        assert page.restore_box.isVisibleTo(page) and window.sync.restore_grant_kept
        click(qtbot, page.restore_button)
        dialog = page.current_dialog
        assert "đang dở" in dialog.note.text() and dialog.code_edit.text() == ""
        click(qtbot, dialog.restore_button)  # no code typed: the kept grant goes on
        wait_idle(qtbot, window)
        assert errors.shown == [] and local_rows(fresh) == province.rows()
    finally:
        new_pc.ops.wait()
        fresh.close()


def test_rows_the_new_pc_cannot_take_are_named_in_the_summary_without_their_data(qtbot, ctx, province, tmp_path):
    """Two live citizens with one CCCD stored before the province kept the commune's keys:
    the restore ends, and the page names what it skipped by table and id only."""
    enroll(ctx.db, server=province.url, code=province.issue_code(COMMUNE))
    push_all(ctx.db, client=client_for(ctx.db, province))
    original, planted = plant_rows_a_pc_cannot_take(province)
    init_commune(tmp_path / "may-moi.sqlite", COMMUNE)
    fresh = open_database(tmp_path / "may-moi.sqlite")
    errors = RecordingErrors()
    new_pc = UiContext(db=fresh, commune=commune_info(db=fresh), ops=Operations(fresh, show_error=errors.show),
                       errors=errors, settings=QSettings(str(tmp_path / "may-moi.ini"), QSettings.Format.IniFormat))
    try:
        enroll(fresh, server=province.url, code=province.issue_code(COMMUNE))
        window = open_window(qtbot, new_pc, tmp_path)
        page = window.page_titled("Đồng bộ")
        click(qtbot, page.restore_button)
        dialog = page.current_dialog
        type_text(qtbot, dialog.code_edit, province.issue_restore_code())
        press(qtbot, dialog.code_edit, Qt.Key.Key_Return)
        wait_idle(qtbot, window)
        assert errors.shown == []
        text = page.summary.text()
        assert "Đã khôi phục" in text and "Bỏ qua 3 bản ghi máy này không lưu được" in text
        assert f"Công dân (mã {planted[0]}): trùng với một bản ghi đã khôi phục" in text
        assert original["identity_number"] not in text and original["full_name"] not in text
    finally:
        new_pc.ops.wait()
        fresh.close()


def test_a_copy_of_the_file_on_another_pc_asks_to_enrol_again(qtbot, ctx, province, tmp_path, monkeypatch):
    """The token stays on the PC that enrolled (issue 10): the copy's page says so and offers enrolment."""
    enroll(ctx.db, server=province.url, code=province.issue_code(COMMUNE))
    monkeypatch.setenv("XHHT_KEY_DIR", str(tmp_path / "may-khac"))  # another PC: its own, empty key folder
    window = open_window(qtbot, ctx, tmp_path)
    page = window.page_titled("Đồng bộ")
    assert not window.sync.enrolled and window.sync_label.text() == "Đồng bộ: chưa đăng ký với máy chủ tỉnh"
    assert page.error_label.text().startswith("Máy này phải đăng ký lại với máy chủ tỉnh")
    assert page.enrolment.form.isVisibleTo(page) and not page.sync_button.isEnabled()


# --- enrolment: checked as typed, told quickly, nothing typed lost (issue 8) ----------------------------------

def enrolment_box(qtbot, ctx, tmp_path):
    window = open_window(qtbot, ctx, tmp_path)
    window.activateWindow()  # focus moves (Tab, the field at fault) only in the active window
    qtbot.waitUntil(window.isActiveWindow)
    page = window.page_titled("Đồng bộ")
    return window, page, page.enrolment


def retype(qtbot, edit, text: str) -> None:
    edit.setFocus()
    press(qtbot, edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, edit, Qt.Key.Key_Backspace)
    type_text(qtbot, edit, text)


def test_the_code_and_the_address_are_checked_as_they_are_typed(qtbot, ctx, tmp_path):
    window, page, box = enrolment_box(qtbot, ctx, tmp_path)
    box.code_edit.setFocus()
    type_text(qtbot, box.code_edit, "k7q0")  # a zero: the code never has one, whatever follows
    assert box.code_hint.isVisibleTo(box) and "ký tự thứ 4 “0” có thể là chữ D hoặc Q" in box.code_hint.text()
    assert box.code_hint.text().startswith("Mã đăng ký gồm 12 ký tự") and "c62828" in box.code_edit.styleSheet()
    press(qtbot, box.code_edit, Qt.Key.Key_Backspace)
    assert box.code_hint.text() == "Đã nhập 3/12 ký tự." and box.code_edit.styleSheet() == ""
    type_text(qtbot, box.code_edit, "m-p3x")
    assert box.code_hint.text() == "Đã nhập 7/12 ký tự."
    press(qtbot, box.code_edit, Qt.Key.Key_Tab)  # leaving the field: now a short code is a mistake
    assert "mới có 7 ký tự (còn thiếu 5" in box.code_hint.text()
    box.code_edit.setFocus()
    type_text(qtbot, box.code_edit, "á")  # Unikey's Telex made "as" into "á"
    assert "tắt bộ gõ tiếng Việt" in box.code_hint.text()
    press(qtbot, box.code_edit, Qt.Key.Key_Backspace)
    type_text(qtbot, box.code_edit, "aw9rt")
    assert box.code_hint.text() == "Mã: K7QM-P3XA-W9RT" and box.code_edit.text() == "k7qm-p3xaw9rt"

    box.server_edit.setFocus()
    type_text(qtbot, box.server_edit, "https:")
    assert not box.server_hint.isVisibleTo(box), "half-typed “https://” is no mistake yet"
    type_text(qtbot, box.server_edit, "//xhht.nghean.gov.vn:80a")
    assert not box.server_hint.isVisibleTo(box), "a port is mended by typing on: told when the field is left"
    retype(qtbot, box.server_edit, "https//xhht.nghean.gov.vn")  # more typing cannot mend this: told at once
    assert box.server_hint.text().startswith("Phần đầu địa chỉ viết sai")
    box.code_edit.setFocus()
    click(qtbot, box.enrol_button)
    assert not window.sync.running, "nothing goes on the network before both fields are right"
    assert box.server_hint.text().startswith("Phần đầu địa chỉ viết sai") and window.focusWidget() is box.server_edit
    retype(qtbot, box.server_edit, "xhht.nghean.gov.vn")
    assert box.server_hint.text() == ("Chưa ghi https:// hay http://: sẽ dùng https://xhht.nghean.gov.vn "
                                      "(kết nối bảo mật).")
    retype(qtbot, box.code_edit, "")
    click(qtbot, box.enrol_button)
    assert not window.sync.running and window.focusWidget() is box.code_edit
    assert box.code_hint.text() == "Hãy nhập mã đăng ký tỉnh cấp cho xã: 12 ký tự, ví dụ K7QM-P3XA-W9RT."
    assert ctx.errors.shown == []


def test_an_unreachable_server_is_told_on_the_page_within_seconds(qtbot, ctx, tmp_path):
    window, page, box = enrolment_box(qtbot, ctx, tmp_path)
    closed = closed_port_url()
    box.server_edit.setFocus()
    type_text(qtbot, box.server_edit, closed)
    press(qtbot, box.server_edit, Qt.Key.Key_Return)  # Enter in the address goes on to the code
    assert window.focusWidget() is box.code_edit and not window.sync.running
    type_text(qtbot, box.code_edit, "K7QM-P3XA-W9RT")
    start = time.monotonic()
    press(qtbot, box.code_edit, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert time.monotonic() - start < 3
    told = box.problem_label.text()
    assert box.problem_label.isVisibleTo(box)
    assert told.startswith(f"Không kết nối được máy chủ tỉnh tại {closed}: máy chủ từ chối kết nối")
    assert page.error_label.text() == told and "sẽ" not in told
    assert page.connection_label.text().startswith("chưa đăng ký") and "sẽ gửi" not in page.connection_label.text()
    assert window.sync_label.text() == "Đồng bộ: chưa đăng ký với máy chủ tỉnh"
    assert (box.server_edit.text(), box.code_edit.text()) == (closed, "K7QM-P3XA-W9RT"), "nothing typed is lost"
    assert window.focusWidget() is box.server_edit and not box.server_edit.isReadOnly()
    assert ctx.errors.shown == [] and not window.sync.enrolled

    silent = SilentServer()
    try:
        retype(qtbot, box.server_edit, silent.url)
        assert not box.problem_label.isVisibleTo(box), "mending the address clears the old failure"
        start = time.monotonic()
        click(qtbot, box.enrol_button)
        assert box.enrol_button.text() == "Đang kết nối…" and not box.enrol_button.isEnabled()
        assert box.cancel_button.isVisibleTo(box) and box.server_edit.isReadOnly()
        wait_idle(qtbot, window)
        seconds = time.monotonic() - start
        assert 5 < seconds < 12, seconds  # the read timeout (6 s), once: not 48 s of retries
        assert "máy chủ nhận kết nối nhưng không trả lời sau 6 giây" in box.problem_label.text()
        assert page.error_label.text() == box.problem_label.text()
        assert box.enrol_button.text() == "Đăng ký" and not box.cancel_button.isVisibleTo(box)
        page.grab().save(str(tmp_path / "dang-ky-khong-ket-noi.png"))
        assert (tmp_path / "dang-ky-khong-ket-noi.png").stat().st_size > 10_000

        # Hủy: the wait ends at once; the officer is told nothing was enrolled.
        click(qtbot, box.enrol_button)
        qtbot.wait(300)
        start = time.monotonic()
        click(qtbot, box.cancel_button)
        assert box.enrol_button.text() == "Đang hủy…"
        wait_idle(qtbot, window)
        assert time.monotonic() - start < 2
        assert box.problem_label.text().startswith("Đã hủy: máy này chưa được đăng ký")
        assert box.enrol_button.text() == "Đăng ký" and box.enrol_button.isEnabled()
        assert box.server_edit.text() == silent.url and box.code_edit.text() == "K7QM-P3XA-W9RT"
    finally:
        silent.close()
    assert ctx.errors.shown == [] and not window.sync.enrolled


def test_a_wrong_code_is_refused_with_the_reason_then_the_right_one_enrols(qtbot, ctx, province, tmp_path):
    window, page, box = enrolment_box(qtbot, ctx, tmp_path)
    box.server_edit.setFocus()
    type_text(qtbot, box.server_edit, province.url)
    type_text(qtbot, box.code_edit, "K7QM-P3XA-W9RT")
    click(qtbot, box.enrol_button)
    wait_idle(qtbot, window)
    assert box.problem_label.text().startswith(f"Máy chủ tỉnh tại {province.url} không nhận mã đăng ký "
                                               "K7QM-P3XA-W9RT: mã đăng ký không đúng.")
    assert page.error_label.text() == box.problem_label.text()
    assert window.focusWidget() is box.code_edit and box.code_edit.text() == "K7QM-P3XA-W9RT"
    assert "c62828" in box.code_edit.styleSheet() and box.server_edit.styleSheet() == ""

    retype(qtbot, box.code_edit, province.issue_code(COMMUNE))
    assert not box.problem_label.isVisibleTo(box)
    press(qtbot, box.code_edit, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert window.sync.enrolled and page.error_label.text() == "không có" and ctx.errors.shown == []
    assert box.form.isHidden() and box.again_button.isVisibleTo(box) and "Xã Yên Xuân" in page.summary.text()
