"""No import cycles: every module can be read, tested and moved without the ones that import it.

grimp (which import-linter brings) builds the import graph from the source. Imports under
TYPE_CHECKING count: a cycle of types still ties the modules together (the titles page and
its actions were one such knot, through `if TYPE_CHECKING: from …page import TitlesPage`).
"""

from __future__ import annotations

import grimp
import pytest

TITLES = "desktop.ui.pages.titles"


def cycles(graph: grimp.ImportGraph, package: str) -> list[list[str]]:
    """Every group of modules of `package` that import one another round a loop (Tarjan's
    strongly connected components), each sorted, and a module importing itself."""
    modules = sorted(m for m in graph.modules if m == package or m.startswith(package + "."))
    inside = set(modules)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m) & inside) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in edges[module]:
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1 or module in edges[module]:
                found.append(sorted(group))

    for module in modules:
        if module not in index:
            visit(module)
    return sorted(found)


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("desktop", "province", cache_dir=None)


@pytest.mark.parametrize("package", ["desktop", "province"])
def test_no_package_has_an_import_cycle(graph, package):
    assert cycles(graph, package) == []


def test_nothing_on_the_titles_page_reaches_back_to_the_page(graph):
    """The page builds its actions, tabs and panes and hands the actions a TitleScope; none of
    them imports the page, even for a type."""
    page = f"{TITLES}.page"
    assert graph.find_modules_that_directly_import(page) & graph.find_descendants(TITLES) == set()
    for module in sorted(graph.find_descendants(TITLES) - {page}):
        assert not graph.chain_exists(importer=module, imported=page), graph.find_shortest_chain(module, page)
    actions = f"{TITLES}.actions"
    for module in (f"{TITLES}.printing", f"{TITLES}.scope"):
        assert not graph.chain_exists(importer=module, imported=actions), module


def test_a_planted_cycle_is_found(tmp_path, monkeypatch):
    """The check is not blind: a loop closed only for type checking, and one through three
    modules, are both reported; a one-way import is not."""
    package = tmp_path / "knot"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "page.py").write_text("from knot import actions\n")
    (package / "actions.py").write_text(
        "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from knot.page import Page\n")
    (package / "a.py").write_text("import knot.b\n")
    (package / "b.py").write_text("from knot import c\n")
    (package / "c.py").write_text("from knot.a import thing\n")
    (package / "leaf.py").write_text("from knot import a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    planted = grimp.build_graph("knot", cache_dir=None)
    assert cycles(planted, "knot") == [["knot.a", "knot.b", "knot.c"], ["knot.actions", "knot.page"]]
    (package / "actions.py").write_text("")  # the page imports its actions, and no further
    assert cycles(grimp.build_graph("knot", cache_dir=None), "knot") == [["knot.a", "knot.b", "knot.c"]]
