"""Imports run down the layers only (DESIGN.md): cpboard < subgroups < strategy < performance
< voice < reports < alerts < accounts. A lower app never imports a higher one, asks for its
models by name, points a model or a migration at it, or has a migration that depends on one of its
migrations; `cpboard`, the kernel, imports no app at all. Read from the source with `ast`, so
nothing is imported and a reference behind an `if` or inside a function is found too. Tests
are exempt."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = (
    "cpboard",
    "subgroups",
    "strategy",
    "performance",
    "voice",
    "reports",
    "alerts",
    "accounts",
)
"""Lowest first: each may use those before it and none after it."""

_MODEL_REFERENCE = re.compile(r"^([a-z_]+)\.[A-Za-z_]\w*$")


def _higher(app: str) -> frozenset[str]:
    return frozenset(LAYERS[LAYERS.index(app) + 1 :])


def _sources(app: str) -> list[Path]:
    return sorted(
        path for path in (ROOT / app).rglob("*.py") if "tests" not in path.relative_to(ROOT).parts
    )


def _is_model_or_migration(path: Path, app: str) -> bool:
    parts = path.relative_to(ROOT / app).parts
    return parts[0] in ("models.py", "models", "migrations")


def _imported_apps(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name.split(".")[0] for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return [node.module.split(".")[0]]
    return []


def _get_model_app(node: ast.AST) -> str | None:
    """The app named by `apps.get_model("app", ...)` or `apps.get_model("app.Model")`."""
    if not (isinstance(node, ast.Call) and node.args):
        return None
    name = node.func.attr if isinstance(node.func, ast.Attribute) else None
    first = node.args[0]
    if name != "get_model" or not isinstance(first, ast.Constant):
        return None
    return str(first.value).split(".")[0]


def _migration_dependencies(tree: ast.Module) -> list[str]:
    """The apps named in a migration's `dependencies = [("app", "0001_..."), ...]`."""
    apps = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.List | ast.Tuple)):
            continue
        if not any(
            isinstance(target, ast.Name) and target.id == "dependencies" for target in node.targets
        ):
            continue
        for item in node.value.elts:
            if isinstance(item, ast.Tuple) and item.elts and isinstance(item.elts[0], ast.Constant):
                apps.append(item.elts[0].value)
    return apps


def upward_references(app: str) -> list[str]:
    """Every place `app` reaches a higher layer, as "path:line: what"."""
    higher = _higher(app)
    found = []
    for path in _sources(app):
        tree = ast.parse(path.read_text(), filename=str(path))
        where = path.relative_to(ROOT)
        model_or_migration = _is_model_or_migration(path, app)
        for node in ast.walk(tree):
            for name in _imported_apps(node):
                if name in higher:
                    found.append(f"{where}:{node.lineno}: imports {name}")
            named = _get_model_app(node)
            if named in higher:
                found.append(f"{where}:{node.lineno}: asks for a model of {named} by name")
            if (
                model_or_migration
                and isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and (match := _MODEL_REFERENCE.match(node.value))
                and match[1] in higher
            ):
                found.append(f"{where}:{node.lineno}: names the model {node.value!r}")
        if path.parent.name == "migrations":
            for name in _migration_dependencies(tree):
                if name in higher:
                    found.append(f"{where}: depends on a migration of {name}")
    return found


@pytest.mark.parametrize("app", LAYERS)
def test_app_reaches_no_higher_layer(app):
    assert upward_references(app) == []


def test_the_check_finds_each_kind_of_upward_reference(tmp_path, monkeypatch):
    """The check itself: each kind of reference it looks for is reported in a lower app, and
    none of them in the highest."""
    for app in ("subgroups", "reports"):
        (tmp_path / app / "migrations").mkdir(parents=True)
        (tmp_path / app / "tests").mkdir()
        (tmp_path / app / "views.py").write_text(
            "import performance.selectors\n"
            "from strategy.models import Risk\n"
            "from . import selectors\n"
            "def kpis(apps):\n"
            '    return apps.get_model("performance", "Kpi")\n'
        )
        (tmp_path / app / "models.py").write_text('LINK = "strategy.Outcome"\n')
        (tmp_path / app / "migrations" / "0001_initial.py").write_text(
            "class Migration:\n"
            '    dependencies = [("performance", "0001_initial"), ("subgroups", "0001")]\n'
            '    operations = [dict(to="performance.kpi")]\n'
        )
        (tmp_path / app / "tests" / "test_it.py").write_text("import reports\n")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)

    assert upward_references("subgroups") == [
        "subgroups/migrations/0001_initial.py:3: names the model 'performance.kpi'",
        "subgroups/migrations/0001_initial.py: depends on a migration of performance",
        "subgroups/models.py:1: names the model 'strategy.Outcome'",
        "subgroups/views.py:1: imports performance",
        "subgroups/views.py:2: imports strategy",
        "subgroups/views.py:5: asks for a model of performance by name",
    ]
    assert upward_references("reports") == []
