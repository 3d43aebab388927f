"""The import contract (DESIGN.md, "Apps and what each owns"): arrows run one way,
portal → planner → toolkit, annexes → core, and nothing imports benchmarks.

Every module's imports are read with `ast`, those inside functions included, and so are
`import_module("...")` / `__import__("...")` calls with a literal name. A new top-level package
fails the test until it is given a row in MAY_IMPORT.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Which of our packages each one may import (besides itself, Django and libraries).
MAY_IMPORT = {
    "core": set(),
    "toolkit": {"core"},
    "annexes": {"core"},
    "planner": {"core", "toolkit", "annexes"},
    "portal": {"core", "toolkit", "annexes", "planner"},
    # Scripts that stand outside the apps; only these and portal's own modules import portal.
    "benchmarks": {"core", "toolkit", "annexes", "planner"},
    "manage": {"portal"},
    "gunicorn.conf": {"portal"},
    # Tests may import any app, never the benchmarks.
    "tests": {"core", "toolkit", "annexes", "planner", "portal"},
}
OURS = set(MAY_IMPORT) | {"benchmarks"}
SKIPPED_DIRECTORIES = {".venv", "node_modules", ".git", "staticfiles", "build", "dist"}


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def owner(module):
    """The MAY_IMPORT row a module falls under: its top-level package, or a root script."""
    return module if module in MAY_IMPORT else module.split(".")[0]


def imported_modules(source, module, is_package=False):
    """The absolute names of the modules `source` (the text of `module`) imports."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = parts[: len(parts) - node.level + 1]
                yield ".".join([*base, node.module] if node.module else base)
            else:
                yield node.module
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", None))
            in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.args[0].value


def forbidden_imports(source, module, is_package=False):
    """One line ("toolkit.models imports portal.markdown") per import of our packages that
    `module` may not make."""
    allowed = MAY_IMPORT[owner(module)] | {owner(module)}
    return [
        f"{module} imports {target}"
        for target in imported_modules(source, module, is_package)
        if target.split(".")[0] in OURS and target.split(".")[0] not in allowed
    ]


def project_modules():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).parts
        if SKIPPED_DIRECTORIES.intersection(relative) or relative[0].endswith(".egg-info"):
            continue
        yield path


def test_every_module_keeps_the_contract():
    broken = [
        broken
        for path in project_modules()
        for broken in forbidden_imports(
            path.read_text(), module_name(path), is_package=path.name == "__init__.py"
        )
    ]
    assert broken == []


def test_every_module_has_a_rule():
    # A new top-level package or script must say what it may import.
    assert {owner(module_name(path)) for path in project_modules()} <= set(MAY_IMPORT)


def test_the_scan_sees_every_app_and_its_imports():
    # Not vacuous: the walk finds each app's modules, and the imports the contract allows.
    modules = {module_name(path): path for path in project_modules()}
    for app in ("core", "toolkit", "annexes", "planner", "portal", "benchmarks", "tests"):
        assert any(owner(module) == app for module in modules), app
    portal_imports = {
        target.split(".")[0]
        for module, path in modules.items()
        if owner(module) == "portal"
        for target in imported_modules(path.read_text(), module, path.name == "__init__.py")
    }
    assert {"core", "toolkit", "annexes", "planner"} <= portal_imports


@pytest.mark.parametrize(
    ("module", "source", "is_package", "expected"),
    [
        ("toolkit.models", "from portal.markdown import x\n", False, "portal.markdown"),
        ("toolkit.admin", "import annexes.models\n", False, "annexes.models"),
        ("annexes.views", "from planner import services\n", False, "planner"),
        (
            "core.page_cache",
            "def f():\n    from toolkit.models import Page\n",
            False,
            "toolkit.models",
        ),
        ("planner.views.steps", "from portal.local_time import x\n", False, "portal.local_time"),
        (
            "planner.views.steps",
            "from django.utils.module_loading import import_module\n"
            "import_module('portal.views')\n",
            False,
            "portal.views",
        ),
        ("portal.views", "import benchmarks.page_weight\n", False, "benchmarks.page_weight"),
        ("tests.portal.test_pages", "from benchmarks import load\n", False, "benchmarks"),
    ],
)
def test_the_checker_catches_a_forbidden_import(module, source, is_package, expected):
    assert forbidden_imports(source, module, is_package) == [f"{module} imports {expected}"]


@pytest.mark.parametrize(
    ("module", "source", "is_package"),
    [
        ("toolkit.models", "from core.markdown import FOOTNOTE_CITATION\n", False),
        ("planner.views.steps", "from ..access import get_plan_for_user\n", False),
        ("planner.views", "from . import steps\n", True),
        (
            "planner.models",
            "from toolkit.models import Aim\nfrom annexes.models import Topic\n",
            False,
        ),
        ("portal.urls", "from planner import urls\n", False),
        ("manage", "import portal.settings\n", False),
        ("tests.core.test_leaf", "from portal.views import home\n", False),
    ],
)
def test_the_checker_allows_what_the_contract_allows(module, source, is_package):
    assert forbidden_imports(source, module, is_package) == []
