"""Sửa › Dữ liệu đã xóa: what was deleted (households, people, clans, units, activities) and
"Khôi phục", which brings one back with what went with it (services.trash).

Nothing synced is ever hard-deleted, so the list is every tombstone of those kinds,
newest first; a restore is an ordinary write (Ctrl+Z takes it back again) and is refused,
with the reason, when it would clash with what was entered since.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.domain.errors import XhhtError
from desktop.domain.moments import format_moment
from desktop.domain.text import format_count
from desktop.services import trash
from desktop.services.session import Changes
from desktop.services.trash import DeletedEntry, Restored
from desktop.ui.context import UiContext
from desktop.ui.loader import Loader
from desktop.ui.widgets.action_button import ActionButton
from desktop.ui.widgets.record_table import RecordColumn, RecordTable
from desktop.ui.widgets.validated_field import ERROR_COLOUR

WATCHED = ("households", "citizens", "clans", "clan_households", "learning_units", "activities", "participations")


class TrashDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Dữ liệu đã xóa"))
        self.loader = Loader(ctx.ops, self, label=self.tr("Đang đọc dữ liệu đã xóa…"))
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Tất cả"), None)
        for key, label in trash.KINDS.items():
            self.kind.addItem(label, key)
        self.kind.currentIndexChanged.connect(lambda _i: self.reload())
        self.table = RecordTable([
            RecordColumn(self.tr("Loại"), lambda e: trash.KINDS.get(e.kind, e.kind)),
            RecordColumn(self.tr("Tên"), lambda e: e.name),
            RecordColumn(self.tr("Chi tiết"), lambda e: e.detail, stretch=True),
            RecordColumn(self.tr("Xóa lúc"), lambda e: format_moment(e.deleted_at)),
        ])
        self.restore_action = QAction(self.tr("Khôi phục"), self)
        self.restore_action.setToolTip(self.tr("Đưa mục này trở lại sổ, cùng những gì bị xóa theo nó"))
        self.restore_action.triggered.connect(lambda _c=False: self.restore())
        self.restore_button = ActionButton(self.restore_action, self)
        self.table.row_actions = lambda: [self.restore_action]
        self.table.activated_record.connect(lambda _e: self.restore())
        self.table.current_changed.connect(lambda e: self.restore_action.setEnabled(e is not None))
        self.restore_action.setEnabled(False)
        self.count = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đóng"))
        close.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Loại:")))
        top.addWidget(self.kind)
        top.addStretch(1)
        top.addWidget(self.count)
        explain = QLabel(self.tr("Những gì đã xóa vẫn được giữ trong sổ. Chọn một mục rồi bấm “Khôi phục” "
                                 "(hoặc nháy đúp, Enter) để đưa nó trở lại, cùng những gì bị xóa theo nó (các "
                                 "thành viên của hộ, người tham gia của hoạt động…)."))
        explain.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(760, 480)
        ctx.ops.changes_applied.connect(self._changed)
        self.reload()

    @property
    def busy(self) -> bool:
        return self.loader.busy

    def _changed(self, changes: Changes) -> None:
        if changes.touches(*WATCHED):
            self.reload()

    def reload(self) -> None:
        kind = self.kind.currentData()
        self.loader.load(lambda session: trash.list_deleted(session=session, kind=kind), self._show)

    def _show(self, entries: list[DeletedEntry]) -> None:
        self.table.set_records(entries)
        self.count.setText(self.tr("{0} mục").format(format_count(len(entries))))

    def restore(self) -> None:
        entry: DeletedEntry | None = self.table.current()
        if entry is None:
            return
        kind, entry_id = entry.kind, entry.id
        self.restore_action.setEnabled(False)
        self.ctx.ops.run(lambda session, _p: trash.restore(session=session, kind=kind, id=entry_id),
                         label=self.tr("Đang khôi phục…"), on_done=self._restored, on_failed=self._refused,
                         undo=self.tr("Khôi phục {0}").format(entry.name))

    def _restored(self, done: Restored) -> None:
        text = self.tr("Đã khôi phục {0} “{1}” ({2} bản ghi).").format(
            trash.KINDS.get(done.kind, done.kind).lower(), done.name, format_count(done.rows))
        if done.notes:
            text += " " + " ".join(done.notes)
        self._say(text)

    def _refused(self, exc: BaseException) -> None:
        self.restore_action.setEnabled(self.table.current() is not None)
        if not isinstance(exc, XhhtError):
            self.ctx.errors.show(exc, self)
            return
        self._say(str(exc), error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(f"color: {ERROR_COLOUR};" if error else "")
        self.message.setText(text)
