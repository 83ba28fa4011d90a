"""The Vietnamese argparse base of every command line: `xhht` (desktop.cli) and
`xhht-province` (province.cli). Standard library only, so that the province server may
import it (pyproject's import-linter contract lets it in); the two copies it replaces
had drifted apart."""

from __future__ import annotations

import argparse
import re

EXIT_USAGE = 2

# argparse's own English, in the words of the office. Order matters: the specific
# "invalid int value" before the general "invalid … value".
MESSAGES = (
    (r"^argument (\S+): ", r"tham số \1: "),
    (r"the following arguments are required", "thiếu tham số bắt buộc"),
    (r"one of the arguments (.+) is required", r"cần một trong các tham số \1"),
    (r"not allowed with argument", "không dùng cùng với tham số"),
    (r"unrecognized arguments", "tham số không nhận ra"),
    (r"invalid choice: (.+) \(choose from (.+)\)", r"lựa chọn không hợp lệ: \1 (chọn một trong: \2)"),
    (r"invalid int value", "không phải số nguyên"),
    (r"invalid float value", "không phải số"),
    (r"invalid \S+ value", "giá trị không hợp lệ"),
    (r"expected one argument", "cần một giá trị"),
    (r"expected at least one argument", "cần ít nhất một giá trị"),
    (r"expected at most one argument", "cần nhiều nhất một giá trị"),
    (r"ambiguous option: (\S+) could match (.+)", r"tùy chọn \1 chưa rõ, có thể là: \2"),
)


def vietnamese(message: str) -> str:
    """argparse's usage error in Vietnamese (what it does not name is left as it is)."""
    for english, ours in MESSAGES:
        message = re.sub(english, ours, message)
    return message


class Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix="Cách dùng: " if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """argparse with its headings, help and usage errors in Vietnamese."""

    def __init__(self, *args, add_help: bool = True, **kwargs) -> None:
        super().__init__(*args, add_help=False, formatter_class=Formatter, **kwargs)
        self._positionals.title = "tham số"
        self._optionals.title = "tùy chọn"
        if add_help:
            self.add_argument("-h", "--help", action="help", help="hiện trợ giúp này rồi thoát")

    def error(self, message: str) -> None:
        self.exit(EXIT_USAGE, f"{self.prog}: lỗi: {vietnamese(message)}\nXem: {self.prog} --help\n")

