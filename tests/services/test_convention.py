"""One way to call a service (issue 11, item 3): every public function of desktop.services
that takes the unit of work takes it as the keyword `session=` (or `db=`), with its other
arguments keyword-only too, and what a use case returns to the window or the command line is
plain data, never a live ORM row that would be read after its session has closed."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import desktop
import desktop.services
import desktop.store.models  # noqa: F401  (maps every model on Base)
from desktop.store.base import Base

# The unit of work itself, used as `with transaction(db) as session:`; a keyword there says
# nothing the name does not.
POSITIONAL_UNIT_OF_WORK = {"desktop.services.session.transaction", "desktop.services.files.reading"}

# Helpers that hand a live row to another service in the same session, never to a caller
# outside desktop.services (the test below checks that too).
RETURNS_ROWS_WITHIN_SERVICES = {
    "desktop.services.centre.get_centre",  # the centre row the centre and demo services update
    "desktop.services.titles.certificates.issue",  # the papers print_certificates draws
    "desktop.services.titles.documents.annex_order",  # the recognitions a decision's annex lists
}

MODELS = {mapper.class_.__name__ for mapper in Base.registry.mappers}


def service_functions():
    for info in pkgutil.walk_packages(desktop.services.__path__, "desktop.services."):
        module = importlib.import_module(info.name)
        for name, fn in vars(module).items():
            if inspect.isfunction(fn) and not name.startswith("_") and fn.__module__ == module.__name__:
                yield f"{module.__name__}.{name}", fn


def takes_unit_of_work(fn) -> bool:
    return bool({"session", "db"} & set(inspect.signature(fn).parameters))


def test_the_walk_finds_the_services():
    names = {name for name, fn in service_functions() if takes_unit_of_work(fn)}
    assert "desktop.services.register.add_household" in names
    assert "desktop.services.titles.evaluation.evaluate_year" in names
    assert len(names) > 120
    assert {"Recognition", "Certificate", "Citizen"} <= MODELS


def test_every_service_takes_its_arguments_by_keyword():
    positional = []
    for name, fn in service_functions():
        if not takes_unit_of_work(fn) or name in POSITIONAL_UNIT_OF_WORK:
            continue
        kinds = {p.name: p.kind for p in inspect.signature(fn).parameters.values()}
        if any(kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
               for kind in kinds.values()):
            positional.append(name)
    assert positional == []


def returned_names(fn) -> set[str]:
    """The names in a return annotation; "dict" only where it is bare (no key and value types),
    which is a record written as a dict. A typed mapping of id to value is plain data."""
    annotation = inspect.unwrap(fn).__annotations__.get("return")  # text: the modules use PEP 563
    if annotation is None:
        return {"(not annotated)"}
    returns = ast.parse(annotation, mode="eval")
    typed_dicts = {id(node.value) for node in ast.walk(returns) if isinstance(node, ast.Subscript)}
    return {node.id for node in ast.walk(returns) if isinstance(node, ast.Name)
            and not (node.id == "dict" and id(node) in typed_dicts)}


def test_no_service_returns_a_live_row_or_a_bare_dict():
    live = []
    for name, fn in service_functions():
        if not takes_unit_of_work(fn) or name in RETURNS_ROWS_WITHIN_SERVICES:
            continue
        returned = returned_names(fn)
        if returned & (MODELS | {"dict", "Any", "(not annotated)"}):
            live.append(f"{name} -> {sorted(returned)}")
    assert live == []


def test_the_row_returning_helpers_stay_inside_the_services():
    root = Path(desktop.__file__).parent
    helpers = {name.rsplit(".", 1)[1] for name in RETURNS_ROWS_WITHIN_SERVICES}
    callers = []
    for path in root.rglob("*.py"):
        if path.relative_to(root).parts[0] == "services":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                called = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
                if called in helpers:
                    callers.append(f"{path.relative_to(root)}:{node.lineno} {called}")
    assert callers == []
