"""Vietnamese for Qt's own texts (OK/Cancel, file dialogs, context menus) and the locale.

Qt ships no qtbase_vi.qm, so resources/translations/qtbase_vi.ts is ours; the .qm is
generated from it, never edited: at start-up when it is missing or older than the .ts
and lrelease is at hand (a developer's venv), otherwise by the build step

    .venv/bin/pyside6-lrelease resources/translations/qtbase_vi.ts -qm resources/translations/qtbase_vi.qm

A frozen (PyInstaller) app has no lrelease and its folder may be read-only: it must ship
the .qm built by that step. Without it the program still runs, in Qt's English.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from desktop.paths import resources_dir

log = logging.getLogger(__name__)

VIETNAMESE = QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)
# Qt's Vietnamese short date is "d/M/yy"; registers write dates in full, so widgets that
# show dates set this format themselves (QDateEdit.setDisplayFormat(DATE_FORMAT)).
DATE_FORMAT = "dd/MM/yyyy"


def translations_dir() -> Path:
    return resources_dir() / "translations"


def _lrelease() -> list[str] | None:
    """The lrelease command of this venv's PySide6, if there is one."""
    if getattr(sys, "frozen", False):
        return None
    try:
        import PySide6
    except ImportError:  # pragma: no cover
        return None
    for name in ("lrelease", "lrelease.exe"):
        binary = Path(PySide6.__file__).with_name(name)
        if binary.is_file():
            return [str(binary)]
    found = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent)) or shutil.which("pyside6-lrelease")
    return [found] if found else None


def build_qm(ts: Path, qm: Path) -> bool:
    """Make `qm` from `ts` if it is missing or older; True if an up-to-date .qm exists after."""
    if qm.exists() and (not ts.exists() or qm.stat().st_mtime >= ts.stat().st_mtime):
        return True
    command = _lrelease()
    if command is None or not ts.exists():
        log.warning("Không dựng được %s (thiếu lrelease hoặc %s)", qm.name, ts.name)
        return qm.exists()
    try:
        subprocess.run([*command, str(ts), "-qm", str(qm)], check=True, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("lrelease không chạy được cho %s: %s", ts, exc)
    return qm.exists()


def install_translations(app: QCoreApplication, folder: Path | None = None) -> QTranslator:
    """Install Vietnamese for Qt's own texts and make Vietnamese the default locale.

    Call before any widget is made: standard buttons and menus take their text when
    they are created.
    """
    folder = folder or translations_dir()
    qm = folder / "qtbase_vi.qm"
    translator = QTranslator(app)
    if build_qm(folder / "qtbase_vi.ts", qm) and translator.load(str(qm)):
        app.installTranslator(translator)
    else:
        log.warning("Chưa có bản dịch tiếng Việt cho hộp thoại của Qt: %s", qm)
    QLocale.setDefault(VIETNAMESE)
    return translator
