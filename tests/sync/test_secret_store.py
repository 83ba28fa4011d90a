"""Issue 10, item 6 (found by an attacker's test): the device token sat in clear in the
commune file, so any copy of the file could download the commune's citizens. Now the
token lives outside the file (the system keyring, else sealed under a key file in the
user's data folder); a copy of the .sqlite alone carries no usable token, and a file of
an older version has its clear token moved out and its bytes scrubbed on first open."""

from __future__ import annotations

import shutil
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from sqlalchemy import delete

from desktop.domain.errors import StorageError
from desktop.store.db import open_database, read_setting, write_setting
from desktop.store.models import LocalSetting
from desktop.sync import secret_store, state
from desktop.sync.client import SyncError
from desktop.sync.service import client_for, push_all, status
from tests.sync.checks import local_rows


def file_bytes(path: Path) -> bytes:
    """Everything of the database on disk: the file, its write-ahead log and shared memory."""
    return b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal"),
                                            path.with_name(path.name + "-shm")) if p.exists())


def token_of(db) -> str | None:
    with db.session() as session:
        return secret_store.read_token(session)


def test_the_token_is_not_in_the_file_but_sync_works(enrolled, province, key_dir):
    token = token_of(enrolled)
    assert token and len(token) > 30
    assert token.encode() not in file_bytes(enrolled.path)
    with enrolled.session() as session:
        assert read_setting(session, secret_store.CLEAR_TOKEN) is None
        assert read_setting(session, "sync_secret_token").startswith(secret_store.SEALED)
    assert (key_dir / secret_store.KEY_FILE).stat().st_size == secret_store.KEY_BYTES
    report = push_all(enrolled)
    assert report.rejected == 0 and province.rows() == local_rows(enrolled)


def test_a_copy_of_the_file_opened_elsewhere_has_no_token(enrolled, province, tmp_path, monkeypatch):
    """The attacker's test: copy the .sqlite, open it on another PC (an empty key folder)."""
    push_all(enrolled)
    token = token_of(enrolled)
    enrolled.close()
    stolen = tmp_path / "ban-sao" / "xa.sqlite"
    stolen.parent.mkdir()
    shutil.copyfile(enrolled.path, stolen)
    assert token.encode() not in stolen.read_bytes()

    monkeypatch.setenv(secret_store.KEY_DIR_ENV, str(tmp_path / "may-khac"))  # another PC: no key here
    with open_database(stolen) as copy:
        assert token_of(copy) is None
        with copy.session() as session:
            assert secret_store.token_unreadable(session) and not state.read(session).enrolled
        with pytest.raises(SyncError) as refused:
            client_for(copy)
        assert refused.value.code == "not_enrolled"
        assert refused.value.message.startswith("Máy này phải đăng ký lại với máy chủ tỉnh")
        assert f"--server {province.url} --code MÃ" in refused.value.message
        with pytest.raises(SyncError):
            push_all(copy)
        seen = status(copy, online=False)
        assert not seen.enrolled and seen.last_error.startswith("Máy này phải đăng ký lại")


def test_a_lost_key_file_means_enrolling_again(enrolled, key_dir):
    assert token_of(enrolled)
    (key_dir / secret_store.KEY_FILE).write_bytes(b"\x00" * secret_store.KEY_BYTES)  # another key: wrong tag
    assert token_of(enrolled) is None
    (key_dir / secret_store.KEY_FILE).unlink()
    assert token_of(enrolled) is None and not status(enrolled, online=False).enrolled


def test_a_sealed_token_moved_into_another_file_does_not_open(enrolled, db):
    """The ciphertext is bound to its file's reference: pasting it elsewhere gives nothing."""
    with enrolled.session() as session:
        sealed = read_setting(session, "sync_secret_token")
    with db.session() as session:
        write_setting(session, secret_store.REFERENCE, "ffff" * 8)
        write_setting(session, "sync_secret_token", sealed)
        session.commit()
        assert secret_store.read_token(session) is None


# --- a file written before issue 10 -----------------------------------------------------------

def make_old_file(db, token: str) -> None:
    """As an older XHHT left it: the token in clear in local_settings, the settings page
    rewritten since (so stale copies may sit in free space), the log checkpointed."""
    with db.session() as session:
        session.execute(delete(LocalSetting).where(LocalSetting.key.like("sync_secret_%")))
        write_setting(session, secret_store.CLEAR_TOKEN, token)
        session.commit()
    for n in range(30):  # the settings page is rewritten again and again (acked positions, last attempts)
        with db.session() as session:
            write_setting(session, "churn", "x" * (n * 7 % 50))
            session.commit()
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def test_a_clear_token_is_moved_out_and_scrubbed_on_first_open(enrolled, province):
    token = token_of(enrolled)
    make_old_file(enrolled, token)
    enrolled.close()
    assert token.encode() in file_bytes(enrolled.path), "the old file holds the token in clear"

    with open_database(enrolled.path) as db:
        assert token_of(db) == token  # read as it was until it is moved
        seen = status(db, online=False)  # what the window asks first when it opens a file
        assert seen.enrolled and seen.last_error is None
        assert token.encode() not in file_bytes(db.path), "no copy left: not in free pages, slack or the log"
        with db.session() as session:
            assert read_setting(session, secret_store.CLEAR_TOKEN) is None
            assert read_setting(session, secret_store.SCRUB_PENDING) is None
        assert token_of(db) == token
        assert not secret_store.secure(db), "done once"
        report = push_all(db)  # the moved token still speaks for this PC
        assert report.rejected == 0 and province.rows() == local_rows(db)
    assert token.encode() not in file_bytes(enrolled.path)


