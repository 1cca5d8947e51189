"""Guards against API drift: the façade exports exactly what __all__ lists."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import gdprkit


SRC = Path(gdprkit.__file__).resolve().parent


def test_all_matches_public_names() -> None:
    public = {name for name in dir(gdprkit) if not name.startswith("_")}
    modules = {name for name in public if type(getattr(gdprkit, name)).__name__ == "module"}
    assert set(gdprkit.__all__) == public - modules, (
        set(gdprkit.__all__) - public,
        public - modules - set(gdprkit.__all__),
    )
    assert len(gdprkit.__all__) == len(set(gdprkit.__all__))


@pytest.mark.parametrize("name", sorted(gdprkit.__all__))
def test_every_public_name_is_documented(name: str) -> None:
    obj = getattr(gdprkit, name)
    if isinstance(obj, int):  # SCHEMA_VERSION
        return
    assert (obj.__doc__ or "").strip(), f"{name} has no docstring"


@pytest.mark.parametrize(
    "module",
    [
        "gdprkit.model",
        "gdprkit.serialization",
        "gdprkit.rules",
    ],
)
def test_subpackages_declare_all(module: str) -> None:
    mod = importlib.import_module(module)
    for name in mod.__all__:
        assert hasattr(mod, name), name


def test_the_package_is_typed() -> None:
    from importlib.resources import files

    assert files("gdprkit").joinpath("py.typed").is_file()


# The architecture: imports flow one way.  The model imports nothing else of
# gdprkit; serialization and reference data only the model; the shared legal
# policies the model and reference data; the rules the model, reference data and
# policies; renderers never the CLI.  Checked on the source, since
# importing any submodule also runs the package's __init__.
LAYERS = {
    "model": {"model"},
    "reference": {"model", "reference"},
    "serialization": {"model", "serialization"},
    "policy.py": {"model", "reference"},
    "rules": {"model", "reference", "policy", "rules"},
    "render": {"model", "reference", "policy", "rules", "render", "serialization", "changes"},
    "acceptance.py": {"model", "rules", "serialization"},
    "testing.py": {"model", "rules", "acceptance"},
    "plugins.py": {"rules"},
    "config.py": {"plugins", "rules"},
    "examples.py": {"model", "serialization"},
    "checking.py": {"acceptance", "config", "model", "plugins", "render", "rules", "serialization"},
    "changes": {"model", "policy", "rules", "changes"},
}

FOUNDATION = {"_fields", "_json"}
"""Modules below the model, which every layer may import: they import nothing of
gdprkit (the ``repr``, ``==`` and ``hash`` attrs classes share; the JSON
outputs' writer)."""


def _gdprkit_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "gdprkit":
                found.add(parts[1] if len(parts) > 1 else "")
    return found


@pytest.mark.parametrize(("room", "allowed"), LAYERS.items())
def test_imports_flow_one_way(room: str, allowed: set[str]) -> None:
    base = SRC / room
    files = [base] if base.is_file() else sorted(base.rglob("*.py"))
    if not files:
        pytest.skip(f"{room} does not exist yet")
    for path in files:
        strays = _gdprkit_imports(path) - allowed - FOUNDATION
        assert strays == set(), f"{path.relative_to(SRC)} imports gdprkit.{sorted(strays)}"


@pytest.mark.parametrize("module", sorted(FOUNDATION))
def test_the_foundation_imports_nothing_of_gdprkit(module: str) -> None:
    assert _gdprkit_imports(SRC / f"{module}.py") == set()


def test_the_layer_check_sees_imports(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("import gdprkit.cli\nfrom gdprkit.rules import x\nfrom . import y\n")
    assert _gdprkit_imports(module) == {"cli", "rules"}


def test_renderers_are_imported_on_first_use() -> None:
    import subprocess
    import sys

    code = (
        "import sys, gdprkit; "
        "before = 'gdprkit.render.notice' in sys.modules; "
        "f = gdprkit.render_notice; "
        "print(before, 'gdprkit.render.notice' in sys.modules, f.__module__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True", "gdprkit.render.notice"]
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        gdprkit.nope  # noqa: B018 - the attribute access is the test
