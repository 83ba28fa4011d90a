"""First run: which commune, its learning centre, its first hamlets, where the database lives.

No database exists yet, so the official list comes from the package (services.commune.
list_provinces / communes_of). The wizard only collects answers; creating the database
(services.files.create_commune_file) is the caller's job, with `result_settings()`.

A commune that already has its register (on this PC, a USB stick, a network drive) must
open that file, not make a second one: the first page offers "Mở tệp dữ liệu đã có…", and
the last page offers to open a file that is already there. Either ends the wizard with
`existing_path` set, which the caller opens instead of creating anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.domain.errors import XhhtError
from desktop.domain.text import fold, normalize_text
from desktop.paths import default_database
from desktop.services.commune import CommuneInfo, communes_of, list_provinces
from desktop.services.files import check_commune_file
from desktop.ui.dialogs.open_file import commune_name, nearest_folder, pick_database


@dataclass(frozen=True)
class FirstRunSettings:
    commune_code: str
    centre_name: str
    hamlets: tuple[str, ...]  # may be empty: hamlets entered later
    db_path: Path


def _in_running_text(commune: CommuneInfo) -> str:
    """"Xã Yên Xuân" -> "xã Yên Xuân", as it reads inside a longer name."""
    kind = commune.division_type
    if kind and commune.name.lower().startswith(kind.lower() + " "):
        return kind.lower() + commune.name[len(kind):]
    return commune.name


class CommuneListModel(QAbstractListModel):
    """The matching communes, as a thin model over a Python list.

    Not QListWidget items: thousands of them cost thousands of calls per keystroke (and,
    with PySide6 6.12 on Python 3.11, a lost reference to None each).
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[CommuneInfo] = []

    def set_rows(self, rows: list[CommuneInfo]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt name)
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        commune = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{commune.name} ({commune.province_name})"
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("Mã xã: {code}").format(code=commune.code)
        return None