def test_a_scrub_blocked_by_a_reader_is_done_on_the_next_look(enrolled):
    token = token_of(enrolled)
    make_old_file(enrolled, token)
    with enrolled.engine.connect() as reader:  # another connection holds an old snapshot open
        reader.exec_driver_sql("BEGIN")
        reader.exec_driver_sql("SELECT count(*) FROM local_settings").scalar()
        assert not secret_store.secure(enrolled)
        reader.exec_driver_sql("COMMIT")
    with enrolled.session() as session:
        assert read_setting(session, secret_store.CLEAR_TOKEN) is None
        assert read_setting(session, secret_store.SCRUB_PENDING) == "1"
    assert secret_store.secure(enrolled)
    assert token.encode() not in file_bytes(enrolled.path) and token_of(enrolled) == token


# --- the system keyring -----------------------------------------------------------------------

class MemoryKeyring(KeyringBackend):
    """A keyring of this test alone (never the developer's): what Windows Credential Manager does."""

    priority = 5

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.entries.get((service, username))

    def set_password(self, service, username, password):
        self.entries[(service, username)] = password

    def delete_password(self, service, username):
        self.entries.pop((service, username))


@pytest.fixture
def system_keyring(monkeypatch):
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    monkeypatch.delenv(secret_store.STORE_ENV)  # choose as on a real PC
    yield memory
    keyring.set_keyring(previous)


def test_with_a_system_keyring_the_file_holds_only_a_reference(db, system_keyring, key_dir, tmp_path):
    with db.session() as session:
        secret_store.write_token(session, "token-of-this-pc-" + "x" * 30)
        session.commit()
        assert read_setting(session, "sync_secret_token") == secret_store.IN_KEYRING
        ref = read_setting(session, secret_store.REFERENCE)
    assert system_keyring.entries == {(secret_store.KEYRING_SERVICE, f"{ref}/token"): "token-of-this-pc-" + "x" * 30}
    assert token_of(db) == "token-of-this-pc-" + "x" * 30
    assert not (key_dir / secret_store.KEY_FILE).exists(), "no key file where the keyring serves"
    assert b"token-of-this-pc" not in file_bytes(db.path)

    keyring.set_keyring(MemoryKeyring())  # the same file on another PC: its keyring has no such entry
    assert token_of(db) is None


def test_without_a_keyring_backend_the_token_is_sealed(db, monkeypatch, key_dir):
    """As on CI or a server: keyring finds no backend and the key file takes over."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    monkeypatch.delenv(secret_store.STORE_ENV)
    try:
        with db.session() as session:
            secret_store.write_token(session, "sealed-token-" + "y" * 30)
            session.commit()
            assert read_setting(session, "sync_secret_token").startswith(secret_store.SEALED)
        assert token_of(db) == "sealed-token-" + "y" * 30 and (key_dir / secret_store.KEY_FILE).exists()
    finally:
        keyring.set_keyring(previous)


def test_a_renewed_token_replaces_the_old_one(enrolled, key_dir):
    """What token renewal will call: the same writer, the old value gone."""
    old = token_of(enrolled)
    with enrolled.session() as session:
        secret_store.write_token(session, "renewed-" + "z" * 40)
        session.commit()
    assert token_of(enrolled) == "renewed-" + "z" * 40 != old
    assert (key_dir / secret_store.KEY_FILE).stat().st_size == secret_store.KEY_BYTES, "the same key is kept"


def test_a_damaged_key_file_is_named_and_kept_not_replaced(db, key_dir):
    """A key file cut short (a bad copy, a full disk) cannot seal: the officer is told which
    file, nothing is written, and the file stays (a new key would orphan what it sealed)."""
    damaged = b"\x01" * (secret_store.KEY_BYTES - 5)
    (key_dir / secret_store.KEY_FILE).write_bytes(damaged)
    with db.session() as session, pytest.raises(StorageError) as raised:
        secret_store.write_token(session, "token-" + "x" * 40)
    assert raised.value.code == "key_damaged"
    assert str(key_dir / secret_store.KEY_FILE) in raised.value.message
    assert (key_dir / secret_store.KEY_FILE).read_bytes() == damaged
    assert token_of(db) is None
