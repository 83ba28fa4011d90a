"""Where this PC keeps its sync secrets — the device token, and a restore grant while a
restore is under way — so that a copy of the commune's .sqlite file alone carries none.

- In the system keyring where there is one (Windows Credential Manager, macOS Keychain,
  the Secret Service on Linux): the commune file holds only the word "keyring" and a random
  reference naming the entry.
- Otherwise sealed: AES-256-GCM (`cryptography`) under a 256-bit key kept in a file of the
  user's data folder, outside the commune file; the commune file holds only the nonce and
  ciphertext, bound to its reference and the secret's name (associated data), so a sealed
  value cannot be moved to another file or slot.

On another PC or user account neither the keyring entry nor the key file is there: the
token reads as missing and sync asks for a new enrolment. A file written by an older
version keeps the token in clear (`sync_token`); `secure()` moves it here and scrubs the
file (VACUUM, then a WAL checkpoint that truncates the log) so its bytes hold it no more.

XHHT_SECRET_STORE=file|keyring forces one store (default: the keyring when usable);
XHHT_KEY_DIR moves the key file's folder. Tests set both: never the developer's keyring.
"""

from __future__ import annotations

import base64
import logging
import os
import secrets
from pathlib import Path

from sqlalchemy import delete
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from desktop.domain.errors import StorageError
from desktop.paths import data_dir
from desktop.store.db import Database, read_setting, write_setting
from desktop.store.models import LocalSetting

log = logging.getLogger(__name__)

STORE_ENV = "XHHT_SECRET_STORE"
KEY_DIR_ENV = "XHHT_KEY_DIR"
KEYRING_SERVICE = "XHHT đồng bộ"
KEY_FILE = "dong-bo.key"
KEY_BYTES = 32
NONCE_BYTES = 12

REFERENCE = "sync_secret_ref"  # random, not secret: names this file's entries in the keyring and in sealed data
CLEAR_TOKEN = "sync_token"  # where versions before issue 10 kept the token, in clear
SCRUB_PENDING = "sync_secret_scrub"  # a clear token was removed but the file's bytes are not yet rewritten
TOKEN, RESTORE_GRANT = "token", "restore_grant"
IN_KEYRING = "keyring"
SEALED = "sealed:v1:"


def _slot(name: str) -> str:
    return f"sync_secret_{name}"


# --- the pair the rest of sync uses -----------------------------------------------------

def read_token(session: Session) -> str | None:
    """The device token, or None when this PC has none it can read (never enrolled, or the
    file was copied here from elsewhere)."""
    token = _read(session, TOKEN)
    if token is None:  # a file not yet secured (older version): secure() moves it
        token = read_setting(session, CLEAR_TOKEN) or None
    return token


def write_token(session: Session, token: str) -> None:
    """Keep a new device token (enrolment, or a renewal the server sent). The keyring entry
    is written at once; a sealed value and the marker go with the caller's commit."""
    _write(session, TOKEN, token)
    session.execute(delete(LocalSetting).where(LocalSetting.key == CLEAR_TOKEN))


def read_restore_grant(session: Session) -> str | None:
    return _read(session, RESTORE_GRANT)


def write_restore_grant(session: Session, grant: str) -> None:
    _write(session, RESTORE_GRANT, grant)


def forget_restore_grant(session: Session) -> None:
    _forget(session, RESTORE_GRANT)


def token_unreadable(session: Session) -> bool:
    """A token was kept for this file, but not where this PC can read it (a copy from elsewhere,
    a lost key file or keyring entry)."""
    return read_setting(session, _slot(TOKEN)) is not None and read_token(session) is None


# --- moving a clear token out ---------------------------------------------------------

def secure(db: Database) -> bool:
    """Move a clear token out of the file and scrub the file's bytes. True if the file was
    rewritten now. Cheap when there is nothing to do (two settings read)."""
    with db.session() as session:
        clear = read_setting(session, CLEAR_TOKEN)
        pending = read_setting(session, SCRUB_PENDING)
        if not clear and not pending:
            return False
        if clear:
            write_token(session, clear)
            write_setting(session, SCRUB_PENDING, "1")
            session.commit()
            log.info("moved the device token of %s out of the file", db.path.name)
    if not _scrub(db):
        return False
    with db.session() as session:
        session.execute(delete(LocalSetting).where(LocalSetting.key == SCRUB_PENDING))
        session.commit()
    return True


def _scrub(db: Database) -> bool:
    """Rewrite every page (VACUUM: free pages and the slack in pages go too), then copy the
    log into the file and truncate it. False when another connection holds the file; the
    marker stays and the next secure() tries again."""
    try:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM")
            busy = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()[0]
    except OperationalError as error:
        log.warning("could not scrub %s yet: %s", db.path.name, error)
        return False
    return not busy


