"""Tệp › Nhập danh sách từ Excel… (and «Nhập từ Excel…» on the households page): a commune's
own list brought into the register in three steps.

1. The file is read on the reader thread; each sheet shows its header, its columns with a
   guessed use the officer can correct (each correction reads the file again, so the
   grouping and the problems follow), and whether to remember the corrections.
2. «Kiểm tra thử» runs the whole import and takes it back: counts, refused rows with their
   sheet, row and reason, notes, possible duplicates. Nothing is written.
3. «Nhập vào sổ» runs it for real, as one unit of work: the pages reload from the
   broadcast, and Sửa › Hoàn tác takes the whole import back as one step (when it is small
   enough to keep, and nothing changed it since).

The refused rows can be saved as an .xlsx with a "Lỗi" column at steps 2 and 3. Enter never
presses a button here (a combo or a table takes it); Escape closes before the import, when
nothing has been written, and is refused only while work is running.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, cast

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import XhhtError
from desktop.services.importing import inspect_workbook, run_import, save_import_mapping
from desktop.services.importing.merging import MergedDuplicate, merge_into_existing
from desktop.services.importing.records import ImportResult, WorkbookPlan
from desktop.services.importing.rejects import save_rejects
from desktop.services.register import get_citizen
from desktop.ui.context import UiContext
from desktop.ui.dialogs.import_parts import RED, ResultView, SheetTab
from desktop.ui.dialogs.opening import confirm, open_dialog

IMPORT_FOLDER = "import/folder"  # where the last list came from: the next question opens there


def _tr(text: str) -> str:
    return QCoreApplication.translate("ImportWizard", text)


def ask_import_path(parent: QWidget, caption: str, folder: str) -> Path | None:
    """The OS dialog for the list to import (tests replace this); None when the officer cancels."""
    from PySide6.QtWidgets import QFileDialog

    chosen, _ = QFileDialog.getOpenFileName(parent, caption, folder, _tr(
        "Bảng tính (*.xlsx *.xls *.ods *.csv);;Excel (*.xlsx *.xls);;Tất cả các tệp (*)"))
    return Path(chosen) if chosen else None


def ask_rejects_path(parent: QWidget, caption: str, suggested: str) -> Path | None:
    """Where the refused rows go (tests replace this); None when the officer cancels."""
    from PySide6.QtWidgets import QFileDialog

    chosen, _ = QFileDialog.getSaveFileName(parent, caption, suggested, _tr("Bảng tính Excel (*.xlsx)"))
    if not chosen:
        return None
    return Path(chosen if chosen.lower().endswith(".xlsx") else chosen + ".xlsx")


def start_import(window: QMainWindow) -> QDialog | None:
    """Ask for the file, then open the wizard over `window` (which keeps it as current_dialog)."""
    ctx: UiContext = window.ctx  # type: ignore[attr-defined]  # the main window's context
    folder = str(ctx.settings.value(IMPORT_FOLDER, "") or QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation))
    path = ask_import_path(window, _tr("Chọn danh sách cần nhập"), folder)
    if path is None:
        return None
    ctx.settings.setValue(IMPORT_FOLDER, str(path.parent))
    return open_dialog(window, ImportWizard(ctx, path, window))


def _button(text: str) -> QPushButton:
    button = QPushButton(text)
    button.setAutoDefault(False)  # Enter in a combo or a table never presses a button
    return button


class ImportWizard(QDialog):
    MAPPING, RESULT = 0, 1

    def __init__(self, ctx: UiContext, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.path = ctx, Path(path)
        self.mapping: dict[str, str] = {}  # the officer's corrections: header key → field
        self.plan: WorkbookPlan | None = None
        self.outcome: ImportResult | None = None  # the last check or import
        self.imported = False
        self.working = ""  # what runs now ("" when idle): closing waits for it
        self._pending = 0  # jobs started and not yet answered
        self.undo_label = ""  # the real import's name in Sửa › Hoàn tác
        self.current_dialog: QWidget | None = None
        self.setWindowTitle(_tr("Nhập danh sách từ Excel — {0}").format(self.path.name))

        self.stack = QStackedWidget()
        mapping_page = QWidget()
        intro = QLabel(_tr(
            "Kiểm tra cách đọc từng trang của tệp. Cột nào đọc sai, hãy chọn lại ở cột «Nhập vào»; "
            "cột không cần thì chọn «(Không nhập)». Sau đó bấm «Kiểm tra thử»: chưa có gì được ghi vào sổ."))
        intro.setWordWrap(True)
        self.sheet_tabs = QTabWidget()
        self.remember_box = QCheckBox(_tr("&Ghi nhớ cách ghép cột này cho lần sau"))
        self.no_new_hamlets_box = QCheckBox(_tr(
            "Không tạo &thôn mới (hộ ở thôn, tổ dân phố chưa có trong sổ sẽ không được nhập)"))
        self.no_new_hamlets_box.toggled.connect(self._options_changed)
        page_layout = QVBoxLayout(mapping_page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(intro)
        page_layout.addWidget(self.sheet_tabs, 1)
        page_layout.addWidget(self.remember_box)
        page_layout.addWidget(self.no_new_hamlets_box)
        self.result_view = ResultView()
        self.result_view.duplicates.activated.connect(lambda index: self.open_duplicate(index.row()))
        self.result_view.merge_button.clicked.connect(lambda: self.merge_duplicate(self.result_view.duplicates.currentRow()))
        self.stack.addWidget(mapping_page)
        self.stack.addWidget(self.result_view)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.back_button = _button(_tr("‹ &Quay lại ghép cột"))
        self.check_button = _button(_tr("&Kiểm tra thử"))
        self.import_button = _button(_tr("&Nhập vào sổ"))
        self.rejects_button = _button(_tr("&Lưu các dòng lỗi ra Excel…"))
        self.close_button = _button(_tr("Đóng"))
        self.back_button.clicked.connect(lambda: self._show_step(self.MAPPING))
        self.check_button.clicked.connect(self.check)
        self.import_button.clicked.connect(self.import_now)
        self.rejects_button.clicked.connect(self.save_rejected)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.rejects_button)
        buttons.addStretch(1)
        for button in (self.check_button, self.import_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self._fit_screen()
        self._show_step(self.MAPPING)
        self._inspect()

    def _fit_screen(self) -> None:
        """960×640 where there is room (inside 1024×768 with a task bar); smaller screens get all of it."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        width, height = 960, 640
        if room is not None:
            width, height = min(width, room.width() - 16), min(height, room.height() - 48)  # frame, title bar
        self.resize(width, height)

    # --- running work ------------------------------------------------------------------
    def _run(self, fn: Callable, label: str, on_done: Callable[[Any], None], *, writes: bool,
             undo: str | bool = False, session: bool = True) -> None:
        self.working = label
        self._pending += 1
        self._say(label)
        self._update_buttons()

        answered = False

        def finished() -> bool:
            nonlocal answered
            answered = True
            self._pending -= 1
            if self._pending == 0:
                self.working = ""
            return self._pending == 0  # a newer reading is on its way: this one is already out of date

        def done(value: Any) -> None:
            if finished():
                on_done(value)
            self._update_buttons()

        def failed(error: BaseException) -> None:
            finished()
            self._update_buttons()
            if isinstance(error, XhhtError):
                self._say(error.message, error=True)
            else:
                self._say(_tr("Không làm được: {0}").format(error), error=True)
                self.ctx.errors.show(error, self)
        progress = self.ctx.ops.run(fn, on_done=done, on_failed=failed, label=label, writes=writes, undo=undo,
                                    session=session)

        # Hủy in the progress dialog ends the job silently (its transaction rolled back, no answer
        # comes): once the worker is idle and no answer came, the job was stopped.
        watch = QTimer(self)

        def stopped() -> None:
            if answered:
                watch.stop()
                watch.deleteLater()
            elif progress.cancelled and not self.ctx.ops.busy:
                watch.stop()
                watch.deleteLater()
                finished()
                self._update_buttons()
                self._say(_tr("Đã dừng theo yêu cầu; không có gì được ghi vào sổ."))
        watch.timeout.connect(stopped)
        watch.start(200)

    def _inspect(self) -> None:
        path, mapping = self.path, dict(self.mapping)
        self._run(lambda session, progress: inspect_workbook(session=session, path=path, mapping=mapping,
                                                             progress=progress),
                  _tr("Đang đọc tệp…"), self._show_plan, writes=False)

    def check(self) -> None:
        """«Kiểm tra thử»: the whole import, taken back at the end (run_import's dry run)."""
        path, mapping, new_hamlets = self.path, dict(self.mapping), not self.no_new_hamlets_box.isChecked()
        self._run(lambda session, progress: run_import(session=session, path=path, mapping=mapping, dry_run=True,
                                                       new_hamlets=new_hamlets, progress=progress),
                  _tr("Đang kiểm tra thử…"), self._checked, writes=True)

    def import_now(self) -> None:
        """«Nhập vào sổ»: one unit of work; Ctrl+Z takes it back whole."""
        path, mapping, new_hamlets = self.path, dict(self.mapping), not self.no_new_hamlets_box.isChecked()
        if self.remember_box.isChecked() and mapping:
            # Its own job, before the import: undoing the import leaves the remembered columns.
            self.ctx.ops.run(lambda session, progress: save_import_mapping(session=session, mapping=mapping),
                             label=_tr("Đang ghi nhớ cách ghép cột…"), undo=False, quiet=True,
                             on_failed=lambda error: self.ctx.errors.show(error, self))
        self.undo_label = _tr("Nhập danh sách {0}").format(self.path.name)
        self._run(lambda session, progress: run_import(session=session, path=path, mapping=mapping,
                                                       new_hamlets=new_hamlets, progress=progress),
                  _tr("Đang nhập danh sách vào sổ…"), self._imported, writes=True, undo=self.undo_label)

    def save_rejected(self) -> None:
        result = self.outcome
        if result is None or not result.rejected:
            return
        suggested = str(self.path.with_name(f"{self.path.stem}-dong-loi.xlsx"))
        target = ask_rejects_path(self, _tr("Lưu các dòng không nhập"), suggested)
        if target is None:
            return
        self._run(lambda progress: save_rejects(result=result, target=target), _tr("Đang lưu các dòng lỗi…"),
                  self._rejects_saved, writes=False, session=False)

    def open_duplicate(self, row: int) -> None:
        """The household of the person already on the register, to compare and merge by hand."""
        if self.outcome is None or not 0 <= row < len(self.outcome.duplicates):
            return
        citizen_id = self.outcome.duplicates[row].existing_citizen_id

        def show(record) -> None:
            if not record.household_id:
                self._say(_tr("{0} không thuộc hộ nào trong sổ.").format(record.full_name))
                return
            from desktop.ui.dialogs.household_dialog import HouseholdDialog

            open_dialog(self, HouseholdDialog(self.ctx, household_id=record.household_id, parent=self))
        self.ctx.ops.run(lambda session, progress: get_citizen(session=session, citizen_id=citizen_id),
                         on_done=show, on_failed=lambda error: self.ctx.errors.show(error, self),
                         label=_tr("Đang mở hộ…"), writes=False, undo=False)

    def merge_duplicate(self, row: int) -> None:
        """The new record folded into the person already on the register (after a question)."""
        if self.outcome is None or self.outcome.dry_run or not 0 <= row < len(self.outcome.duplicates):
            return
        duplicate = self.outcome.duplicates[row]
        question = _tr("Gộp {0} (dòng {1}, hộ {2} mới nhập) vào {3} đã có trong sổ (hộ {4})?\n\nBản ghi mới nhập "
                       "chuyển vào mục dữ liệu đã xóa; những gì sổ chưa có (số định danh, ngày sinh đầy đủ, trình độ…) "
                       "được ghi cho người đã có. Sửa › Hoàn tác bỏ được việc này.").format(
            duplicate.name, duplicate.row, duplicate.household_code, duplicate.existing_name,
            duplicate.existing_household_code or _tr("(không có hộ)"))
        new_id, kept_id = duplicate.citizen_id, duplicate.existing_citizen_id

        def merged(result: MergedDuplicate) -> None:
            self.result_view.mark_merged(row, result.kept_name)
            said = _tr("Đã gộp {0} vào người đã có trong sổ.").format(result.kept_name)
            if result.headless_household:
                said += " " + _tr("Hộ {0} nay chưa có chủ hộ: hãy mở hộ và chọn chủ hộ.").format(
                    result.headless_household)
            self._say(said)

        def merge() -> None:
            self._run(lambda session, progress: merge_into_existing(session=session, new_citizen_id=new_id,
                                                                    existing_citizen_id=kept_id),
                      _tr("Đang gộp…"), merged, writes=True, undo=_tr("Gộp người trùng {0}").format(duplicate.name))
        confirm(self, _tr("Gộp người trùng"), question, _tr("Gộp"), merge, destructive=True)

    # --- what came back ----------------------------------------------------------------
    def _show_plan(self, plan: WorkbookPlan) -> None:
        self.plan = plan
        tabs = [cast(SheetTab, self.sheet_tabs.widget(i)) for i in range(self.sheet_tabs.count())]
        if len(tabs) == len(plan.sheets) and all(t.same_columns(s) for t, s in zip(tabs, plan.sheets, strict=True)):
            for tab, sheet in zip(tabs, plan.sheets, strict=True):
                tab.show_plan(sheet)
        else:
            self.sheet_tabs.clear()
            for sheet in plan.sheets:
                self.sheet_tabs.addTab(SheetTab(sheet, self._choose), sheet.name)
            first = cast(SheetTab, self.sheet_tabs.widget(0)) if plan.sheets else None
            if first is not None and first.combos:
                first.combos[0].setFocus()  # the keyboard starts on the first column's choice
        bar = self.sheet_tabs.tabBar()
        for i, sheet in enumerate(plan.sheets):
            self.sheet_tabs.setTabToolTip(i, sheet.problem)
            bar.setTabTextColor(i, QColor("#b00020") if sheet.problem else bar.palette().color(
                QPalette.ColorRole.WindowText))
        usable = [s for s in plan.sheets if not s.problem and s.people_rows]
        if not plan.sheets:
            self._say(_tr("Tệp không có trang nào có dữ liệu."), error=True)
        elif not usable:
            self._say(_tr("Không trang nào nhập được như đang ghép: hãy chọn lại các cột (ít nhất cột Họ và tên)."),
                      error=True)
        else:
            self._say(_tr("Đã đọc {0} trang. Khi các cột đã đúng, bấm «Kiểm tra thử».").format(len(plan.sheets)))

    def _choose(self, key: str, field: str) -> None:
        """The officer corrected a column: read again with it (the same header on another sheet follows)."""
        self.mapping[key] = field
        self.outcome = None
        self._inspect()

    def _options_changed(self) -> None:
        self.outcome = None
        self._update_buttons()

    def _checked(self, result: ImportResult) -> None:
        self.outcome = result
        self.result_view.show_result(result)
        self._show_step(self.RESULT)
        (self.import_button if self.import_button.isEnabled() else self.back_button).setFocus()
        if result.households or result.citizens:
            self._say(_tr("Chưa ghi gì vào sổ. Nếu kết quả đúng, bấm «Nhập vào sổ»; muốn sửa cách ghép cột, "
                          "bấm «Quay lại ghép cột»."))
        else:
            self._say(_tr("Không có hộ hoặc nhân khẩu nào mới để nhập."))

    def _imported(self, result: ImportResult) -> None:
        self.outcome, self.imported = result, True
        self.result_view.show_result(result)
        self._show_step(self.RESULT)
        self.close_button.setFocus()
        step = self.ctx.ops.last_step
        if step is not None and step.label == self.undo_label:
            self._say(_tr("Nhập xong. Muốn bỏ cả lần nhập này: Sửa › Hoàn tác (Ctrl+Z), khi chưa sửa gì thêm.")
                      if step.undoable else _tr("Nhập xong. {0}").format(step.reason))
        else:
            self._say(_tr("Nhập xong."))

    def _rejects_saved(self, saved) -> None:
        self._say(_tr("Đã lưu {0} dòng không nhập vào {1} (cột “Lỗi”): sửa rồi nhập lại tệp đó.").format(
            saved.rows, saved.path))

    # --- the steps and the buttons -------------------------------------------------------
    def _show_step(self, step: int) -> None:
        self.stack.setCurrentIndex(step)
        self._update_buttons()

    def _update_buttons(self) -> None:
        idle = not self.working
        on_mapping = self.stack.currentIndex() == self.MAPPING
        plan = self.plan
        usable = plan is not None and any(not s.problem and s.people_rows for s in plan.sheets)
        outcome = self.outcome
        checked = outcome is not None and outcome.dry_run and bool(outcome.households or outcome.citizens)
        self.back_button.setVisible(not on_mapping and not self.imported)
        self.check_button.setVisible(on_mapping)
        self.check_button.setEnabled(idle and usable)
        self.import_button.setVisible(not on_mapping and not self.imported)
        self.import_button.setEnabled(idle and checked)
        self.rejects_button.setVisible(not on_mapping)
        self.rejects_button.setEnabled(idle and outcome is not None and bool(outcome.rejected))
        self.back_button.setEnabled(idle)
        self.close_button.setEnabled(idle)
        self.sheet_tabs.setEnabled(idle or self.working == _tr("Đang đọc tệp…"))

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(RED if error else "")

    # --- keys and closing --------------------------------------------------------------
    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()  # never the dialog's default button: the officer presses the one meant
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        if self.working:  # a job's answer still has to land here; the progress dialog can stop it
            self._say(_tr("{0} Xin đợi xong rồi đóng.").format(self.working))
            return
        super().reject()
