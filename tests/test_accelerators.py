"""The accelerators change nothing but speed.

gdprkit reads JSON with msgspec or orjson when they are installed (the ``fast``
extra) and with the standard library otherwise, and builds registers with
functions generated for the model instead of cattrs.  Here the serialization
module is loaded three times, with ``import msgspec`` and ``import orjson``
made to fail, and every variant must give the same registers, the same bytes
and the same load errors.  No timing here: see the benchmarks.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import random
import subprocess
import sys
from types import ModuleType
from typing import Any

import pytest
from benchmarks.generate import generate, generate_bytes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gdprkit
from gdprkit import LoadError, Register
from gdprkit.serialization._converter import make_converter
from gdprkit.serialization._fast import make_structurer
from gdprkit.testing import registers
from tests.conftest import ROOT, sample_register
from tests.property.test_roundtrip import _mutations


V = gdprkit.SCHEMA_VERSION


QUICK = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CATTRS = make_converter(detailed=False)


def test_each_variant_reads_with_what_it_says(variants: dict[str, ModuleType]) -> None:
    assert variants["msgspec"]._MSGSPEC_LOAD is not None
    assert variants["msgspec"]._orjson is not None
    assert variants["orjson"]._MSGSPEC_LOAD is None
    assert variants["orjson"]._orjson is not None
    assert variants["stdlib"]._MSGSPEC_LOAD is None
    assert variants["stdlib"]._orjson is None
    # The stdlib variant never touches the accelerators: loading works with both missing.
    assert variants["stdlib"].loads(gdprkit.dumps(sample_register())) == sample_register()


def test_msgspec_reads_objects_without_extensions_as_the_shared_empty_value(
    variants: dict[str, ModuleType],
) -> None:
    """The msgspec path gives an object without ``x-`` keys the one empty
    value the model uses (what writers test by identity), and an
    ``extensions`` key is still an unknown field, not the extensions."""
    from gdprkit.model import NO_EXTENSIONS

    loader = variants["msgspec"]._MSGSPEC_LOAD
    text = gdprkit.dumps(sample_register())
    register = loader(text, lambda _: True)
    activity = register.activities[0]
    assert register.extensions is NO_EXTENSIONS
    assert activity.extensions is NO_EXTENSIONS
    assert activity.purposes[0].extensions is NO_EXTENSIONS
    data = json.loads(text)
    data["activities"][0]["extensions"] = {"x-team": "crm"}
    with pytest.raises(LoadError, match=r"activities\[0\]\.extensions: unknown field"):
        variants["msgspec"].loads(json.dumps(data))


def _outcome(module: ModuleType, document: str | bytes | bytearray) -> tuple[Any, ...]:
    try:
        register = module.loads(document, source="doc.json")
    except LoadError as error:
        return ("error", error.problems, error.source)
    return ("ok", register, module.dumps(register))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_generated_registers_are_read_and_written_the_same(
    variants: dict[str, ModuleType], seed: int
) -> None:
    compact = generate_bytes(60, seed=seed)
    canonical = generate_bytes(60, seed=seed, canonical=True)
    inputs: list[str | bytes | bytearray] = [
        compact,
        canonical,
        canonical.decode("utf-8"),
        bytearray(compact),
        b"\xef\xbb\xbf" + compact,
    ]
    reference = _outcome(variants["stdlib"], compact)
    assert reference[0] == "ok"
    assert reference[2].encode("utf-8") == canonical
    for name, module in variants.items():
        for document in inputs:
            assert _outcome(module, document) == reference, (name, type(document))
        register = reference[1]
        assert module.to_dict(register) == variants["stdlib"].to_dict(register)
        assert module.from_dict(json.loads(compact)) == register


def _base() -> dict[str, Any]:
    data: dict[str, Any] = generate(4, seed=7)
    return data


def _text(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _with(path: tuple[str | int, ...], value: object) -> str:
    data = _base()
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return _text(data)


def _documents() -> dict[str, str | bytes]:
    valid = _text(_base())
    name = '"name":"Pharmacie de l’Étoile SAS"'
    assert name in valid
    first_id = '"id":"' + _base()["activities"][0]["id"] + '"'
    return {
        # Duplicate keys: json refuses them, msgspec and orjson keep the last one.
        "duplicate top-level key": valid.replace(
            f'{{"schema_version":{V},', f'{{"schema_version":{V},"schema_version":{V},', 1
        ),
        "duplicate nested key": valid.replace(name, name + "," + name, 1),
        "duplicate key, different values": valid.replace(name, name + ',"name":"Autre : nom"', 1),
        "duplicate key in an activity": valid.replace(first_id, first_id + "," + first_id, 1),
        "duplicate key inside an unknown field": valid.replace(
            name, name + ',"x":{"a":1,"a":2}', 1
        ),
        "duplicate key, colon escaped": valid.replace(name, name + ',"name":"a\\u003ab"', 1),
        # Values json reads and the accelerators do not, or differently.
        "NaN": _with(("headcount",), "NAN").replace('"NAN"', "NaN"),
        "Infinity": _with(("headcount",), "INF").replace('"INF"', "Infinity"),
        "-Infinity": _with(("headcount",), "INF").replace('"INF"', "-Infinity"),
        "huge integer (valid)": _with(("headcount",), 2**70),
        "huge negative integer (valid)": _with(("headcount",), -(2**70)),
        "integer overflowing a float (valid)": _with(("headcount",), "BIG").replace(
            '"BIG"', "1" + "0" * 400
        ),
        "float exponent": _with(("headcount",), "E").replace('"E"', "1e400"),
        "integral float for an integer (valid)": _with(("headcount",), 12.0),
        "fraction for an integer": _with(("headcount",), 12.5),
        "lone surrogate escape": valid.replace(name, '"name":"\\ud800 Étoile"', 1),
        "escaped colon in text (valid)": valid.replace(name, '"name":"a\\u003ab"', 1),
        "colons in text (valid)": valid.replace(name, '"name":"Note : 10:00 https://x.example"', 1),
        "explicit defaults (valid)": _with(("public_authority",), False).replace(
            first_id, first_id + ',"role":"controller","transfers":[]', 1
        ),
        "explicit null (valid)": _with(("notes",), None),
        "whitespace and newlines (valid)": json.dumps(_base(), indent=3, ensure_ascii=True),
        # Encodings.
        "byte-order mark (valid)": b"\xef\xbb\xbf" + valid.encode("utf-8"),
        "two byte-order marks": b"\xef\xbb\xbf\xef\xbb\xbf" + valid.encode("utf-8"),
        "byte-order mark in text": "\ufeff" + valid,
        "not UTF-8": valid.encode("utf-8").replace(b"Pharmacie", b"Pharm\xffcie", 1),
        "UTF-8-encoded surrogate": valid.encode("utf-8").replace(b"Pharmacie", b"\xed\xa0\x80", 1),
        "overlong UTF-8": valid.encode("utf-8").replace(b"Pharmacie", b"\xc0\xaf", 1),
        "UTF-16": valid.encode("utf-16"),
        # Syntax.
        "deep nesting": "[" * 5000 + "]" * 5000,
        "deep nesting in a field": _with(("notes",), "D").replace('"D"', "[" * 900 + "]" * 900),
        "trailing data": valid + " x",
        "control character in text": valid.replace(name, '"name":"a\x01b"', 1),
        "empty": "",
        "only whitespace": " \n",
        "top-level array": "[" + valid + "]",
        # The model.
        "unknown field": _with(("activities", 1, "colour"), "blue"),
        "wrong type": _with(("activities", 0, "name"), 5),
        "bool for an integer": _with(("headcount",), True),
        "bad enum": _with(("activities", 2, "purposes", 0, "legal_bases", 0, "basis"), "art6-1-z"),
        "bad country": _with(("controller", "country"), "FRA"),
        "bad date": _with(("updated",), "2024-02-30"),
        "bad duration": _with(
            ("activities", 0, "data_categories", 0, "retention"), {"duration": "3 ans"}
        ),
        "object in an array of texts": _with(("activities", 0, "processing_categories"), [{}]),
        "no schema version": valid.replace(f'"schema_version":{V},', "", 1),
        "newer schema version": valid.replace(
            f'"schema_version":{V}', f'"schema_version":{V + 1}', 1
        ),
        "schema version as text": valid.replace(
            f'"schema_version":{V}', f'"schema_version":"{V}"', 1
        ),
    }


DOCUMENTS = _documents()


@pytest.mark.parametrize("label", sorted(DOCUMENTS))
def test_documents_give_the_same_result_in_every_variant(
    variants: dict[str, ModuleType], label: str
) -> None:
    document = DOCUMENTS[label]
    reference = _outcome(variants["stdlib"], document)
    assert (reference[0] == "ok") == ("(valid)" in label), reference
    for name, module in variants.items():
        assert _outcome(module, document) == reference, name


def test_duplicate_keys_are_refused_with_the_same_message(
    variants: dict[str, ModuleType],
) -> None:
    for module in variants.values():
        problems = _outcome(module, DOCUMENTS["duplicate nested key"])[1]
        assert [p.message for p in problems] == ["invalid JSON: duplicate key 'name' in an object"]


def test_huge_integers_keep_their_value(variants: dict[str, ModuleType]) -> None:
    for module in variants.values():
        register = module.loads(DOCUMENTS["huge integer (valid)"])
        assert register.headcount == 2**70
        assert '"headcount": 1180591620717411303424' in module.dumps(register)


@pytest.mark.parametrize("enabled", [True, False])
def test_the_garbage_collector_is_left_as_found(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        gdprkit.loads(DOCUMENTS["colons in text (valid)"])
        assert gc.isenabled() is enabled
        with pytest.raises(LoadError):
            gdprkit.loads(DOCUMENTS["unknown field"])
        assert gc.isenabled() is enabled
        gdprkit.validate(sample_register())
        assert gc.isenabled() is enabled
        gdprkit.dumps(sample_register())
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_reading_and_writing_leave_the_collector_running() -> None:
    """A library call does not pause the process's garbage collector: with a
    threshold of one allocation, collections happen during loads and dumps."""
    text = gdprkit.dumps(gdprkit.loads(generate_bytes(20)))
    collections: list[str] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(phase)

    was = gc.isenabled()
    threshold = gc.get_threshold()
    gc.enable()
    gc.callbacks.append(seen)
    try:
        gc.set_threshold(1)
        gdprkit.loads(text)
        read = len(collections)
        gdprkit.dumps(gdprkit.loads(text))
    finally:
        gc.set_threshold(*threshold)
        gc.callbacks.remove(seen)
        (gc.enable if was else gc.disable)()
    assert read > 0
    assert len(collections) > read


# --- The generated functions against cattrs, the reference ------------------------------


def _cattrs_to_dict(register: Register) -> dict[str, Any]:
    return {"schema_version": gdprkit.SCHEMA_VERSION, **CATTRS.unstructure(register)}


@QUICK
@given(registers(max_activities=3))
def test_to_dict_is_what_cattrs_gives(register: Register) -> None:
    assert gdprkit.to_dict(register) == _cattrs_to_dict(register)
    assert list(gdprkit.to_dict(register)) == list(_cattrs_to_dict(register))


@QUICK
@given(registers(max_activities=3))
def test_every_variant_writes_the_same_bytes(
    variants: dict[str, ModuleType], register: Register
) -> None:
    expected = json.dumps(_cattrs_to_dict(register), ensure_ascii=False, indent=2) + "\n"
    for module in variants.values():
        assert module.dumps(register) == expected
        assert module._dump_bytes(register) == expected.encode("utf-8")
        assert module.loads(expected) == register


_SHARED = make_structurer(Register, memo=False)
_OWNED = make_structurer(Register, memo=True)


def _cattrs_outcome(body: dict[str, Any]) -> Register | None:
    try:
        result: Register = CATTRS.structure(body, Register)
    except Exception:  # noqa: BLE001 - any failure is a refusal
        return None
    return result


def _fast_outcome(structure: Any, body: dict[str, Any]) -> Register | None:
    try:
        result: Register = structure(body)
    except Exception:  # noqa: BLE001 - any failure is a refusal
        return None
    return result


@QUICK
@given(registers(max_activities=2), st.randoms(use_true_random=False), st.integers(1, 4))
def test_the_fast_paths_accept_exactly_what_cattrs_accepts(
    variants: dict[str, ModuleType], register: Register, rng: random.Random, rounds: int
) -> None:
    data = gdprkit.to_dict(register)
    for _ in range(rounds):
        data = _mutations(data, rng)
    if type(data) is not dict or type(data.get("schema_version")) is not int:
        return  # not a document of this version (``true`` equals 1, yet loads refuses it)
    if data["schema_version"] != V:
        return
    text = json.dumps(data, ensure_ascii=False)
    body = json.loads(text)
    del body["schema_version"]
    expected = _cattrs_outcome(body)
    assert _fast_outcome(_SHARED, body) == expected
    assert body == {k: v for k, v in json.loads(text).items() if k != "schema_version"}
    owned = json.loads(text)
    del owned["schema_version"]
    assert _fast_outcome(_OWNED, owned) == expected
    for module in variants.values():
        try:
            loaded: Register | None = module.loads(text)
        except LoadError:
            loaded = None
        assert loaded == expected


def test_shared_objects_are_equal_to_fresh_ones() -> None:
    # The owned path shares equal flat objects (a legal basis, a data source);
    # the caller's data path builds each one: both give equal registers.
    text = generate_bytes(200, seed=3)
    data = json.loads(text)
    del data["schema_version"]
    fresh = _SHARED(data)
    owned = json.loads(text)
    del owned["schema_version"]
    assert _OWNED(owned) == fresh
    assert fresh == CATTRS.structure(data, Register)


def test_from_dict_leaves_the_callers_data_alone() -> None:
    data = json.loads(generate_bytes(20, seed=4))
    copy = json.loads(json.dumps(data))
    gdprkit.from_dict(data)
    assert data == copy


# --- The engine's sort -------------------------------------------------------------------


def test_a_10000_activity_register_loads_validates_and_round_trips() -> None:
    canonical = generate_bytes(10_000, seed=0, canonical=True)
    register = gdprkit.loads(generate_bytes(10_000, seed=0))
    assert len(register.activities) == 10_000
    assert gdprkit.dumps(register).encode("utf-8") == canonical
    assert gdprkit.loads(canonical) == register
    report = gdprkit.validate(register, as_of=dt.date(2026, 1, 1))
    assert report.findings
    assert len({f.path for f in report.findings}) > 1_000
    assert list(report.findings) == sorted(report.findings, key=lambda f: f.sort_key)


def test_the_generator_is_deterministic_and_realistic() -> None:
    assert generate_bytes(50, seed=1) == generate_bytes(50, seed=1)
    assert generate_bytes(50, seed=1) != generate_bytes(50, seed=2)
    data = generate(300, seed=0)
    kinds = {c.get("kind") for a in data["activities"] for c in a["data_categories"]}
    assert {"health", "national-id", "criminal-offences", "biometric"} <= kinds
    mechanisms = {t.get("mechanism") for a in data["activities"] for t in a.get("transfers", ())}
    assert {"scc-2021", "safe-harbor", "privacy-shield", "scc-2010", "adequacy"} <= mechanisms
    roles = {a.get("role") for a in data["activities"]}
    assert {None, "processor", "joint-controller"} <= roles
    text = generate_bytes(1_000, seed=0)
    assert 900 < len(text) / 1_000 < 1_300  # about 1.1 KB of JSON per activity
    assert max(text) > 127  # non-ASCII text


def test_the_accelerated_path_is_taken_for_plain_documents(
    variants: dict[str, ModuleType],
) -> None:
    # Equal results could also come from always falling back: check the fast
    # path itself reads plain documents, and refuses what it must leave to json.
    plain = generate_bytes(30, seed=5)
    for name in ("msgspec", "orjson"):
        fast = variants[name]._loads_accelerated
        assert fast(plain) == variants["stdlib"].loads(plain), name
        assert fast(plain.decode("utf-8")) is not None, name
        assert fast(DOCUMENTS["colons in text (valid)"]) is not None, name
        for label in ("duplicate nested key", "duplicate key, different values", "NaN"):
            assert fast(DOCUMENTS[label]) is None, (name, label)
    assert variants["stdlib"]._loads_accelerated(plain) is None


def test_the_documented_benchmark_commands_exist() -> None:
    # The commands of docs/performance.md name real modules and options (not run: no timing here).
    page = (ROOT / "docs" / "performance.md").read_text(encoding="utf-8")
    commands = [
        line.split("#")[0].split()
        for line in page.splitlines()
        if line.startswith("python -m benchmarks.")
    ]
    assert commands
    helps: dict[str, str] = {}
    for command in commands:
        module = command[2]
        if module not in helps:
            done = subprocess.run(
                [sys.executable, "-m", module, "--help"],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
            helps[module] = done.stdout
        for option in (part for part in command if part.startswith("--")):
            assert option in helps[module], (module, option)


def test_every_character_is_written_the_same(variants: dict[str, ModuleType]) -> None:
    text = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    register = Register(
        controller=gdprkit.Controller(name=text, trade_name='\x00\x1f\x7f\u2028\u2029"\\/'),
        notes=text[:2000],
    )
    expected = json.dumps(_cattrs_to_dict(register), ensure_ascii=False, indent=2) + "\n"
    for name, module in variants.items():
        assert module.dumps(register) == expected, name
        assert module.loads(expected) == register, name
