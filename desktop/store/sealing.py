"""A copy of a commune file sealed with a password (see store/backup.py): AES-256-GCM under a
key scrypt derives from the password, behind a small header (magic, version, scrypt cost,
salt, nonce, a key check) that is authenticated too. The key check tells a wrong password
from a damaged copy; the tag is checked before the decrypted file is used."""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO, Callable

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from desktop.domain.errors import StorageError
from desktop.store.files import SQLITE_MAGIC

SEAL_MAGIC = b"XHHTSEAL"  # the first 8 bytes of a sealed copy
SEAL_VERSION = 1
_SCRYPT_LOG_N, _SCRYPT_R, _SCRYPT_P = 15, 8, 1  # 32 MB, about 0.1 s: slow for guessing, fine once
_SALT, _NONCE, _CHECK, _TAG = 16, 12, 16, 16
# magic | version | log2(n) | r | p | salt | nonce | key check; then the ciphertext, then the tag
HEADER_SIZE = len(SEAL_MAGIC) + 4 + _SALT + _NONCE + _CHECK
_CHUNK = 1 << 20


def _derive(password: str, salt: bytes, log_n: int, r: int, p: int) -> tuple[bytes, bytes]:
    """(encryption key, key check): wrong password and damaged file can be told apart."""
    if not password:
        raise StorageError("Mật khẩu không được để trống.", code="backup_password_empty")
    material = Scrypt(salt=salt, length=32 + _CHECK, n=1 << log_n, r=r, p=p).derive(password.encode("utf-8"))
    return material[:32], material[32:]


def seal(plain: bytes | memoryview, target: BinaryIO, password: str) -> None:
    salt, nonce = os.urandom(_SALT), os.urandom(_NONCE)
    key, check = _derive(password, salt, _SCRYPT_LOG_N, _SCRYPT_R, _SCRYPT_P)
    header = SEAL_MAGIC + bytes([SEAL_VERSION, _SCRYPT_LOG_N, _SCRYPT_R, _SCRYPT_P]) + salt + nonce + check
    encryptor = Cipher(algorithms.AES(key), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(header)
    target.write(header)
    view = memoryview(plain)
    for start in range(0, len(view), _CHUNK):
        target.write(encryptor.update(view[start:start + _CHUNK]))
    target.write(encryptor.finalize())
    target.write(encryptor.tag)


def not_ours(path: Path) -> StorageError:
    return StorageError(f"Tệp {path.name} không phải bản sao lưu XHHT (không phải tệp dữ liệu, cũng không phải "
                        "bản sao lưu có mật khẩu).", code="backup_not_ours")


def _tampered(path: Path) -> StorageError:
    return StorageError(f"Bản sao lưu {path.name} đã bị sửa hoặc bị hỏng (kiểm tra mã xác thực không khớp); "
                        "không dùng được bản này. Hãy chọn một bản sao lưu khác.", code="backup_tampered")


def is_sealed(path: Path) -> bool:
    """True for a sealed copy, False for a plain SQLite file; refused for anything else."""
    try:
        with open(path, "rb") as handle:
            start = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise StorageError(f"Không đọc được tệp {path}: {exc.strerror}", code="backup_unreadable") from exc
    if start.startswith(SEAL_MAGIC):
        return True
    if start == SQLITE_MAGIC:
        return False
    raise not_ours(path)


def unseal(source: Path, target: Path, password: str | None,
           on_progress: Callable[[float], None] | None = None) -> None:
    """Decrypt `source` into `target`; an error, and no `target`, unless the tag holds.
    `on_progress` gets the share done after each chunk (and may raise to stop)."""
    if password is None:
        raise StorageError(f"Bản sao lưu {source.name} có mật khẩu; hãy nhập mật khẩu.", code="backup_password_needed")
    size = source.stat().st_size
    with open(source, "rb") as handle:
        header = handle.read(HEADER_SIZE)
        if len(header) < HEADER_SIZE or size < HEADER_SIZE + _TAG:
            raise _tampered(source)
        version, log_n, r, p = header[8], header[9], header[10], header[11]
        if version != SEAL_VERSION:
            raise StorageError(f"Bản sao lưu {source.name} được làm bằng phiên bản XHHT mới hơn; hãy cập nhật "
                               "chương trình rồi khôi phục lại.", code="backup_newer")
        if not (10 <= log_n <= 22 and 1 <= r <= 32 and 1 <= p <= 16):
            raise _tampered(source)
        salt = header[12:12 + _SALT]
        nonce = header[12 + _SALT:12 + _SALT + _NONCE]
        key, check = _derive(password, salt, log_n, r, p)
        if check != header[12 + _SALT + _NONCE:]:
            raise StorageError(f"Mật khẩu không đúng: không mở được bản sao lưu {source.name}.",
                               code="backup_wrong_password")
        handle.seek(size - _TAG)
        tag = handle.read(_TAG)
        handle.seek(HEADER_SIZE)
        decryptor = Cipher(algorithms.AES(key), modes.GCM(nonce, tag)).decryptor()
        decryptor.authenticate_additional_data(header)
        remaining = size - HEADER_SIZE - _TAG
        done = 0
        try:
            with open(target, "wb") as out:
                while remaining > 0:
                    chunk = handle.read(min(_CHUNK, remaining))
                    if not chunk:
                        raise _tampered(source)
                    remaining -= len(chunk)
                    done += len(chunk)
                    out.write(decryptor.update(chunk))
                    if on_progress is not None:
                        on_progress(done / max(size, 1))
                decryptor.finalize()
                out.flush()
                os.fsync(out.fileno())
        except InvalidTag:
            target.unlink(missing_ok=True)
            raise _tampered(source) from None
        except BaseException:
            target.unlink(missing_ok=True)
            raise
