"""Vietnamese for Qt's own texts (OK/Cancel, file dialogs, context menus) and the locale.

Qt ships no qtbase_vi.qm, so desktop/resources/translations/qtbase_vi.ts is ours. The .qm is
generated from it, never edited nor committed, and never at start-up (the program's folder
may be read-only, and lrelease is a developer's tool): setup.py builds it into every wheel,
`make setup` into a checkout. Without it the program still runs, in Qt's English, and says
so in the log.
"""

from __future__ import annotations

import logging
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


def install_translations(app: QCoreApplication, folder: Path | None = None) -> QTranslator:
    """Install Vietnamese for Qt's own texts and make Vietnamese the default locale.

    Call before any widget is made: standard buttons and menus take their text when
    they are created.
    """
    folder = folder or translations_dir()
    qm = folder / "qtbase_vi.qm"
    translator = QTranslator(app)
    if not qm.is_file():
        log.warning("Thiếu tệp dịch %s: hộp thoại của Qt sẽ hiện tiếng Anh (trong bản mã nguồn, chạy `make setup`)", qm)
    elif not translator.load(str(qm)):
        log.warning("Không nạp được tệp dịch %s: hộp thoại của Qt sẽ hiện tiếng Anh", qm)
    else:
        app.installTranslator(translator)
    QLocale.setDefault(VIETNAMESE)
    return translator