class CommunePage(QWizardPage):
    """Province, then a diacritic-insensitive search in its communes ("yen xuan")."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Chọn xã, phường"))
        self.setSubTitle(self.tr("Theo danh mục đơn vị hành chính cấp xã từ ngày 01/07/2025."))
        self._communes: list[tuple[str, str, CommuneInfo]] = []  # (folded name, folded "name province", commune)
        self.province = QComboBox()
        self.province.addItem(self.tr("Tất cả tỉnh, thành phố"), "")
        for p in list_provinces():
            self.province.addItem(p.name, p.code)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Gõ tên xã, có dấu hay không đều được, ví dụ: yen xuan"))
        self.search.setClearButtonEnabled(True)
        self.model = CommuneListModel(self)
        self.results = QListView()
        self.results.setModel(self.model)
        self.results.setUniformItemSizes(True)
        self.count = QLabel()
        self.open_existing_button = QPushButton(self.tr("&Mở tệp dữ liệu đã có…"))
        existing_hint = QLabel(self.tr("Xã đã có sổ trên máy này, trên USB hay ổ mạng? Hãy mở tệp đó, "
                                       "đừng tạo sổ thứ hai."))
        existing_hint.setWordWrap(True)
        existing_row = QHBoxLayout()
        existing_row.addWidget(existing_hint, 1)
        existing_row.addWidget(self.open_existing_button)
        form = QFormLayout()
        form.addRow(self.tr("&Tỉnh, thành phố:"), self.province)
        form.addRow(self.tr("Tìm &xã, phường:"), self.search)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.count)
        layout.addSpacing(8)
        layout.addLayout(existing_row)
        self.province.currentIndexChanged.connect(self._province_changed)
        self.search.textChanged.connect(self._filter)
        self.results.selectionModel().currentChanged.connect(lambda *_: self.completeChanged.emit())
        self.results.doubleClicked.connect(lambda *_: self.wizard() and self.wizard().next())

    def initializePage(self) -> None:  # noqa: N802 (Qt name)
        if not self._communes:
            self._province_changed()

    def _province_changed(self) -> None:
        code = self.province.currentData()
        codes = [code] if code else [p.code for p in list_provinces()]
        self._communes = [(fold(c.name), fold(f"{c.name} {c.province_name}"), c)
                          for pc in codes for c in communes_of(pc)]
        self._filter()

    def _filter(self) -> None:
        words = fold(self.search.text()).split()
        phrase = " ".join(words)
        chosen = self.selected()
        found = [(phrase not in name, c) for name, both, c in self._communes if all(w in both for w in words)]
        # "yen xuan" also finds Xã Vạn Xuân in Hưng Yên: names holding the phrase come first.
        found.sort(key=lambda pair: pair[0])
        self.model.set_rows([c for _, c in found])
        if chosen is not None:
            self.select_code(chosen.code)
        if self.model.rowCount() == 1:
            self.results.setCurrentIndex(self.model.index(0))
        self.count.setText(self.tr("{n} kết quả").format(n=self.model.rowCount()))
        self.completeChanged.emit()

    def selected(self) -> CommuneInfo | None:
        index = self.results.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    def select_code(self, code: str) -> bool:
        """Make the commune with that code current, if it is among the results."""
        for row, commune in enumerate(self.model.rows):
            if commune.code == code:
                self.results.setCurrentIndex(self.model.index(row))
                return True
        return False

    def isComplete(self) -> bool:  # noqa: N802 (Qt name)
        return self.selected() is not None


class CentrePage(QWizardPage):
    def __init__(self, commune_page: CommunePage, parent=None) -> None:
        super().__init__(parent)
        self._commune_page = commune_page
        self._default = ""
        self.setTitle(self.tr("Trung tâm học tập cộng đồng"))
        self.setSubTitle(self.tr("Tên đầy đủ của trung tâm, như trên con dấu và báo cáo."))
        self.name = QLineEdit()
        layout = QFormLayout(self)
        layout.addRow(self.tr("&Tên trung tâm:"), self.name)
        self.name.textChanged.connect(lambda *_: self.completeChanged.emit())

    def initializePage(self) -> None:  # noqa: N802 (Qt name)
        commune = self._commune_page.selected()
        if commune is None:
            return
        default = self.tr("Trung tâm học tập cộng đồng {commune}").format(commune=_in_running_text(commune))
        # Keep what the officer typed; replace only our own earlier suggestion.
        if not self.name.text().strip() or self.name.text() == self._default:
            self.name.setText(default)
        self._default = default

    def isComplete(self) -> bool:  # noqa: N802 (Qt name)
        return bool(normalize_text(self.name.text()))


class HamletsPage(QWizardPage):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Thôn, bản, tổ dân phố"))
        self.setSubTitle(self.tr("Mỗi dòng một tên. Có thể bỏ trống và nhập sau trong chương trình."))
        self.names = QPlainTextEdit()
        self.names.setPlaceholderText(self.tr("Thôn Yên Lạc\nThôn Xuân Sơn\nBản Na Lượng"))
        self.later = QCheckBox(self.tr("&Nhập sau"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.names, 1)
        layout.addWidget(self.later)
        self.later.toggled.connect(lambda on: self.names.setEnabled(not on))

    def hamlets(self) -> tuple[str, ...]:
        """Typed names, tidied, each once (compared without marks and case)."""
        if self.later.isChecked():
            return ()
        seen: set[str] = set()
        out = []
        for line in self.names.toPlainText().splitlines():
            name = normalize_text(line)
            if name and fold(name) not in seen:
                seen.add(fold(name))
                out.append(name)
        return tuple(out)


class DatabasePage(QWizardPage):
    def __init__(self, default_path: Path, parent=None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Nơi lưu dữ liệu"))
        self.setSubTitle(self.tr("Toàn bộ sổ của xã nằm trong một tệp. Nên để ở ổ đĩa được sao lưu thường xuyên."))
        self.path = QLineEdit(str(default_path))
        self.choose = QPushButton(self.tr("&Chọn…"))
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020")
        self.open_button = QPushButton(self.tr("Mở &tệp này"))
        self.open_button.hide()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.choose)
        holder = QWidget()
        holder.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        form.addRow(self.tr("&Tệp dữ liệu:"), holder)
        problem_row = QHBoxLayout()
        problem_row.addWidget(self.problem, 1)
        problem_row.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignTop)
        # Rows of a plain box: word-wrapped labels in form rows get too little height.
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(problem_row)
        layout.addSpacing(6)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        self.choose.clicked.connect(self._choose)
        self.path.textChanged.connect(self._path_edited)
        self.open_button.clicked.connect(lambda: self.wizard().open_existing(self.db_path()))

    def _path_edited(self) -> None:
        self.problem.clear()
        self.open_button.hide()
        self.completeChanged.emit()

    def _choose(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Chọn nơi lưu cơ sở dữ liệu"), self.path.text(),
            self.tr("Cơ sở dữ liệu XHHT (*.sqlite)"),
            options=QFileDialog.Option.DontConfirmOverwrite)  # an existing file is refused below anyway
        if chosen:
            self.path.setText(chosen if Path(chosen).suffix else chosen + ".sqlite")

    def db_path(self) -> Path:
        return Path(self.path.text().strip()).expanduser()

    def isComplete(self) -> bool:  # noqa: N802 (Qt name)
        return bool(self.path.text().strip())

    def validatePage(self) -> bool:  # noqa: N802 (Qt name)
        path = self.db_path()
        if not path.exists():
            return True
        # init_commune refuses an existing file: say so before it does, and offer to open
        # it when it is a register already (most likely this commune's own).
        try:
            code = check_commune_file(path)
        except XhhtError as error:
            self.problem.setText(self.tr("Tệp này đã có. {reason} Hãy chọn tên tệp khác để tạo sổ mới.").format(
                reason=error.message))
            self.open_button.hide()
            return False
        self.problem.setText(self.tr("Tệp này đã có: sổ của {commune}. Mở tệp này?").format(
            commune=commune_name(code)))
        self.open_button.show()
        return False


class FirstRunWizard(QWizard):
    """Collects the answers of the first run; read them with result_settings() after accept."""

    def __init__(self, parent=None, *, default_path: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Thiết lập lần đầu — Sổ xã hội học tập"))
        # Our own texts, so they read Vietnamese even before Qt's translation is installed.
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("Quay lại"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Tiếp theo"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Hoàn tất"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Hủy"))
        self.commune_page = CommunePage()
        self.centre_page = CentrePage(self.commune_page)
        self.hamlets_page = HamletsPage()
        self.database_page = DatabasePage(default_path or default_database())
        for page in (self.commune_page, self.centre_page, self.hamlets_page, self.database_page):
            self.addPage(page)
        self.existing_path: Path | None = None  # set when the officer opens a file instead
        self.commune_page.open_existing_button.clicked.connect(self._pick_existing)
        self.currentIdChanged.connect(self._summarise)
        self.resize(640, 560)

    def _pick_existing(self) -> None:
        folder = nearest_folder(self.database_page.db_path())
        path = pick_database(self, folder, self.tr("Mở tệp dữ liệu đã có"))
        if path is not None:
            self.open_existing(path)

    def open_existing(self, path: Path) -> None:
        """End the wizard with a file to open (checked by the caller as it opens it)."""
        self.existing_path = Path(path)
        self.accept()

    def validateCurrentPage(self) -> bool:  # noqa: N802 (Qt name)
        # Opening an existing file skips the checks of a new one.
        return self.existing_path is not None or super().validateCurrentPage()

    def _summarise(self, _page_id: int) -> None:
        if self.currentPage() is not self.database_page:
            return
        commune = self.commune_page.selected()
        hamlets = self.hamlets_page.hamlets()
        lines = [commune.full_name if commune else "", normalize_text(self.centre_page.name.text()),
                 self.tr("{n} thôn, tổ dân phố").format(n=len(hamlets)) if hamlets
                 else self.tr("Thôn, tổ dân phố: nhập sau")]
        self.database_page.summary.setText("\n".join(lines))

    def result_settings(self) -> FirstRunSettings:
        commune = self.commune_page.selected()
        if commune is None:
            raise RuntimeError("FirstRunWizard.result_settings() before a commune was chosen")
        return FirstRunSettings(
            commune_code=commune.code,
            centre_name=normalize_text(self.centre_page.name.text()),
            hamlets=self.hamlets_page.hamlets(),
            db_path=self.database_page.db_path(),
        )
