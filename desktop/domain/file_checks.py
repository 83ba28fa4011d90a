"""What every data file reader of the program shares (criteria sets, the commune rating):
problems collected, not raised one by one, so the officer sees them all at once."""

from __future__ import annotations

from desktop.domain.errors import ValidationError


class FileChecks:
    def __init__(self, source: str) -> None:
        self.source = source
        self.errors: list[ValidationError] = []

    def fail(self, place: str, problem: str, code: str = "invalid_value") -> None:
        message = f"{place}: {problem}" if place else problem
        self.errors.append(ValidationError(message[:1].upper() + message[1:], code=code))

    def mapping(self, value: object, place: str, what: str = "") -> dict | None:
        if not isinstance(value, dict):
            head = f"{what} phải" if what else "phải"
            self.fail(place, f"{head} gồm các dòng “khóa: giá trị” (đang là “{value}”).", "invalid_type")
            return None
        return value

    def keys(self, data: dict, allowed: tuple[str, ...], place: str) -> None:
        for key in data:
            if key not in allowed:
                self.fail(place, f"khóa “{key}” không hợp lệ (các khóa dùng được: {', '.join(allowed)}).",
                          "unknown_key")
