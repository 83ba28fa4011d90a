"""Start-up when the last register is not where it was: a clear choice, never a silent new one.

Starting the new-commune wizard here would give the commune a second, empty register
beside the real one (on a USB stick not plugged in, or moved): the worst outcome. So the
officer chooses: try again, find the file, open another, or, knowingly, make a new one.
After exec(): `chosen_path` (a file to open) or `wants_new` (run the wizard); neither
when the officer quits.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.ui.dialogs.open_file import default_folder, nearest_folder, pick_database
from desktop.ui.dialogs.opening import confirm


def second_register_warning(widget: QWidget) -> str:
    return widget.tr(
        "Chỉ tạo sổ mới khi xã chưa có sổ nào.\n\n"
        "Nếu xã đã có sổ (trên máy này, trên USB, ổ mạng hay máy khác), hãy mở tệp đó. Tạo sổ mới "
        "sẽ có hai sổ của cùng một xã: sổ mới trống, và những gì nhập vào hai sổ sẽ không khớp nhau.")


class MissingDatabaseDialog(QDialog):
    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.chosen_path: Path | None = None
        self.wants_new = False
        self.setWindowTitle(self.tr("Không tìm thấy sổ dữ liệu — XHHT"))

        heading = QLabel(self.tr("Không tìm thấy tệp dữ liệu của xã"))
        heading.setStyleSheet("font-size: 13pt; font-weight: bold")
        where = QLabel(self.tr("Lần trước chương trình mở tệp <b>{name}</b> trong thư mục<br><b>{folder}</b><br>"
                               "nhưng bây giờ không thấy tệp này ở đó.").format(
            name=escape(self.path.name), folder=escape(str(self.path.parent))))
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        why = QLabel(self.tr("Có thể tệp đã được chuyển sang thư mục khác hoặc đổi tên, hoặc tệp nằm trên "
                             "USB hay ổ mạng chưa được cắm, chưa kết nối. Dữ liệu của xã vẫn nằm trong tệp đó."))
        for label in (where, why):
            label.setWordWrap(True)

        self.retry_button = QPushButton(self.tr("&Thử lại"))
        self.find_button = QPushButton(self.tr("Tìm tệ&p…"))
        self.other_button = QPushButton(self.tr("Mở tệp &khác…"))
        self.new_button = QPushButton(self.tr("Tạo sổ &mới…"))
        self.quit_button = QPushButton(self.tr("Th&oát"))
        self.retry_button.setDefault(True)
        choices = QGridLayout()
        choices.setColumnStretch(1, 1)
        choices.setHorizontalSpacing(14)
        rows = [
            (self.retry_button, self.tr("Sau khi cắm USB hoặc kết nối ổ mạng có tệp.")),
            (self.find_button, self.tr("Tệp đã được chuyển hoặc đổi tên: chỉ cho chương trình biết tệp nằm ở đâu.")),
            (self.other_button, self.tr("Mở một tệp dữ liệu XHHT khác.")),
            (self.new_button, self.tr("Chỉ dành cho xã chưa có sổ: tạo một sổ mới, trống.")),
        ]
        for row, (button, text) in enumerate(rows):
            button.setMinimumWidth(130)
            note = QLabel(text)
            note.setWordWrap(True)
            choices.addWidget(button, row, 0)
            choices.addWidget(note, row, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #b00020")
        self.status.hide()
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.quit_button)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(where)
        layout.addWidget(why)
        layout.addSpacing(6)
        layout.addLayout(choices)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addLayout(bottom)

        self.retry_button.clicked.connect(self.retry)
        self.find_button.clicked.connect(self.find)
        self.other_button.clicked.connect(self.open_other)
        self.new_button.clicked.connect(self.ask_new)
        self.quit_button.clicked.connect(self.reject)
        self.resize(620, 0)

    def _choose(self, path: Path) -> None:
        self.chosen_path = path
        self.accept()

    def retry(self) -> None:
        try:
            found = self.path.is_file()
        except OSError:  # a network drive that does not answer
            found = False
        if found:
            self._choose(self.path)
            return
        self.status.setText(self.tr("Vẫn chưa thấy tệp {path}. Kiểm tra USB hoặc ổ mạng, rồi thử lại.").format(
            path=self.path))
        self.status.show()

    def find(self) -> None:
        path = pick_database(self, nearest_folder(self.path), self.tr("Tìm tệp {name}").format(name=self.path.name))
        if path is not None:
            self._choose(path)

    def open_other(self) -> None:
        path = pick_database(self, default_folder())
        if path is not None:
            self._choose(path)

    def ask_new(self) -> None:
        def agreed() -> None:
            self.wants_new = True
            self.accept()
        self.new_question = confirm(self, self.tr("Tạo sổ mới?"), second_register_warning(self),
                                    self.tr("Vẫn tạo sổ mới"), agreed)
        self.new_question.setIcon(self.new_question.Icon.Warning)
