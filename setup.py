"""The one build step pyproject.toml cannot say: Qt's Vietnamese translation compiled from
its source (desktop/resources/translations/qtbase_vi.ts) by PySide6's lrelease, once, when
a wheel is built, instead of at every start of the program. The .qm is generated, so it is
not committed; a checkout gets it from `make setup` (an editable install runs this too)."""

from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

TRANSLATIONS = Path("desktop", "resources", "translations")
SOURCES = ("qtbase_vi.ts",)


def lrelease() -> Path:
    """PySide6's lrelease (PySide6-Essentials is a build requirement, see pyproject.toml)."""
    spec = importlib.util.find_spec("PySide6")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        for name in ("lrelease", "lrelease.exe"):
            if (Path(folder) / name).is_file():
                return Path(folder) / name
    # A wheel without the translation would show Qt's buttons in English: refuse to build it.
    raise SystemExit("Cannot build the Qt translation: PySide6's lrelease was not found in the build environment.")


class BuildPyWithTranslations(build_py):
    def run(self) -> None:
        super().run()
        # A wheel gets the .qm in its build folder; an editable install in the source tree.
        target = TRANSLATIONS if self.editable_mode else Path(self.build_lib, TRANSLATIONS)
        target.mkdir(parents=True, exist_ok=True)
        for ts in SOURCES:
            qm = target / Path(ts).with_suffix(".qm").name
            subprocess.run([str(lrelease()), str(TRANSLATIONS / ts), "-qm", str(qm)], check=True)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        if self.editable_mode:
            return super().get_outputs(include_bytecode)
        built = [str(Path(self.build_lib, TRANSLATIONS, Path(ts).with_suffix(".qm").name)) for ts in SOURCES]
        return [*super().get_outputs(include_bytecode), *built]


setup(cmdclass={"build_py": BuildPyWithTranslations})
