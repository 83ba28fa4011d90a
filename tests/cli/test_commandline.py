"""The one Vietnamese argparse base (desktop/commandline.py) of `xhht` and `xhht-province`:
argparse's usage errors read Vietnamese, and both programs say the same mistake the same way
(their two copies had drifted: only one knew "expected one argument")."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.commandline import Parser, vietnamese

BIN = Path(sys.executable).parent


def run(program: str, *args: str) -> subprocess.CompletedProcess:
    env = os.environ | {"PYTHONIOENCODING": "utf-8"}
    return subprocess.run([str(BIN / program), *args], capture_output=True, text=True, encoding="utf-8",
                          timeout=120, env=env)


def parser() -> Parser:
    p = Parser(prog="thu")
    p.add_argument("--year", type=int)
    p.add_argument("--mm", type=float)
    p.add_argument("--kind", choices=["gia-dinh", "dong-ho"])
    p.add_argument("--name")
    p.add_argument("--names", nargs="+")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--all", action="store_true")
    which.add_argument("--one")
    return p


@pytest.mark.parametrize("args, said", [
    (["--all", "--bogus"], "thu: lỗi: tham số không nhận ra: --bogus"),
    ([], "thu: lỗi: cần một trong các tham số --all --one"),
    (["--all", "--one", "x"], "thu: lỗi: tham số --one: không dùng cùng với tham số --all"),
    (["--all", "--year", "hai"], "thu: lỗi: tham số --year: không phải số nguyên: 'hai'"),
    (["--all", "--mm", "một"], "thu: lỗi: tham số --mm: không phải số: 'một'"),
    (["--all", "--kind", "xa"], "thu: lỗi: tham số --kind: lựa chọn không hợp lệ: 'xa' "
                                "(chọn một trong: 'gia-dinh', 'dong-ho')"),
    (["--all", "--name"], "thu: lỗi: tham số --name: cần một giá trị"),
    (["--all", "--names"], "thu: lỗi: tham số --names: cần ít nhất một giá trị"),
    (["--all", "--n", "x"], "thu: lỗi: tùy chọn --n chưa rõ, có thể là: --name, --names"),
])
def test_usage_errors_read_vietnamese_and_exit_2(capsys, args, said):
    with pytest.raises(SystemExit) as done:
        parser().parse_args(args)
    assert done.value.code == 2
    assert capsys.readouterr().err == f"{said}\nXem: thu --help\n"


def test_a_message_argparse_does_not_name_is_left_as_it_is():
    assert vietnamese("something new") == "something new"
    assert vietnamese("the following arguments are required: --year") == "thiếu tham số bắt buộc: --year"


def test_help_reads_vietnamese(capsys):
    with pytest.raises(SystemExit) as done:
        parser().parse_args(["--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith("Cách dùng: thu [-h]") and "\ntùy chọn:\n" in text
    assert "hiện trợ giúp này rồi thoát" in text and "usage" not in text and "options:" not in text


def test_both_programs_say_the_same_mistake_the_same_way():
    # A value missing after an option: the province's copy used to leave it in English.
    commune = run("xhht", "recognize", "--year")
    province = run("xhht-province", "serve", "--port")
    assert commune.returncode == province.returncode == 2
    assert commune.stderr == ("xhht recognize: lỗi: tham số --year: cần một giá trị\n"
                              "Xem: xhht recognize --help\n")
    assert province.stderr == ("xhht-province serve: lỗi: tham số --port: cần một giá trị\n"
                               "Xem: xhht-province serve --help\n")
    commune, province = run("xhht", "--khong-co"), run("xhht-province", "stats", "--khong-co")
    assert commune.stderr.startswith("xhht: lỗi: tham số không nhận ra: --khong-co\n")
    assert province.stderr.startswith("xhht-province: lỗi: tham số không nhận ra: --khong-co\n")


def test_both_programs_head_their_help_alike():
    for program, command in (("xhht", "recognize"), ("xhht-province", "stats")):
        top, sub = run(program, "--help").stdout, run(program, command, "--help").stdout
        assert top.startswith(f"Cách dùng: {program} ") and "\nlệnh:\n" in top and "\ntùy chọn:\n" in top, program
        assert "\ntùy chọn chung:\n" in sub and "--json" in sub, program


def test_the_province_may_import_it_it_loads_nothing_but_the_standard_library():
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, desktop.commandline, province.cli as c;"
         "assert c.Parser is desktop.commandline.Parser;"
         "print(' '.join(sorted(m for m in sys.modules if m.startswith('desktop'))))"],
        capture_output=True, text=True, check=True).stdout.split()
    # The province server loads the argparse base and its wire modules, nothing else of the commune program.
    assert "desktop.commandline" in loaded
    assert set(loaded) <= {"desktop", "desktop.commandline", "desktop.sync", "desktop.sync.protocol",
                           "desktop.sync.uniques", "desktop.sync.wire"}, loaded
