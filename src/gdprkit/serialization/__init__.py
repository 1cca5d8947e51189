"""Registers to and from JSON, losslessly and deterministically.

``loads(dumps(register)) == register`` for every register, and the same
register always gives the same bytes.  Loading a document written by someone
else either returns a :class:`~gdprkit.model.Register` or raises
:class:`LoadError` listing every problem with its path; nothing else escapes
and no field is silently dropped.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from gdprkit.model import Register
from gdprkit.serialization._converter import make_converter, structure_problems
from gdprkit.serialization.errors import LoadError, Problem


__all__ = [
    "SCHEMA_VERSION",
    "LoadError",
    "Problem",
    "dump",
    "dumps",
    "from_dict",
    "load",
    "loads",
    "to_dict",
]

SCHEMA_VERSION = 1
"""Version of the JSON form written by this release.  Documents with a higher
version are refused; lower versions are read."""

_FAST = make_converter(detailed=False)
_DETAILED = make_converter(detailed=True)
_STRUCTURE = _FAST.get_structure_hook(Register)
_UNSTRUCTURE = _FAST.get_unstructure_hook(Register)


def to_dict(register: Register) -> dict[str, Any]:
    """The register as JSON-compatible data, ``schema_version`` first."""
    return {"schema_version": SCHEMA_VERSION, **_UNSTRUCTURE(register)}


def from_dict(data: object, *, source: str = "<data>") -> Register:
    """Build a register from parsed JSON data.

    Raises:
        LoadError: listing every problem, each with its path.
    """
    if type(data) is not dict:
        raise LoadError([Problem("", "expected a JSON object at the top level")], source)
    body = dict(data)
    version = body.pop("schema_version", None)
    if version is None:
        raise LoadError(
            [
                Problem(
                    "schema_version",
                    f"required field is missing (this release writes {SCHEMA_VERSION})",
                )
            ],
            source,
        )
    if type(version) is not int or version < 1:
        raise LoadError(
            [Problem("schema_version", f"expected a positive integer, got {version!r}")], source
        )
    if version > SCHEMA_VERSION:
        raise LoadError(
            [
                Problem(
                    "schema_version",
                    f"version {version} is newer than this gdprkit reads ({SCHEMA_VERSION}); "
                    "upgrade gdprkit",
                )
            ],
            source,
        )
    try:
        register: Register = _STRUCTURE(body, Register)
    except Exception:  # noqa: BLE001 - re-run with detailed validation to explain
        return _explain(body, source)
    return register


def _explain(body: dict[str, Any], source: str) -> Register:
    try:
        register: Register = _DETAILED.structure(body, Register)
    except Exception as error:  # noqa: BLE001 - every structuring failure becomes a LoadError
        problems = [Problem(path, message) for path, message in structure_problems(error)]
        raise LoadError(problems or [Problem("", str(error))], source) from None
    # The fast path failed where the detailed one did not: a bug in gdprkit.
    return register  # pragma: no cover


def _reject_constant(name: str) -> None:
    msg = f"{name} is not valid JSON"
    raise ValueError(msg)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        dupes = sorted({k for k, _ in pairs if k in seen or seen.add(k)})  # type: ignore[func-returns-value]
        msg = f"duplicate key {', '.join(map(repr, dupes))} in an object"
        raise ValueError(msg)
    return result


def loads(text: str | bytes, *, source: str = "<string>") -> Register:
    """Parse a register from JSON text or UTF-8 bytes.

    Raises:
        LoadError: for malformed JSON, bytes that are not UTF-8, or a document
            that does not match the model (every problem, with its path).
    """
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise LoadError(
                [
                    Problem(
                        "",
                        f"not UTF-8 text: byte {error.object[error.start]:#04x} at offset {error.start}",
                    )
                ],
                source,
            ) from None
    elif not isinstance(text, str):
        raise LoadError([Problem("", f"expected str or bytes, got {type(text).__name__}")], source)
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise LoadError(
            [
                Problem(
                    "", f"invalid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
                )
            ],
            source,
        ) from None
    except ValueError as error:
        raise LoadError([Problem("", f"invalid JSON: {error}")], source) from None
    except RecursionError:
        raise LoadError([Problem("", "invalid JSON: nested too deeply")], source) from None
    return from_dict(data, source=source)


def dumps(register: Register) -> str:
    """The register as JSON text: deterministic, UTF-8 text kept as is,
    two-space indentation and a final newline."""
    return json.dumps(to_dict(register), ensure_ascii=False, indent=2) + "\n"


def load(path: str | os.PathLike[str]) -> Register:
    """Read a register from a JSON file.

    Raises:
        LoadError: when the file cannot be read or is not a valid register.
    """
    source = os.fspath(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise LoadError(
            [Problem("", f"cannot read the file: {error.strerror or error}")], source
        ) from None
    return loads(data, source=source)


def dump(register: Register, path: str | os.PathLike[str]) -> None:
    """Write a register to a JSON file atomically.

    The text goes to a temporary file in the same directory, which is flushed
    to disk and then renamed over *path*: a crash leaves either the old file
    or the new one, never half of it.
    """
    target = Path(path)
    text = dumps(register).encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
