"""The import rule: imports inside ``stability`` only point down the layers.

The layers, bottom to top (docs/explanation/architecture.md):

    errors -> model -> io | solvers -> analysis -> present -> results
    -> api (and the package ``stability`` itself) -> cli, api_reference

A module may import its own layer and any layer below it; ``io`` and
``solvers`` are siblings and do not import each other. Imports inside
functions count too: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "stability"

#: Rank of each layer; a module may import only ranks at or below its own.
RANKS = {
    "errors": 0,
    "model": 1,
    "io": 2,
    "solvers": 2,
    "analysis": 3,
    "present": 4,
    "results": 5,
    "api": 6,
    "api_reference": 7,
    "cli": 7,
    "__main__": 8,
    "": 6,  # the package itself: stability/__init__.py re-exports the API
}

#: Module-size rule: a module longer than this says why in its docstring.
MAX_LINES = 600
LONG_REASON = "Why this module is long:"


def layer_of(module: str) -> str:
    """The layer of a dotted module name inside ``stability``.

    >>> layer_of("stability.io.scenario.loader"), layer_of("stability")
    ('io', '')
    """
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def module_name(path: Path, root: Path = PACKAGE) -> str:
    relative = path.relative_to(root.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, module: str, is_package: bool) -> list[tuple[int, str]]:
    """Every ``stability`` module imported by ``source``, with its line, relative ones resolved.

    >>> imported_modules("from ..model import game", "stability.io.nfg", False)
    [(1, 'stability.model')]
    """
    package = module if is_package else module.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((node.lineno, target))
    return [
        (line, name) for line, name in found if name == "stability" or name.startswith("stability.")
    ]


def upward_imports(source: str, module: str, is_package: bool = False) -> list[str]:
    """The imports in ``source`` that break the layer rule, as ``line: from -> to`` texts.

    >>> upward_imports("from stability.analysis.joint import joint_game", "stability.io.scenario")
    ['1: io -> stability.analysis.joint']
    >>> upward_imports("from stability.model.game import Game", "stability.io.nfg")
    []
    """
    here = layer_of(module)
    problems = []
    for line, target in imported_modules(source, module, is_package):
        there = layer_of(target)
        if there not in RANKS or here not in RANKS:
            problems.append(f"{line}: unknown layer in {module} -> {target} (add it to RANKS)")
            continue
        sibling = here != there and RANKS[here] == RANKS[there] and here in ("io", "solvers")
        if RANKS[there] > RANKS[here] or sibling:
            problems.append(f"{line}: {here or 'stability'} -> {target}")
    return problems


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_imports_point_down_the_layers(path: Path) -> None:
    module = module_name(path)
    problems = upward_imports(path.read_text(encoding="utf-8"), module, path.name == "__init__.py")
    assert not problems, f"{path.relative_to(PACKAGE.parent)}: upward imports:\n" + "\n".join(
        problems
    )


@pytest.mark.parametrize(
    ("source", "module"),
    [
        ("from stability.analysis.joint import joint_game", "stability.io.scenario"),
        (
            "def f():\n    from stability.present.equilibria import solve_json",
            "stability.analysis.x",
        ),
        ("import stability.cli.app", "stability.present.report"),
        ("from stability.solvers import solve", "stability.io.nfg"),
        ("from ..present import text", "stability.analysis.exercises"),
        ("from stability import analyze", "stability.analysis.report"),
    ],
)
def test_the_rule_catches_an_upward_import(source: str, module: str) -> None:
    assert upward_imports(source, module), source


def test_the_rule_allows_downward_and_same_layer_imports() -> None:
    source = (
        "from stability.model.game import Game\n"
        "from stability.errors import InputError\n"
        "from stability.analysis.joint import joint_game\n"
        "from . import sets\n"
    )
    assert upward_imports(source, "stability.analysis.tipping.shift") == []


def test_every_layer_is_known() -> None:
    layers = {layer_of(module_name(path)) for path in MODULES}
    assert layers <= set(RANKS), layers - set(RANKS)


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_long_modules_say_why(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if text.count("\n") <= MAX_LINES:
        return
    docstring = ast.get_docstring(ast.parse(text)) or ""
    assert LONG_REASON in docstring, (
        f"{path.relative_to(PACKAGE.parent)} has {text.count(chr(10))} lines: split it, "
        f"or say in its docstring '{LONG_REASON} ...'"
    )
