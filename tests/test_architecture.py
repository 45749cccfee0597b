"""The layers of generator/ point one way (docs/architecture.md): nothing imports a layer above it.

Read from the source with `ast`, so imports inside functions (the CLI's lazy ones) count too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"

# Lowest first. A module belongs to the first entry its dotted name starts with;
# every module must belong to one (a new top-level module gets a line here).
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    (
        "model",
        (
            "generator.errors",
            "generator.usercache",
            "generator.workers",
            "generator.collector",
            "generator.heap",
            "generator.attachments",
            "generator.plaindata",
            "generator.docread",
            "generator.problems",
            "generator.gitio",
            "generator.project",
            "generator.yamlsrc",
            "generator.yamlflat",
            "generator.frontmatter",
            "generator.mdscan",
            "generator.workdays",
            "generator.schema",
            "generator.lifecycle",
            "generator.wordconv",
            "generator.form",
            "generator.maps",
            "generator.datasets",
            "generator.maploader",
            "generator.mapcache",
            "generator.article",
            "generator.textfold",
            "generator.foldtable",
            "generator.sescan",
            "generator.exemptions",
        ),
    ),
    ("rules", ("generator.rules",)),
    (
        "checking/history",
        (
            "generator.checkcache",
            "generator.checkrecord",
            "generator.attachcache",
            "generator.checking",
            "generator.netchange",
            "generator.history",
            "generator.proposed",
            "generator.branches",
            "generator.status",
            "generator.gate",
        ),
    ),
    ("site/reports", ("generator.site", "generator.reports")),
    ("commands", ("generator.commands",)),
    ("cli", ("generator.cli", "generator.clizh", "generator.fastcli")),
]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> int | None:
    if module == "generator":
        return 0  # the empty package marker
    for rank, (_, prefixes) in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return rank
    return None


def imported(tree: ast.AST, module: str, is_package: bool) -> set[str]:
    """Every generator module named by an import statement, anywhere in the file."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")
                anchor = anchor if is_package else anchor[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            # `from generator import form` imports the module generator.form
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return {n for n in names if n == "generator" or n.startswith("generator.")}


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", modules(), ids=module_name)
def test_module_has_a_layer(path: Path) -> None:
    name = module_name(path)
    assert layer_of(name) is not None, f"{name} is in no layer: add it to LAYERS here and to docs/architecture.md"


@pytest.mark.parametrize("path", modules(), ids=module_name)
def test_no_module_imports_a_layer_above_its_own(path: Path) -> None:
    name = module_name(path)
    own = layer_of(name)
    assert own is not None
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    upward = sorted(
        f"{target} ({LAYERS[rank][0]})"
        for target in imported(tree, name, path.name == "__init__.py")
        if (rank := layer_of(target)) is not None and rank > own
    )
    assert not upward, f"{name} ({LAYERS[own][0]}) imports upward: {', '.join(upward)}"


def test_the_checker_sees_an_upward_import() -> None:
    # Control case: the rule above must be able to fail.
    tree = ast.parse("def f():\n    from generator.checking import check_tree\n")
    targets = imported(tree, "generator.article", False)
    assert "generator.checking" in targets
    assert layer_of("generator.checking") > layer_of("generator.article")  # type: ignore[operator]


def test_column_kinds_are_declared_once() -> None:
    from typing import get_args

    from generator.form import COLUMN_KINDS
    from generator.maps import ColumnKind

    assert tuple(COLUMN_KINDS) == get_args(ColumnKind)
