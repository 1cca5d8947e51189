"""The rule layer's structure: no import cycle in the package, rule packs
independent of each other, rules that let the engine walk the register."""

from __future__ import annotations

import ast
from pathlib import Path

import gdprkit
from gdprkit.model import Register
from gdprkit.rules import all_rules


SRC = Path(gdprkit.__file__).resolve().parent
PACKS = SRC / "rules" / "packs"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in SRC.rglob("*.py")}


def _imports(path: Path) -> set[str]:
    """The gdprkit modules *path* imports, anywhere in it (functions too): for
    ``from a.b import c``, ``a.b.c`` when that is a module, else ``a.b``."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("gdprkit"))
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if not node.module.startswith("gdprkit"):
                continue
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in MODULES else node.module)
    return found & MODULES.keys()


def _cycle() -> list[str] | None:
    graph = {name: _imports(path) - {name} for name, path in MODULES.items()}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(name: str) -> list[str] | None:
        state[name] = 1
        stack.append(name)
        for target in sorted(graph[name]):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (found := visit(target)) is not None:
                return found
        stack.pop()
        state[name] = 2
        return None

    for name in sorted(graph):
        if name not in state and (found := visit(name)) is not None:
            return found
    return None


def test_no_import_cycle_in_the_package() -> None:
    assert _cycle() is None, " -> ".join(_cycle() or [])


def test_the_cycle_finder_finds_cycles(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("from gdprkit.rules import _rule\nimport gdprkit.policy\n", encoding="utf-8")
    assert _imports(module) == {"gdprkit.rules._rule", "gdprkit.policy"}


def _pack(path: Path) -> str:
    relative = path.relative_to(PACKS).parts
    return relative[0].removesuffix(".py")


def test_no_rule_pack_imports_another() -> None:
    for path in PACKS.rglob("*.py"):
        if path.parent == PACKS and path.name == "__init__.py":
            assert not {i for i in _imports(path) if i.startswith("gdprkit.rules.packs.")}
            continue
        own = _pack(path)
        others = {
            i
            for i in _imports(path)
            if i.startswith("gdprkit.rules.packs.") and i.split(".")[3] != own
        }
        assert not others, f"{path.relative_to(SRC)} imports {sorted(others)}"


def _rule_functions(path: Path) -> list[tuple[str, bool, ast.FunctionDef]]:
    """``(code, on the register, function)`` for each ``@rule`` of a module."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.FunctionDef):
            continue
        for decorator in node.decorator_list:
            if isinstance(decorator, ast.Call) and getattr(decorator.func, "id", "") == "rule":
                keywords = {k.arg: k.value for k in decorator.keywords}
                code = ast.literal_eval(keywords["code"])
                on = keywords.get("on")
                out.append((code, on is None or getattr(on, "id", "") == "Register", node))
    return out


def test_only_rules_about_the_register_as_a_whole_loop_over_its_activities() -> None:
    whole = set()
    for path in PACKS.rglob("*.py"):
        for code, on_register, function in _rule_functions(path):
            loops = "register.activities" in ast.unparse(function)
            assert on_register or not loops, code
            if loops:
                whole.add(code)
    # The rules that compare activities with each other or with the register's
    # general lists (ids, the DPO, the general rights).
    assert whole <= {"GDPR213", "GDPR620", "CNIL301"}, whole
    kinds = {r.on for r in all_rules()}
    assert len(kinds) >= 8
    assert sum(r.on is Register for r in all_rules()) < len(all_rules()) // 3