# --- where the secrets go -------------------------------------------------------------

def _reference(session: Session) -> str:
    ref = read_setting(session, REFERENCE)
    if not ref:
        ref = secrets.token_hex(16)
        write_setting(session, REFERENCE, ref)
    return ref


def _read(session: Session, name: str) -> str | None:
    stored = read_setting(session, _slot(name))
    ref = read_setting(session, REFERENCE)
    if not stored or not ref:
        return None
    if stored == IN_KEYRING:
        backend = _keyring()
        if backend is None:
            return None
        try:
            return backend.get_password(KEYRING_SERVICE, f"{ref}/{name}")
        except Exception as error:  # noqa: BLE001  (a locked or broken keyring: as if absent)
            log.warning("keyring read failed: %r", error)
            return None
    if stored.startswith(SEALED):
        key = _key(create=False)
        return None if key is None else _open(key, stored[len(SEALED):], _context(ref, name))
    return None


def _write(session: Session, name: str, value: str) -> None:
    ref = _reference(session)
    backend = _keyring()
    if backend is not None:
        try:
            backend.set_password(KEYRING_SERVICE, f"{ref}/{name}", value)
        except Exception as error:  # noqa: BLE001  (refused or locked: seal it instead)
            log.warning("keyring write failed, sealing instead: %r", error)
        else:
            write_setting(session, _slot(name), IN_KEYRING)
            session.flush()
            return
    key = _key(create=True)
    if key is None:  # the key file is there but not a key: replacing it would orphan what it sealed
        raise StorageError(f"Tệp khóa {key_dir() / KEY_FILE} bị hỏng nên không cất được mã bí mật của máy. "
                           "Hãy xóa tệp khóa đó rồi đăng ký lại máy với máy chủ tỉnh.", code="key_damaged")
    write_setting(session, _slot(name), SEALED + _seal(key, value, _context(ref, name)))
    session.flush()


def _forget(session: Session, name: str) -> None:
    stored = read_setting(session, _slot(name))
    ref = read_setting(session, REFERENCE)
    if stored == IN_KEYRING and ref and (backend := _keyring()) is not None:
        try:
            backend.delete_password(KEYRING_SERVICE, f"{ref}/{name}")
        except Exception as error:  # noqa: BLE001  (already gone)
            log.info("keyring delete: %r", error)
    session.execute(delete(LocalSetting).where(LocalSetting.key == _slot(name)))


def _context(ref: str, name: str) -> bytes:
    return f"xhht/{ref}/{name}".encode()


def _keyring():
    """The system keyring, or None: forced off, not installed, or only keyring's "fail"
    backend (no Secret Service on a server, CI) or a plain-text one."""
    if os.environ.get(STORE_ENV, "").lower() == "file":
        return None
    try:
        import keyring
        from keyring.backends import chainer, fail
    except ImportError:
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring) or (isinstance(backend, chainer.ChainerBackend) and not backend.backends):
        return None
    if getattr(backend, "priority", 0) <= 0 or type(backend).__module__.startswith("keyrings.alt"):
        return None
    return backend


def key_dir() -> Path:
    override = os.environ.get(KEY_DIR_ENV)
    return Path(override) if override else data_dir() / "khoa"


def _key(*, create: bool) -> bytes | None:
    """This user's sealing key; made once (never replaced: it would orphan what it sealed)."""
    path = key_dir() / KEY_FILE
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        if not create:
            return None
        return _make_key(path)
    return key if len(key) == KEY_BYTES else None


def _make_key(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = secrets.token_bytes(KEY_BYTES)
    draft = path.with_name(f"{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(draft, path)  # never over a key another process made meanwhile
        except FileExistsError:
            return path.read_bytes()
        except OSError:  # no hard links here: rename, which on Windows also refuses an existing name
            if path.exists():
                return path.read_bytes()
            os.replace(draft, path)
    finally:
        if draft.exists():
            draft.unlink()
    return key


def _seal(key: bytes, value: str, context: bytes) -> str:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = secrets.token_bytes(NONCE_BYTES)
    return base64.urlsafe_b64encode(nonce + AESGCM(key).encrypt(nonce, value.encode(), context)).decode()


def _open(key: bytes, text: str, context: bytes) -> str | None:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        raw = base64.urlsafe_b64decode(text.encode())
        return AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context).decode()
    except (InvalidTag, ValueError):  # another key (the file came from elsewhere), or damaged
        return None

