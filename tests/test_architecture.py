"""The layering rules of docs/architecture.md that a reader cannot see at a glance: every module of
every app imports, the apps depend on each other without a cycle, and no module imports another
module's private (`_name`) names."""

import ast
import importlib
from collections import defaultdict
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = [pytest.mark.unit, pytest.mark.portable]

ROOT = Path(__file__).resolve().parent.parent
OWN_APPS = [name for name in settings.INSTALLED_APPS if "." not in name and (ROOT / name).is_dir()]
APPS = [*sorted(OWN_APPS), "config"]


def _modules(app: str) -> list[Path]:
    return sorted(p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts)


def _imported(path: Path) -> list[tuple[str, list[str]]]:
    """(module, names) of every absolute import in `path`, also those inside functions."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, [alias.name for alias in node.names]))
        elif isinstance(node, ast.Import):
            found.extend((alias.name, []) for alias in node.names)
    return found


def _app_dependencies() -> dict[str, set[str]]:
    depends: dict[str, set[str]] = defaultdict(set)
    for app in APPS:
        for path in _modules(app):
            for module, _ in _imported(path):
                other = module.split(".")[0]
                if other in APPS and other != app:
                    depends[app].add(other)
    return depends


def _cycles(depends: dict[str, set[str]]) -> list[list[str]]:
    """Each cycle once, as the path that closes it (depth-first search)."""
    cycles, state = [], {}

    def visit(app: str, path: list[str]) -> None:
        state[app] = "open"
        for other in sorted(depends.get(app, ())):
            if state.get(other) == "open":
                cycles.append([*path[path.index(other) :], other])
            elif other not in state:
                visit(other, [*path, other])
        state[app] = "done"

    for app in APPS:
        if app not in state:
            visit(app, [app])
    return cycles


def test_every_module_of_every_app_imports():
    names = [
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for app in APPS
        for path in _modules(app)
        if path.name != "asgi.py" and path.parts[-2] != "commands" and path.stem != "server"
    ]

    failures = []
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as exc:  # collect every failure, then report them together
            failures.append(f"{name}: {exc!r}")

    assert failures == []


def test_apps_depend_on_each_other_without_a_cycle():
    assert _cycles(_app_dependencies()) == []


def test_the_cycle_check_finds_a_cycle():
    assert _cycles({"cities": {"projects"}, "projects": {"solutions"}, "solutions": {"cities"}}) == [
        ["cities", "projects", "solutions", "cities"]
    ]


def test_no_module_imports_a_private_name():
    private = [
        f"{path.relative_to(ROOT)}: {module}.{name}"
        for folder in [*APPS, "tests", "bench"]
        for path in sorted((ROOT / folder).rglob("*.py"))
        for module, names in _imported(path)
        for name in names
        if name.startswith("_") and not name.startswith("__")
    ]

    assert private == []
