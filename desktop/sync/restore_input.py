"""The restore code as the officer types it: the same shape and checks as the enrolment
code (desktop.sync.enrolment_input), said in the restore's words, before any network."""

from __future__ import annotations

from desktop.domain.errors import ValidationError
from desktop.sync.enrolment_input import CODE_EXAMPLE, CODE_LENGTH, InputCheck, check_code

RESTORE_CODE_FIELD = "restore_code"
RESTORE_CODE_SHAPE = (f"Mã khôi phục gồm {CODE_LENGTH} ký tự: chữ cái không dấu (không có chữ O, chữ I) và chữ số "
                      f"từ 2 đến 9, ví dụ {CODE_EXAMPLE}")


def _reworded(text: str | None) -> str | None:
    if text is None:
        return None
    return (text.replace("Hãy nhập mã đăng ký tỉnh cấp cho xã", "Hãy nhập mã khôi phục do tỉnh cấp")
            .replace("Mã đăng ký", "Mã khôi phục").replace("mã đăng ký", "mã khôi phục"))


def check_restore_code(text: str, *, finished: bool = True) -> InputCheck:
    checked = check_code(text, finished=finished)
    return InputCheck(checked.value, _reworded(checked.problem), checked.note)


def parse_restore_code(text: str) -> str:
    """The code to send ('K7QMP3XAW9RT'), or ValidationError(field='restore_code')."""
    checked = check_restore_code(text)
    if not checked.ok or checked.value is None:
        raise ValidationError(checked.problem or RESTORE_CODE_SHAPE, code="bad_code_format", field=RESTORE_CODE_FIELD)
    return checked.value
