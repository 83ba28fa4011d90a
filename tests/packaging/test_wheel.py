"""The wheel a commune PC installs carries what the program reads at run time.

Built from a copy of the checkout as a fresh clone has it (tracked files only: no .qm, no
.venv), installed with its dependencies into a new venv outside the source tree, and run
from a folder outside it too, so nothing can be found by accident in the checkout. Before
resources/ became package data, `xhht demo` failed here with "Chưa có bộ tiêu chí".

About 40 s on the reference machine (wheel ~5 s, install ~20–35 s from the package index and
pip's cache, commands ~10 s); the venv (~800 MB) is deleted at the end.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.packaging

CHECKOUT = Path(__file__).resolve().parents[2]
FONTS = {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf",
         "LiberationSerif-Italic.ttf", "LiberationSerif-BoldItalic.ttf"}


def run(command, *, cwd, env=None, timeout=300) -> subprocess.CompletedProcess:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{command} → {done.returncode}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def fresh_clone(target: Path) -> Path:
    """The files git knows (tracked, or new and not ignored), as a clone would have them."""
    listed = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=CHECKOUT).stdout
    for name in filter(None, listed.split("\0")):
        source = CHECKOUT / name
        if source.is_symlink() or not source.is_file():  # a deleted file, or a link to a local venv
            continue
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target / name)
    assert not (target / "desktop" / "resources" / "translations" / "qtbase_vi.qm").exists()
    return target


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """(wheel, venv, env, office): the built wheel, the venv it is installed in, the
    environment to run it with, and a working folder outside the source tree."""
    root = tmp_path_factory.mktemp("packaging")
    source = fresh_clone(root / "source")
    run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-w", str(root / "dist")], cwd=root)
    [wheel] = (root / "dist").glob("xhht-*.whl")
    venv = root / "venv"
    run([sys.executable, "-m", "venv", str(venv)], cwd=root)
    run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)], cwd=root, timeout=600)
    home = root / "home"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    # The user's data folder lives in a throwaway home (tests/conftest.py keeps secrets off the keyring).
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
               QT_QPA_PLATFORM="offscreen")
    office = root / "office"
    office.mkdir()
    yield wheel, venv, env, office
    shutil.rmtree(venv, ignore_errors=True)


def xhht(site, *args) -> subprocess.CompletedProcess:
    _, venv, env, office = site
    return run([str(venv / "bin" / "xhht"), *args], cwd=office, env=env)


def in_venv(site, code: str) -> str:
    _, venv, env, office = site
    return run([str(venv / "bin" / "python"), "-c", code], cwd=office, env=env).stdout.strip()


def test_the_wheel_carries_the_resources_and_a_built_translation(site):
    wheel = site[0]
    names = set(zipfile.ZipFile(wheel).namelist())
    bundled = CHECKOUT / "desktop" / "resources"
    for path in bundled.rglob("*"):
        if path.is_file() and path.suffix != ".qm":
            assert f"desktop/resources/{path.relative_to(bundled).as_posix()}" in names
    assert {f"desktop/resources/fonts/{font}" for font in FONTS} <= names
    with zipfile.ZipFile(wheel) as archive:
        qm = archive.read("desktop/resources/translations/qtbase_vi.qm")
    assert qm.startswith(bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd"))  # Qt's .qm magic
    assert not any(name.startswith(("tests/", "resources/")) for name in names)


def test_resources_are_found_in_the_installed_package_not_the_checkout(site):
    venv = site[1]
    found = Path(in_venv(site, "from desktop.paths import resources_dir; print(resources_dir())"))
    assert found.is_relative_to(venv) and not found.is_relative_to(CHECKOUT)
    assert {p.name for p in (found / "fonts").iterdir()} >= FONTS


def test_a_commune_made_and_printed_outside_the_source_tree(site):
    office = site[3]
    db = office / "xa.sqlite"
    xhht(site, "init", "--commune", "17380", "--db", str(db))
    demo = json.loads(xhht(site, "--json", "demo", "--households", "50", "--db", str(db)).stdout)
    assert demo["households"] == 50 and demo["title_registrations"] > 0

    sets = json.loads(xhht(site, "--json", "criteria", "list", "--db", str(db)).stdout)["sets"]
    bundled = sorted(p.relative_to(CHECKOUT / "desktop" / "resources" / "criteria").with_suffix("").as_posix()
                     for p in (CHECKOUT / "desktop" / "resources" / "criteria").glob("*/*.yaml"))
    assert sorted(s["id"] for s in sets) == bundled

    pdf = office / "phieu.pdf"
    printed = xhht(site, "forms", "--year", str(demo["title_year"]), "--out", str(pdf), "--db", str(db))
    assert "phiếu tự đánh giá" in printed.stdout
    fonts = PdfReader(pdf).pages[0]["/Resources"]["/Font"]
    embedded = {}
    for font in (ref.get_object() for ref in fonts.values()):
        descriptor = font["/FontDescriptor"].get_object()
        embedded[str(font["/BaseFont"]).split("+")[-1]] = "/FontFile2" in descriptor
    family = {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic", "LiberationSerif-BoldItalic"}
    assert "LiberationSerif" in embedded and set(embedded) <= family and all(embedded.values())


def test_qt_reads_vietnamese_from_the_installed_translation(site):
    said = in_venv(site, "from PySide6.QtCore import QCoreApplication as A; from desktop.ui.i18n import "
                         "install_translations; app = A([]); install_translations(app); "
                         "print(A.translate('QPlatformTheme', 'Cancel'))")
    assert said == "Hủy"
