"""Start-up: nothing is imported, generated or read that the program does not use.

Each check runs a fresh interpreter and looks at what it imported; no timing
here (see the benchmarks).
"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


_WATCHED = (
    "gdprkit",
    "attr",
    "cattrs",
    "dateutil",
    "msgspec",
    "importlib.resources",
    "zipfile",
    "tempfile",
    "shutil",
)
"""The modules these tests look for: gdprkit's, and what a command should not
import for nothing."""


def _modules(code: str) -> set[str]:
    """The watched modules a fresh interpreter has imported after *code*."""
    probe = (
        f"{code}\n"
        "import sys\n"
        f"print('\\n'.join(m for m in sys.modules if m.startswith({_WATCHED!r})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    return set(result.stdout.split())


def test_importing_gdprkit_imports_nothing_until_a_name_is_used() -> None:
    assert _modules("import gdprkit") == {"gdprkit"}
    loaded = _modules("import gdprkit\nassert gdprkit.Register")
    assert "gdprkit.model" in loaded
    assert not {m for m in loaded if m.startswith(("gdprkit.rules", "gdprkit.serialization"))}


def test_the_facade_offers_the_model_and_the_names_type_checkers_see() -> None:
    import ast
    import inspect

    import gdprkit
    import gdprkit.model

    assert set(gdprkit.model.__all__) <= set(gdprkit.__all__)
    # The names imported for type checkers are the ones the facade imports on use.
    checked = next(n for n in ast.parse(inspect.getsource(gdprkit)).body if isinstance(n, ast.If))
    typed = {
        alias.asname: node.module
        for node in checked.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if alias.name != "*"
    }
    assert typed == gdprkit._LAZY


def test_the_api_is_there_on_first_use() -> None:
    loaded = _modules(
        "import gdprkit\n"
        "assert gdprkit.loads(gdprkit.dumps(gdprkit.Register(controller=gdprkit.Controller("
        "name='x'))))\n"
        "assert gdprkit.validate and gdprkit.json_schema and gdprkit.SCHEMA_VERSION == 3"
    )
    assert {"gdprkit.serialization", "gdprkit.rules", "gdprkit.serialization.schema"} <= loaded


def test_help_loads_no_model_no_rule_and_no_serializer() -> None:
    loaded = _modules(
        "import io\nfrom gdprkit.cli import run\nrun(['--help'], stdout=io.StringIO())"
    )
    assert "gdprkit.cli" in loaded
    assert not {
        m
        for m in loaded
        if m.startswith(
            ("gdprkit.model", "gdprkit.rules", "gdprkit.serialization", "gdprkit.render.", "cattrs")
        )
    }
    assert not {m for m in loaded if m.startswith("gdprkit.cli.")} - {"gdprkit.cli._common"}
    # Nor attrs, whose import is most of the baseline process's.
    assert not loaded & {"attr", "attrs"}


def test_reading_generates_only_what_reading_needs() -> None:
    loaded = _modules(
        "import gdprkit\n"
        "from gdprkit import serialization as s\n"
        "assert s._WRITE is None or s._WRITE._function is None\n"
        "assert s._UNSTRUCTURE._function is None and s._STRUCTURE._function is None\n"
        f"gdprkit.loads(open({str(ROOT / 'examples/registers/cooper.json')!r}, 'rb').read())\n"
        "assert s._WRITE is None or s._WRITE._function is None\n"
        "assert s._UNSTRUCTURE._function is None"
    )
    assert "cattrs" not in loaded  # the detailed converter: only to explain a bad document


def test_validate_reads_no_baseline_machinery_without_a_baseline() -> None:
    register = ROOT / "examples/registers/cooper.json"
    loaded = _modules(
        "import io\nfrom gdprkit.cli import run\n"
        f"run(['validate', {str(register)!r}], stdout=io.StringIO())"
    )
    assert "gdprkit.rules" in loaded
    assert "gdprkit.serialization.baseline" not in loaded
    assert "cattrs" not in loaded
    # Nor the calendar arithmetic: nothing in cooper.json adds a duration to a date.
    assert "dateutil.relativedelta" not in loaded


def test_validate_imports_only_the_rule_packs_of_its_profiles() -> None:
    register = ROOT / "examples/registers/cooper.json"
    loaded = _modules(
        "import io\nfrom gdprkit.cli import run\n"
        f"run(['validate', {str(register)!r}], stdout=io.StringIO())"  # gdpr, the default
    )
    assert "gdprkit.rules.packs.gdpr" in loaded
    assert not {m for m in loaded if m.startswith("gdprkit.rules.packs.cnil")}


def test_validate_reads_its_data_files_without_importlib_resources() -> None:
    # importlib.resources imports zipfile, tempfile and shutil (with bz2 and
    # lzma): a fifth of the start-up of ``gdprkit validate`` on a small register.
    register = ROOT / "examples/registers/cooper.json"
    loaded = _modules(
        "import io\nfrom gdprkit.cli import run\n"
        f"run(['validate', '--profile', 'gdpr', '--profile', 'cnil', {str(register)!r}], "
        "stdout=io.StringIO())"
    )
    assert "gdprkit.rules.packs.cnil" in loaded
    assert not loaded & {"importlib.resources", "zipfile", "tempfile", "shutil"}


def test_validate_compiles_only_the_reference_expressions_it_searches() -> None:
    # Compiling every regular expression of the reference data cost some 4 ms
    # of each start; cooper.json cites no legal period and records no NIR.
    register = ROOT / "examples/registers/cooper.json"
    probe = (
        "import io, sys\nfrom gdprkit.cli import run\n"
        f"run(['validate', '--profile', 'gdpr', '--profile', 'cnil', {str(register)!r}], "
        "stdout=io.StringIO())\n"
        "from gdprkit.reference.cnil import france, legal_periods\n"
        "periods = [p for period in legal_periods() for p in period.patterns]\n"
        "nir = france().nir_reference_patterns\n"
        "print(sum(p._compiled is not None for p in (*periods, *nir)), len(periods) + len(nir),"
        " 'pkgutil' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    compiled, total, pkgutil = result.stdout.split()
    assert (int(compiled), int(total) > 10, pkgutil) == (0, True, "False")


def test_the_console_script_owns_its_process_and_a_program_keeps_its_collector() -> None:
    register = ROOT / "examples/registers/cooper.json"
    probe = (
        "import gc, io, sys\n"
        "from gdprkit.__main__ import main\n"
        "sys.stdout = io.StringIO()\n"
        "seen = []\n"
        "for enabled in (True, False):\n"
        "    (gc.enable if enabled else gc.disable)()\n"
        f"    main(['validate', {str(register)!r}])\n"
        "    main(['--help'])\n"
        "    seen.append((gc.isenabled(), gc.get_freeze_count()))\n"
        "gc.enable()\n"
        f"sys.argv = ['gdprkit', 'validate', {str(register)!r}]\n"
        "main()\n"  # as the script: what start-up made is frozen, the collector on
        "seen.append((gc.isenabled(), gc.get_freeze_count() > 0))\n"
        "sys.__stdout__.write(repr(seen))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout == "[(True, 0), (False, 0), (True, True)]"


def test_the_console_script_s_validate_freezes_its_rule_packs_with_its_start_up() -> None:
    # Importing the packs and reading their reference data makes no garbage:
    # collecting while they are imported would only walk the start-up again.
    register = ROOT / "examples/registers/cooper.json"
    probe = (
        "import gc, io, sys\n"
        "frozen = []\n"
        "freeze = gc.freeze\n"
        "def watch():\n"
        "    frozen.append((gc.isenabled(), 'gdprkit.rules.packs.cnil' in sys.modules))\n"
        "    freeze()\n"
        "gc.freeze = watch\n"
        "from gdprkit.__main__ import main\n"
        "sys.stdout = io.StringIO()\n"
        f"sys.argv = ['gdprkit', 'validate', '--profile', 'cnil', {str(register)!r}]\n"
        "main()\n"
        f"main(['validate', '--profile', 'cnil', {str(register)!r}])\n"  # a program's call
        "sys.__stdout__.write(repr((frozen, gc.isenabled())))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout == "([(False, True)], True)"


def test_the_model_s_field_types_are_objects_not_text() -> None:
    # The model's modules do not postpone their annotations: a text annotation
    # would be compiled again by each reader of the types (serialization, the
    # rules' walk over the register's prose, msgspec) at every start.
    import attrs

    import gdprkit
    from tests.model.test_field_coverage import model_classes

    texts = [
        f"{cls.__name__}.{field.name}"
        for cls in model_classes(gdprkit.Register)
        for field in attrs.fields(cls)
        if isinstance(field.type, str)
    ]
    assert len(model_classes(gdprkit.Register)) > 20
    assert texts == []
