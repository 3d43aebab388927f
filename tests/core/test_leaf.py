"""core/ is the shared leaf (DESIGN.md): it imports Django and libraries, never our apps."""

import ast
from pathlib import Path

import core

PROJECT_APPS = {"portal", "toolkit", "annexes", "planner", "benchmarks"}


def imported_modules(path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module


def test_core_imports_none_of_the_apps():
    root = Path(core.__file__).parent
    offending = {
        f"{path.relative_to(root)}: {module}"
        for path in root.rglob("*.py")
        for module in imported_modules(path)
        if module.split(".")[0] in PROJECT_APPS
    }
    assert not offending
