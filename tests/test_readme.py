"""The README tells the truth: every folder of its tour exists, every command line it shows
names subcommands and options the programs have, every `make` target it names is in the
Makefile, and every file its links point to is in the repository."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from desktop.cli import build_parser as commune_parser
from province.cli import build_parser as province_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    found = {}
    for action in parser._actions:  # argparse keeps them here; there is no public walk
        if isinstance(action, argparse._SubParsersAction):
            found.update(action.choices)
    return found


def _options(parser: argparse.ArgumentParser) -> set[str]:
    return {option for action in parser._actions for option in action.option_strings}


def _walk(parser: argparse.ArgumentParser, words: list[str]) -> list[argparse.ArgumentParser]:
    """The parsers a line reaches: a word naming a subcommand of any parser reached so far
    is followed (so `device list | revoke` reaches both)."""
    reached = [parser]
    for word in words:
        reached += [sub for p in list(reached) for name, sub in _subcommands(p).items() if name == word]
    return reached


def _command_lines() -> list[str]:
    block = README.split("## The command line", 1)[1].split("```")[1]
    return [line.split(" # ")[0].strip() for line in block.splitlines()
            if line.startswith(("xhht ", "xhht-province "))]


def test_every_command_line_names_real_subcommands_and_options():
    programs = {"xhht": commune_parser()[0], "xhht-province": province_parser()}
    lines = _command_lines()
    assert len(lines) > 20
    for line in lines:
        for part in re.split(r" \| (?=xhht)", line):  # "xhht criteria list … | xhht criteria import …"
            program, *words = part.split()
            words = [w.strip("[]") for w in words if w != "|"]
            parsers = _walk(programs[program], words)
            options = set().union(*(_options(p) for p in parsers))
            for word in words:
                if word.startswith("--"):
                    assert word in options, f"{word} is not an option of: {part}"
            # `push | pull [--restore] | status`: each alternative after the first is a subcommand
            # (this caught `xhht sync restore`, which is `sync pull --restore`)
            subcommands = {name for p in parsers for name in _subcommands(p)}
            for chunk in part.split(" | ")[1:]:
                word = chunk.split()[0].strip("[]")
                if re.fullmatch(r"[a-z][a-z-]+", word):
                    assert word in subcommands, f"{word} is not a subcommand in: {part}"


def test_every_folder_of_the_tour_exists():
    tour = README.split("## A tour of the folders", 1)[1]
    folders = re.findall(r"^\| `([^`]+)` \|", tour, flags=re.M)
    assert len(folders) > 8
    for folder in folders:
        assert (ROOT / folder).exists(), f"the README's tour names {folder}, which is not in the repository"


def test_every_make_target_named_exists():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, flags=re.M))
    for target in set(re.findall(r"`make ([a-z][a-z-]*)", README)):
        assert target in targets, f"make {target} is named in the README but not in the Makefile"


def test_every_link_points_into_the_repository():
    for target in re.findall(r"\]\(([^)#]+)\)", README):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        path = (ROOT / target).resolve()
        assert path.is_relative_to(ROOT), f"the README links {target}, outside the repository"
        assert path.exists(), f"the README links {target}, which does not exist"
