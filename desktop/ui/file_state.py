"""What the window says about the file it shows: that it is read-only (title, status bar,
the actions that would write), and what the integrity check found after an unclean exit
(a status-bar line when the file is sound, a warning naming the latest backup when not).

Writes to a read-only file are refused by the store with one sentence (store.db), which
the form dialogs and the error presenter show; here only what can be said up front.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox

from desktop.domain.moments import format_moment
from desktop.services.files import Database, latest_backup
from desktop.ui.dialogs.open_file import warn

SOUND_MESSAGE_MS = 60_000


def _tr(text: str) -> str:
    return QCoreApplication.translate("FileState", text)


def read_only_title(title: str) -> str:
    return _tr("{0} (chỉ đọc)").format(title)


def disable_adding(page) -> None:
    """A page's "Thêm…" would only open a form whose save is refused: disabled, with the reason."""
    action = getattr(page, "add_action", None)
    if action is not None:
        action.setEnabled(False)
        action.setToolTip(read_only_reason())


def read_only_reason() -> str:
    return _tr("Tệp dữ liệu chỉ cho đọc (ổ đĩa hoặc thư mục không cho ghi): xem và in được, không sửa được. "
               "Muốn sửa, hãy chép tệp vào máy tính rồi mở bản chép.")


def show_read_only(window: QMainWindow) -> None:
    """Title and status bar say "chỉ đọc"; what would only fail is disabled with the reason;
    no background sync (a push records its progress in the file)."""
    reason = read_only_reason()
    window.setWindowTitle(read_only_title(window.windowTitle()))
    label = window.read_only_label = QLabel(_tr("Chỉ đọc"))
    label.setObjectName("read_only_label")
    label.setStyleSheet("#read_only_label { color: #a30000; font-weight: bold; }")
    label.setToolTip(reason)
    bar = window.statusBar()  # permanent, so no passing message covers it; left of the path
    bar.removeWidget(window.path_label)
    bar.addPermanentWidget(label)
    bar.addPermanentWidget(window.path_label)
    window.path_label.show()
    for action in (window.add_action, window.undo_action):
        action.setEnabled(False)
        action.setToolTip(reason)
        action.setStatusTip(reason)
    window.ctx.ops.undo_changed.connect(lambda _step: window.undo_action.setEnabled(False))
    window.sync.shutdown()


def damaged_text(db: Database) -> str:
    lines = [_tr("Lần trước chương trình không tắt bình thường (mất điện hoặc tắt máy đột ngột). "
                 "Kiểm tra tệp dữ liệu {0} thấy lỗi:").format(db.path.name)]
    lines += ["• " + problem for problem in db.problems[:10]]
    if len(db.problems) > 10:
        lines.append(_tr("… và {0} lỗi khác.").format(len(db.problems) - 10))
    lines.append("")
    backup = latest_backup(db.path)
    if backup is not None:
        saved = format_moment(datetime.fromtimestamp(backup.stat().st_mtime))
        lines.append(_tr("Bản sao lưu gần nhất: {0}, lưu lúc {1}, trong thư mục {2}.").format(
            backup.name, saved, backup.parent))
        lines.append(_tr("Để dùng bản sao lưu: Tệp › Khôi phục…, chọn tệp đó. Chương trình kiểm tra bản sao lưu "
                         "trước, rồi mới thay tệp {0}; tệp đang lỗi được giữ lại bên cạnh.").format(db.path.name))
    else:
        lines.append(_tr("Không tìm thấy bản sao lưu nào bên cạnh tệp. Nếu xã đã đồng bộ lên tỉnh, có thể lấy "
                         "lại dữ liệu từ tỉnh vào một sổ mới (trang Đồng bộ, Khôi phục dữ liệu từ tỉnh)."))
    lines.append(_tr("Trước khi khắc phục, không nên nhập thêm dữ liệu vào tệp này."))
    return "\n".join(lines)


def report_integrity(window: QMainWindow) -> QMessageBox | None:
    """After the window is shown: the integrity check's result, if one ran (unclean exit)."""
    db = window.ctx.db
    if db.problems:
        return warn(window, _tr("Tệp dữ liệu có lỗi"), damaged_text(db))
    if db.unclean_exit:
        window.statusBar().showMessage(_tr(
            "Lần trước chương trình không tắt bình thường; đã kiểm tra tệp dữ liệu: không có lỗi."), SOUND_MESSAGE_MS)
    return None
