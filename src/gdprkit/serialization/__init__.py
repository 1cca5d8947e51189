"""Registers to and from JSON, losslessly and deterministically.

``loads(dumps(register)) == register`` for every register, and the same
register always gives the same bytes.  Loading a document written by someone
else either returns a :class:`~gdprkit.model.Register` or raises
:class:`LoadError` listing every problem with its path; nothing else escapes
and no field is silently dropped.

How a document is read, fastest first (the results are the same):

1. with msgspec installed (the ``fast`` extra), straight from the text into
   Structs mirroring the model, then into the attrs classes, both in C;
2. with orjson installed, parsed to dicts, then built by functions generated
   for the model (:mod:`gdprkit.serialization._fast`);
3. otherwise, and whenever 1 or 2 meets anything unusual (a duplicate key,
   NaN, an integer beyond 64 bits, a lone surrogate, a byte-order mark, any
   invalid value), parsed by :mod:`json`, refusing duplicate keys and NaN,
   then built by the same generated functions; only when they refuse does
   the detailed cattrs converter run, to list every problem with its path.

How a register is written (the bytes are the same on every path: those of
``json.dumps(to_dict(register), ensure_ascii=False, indent=2)`` and a final
newline):

1. with orjson installed, by a writer generated for the model
   (:func:`gdprkit.serialization._fast.make_writer`): one call of orjson,
   which writes text, codes and dates itself and calls back for each
   activity (and the register's other objects), whose function gives its
   data (no document's data is built first).  It hands orjson text, numbers
   and codes as the reference does, and refuses anything else that is not
   of its field's type (a list for a tuple, a subclass, text for a code
   with a default, a dict or an object for text) before reading it, and
   whatever orjson refuses (an integer beyond 64 bits, a lone surrogate);
2. otherwise, and whenever 1 refuses, the reference: the JSON-ready data of
   :func:`to_dict` (a generated function, as cattrs would give it) written
   by orjson, or by :mod:`json` when orjson is missing or refuses it.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import json
import os
import warnings
from collections.abc import Callable
from typing import Any

import attrs

from gdprkit.model import Duration, Register
from gdprkit.serialization._fast import (
    Unsupported,
    make_msgspec_loader,
    make_structurer,
    make_unstructurer,
    make_writer,
)
from gdprkit.serialization._values import integral
from gdprkit.serialization.errors import LoadError, Problem, read_bytes


def _optional(name: str) -> Any:
    """The module *name*, or ``None`` when it is not installed."""
    try:
        return importlib.import_module(name)
    except ImportError:  # pragma: no cover - exercised by the tests without the extra
        return None


# The optional ``fast`` extra: the same results, faster.
_orjson: Any = _optional("orjson")
_msgspec: Any = _optional("msgspec")

__all__ = [
    "SCHEMA_VERSION",
    "LoadError",
    "Problem",
    "dump",
    "dumps",
    "from_dict",
    "load",
    "loads",
    "object_to_data",
    "to_dict",
]

SCHEMA_VERSION = 3
"""Version of the JSON form written by this release.  Documents with a higher
version are refused; lower versions are read."""


class _Generated:
    """A function generated for the model on its first call, so that importing
    gdprkit generates nothing that the program does not use (a command that
    only loads never builds the writer, ``--help`` builds nothing)."""

    __slots__ = ("_function", "_make")

    def __init__(self, make: Callable[[], Callable[..., Any]]) -> None:
        self._make = make
        self._function: Callable[..., Any] | None = None

    def __call__(self, *args: Any) -> Any:
        function = self._function
        if function is None:
            function = self._function = self._make()
        return function(*args)


@functools.cache
def _detailed() -> Any:
    """The cattrs converter that explains every problem (built when first needed)."""
    from gdprkit.serialization._converter import make_converter

    return make_converter(detailed=True)


def _structurer(*, memo: bool) -> Callable[[], Callable[[dict[str, Any]], Register]]:
    def make() -> Callable[[dict[str, Any]], Register]:
        try:
            return make_structurer(Register, memo=memo)
        except Unsupported:  # pragma: no cover - only if the model outgrows the generator
            from gdprkit.serialization._converter import make_converter

            hook = make_converter(detailed=False).get_structure_hook(Register)
            return lambda data: hook(data, Register)

    return make


def _unstructurer() -> Callable[[Register], dict[str, Any]]:
    try:
        return make_unstructurer(Register)
    except Unsupported:  # pragma: no cover - only if the model outgrows the generator
        from gdprkit.serialization._converter import make_converter

        hook: Callable[[Register], dict[str, Any]]
        hook = make_converter(detailed=False).get_unstructure_hook(Register)
        return hook


def _refused(*_: object) -> Any:
    raise Unsupported


def _or_refuse(make: Callable[[], Callable[..., Any]]) -> Callable[[], Callable[..., Any]]:
    """*make*, or a function that always refuses when the generator cannot
    handle the model (the caller's slower path then runs)."""

    def guarded() -> Callable[..., Any]:
        try:
            return make()
        except Unsupported:  # pragma: no cover - only if the model outgrows the generator
            return _refused

    return guarded


_STRUCTURE_OWNED: Callable[[dict[str, Any]], Register] = _Generated(_structurer(memo=True))
"""Builds a register from parsed data that ``loads`` owns (and may consume)."""
_STRUCTURE: Callable[[dict[str, Any]], Register] = _Generated(_structurer(memo=False))
"""Builds a register from data the caller owns (left untouched)."""
_UNSTRUCTURE: Callable[[Register], dict[str, Any]] = _Generated(_unstructurer)

_WRITE: Callable[[Register], bytes] | None = None
"""Writes a register with orjson, when installed, or raises when it is not plain."""
if _orjson is not None:
    _WRITE = _Generated(_or_refuse(lambda: make_writer(Register, _orjson, version=SCHEMA_VERSION)))

_MSGSPEC_LOAD: Callable[[Any, Callable[[bytes], bool]], Register] | None = None
"""Reads JSON straight into a register with msgspec, when installed."""
if _msgspec is not None:
    _MSGSPEC_LOAD = _Generated(
        _or_refuse(lambda: make_msgspec_loader(Register, _msgspec, version=SCHEMA_VERSION))
    )


def to_dict(register: Register) -> dict[str, Any]:
    """The register as JSON-compatible data, ``schema_version`` first."""
    return {"schema_version": SCHEMA_VERSION, **_UNSTRUCTURE(register)}


_OBJECT_UNSTRUCTURERS: dict[type, Callable[[Any], Any]] = {}
"""The generated unstructurer of each model class asked for, made on first use."""


def object_to_data(value: object) -> Any:
    """The JSON-ready data of any object of the model (an activity, a
    transfer, a date…), as it is written inside a register."""
    cls = type(value)
    write = _OBJECT_UNSTRUCTURERS.get(cls)
    if write is None:
        write = _detailed().unstructure
        if attrs.has(cls) and cls is not Duration:
            with contextlib.suppress(Unsupported):
                write = make_unstructurer(cls)
        _OBJECT_UNSTRUCTURERS[cls] = write
    return write(value)


def _body(data: object, source: str, *, copy: bool) -> dict[str, Any]:
    """The document without its ``schema_version``, once that is checked.

    Raises:
        LoadError: for a document that is not an object or a version this
            release does not read.
    """
    if type(data) is not dict:
        raise LoadError([Problem("", "expected a JSON object at the top level")], source)
    body: dict[str, Any] = dict(data) if copy else data
    given = body.pop("schema_version", None)
    if given is None:
        raise LoadError(
            [
                Problem(
                    "schema_version",
                    f"required field is missing (this release writes {SCHEMA_VERSION})",
                )
            ],
            source,
        )
    version = integral(given)
    if version is None or version < 1:
        raise LoadError(
            [Problem("schema_version", f"expected a positive integer, got {given!r}")], source
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
    return body


def from_dict(data: object, *, source: str = "<data>") -> Register:
    """Build a register from parsed JSON data (left unchanged).

    Raises:
        LoadError: listing every problem, each with its path.
    """
    body = _body(data, source, copy=True)
    try:
        return _STRUCTURE(body)
    except Exception:  # noqa: BLE001 - re-run with detailed validation to explain
        return _explain(body, source)


def _explain(body: dict[str, Any], source: str) -> Register:
    from gdprkit.serialization._converter import structure_problems

    try:
        register: Register = _detailed().structure(body, Register)
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
    register = _loads_accelerated(text)
    if register is not None:
        return register
    return _loads_json(text, source)


_BOM = b"\xef\xbb\xbf"


def _loads_accelerated(text: object) -> Register | None:
    """The register read with msgspec or orjson, when installed, or ``None``
    whenever anything is not plain: then the standard library path decides,
    and explains, from scratch.

    Both parsers differ from ``json`` at the edges: they do not refuse
    duplicate keys; they refuse NaN, lone surrogates, a byte-order mark or
    deep nesting, which ``json`` reads (orjson reads integers beyond 64 bits
    as floats).  None of that may change the result, so a document is only
    trusted once duplicate keys are ruled out (see :func:`_no_duplicate_keys`),
    and whatever they read differently either fails the strict structuring or
    makes them fail: both lead to the standard path.
    """
    if _MSGSPEC_LOAD is None and _orjson is None:
        return None
    if type(text) is bytes or type(text) is bytearray:
        raw: Any = text
        body: Any = memoryview(text)[3:] if text[:3] == _BOM else text
        colon: Any = b":"
        escape: Any = b"\\u003"
    elif type(text) is str:
        raw = body = text
        colon, escape = ":", "\\u003"
    else:
        return None

    def trusted(written: bytes) -> bool:
        return _no_duplicate_keys(raw, colon, escape, written)

    try:
        if _MSGSPEC_LOAD is not None:
            register: Register = _MSGSPEC_LOAD(body, trusted)
            return register
        assert _orjson is not None  # noqa: S101 - checked above
        data = _orjson.loads(body)
        if type(data) is not dict or not trusted(_orjson.dumps(data)):
            return None
        return _STRUCTURE_OWNED(_body(data, "", copy=False))
    except Exception:  # noqa: BLE001 - anything unusual goes the standard way
        return None


def _no_duplicate_keys(raw: Any, colon: Any, escape: Any, written: bytes) -> bool:
    """True when no object of the document *raw* repeats a key, given the
    parsed document *written* back compactly by the parser's library.

    A colon of JSON text is either the one after a key or inside a string.
    Written back, the parsed data has one colon per key it kept (at most:
    msgspec leaves out fields at their default) and the colons of the strings
    it kept: the counts are equal only if no key was dropped as a duplicate.
    A colon written as an escape (``\\u003a``) would break the count, so such
    documents are not trusted; nor are those that spell out a default value
    (msgspec), which read correctly by the standard path.
    """
    if raw.find(escape) != -1:
        return False
    count: int = raw.count(colon)
    return count == written.count(b":")


def _loads_json(text: str | bytes, source: str) -> Register:
    """The standard library path, which also explains every failure."""
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
    body = _body(_parse_json(text, source), source, copy=False)
    try:
        return _STRUCTURE_OWNED(body)
    except Exception:  # noqa: BLE001 - parse again (the data was consumed) to explain
        return _explain(_body(_parse_json(text, source), source, copy=False), source)


def _parse_json(text: str, source: str) -> object:
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_reject_constant)
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


_INDENT = 0 if _orjson is None else _orjson.OPT_INDENT_2 | _orjson.OPT_APPEND_NEWLINE


def _written_fast(register: Register) -> bytes | None:
    """The register written by the fast writer (UTF-8), or ``None`` when it
    is not available or refuses the register (see :func:`_fast.make_writer`)."""
    if _WRITE is None or _orjson is None:
        return None
    try:
        return _WRITE(register)
    except Exception:  # noqa: BLE001 - anything unusual: the reference path decides
        return None


def dumps(register: Register) -> str:
    """The register as JSON text: deterministic, UTF-8 text kept as is,
    two-space indentation and a final newline."""
    written = _written_fast(register)
    if written is not None:
        return written.decode("utf-8")
    data = to_dict(register)
    if _orjson is not None:
        try:
            text: str = _orjson.dumps(data, option=_INDENT).decode("utf-8")
        except TypeError:  # integers beyond 64 bits, lone surrogates: the standard way
            pass
        else:
            return text
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _dump_bytes(register: Register) -> bytes:
    """What :func:`dumps` writes, as UTF-8, without decoding orjson's output
    (:func:`dump` and the command line's writers, which write bytes)."""
    fast = _written_fast(register)
    if fast is not None:
        return fast
    data = to_dict(register)
    if _orjson is not None:
        try:
            written: bytes = _orjson.dumps(data, option=_INDENT)
        except TypeError:  # integers beyond 64 bits, lone surrogates: the standard way
            pass
        else:
            return written
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def load(path: str | os.PathLike[str]) -> Register:
    """Read a register from a JSON file.

    Raises:
        LoadError: when the file cannot be read or is not a valid register.
    """
    return loads(read_bytes(path), source=os.fspath(path))


def dump(register: Register, path: str | os.PathLike[str]) -> None:
    """Write a register to a JSON file atomically.

    The text goes to a temporary file in the same directory, which is flushed
    to disk and then renamed over *path*: a crash leaves either the old file
    or the new one, never half of it.  An existing file keeps its
    permissions and, where the process may, its owner and group (a
    :class:`RuntimeWarning` says when it cannot, or when the file had other
    hard links, which keep the old text); a symbolic link is written through
    to its target.  A FIFO or a device (``/dev/stdout``) is written to as it
    is, never replaced.
    """
    from gdprkit.serialization._files import write_atomic  # tempfile, only to write

    for note in write_atomic(path, _dump_bytes(register)):
        warnings.warn(note, RuntimeWarning, stacklevel=2)
