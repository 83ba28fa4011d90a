"""Making a register really unwritable for a test, as a write-protected USB stick is.

As an ordinary user: chmod 0444 on the file and 0555 on its folder. As root (CI and this
machine run tests as root, and root ignores permission bits): the immutable attribute
(`chattr +i`), which even root cannot write through; where neither bites, the test is
skipped rather than pretending. The folder is read-only too, so SQLite cannot make its
-wal/-shm, the lock or the unclean-exit marker beside the file.

`read_only_mount` runs a command in a private mount namespace in which the folder is a
read-only bind mount: the file system itself answers EROFS, as on a CD or a locked stick.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest


def _chattr(flag: str, *paths: Path) -> bool:
    if shutil.which("chattr") is None:
        return False
    return subprocess.run(["chattr", flag, *map(str, paths)], capture_output=True).returncode == 0


@contextmanager
def read_only_place(path: Path):
    """`path` and its folder unwritable for the body of the `with`; restored afterwards."""
    folder = path.parent
    as_root = os.geteuid() == 0 if hasattr(os, "geteuid") else False
    if as_root:
        if not _chattr("+i", path, folder):
            _chattr("-i", path, folder)
            pytest.skip("running as root and chattr +i is not available here: permissions would not bite")
    else:
        path.chmod(0o444)
        folder.chmod(0o555)
    try:
        if os.access(path, os.W_OK) or os.access(folder, os.W_OK):
            pytest.skip("the file stayed writable (permissions do not bite here)")
        yield path
    finally:
        if as_root:
            _chattr("-i", path, folder)
        else:
            folder.chmod(0o755)
            path.chmod(0o644)


def read_only_mount_available() -> bool:
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        return False
    # unshare makes its mounts private: the read-only /tmp is seen by the probe alone
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount --bind /tmp /tmp && mount -o remount,bind,ro /tmp"],
                           capture_output=True)
    return probe.returncode == 0


def run_on_read_only_mount(folder: Path, argv: list[str], **kwargs) -> subprocess.CompletedProcess:
    """`argv` run where `folder` is mounted read-only (a private mount namespace: nothing
    outside the command sees the mount)."""
    script = ('mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"')
    return subprocess.run(["unshare", "-m", "sh", "-c", script, "sh", str(folder), *argv], **kwargs)
