"""Structuring and unstructuring functions generated for the model: the fast path.

cattrs dispatches on types at every value; here the model is known in
advance, so one plain function per class is generated (like cattrs' own
generated functions, without the dispatch) that checks and converts each
field inline.  The fast structuring functions only *accept or refuse*: on any
problem they raise, and the caller re-runs the detailed cattrs converter,
which explains every problem with its path.  They accept exactly what the
strict converter accepts and build equal registers; the tests compare both.

Instances are built without calling the attrs ``__init__`` when that is
equivalent: for a slotted class without validators, converters or
``__attrs_post_init__``, the generated function sets each slot through the
slot's own descriptor (what ``__init__`` does through ``object.__setattr__``,
at half the cost).  A class that needs more is built by calling it.

When the caller owns the parsed data (``loads``), two more things are done:
small flat objects that repeat across the register (a legal basis
``{"basis": "art6-1-b"}``, a data source, a recipient, a right) are built once
per distinct JSON object and shared, which is safe because they are immutable;
and each activity's parsed dict is released as soon as it is converted, so that
the parsed document and the register are never both whole in memory.

With msgspec installed, :func:`make_msgspec_loader` goes further: the JSON
text is decoded into Structs that mirror the model and converted to the attrs
classes, both in C.

The unstructuring functions (:func:`make_unstructurer`) give what cattrs
gives, reading each value as cattrs does; a duration's text is kept by its
integers, and an array of one or two objects is built without ``map``.  With
orjson installed, :func:`make_writer` writes the same bytes faster: it hands
orjson what the reference hands it, checks the type of every value it
converts or walks itself, refuses every other register (the reference then
writes it), and writes the whole document in one orjson call, which calls
back for each of the root's objects (an activity, a right...).  Which path
``loads`` and ``dumps`` take, and why every path gives the same result, is
in :mod:`gdprkit.serialization`.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

import attrs

from gdprkit._fields import field_types
from gdprkit.model import NO_EXTENSIONS, CountryCode, Duration, Extensions
from gdprkit.model.countries import COUNTRY_CODES
from gdprkit.model.extensions import is_extension_key, thaw
from gdprkit.serialization._values import integral, surrogates


__all__ = [
    "Rejected",
    "Unsupported",
    "make_msgspec_loader",
    "make_structurer",
    "make_unstructurer",
    "make_writer",
]

_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"  # as DATE_PATTERN in _converter; compiled on first use
_CACHE_LIMIT = 4096


class Rejected(ValueError):
    """The fast path refuses a value; the detailed converter will say why."""


class Unsupported(TypeError):
    """The model uses a feature the generator does not handle (the caller then
    keeps cattrs for everything)."""


_DATES: dict[str, dt.date] = {}
_DURATIONS: dict[str, Duration] = {}


def _date(value: str) -> dt.date:
    """A date from a string already known to be a ``str`` (cached)."""
    if not re.fullmatch(_DATE, value):
        raise Rejected
    return _remember(_DATES, value, dt.date.fromisoformat(value))


def _duration(value: str) -> Duration:
    """A duration from a string already known to be a ``str`` (cached)."""
    return _remember(_DURATIONS, value, Duration.parse(value))


_V = TypeVar("_V")


def _remember(cache: dict[str, _V], value: str, parsed: _V) -> _V:
    """*parsed*, kept in *cache* under the text *value* it was read from (the
    cache is emptied first when full)."""
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    cache[value] = parsed
    return parsed


_PARSED = {"date": ("_DATES", "_date"), "duration": ("_DURATIONS", "_duration")}
"""The tags of values read from a text once per text: the cache the generated
code looks in, and the function that reads a text it has not seen."""


# --- What each annotation is -------------------------------------------------------------

Kind = tuple[Any, ...]
"""``("str",)``, ``("enum", cls)``, ``("class", cls)``, ``("tuple", kind)``,
``("optional", kind)``, ``("extensions",)``, …"""

_EXTENSIONS: Kind = ("extensions",)
"""The kind of an object's ``x-`` fields: in JSON, keys of the object itself
after its own fields, not a field of their own."""


def _extensions(d: dict[str, Any], n: int) -> Extensions:
    """The ``x-`` fields of the parsed object *d*, of which *n* keys are its
    own fields; refuses any other key."""
    found = {k: v for k, v in d.items() if is_extension_key(k)}
    if len(found) + n != len(d):
        raise Rejected
    return Extensions(found)


@functools.cache
def _kinds(cls: type) -> dict[str, Kind]:
    """The kind of each field of *cls*: a fact of the class, worked out once
    (each generator, and msgspec's mirror, asks for every field's)."""
    hints = field_types(cls)
    return {a.name: _kind(hints[a.name]) for a in attrs.fields(cls)}


def _own_fields(cls: type) -> list[Any]:
    """The fields of *cls* written as keys of their own (all but the extensions)."""
    kinds = _kinds(cls)
    return [a for a in attrs.fields(cls) if kinds[a.name] != _EXTENSIONS]


def _has_extensions(cls: type) -> bool:
    return _EXTENSIONS in _kinds(cls).values()


def _slot(cls: type, name: str) -> Any:
    """The class attribute *name* of *cls* or of a base (a slot's descriptor)."""
    for klass in cls.__mro__:
        if name in klass.__dict__:
            return klass.__dict__[name]
    return None


def _kind(tp: Any) -> Kind:
    if tp is str:
        return ("str",)
    if tp is bool:
        return ("bool",)
    if tp is int:
        return ("int",)
    if tp is dt.date:
        return ("date",)
    if tp is Duration:
        return ("duration",)
    if tp is CountryCode:
        return ("country",)
    if tp is Extensions:
        return _EXTENSIONS
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return ("enum", tp)
    if isinstance(tp, type) and attrs.has(tp):
        return ("class", tp)
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return ("tuple", _kind(args[0]))
    if origin in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
        (inner,) = (a for a in args if a is not type(None))
        return ("optional", _kind(inner))
    msg = f"no fast path for the annotation {tp!r}"
    raise Unsupported(msg)


def _classes(root: type) -> list[type]:
    """Every attrs class reachable from *root*, dependencies first."""
    seen: list[type] = []

    def visit(kind: Kind) -> None:
        if kind[0] == "class":
            walk(kind[1])
        elif kind[0] in ("tuple", "optional"):
            visit(kind[1])

    def walk(cls: type) -> None:
        if cls in seen:
            return
        for a in attrs.fields(cls):
            visit(_kinds(cls)[a.name])
        seen.append(cls)

    walk(root)
    return seen


def _is_plain(cls: type) -> bool:
    """True when setting the slots is exactly what ``__init__`` does."""
    if getattr(cls, "__attrs_pre_init__", None) or getattr(cls, "__attrs_post_init__", None):
        return False
    for a in attrs.fields(cls):
        if a.validator is not None or a.converter is not None or not a.init:
            return False
        if type(_slot(cls, a.name)).__name__ != "member_descriptor":
            return False
    return True


def _flat(cls: type) -> bool:
    """True when every field is text in JSON (so a JSON object of this class
    is hashable as ``tuple(d.items())`` and no value can be confused with
    another of a different type: ``True == 1`` cannot occur)."""
    text = {"str", "enum", "country", "date", "duration"}
    for a in _own_fields(cls):
        kind = _kinds(cls)[a.name]
        if kind[0] == "optional":
            kind = kind[1]
        if kind[0] not in text:
            return False
    return True


def _check_fields(cls: type) -> None:
    for a in attrs.fields(cls):
        if a.alias != a.name or not a.init:
            msg = f"{cls.__name__}.{a.name}: aliases and init=False are not supported"
            raise Unsupported(msg)


# --- Structuring -------------------------------------------------------------------------


class _Source:
    """Source code being generated, with the names it refers to."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.names: dict[str, object] = {}
        self._ids: dict[int, str] = {}
        self._tmp = 0

    def name(self, obj: object, hint: str) -> str:
        key = id(obj)
        if key not in self._ids:
            label = re.sub(r"\W", "_", f"_{hint}_{len(self._ids)}")
            self._ids[key] = label
            self.names[label] = obj
        return self._ids[key]

    def temp(self) -> str:
        self._tmp += 1
        return f"t{self._tmp}"


def _fn(cls: type) -> str:
    return f"s_{cls.__name__}"


def _convert(src: _Source, kind: Kind, value: str, pad: str) -> tuple[list[str], str]:
    """Lines that check *value* and an expression for the converted value."""
    tag = kind[0]
    if tag == "str":
        return [
            f"{pad}if type({value}) is not str: raise _R",
            f"{pad}if not {value}.isascii() and _SURROGATE({value}): raise _R",
        ], value
    if tag == "int":
        out = src.temp()
        return [
            f"{pad}{out} = {value} if type({value}) is int else _integral({value})",
            f"{pad}if {out} is None: raise _R",
        ], out
    if tag == "bool":
        return [f"{pad}if {value} is not True and {value} is not False: raise _R"], value
    if tag == "country":
        return [f"{pad}if type({value}) is not str or {value} not in _CC: raise _R"], value
    if tag == "enum":
        table = src.name({m.value: m for m in kind[1]}, kind[1].__name__)
        return [], f"{table}[{value}]"
    if tag in _PARSED:
        cache, parse = _PARSED[tag]
        out = src.temp()
        return [
            f"{pad}if type({value}) is not str: raise _R",
            f"{pad}{out} = {cache}.get({value})",
            f"{pad}if {out} is None: {out} = {parse}({value})",
        ], out
    if tag == "class":
        return [], f"{_fn(kind[1])}({value})"
    if tag == "optional":
        lines, expr = _convert(src, kind[1], value, pad + "    ")
        if expr == value:  # checks only: None or a value kept as it is
            return [f"{pad}if {value} is not None:", *lines], value
        return _optional(src, value, lines, expr, pad)
    if tag == "tuple":
        return _convert_tuple(src, kind[1], value, pad)
    raise Unsupported(tag)  # pragma: no cover - _kind returns only the tags above


def _optional(
    src: _Source, value: str, lines: list[str], expr: str, pad: str
) -> tuple[list[str], str]:
    """Lines setting a new name to ``None`` when *value* is ``None``, else to
    *expr* after *lines* (indented one level under *pad*), and that name."""
    out = src.temp()
    return [
        f"{pad}if {value} is None:",
        f"{pad}    {out} = None",
        f"{pad}else:",
        *lines,
        f"{pad}    {out} = {expr}",
    ], out


def _convert_tuple(src: _Source, item: Kind, value: str, pad: str) -> tuple[list[str], str]:
    check = f"{pad}if type({value}) is not list: raise _R"
    if item[0] == "class":
        return [check], f"tuple(map({_fn(item[1])}, {value}))"
    if item[0] == "enum":
        table = src.name({m.value: m for m in item[1]}, item[1].__name__)
        return [check], f"tuple(map({table}.__getitem__, {value}))"
    element = src.temp()
    lines, expr = _convert(src, item, element, pad + "    ")
    out = src.temp()
    if expr == element:  # checks only: the items are kept as they are
        return [check, f"{pad}for {element} in {value}:", *lines], f"tuple({value})"
    return [
        check,
        f"{pad}{out} = []",
        f"{pad}for {element} in {value}:",
        *lines,
        f"{pad}    {out}.append({expr})",
    ], f"tuple({out})"


def _structure_class(src: _Source, cls: type, *, memo: bool, consume: bool) -> None:
    _check_fields(cls)
    kinds = _kinds(cls)
    fields = attrs.fields(cls)
    required = sum(1 for a in fields if a.default is attrs.NOTHING)
    plain = _is_plain(cls)
    c = src.name(cls, cls.__name__)
    pad = "        "
    body = [
        f"    def {_fn(cls)}(d):",
        f"{pad}if type(d) is not dict: raise _R",
    ]
    if memo and _flat(cls):
        # Only objects without extensions are shared: theirs may be unhashable
        # (an array), or equal without being the same (``1`` and ``true``).
        body += [
            f"{pad}key = ({c}, *d.items())",
            f"{pad}try: o = memo.get(key)",
            f"{pad}except TypeError: o = key = None",
            f"{pad}if o is not None: return o",
        ]
    body.append(f"{pad}n = {required}")
    if plain:
        body.append(f"{pad}o = _new({c})")
    else:
        body.append(f"{pad}kw = {{}}")
    extended = None
    for a in fields:
        kind = kinds[a.name]
        if plain:
            setter = src.name(_slot(cls, a.name).__set__, f"set_{cls.__name__}_{a.name}")
        if kind == _EXTENSIONS:
            extended = f"{setter}(o, x)" if plain else f"kw[{a.name!r}] = x"
            if plain:
                body.append(f"{pad}{setter}(o, {src.name(a.default, 'default')})")
            continue
        if consume and kind[0] == "tuple" and kind[1][0] == "class":
            lines, expr = _consume(src, kind[1][1], "v", pad + "    ")
        else:
            lines, expr = _convert(src, kind, "v", pad + "    ")
        assign = f"{setter}(o, {expr})" if plain else f"kw[{a.name!r}] = {expr}"
        if a.default is attrs.NOTHING:
            body += [f"{pad}v = d[{a.name!r}]", *(ln[4:] for ln in lines), f"{pad}{assign}"]
            continue
        body += [f"{pad}if {a.name!r} in d:", f"{pad}    v = d[{a.name!r}]", f"{pad}    n += 1"]
        body += [*lines, f"{pad}    {assign}"]
        if plain:
            default = a.default
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                make = src.name(default.factory, "factory")
                arg = "o" if default.takes_self else ""
                body += [f"{pad}else:", f"{pad}    {setter}(o, {make}({arg}))"]
            else:
                body += [f"{pad}else:", f"{pad}    {setter}(o, {src.name(default, 'default')})"]
    if extended is None:
        body.append(f"{pad}if len(d) != n: raise _R")
    else:
        body += [f"{pad}if len(d) != n:", f"{pad}    x = _extensions(d, n)", f"{pad}    {extended}"]
        if memo and _flat(cls):
            body.append(f"{pad}    key = None")
    if not plain:
        body.append(f"{pad}o = {c}(**kw)")
    if memo and _flat(cls):
        body.append(f"{pad}if key is not None: memo[key] = o")
    body.append(f"{pad}return o")
    src.lines += body


def _consume(src: _Source, cls: type, value: str, pad: str) -> tuple[list[str], str]:
    """Convert an array of objects, releasing each parsed object once converted."""
    out = src.temp()
    i = src.temp()
    return [
        f"{pad}if type({value}) is not list: raise _R",
        f"{pad}{out} = []",
        f"{pad}for {i} in range(len({value})):",
        f"{pad}    {out}.append({_fn(cls)}({value}[{i}]))",
        f"{pad}    {value}[{i}] = None",
    ], f"tuple({out})"


def make_structurer(root: type, *, memo: bool) -> Callable[[dict[str, Any]], Any]:
    """A function that builds a *root* from its parsed JSON object, or raises.

    Args:
        root: The attrs class of the document (``Register``).
        memo: Share equal flat objects and release the parsed arrays of the
            root as they are converted; only for data the caller owns.

    Raises:
        Unsupported: when the model uses something the generator does not
            handle; the caller should keep cattrs then.
    """
    src = _Source()
    classes = _classes(root)
    src.lines.append("def make(memo):")
    for cls in classes:
        _structure_class(src, cls, memo=memo, consume=memo and cls is root)
    src.lines.append(f"    return {_fn(root)}")
    namespace: dict[str, Any] = {
        "_R": Rejected,
        "_new": object.__new__,
        "_CC": COUNTRY_CODES,
        "_DATES": _DATES,
        "_DURATIONS": _DURATIONS,
        "_date": _date,
        "_SURROGATE": surrogates().search,
        "_integral": integral,
        "_duration": _duration,
        "_extensions": _extensions,
        **src.names,
    }
    code = "\n".join(src.lines)
    exec(compile(code, f"<gdprkit structure {root.__name__}>", "exec"), namespace)  # noqa: S102 - generated above from the model
    make: Callable[[dict[Any, Any]], Callable[[dict[str, Any]], Any]] = namespace["make"]
    if not memo:
        shared = make({})
        return shared

    def structure(data: dict[str, Any]) -> Any:
        return make({})(data)

    return structure


# --- Unstructuring -----------------------------------------------------------------------


_DURATION_TEXTS: dict[tuple[int, int, int, int], str] = {}


def _duration_text(value: Any) -> Any:
    """``value.isoformat()``, cached for a :class:`Duration` of plain integers.

    The text of such a duration depends on its four integers only, so it is
    kept by their values (of type ``int`` exactly: ``1.0`` or ``True`` would
    compare equal to ``1`` yet be written differently, and are not cached).
    """
    if type(value) is Duration:
        y, m, w, d = value.years, value.months, value.weeks, value.days
        if type(y) is int and type(m) is int and type(w) is int and type(d) is int:
            key = (y, m, w, d)
            text = _DURATION_TEXTS.get(key)
            if text is None:
                text = value.isoformat()
                if len(_DURATION_TEXTS) >= _CACHE_LIMIT:
                    _DURATION_TEXTS.clear()
                _DURATION_TEXTS[key] = text
            return text
    return value.isoformat()


def _unfn(cls: type) -> str:
    return f"u_{cls.__name__}"


def _unconvert(src: _Source, kind: Kind, value: str) -> str:
    """An expression for the JSON-ready form of *value* (as cattrs gives it)."""
    tag = kind[0]
    if tag in ("str", "int", "bool", "country", "enum"):
        return value
    if tag == "date":
        return f"{value}.isoformat()"
    if tag == "duration":
        return f"_duration_text({value})"
    if tag == "class":
        return f"{_unfn(kind[1])}({value})"
    if tag == "optional":
        inner = _unconvert(src, kind[1], value)
        return value if inner == value else f"(None if {value} is None else {inner})"
    if tag == "tuple":
        item = kind[1]
        if item[0] == "class":
            return f"list(map({_unfn(item[1])}, {value}))"
        element = src.temp()
        inner = _unconvert(src, item, element)
        return f"list({value})" if inner == element else f"[{inner} for {element} in {value}]"
    raise Unsupported(tag)  # pragma: no cover


def _statements(kind: Kind) -> bool:
    """True when the JSON-ready form of a value of this kind takes statements
    (see :func:`_unstore`) rather than an expression."""
    return kind[0] == "tuple" and bool(kind[1][0] == "class")


def _unstore(src: _Source, kind: Kind, value: str, target: str, pad: str) -> list[str]:
    """Lines that set *target* to the JSON-ready form of *value*.

    An array of objects is built as ``list(map(u, value))`` builds it, without
    the map and its iterator when the value is a tuple of one or two items
    (the commonest arrays of a register)."""
    if not _statements(kind):
        return [f"{pad}{target} = {_unconvert(src, kind, value)}"]
    u = _unfn(kind[1][1])
    return [
        f"{pad}if type({value}) is tuple:",
        *_mapped(src, u, value, target, pad + "    "),
        f"{pad}else:",
        f"{pad}    {target} = list(map({u}, {value}))",
    ]


def _mapped(src: _Source, fn: str, value: str, target: str, pad: str) -> list[str]:
    """Lines setting *target* to ``list(map(fn, value))`` for the tuple
    *value*, without the map and its iterator for one or two items."""
    n = src.temp()
    return [
        f"{pad}{n} = len({value})",
        f"{pad}if {n} == 1: {target} = [{fn}({value}[0])]",
        f"{pad}elif {n} == 2: {target} = [{fn}({value}[0]), {fn}({value}[1])]",
        f"{pad}else: {target} = list(map({fn}, {value}))",
    ]


def _unstructure_class(src: _Source, cls: type) -> None:
    kinds = _kinds(cls)
    fields = _own_fields(cls)
    extended = _has_extensions(cls)
    c = src.name(cls, cls.__name__)
    body = [f"def {_unfn(cls)}(o):", f"    if type(o) is not {c}: _subclass(o, {c})"]
    # The required fields first, in order, then the others in order: the
    # object's keys come in that order (as cattrs writes them).  The values
    # are read and converted in that order too: a required value that takes
    # statements is computed before the dict, and so are those before it.
    first = [a for a in fields if a.default is attrs.NOTHING]
    firsts = [kinds[a.name] for a in first]
    ahead = max((i + 1 for i, kind in enumerate(firsts) if _statements(kind)), default=0)
    items = []
    for i, (a, kind) in enumerate(zip(first, firsts, strict=True)):
        if i < ahead:
            body += _unstore(src, kind, f"o.{a.name}", f"v{i}", "    ")
            items.append(f"{a.name!r}: v{i}")
        else:
            items.append(f"{a.name!r}: {_unconvert(src, kind, 'o.' + a.name)}")
    body.append(f"    r = {{{', '.join(items)}}}")
    for a in fields:
        if a.default is attrs.NOTHING:
            continue
        kind = kinds[a.name]
        default = a.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            make = src.name(default.factory, "factory")
            test = f"x != {make}({'o' if default.takes_self else ''})"
        elif default is None:
            test = "x is not None"
            if kind[0] == "optional":
                kind = kind[1]
        elif attrs.has(type(default)):
            name = src.name(default, "default")
            test = f"x is not {name} and x != {name}"
        else:
            test = f"x != {src.name(default, 'default')}"
        body += [f"    x = o.{a.name}", f"    if {test}:"]
        body += _unstore(src, kind, "x", f"r[{a.name!r}]", "        ")
    if extended:
        none = src.name(NO_EXTENSIONS, "no_extensions")
        body += ["    x = o.extensions", f"    if x is not {none} and x: r.update(_thaw(x))"]
    body.append("    return r")
    src.lines += body


def _subclass(value: object, cls: type) -> None:
    """Refuse an instance of a subclass of *cls* that has fields of its own,
    which the JSON form has no place for and would otherwise drop."""
    kind: Any = type(value)
    if attrs.has(kind):
        extra = [a.name for a in attrs.fields(kind) if a.name not in attrs.fields_dict(cls)]
        if extra:
            msg = (
                f"{type(value).__name__} adds the field(s) {', '.join(extra)} to {cls.__name__}, "
                "which the JSON form cannot hold: put them in extension fields "
                "(extensions={'x-...': ...}) instead"
            )
            raise TypeError(msg)


def make_unstructurer(root: type) -> Callable[[Any], dict[str, Any]]:
    """A function giving the JSON-ready dict of a *root*, equal to what the
    cattrs converter gives (defaults omitted, enums and text as they are,
    dates and durations in ISO 8601, arrays as lists)."""
    src = _Source()
    for cls in _classes(root):
        _unstructure_class(src, cls)
    namespace: dict[str, Any] = {
        "_duration_text": _duration_text,
        "_thaw": thaw,
        "_subclass": _subclass,
        **src.names,
    }
    code = "\n".join(src.lines)
    exec(compile(code, f"<gdprkit unstructure {root.__name__}>", "exec"), namespace)  # noqa: S102 - generated above from the model
    function: Callable[[Any], dict[str, Any]] = namespace[_unfn(root)]
    return function


# --- Writing with orjson ------------------------------------------------------------------


def _wfn(cls: type) -> str:
    return f"w_{cls.__name__}"


class _Writer(_Source):
    """The source of a writer (see :func:`make_writer`): one function per
    class, giving the object's members as orjson is to write them.

    The root's function leaves the model's objects in it as they are, for
    orjson to call back for, and lists them in the order orjson meets them;
    every other function calls the function of each object inside its own,
    so that orjson is handed each of the root's objects' data at once.

    A value that the reference hands orjson as it is (text, a number, a
    flag, a code without a default) is handed to it as it is here too:
    orjson writes it as it would for the reference, or refuses it, or calls
    back for it, which the writer refuses (only the root's objects are
    called back for, in their order).  Every other value is checked to be
    exactly of its field's type (a tuple, a ``date``, a :class:`Duration`, a
    code or flag with a default, an object of the model's class).

    Every exception it raises is a refusal, so values may be read and checked
    in any order: the reference path, which then runs, decides what happens.
    """

    def check(self, value: str, tp: type, pad: str) -> str:
        """A line refusing *value* unless its type is exactly *tp*."""
        return f"{pad}if type({value}) is not {self.name(tp, tp.__name__)}: raise _R"

    def convert(self, kind: Kind, value: str, pad: str, *, root: bool) -> tuple[list[str], str]:
        """Lines that check *value* and an expression for what is written: in
        the *root*'s function, an object of the model is checked, left as it
        is and listed in ``q``; elsewhere, written by its function (which
        checks its type)."""
        tag = kind[0]
        if tag in _AS_IT_IS:
            return [], value
        if tag == "date":  # orjson writes a date as isoformat does
            return [self.check(value, dt.date, pad)], value
        if tag == "duration":
            return [self.check(value, Duration, pad)], f"_duration_text({value})"
        if tag == "class":
            if root:
                return [self.check(value, kind[1], pad), f"{pad}q.append({value})"], value
            return [], f"{_wfn(kind[1])}({value})"
        if tag == "optional":
            lines, expr = self.convert(kind[1], value, pad + "    ", root=root)
            if not lines:
                return [], expr if expr == value else f"(None if {value} is None else {expr})"
            if expr == value:
                return [f"{pad}if {value} is not None:", *lines], value
            return _optional(self, value, lines, expr, pad)
        if tag == "tuple":
            lines, expr = self.items(kind[1], value, pad, root=root)
            return [self.check(value, tuple, pad), *lines], expr
        raise Unsupported(tag)  # pragma: no cover

    def items(self, item: Kind, value: str, pad: str, *, root: bool) -> tuple[list[str], str]:
        """Lines and an expression writing the items of the tuple *value*
        (checked to be a tuple): the tuple as it is once each item is checked
        (orjson writes a tuple as an array), or a list of its objects' data."""
        element = self.temp()
        if item[0] == "class":
            if not root:
                return _mapped(self, _wfn(item[1]), value, element, pad), element
            return [
                f"{pad}for {element} in {value}:",
                self.check(element, item[1], pad + "    "),
                f"{pad}q.extend({value})",
            ], value
        lines, expr = self.convert(item, element, pad + "    ", root=root)
        if expr != element:  # pragma: no cover - no array of durations in the model
            msg = f"no fast path for an array of {item[0]}"
            raise Unsupported(msg)
        return ([f"{pad}for {element} in {value}:", *lines] if lines else []), value

    def write_class(self, cls: type, *, root: bool) -> None:
        _check_fields(cls)
        kinds = _kinds(cls)
        fields = _own_fields(cls)
        if root:  # called by make_writer for a root exactly
            body = [f"def {_wfn(cls)}(o, q):"]
        else:
            body = [f"def {_wfn(cls)}(o):", self.check("o", cls, "    ")]
        items = []
        for a in fields:
            if a.default is attrs.NOTHING:
                kind = kinds[a.name]
                lines, expr = self.convert(kind, f"o.{a.name}", "    ", root=root)
                if lines:  # checked or converted: read once, into a name
                    x = self.temp()
                    lines, expr = self.convert(kind, x, "    ", root=root)
                    body += [f"    {x} = o.{a.name}", *lines]
                items.append(f"{a.name!r}: {expr}")
        body.append(f"    r = {{{', '.join(items)}}}")
        for a in fields:
            if a.default is not attrs.NOTHING:
                body += self.write_field(a, kinds[a.name], root=root)
        if _has_extensions(cls):
            body += [
                "    x = o.extensions",
                f"    if x is not {self.name(NO_EXTENSIONS, 'no_extensions')}:",
                self.check("x", Extensions, "        "),
                "        r.update(_thaw(x))",
            ]
        body.append("    return r")
        self.lines += body

    def write_field(self, a: Any, kind: Kind, *, root: bool) -> list[str]:
        """Lines writing the field *a* unless it has its default value.

        The reference writes a field when ``value != default`` (``is not``
        for ``None``); for the exact types let through here, that is the
        same test, made without a call in the commonest cases: a code or a
        flag differs from its default only when it is not the same object
        (an enum's members, ``True`` and ``False`` are unique)."""
        default = a.default
        key = a.name
        lines = [f"    x = o.{key}"]
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            msg = f"{key}: factory default"
            raise Unsupported(msg)
        if default is None:
            if kind[0] == "optional":
                kind = kind[1]
            inner, expr = self.convert(kind, "x", "        ", root=root)
            return [*lines, "    if x is not None:", *inner, f"        r[{key!r}] = {expr}"]
        if type(default) is tuple and not default and kind[0] == "tuple":
            inner, expr = self.items(kind[1], "x", "        ", root=root)
            return [
                *lines,
                self.check("x", tuple, "    "),
                "    if x:",  # a tuple differs from () when it is not empty
                *inner,
                f"        r[{key!r}] = {expr}",
            ]
        # The value is checked to be of its default's type before it is
        # compared (the reference compares any value: "controller" equals
        # the code whose value it is).
        name = self.name(default, f"default_{key}")
        test = [f"    if x is not {name}:", self.check("x", type(default), "        ")]
        if kind in (("enum", type(default)), ("bool",) if type(default) is bool else None):
            return [*lines, *test, f"        r[{key!r}] = x"]
        inner, expr = self.convert(kind, "x", "            ", root=root)
        return [
            *lines,
            *test,
            f"        if x != {name}:",
            *inner,
            f"            r[{key!r}] = {expr}",
        ]


_AS_IT_IS = frozenset(("str", "country", "int", "bool", "enum"))
"""The kinds of value the reference hands orjson as they are."""


def make_writer(root: type, orjson: Any, *, version: int) -> Callable[[Any], bytes]:
    """A function writing a *root* in UTF-8 as the reference does — as
    ``json.dumps(data, ensure_ascii=False, indent=2)`` and a final newline
    write its JSON-ready ``data`` (:func:`make_unstructurer`, with
    ``schema_version`` first) — or raising whenever the value is not plain.

    Text, numbers, flags, country codes and codes without a default are
    handed to orjson as they are, as the reference hands them, and orjson
    writes them the same.  Every other value must be of its field's type
    exactly: every object of the class its field names (not a subclass, a
    dict or another class), every array a tuple, every date a ``date``, every
    duration a :class:`Duration`, and at a field with a default other than
    ``None`` or ``()`` a value of the default's type (the reference compares
    it with the default: ``"controller"`` equals the code).  Anything else is
    refused (``Rejected``) before it is iterated or converted, so the
    reference, which the caller then runs, reads the register as it would
    have; what orjson refuses (integers beyond 64 bits, lone surrogates) is
    refused too.  Nothing runs here that the reference does not run:
    attributes of the model's objects, ``isoformat`` of durations,
    comparisons with defaults of the model's types, orjson.

    The whole document is one call of ``orjson.dumps``, handed the root's
    members with its objects as they are: orjson calls back (``default=``)
    for each of them, and its function gives its members with the data of
    every object inside it (each object's members in the reference's order:
    its required fields, then the others that differ from their default,
    then its ``x-`` fields), the arrays of text and codes left as tuples for
    orjson to write.  So no object's data outlives the writing of the root's
    object it belongs to.  orjson calls back for any value it does not know
    too: one of the model's objects where text belongs, say, which the
    reference refuses.  The call back therefore takes only the root's
    objects, in the order the root's function listed them, and refuses
    anything else.

    Raises:
        Unsupported: when the model uses something the generator does not
            handle, or orjson has no ``Fragment`` (before 3.9).
    """
    fragment = getattr(orjson, "Fragment", None)
    if fragment is None:
        msg = "orjson.Fragment is needed"
        raise Unsupported(msg)
    src = _Writer()
    classes = _classes(root)
    for cls in classes:
        src.write_class(cls, root=cls is root)
    namespace: dict[str, Any] = {
        "_R": Rejected,
        "_duration_text": _duration_text,
        # A number of an extension field is written in json's notation
        # (``1e-09``), which orjson's (``1e-9``) is not.
        "_thaw": lambda value: thaw(value, lambda x: fragment(float.__repr__(x).encode())),
        **src.names,
    }
    code = "\n".join(src.lines)
    exec(compile(code, f"<gdprkit write {root.__name__}>", "exec"), namespace)  # noqa: S102 - generated above from the model
    writers = {cls: namespace[_wfn(cls)] for cls in classes if cls is not root}
    write_root: Callable[[Any, list[Any]], dict[str, Any]] = namespace[_wfn(root)]
    dumps = orjson.dumps
    option = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE

    def write(value: Any) -> bytes:
        if type(value) is not root:
            raise Rejected
        objects: list[Any] = []
        members = write_root(value, objects)
        expected = iter(objects)

        def default(o: Any) -> Any:
            # orjson calls back for the root's objects, each checked to be of
            # its place's class, in the order they were listed; anything
            # else it calls back for (an object where text belongs) is refused.
            if o is not next(expected, None):
                raise Rejected
            return writers[type(o)](o)

        try:
            written: bytes = dumps(
                {"schema_version": version, **members}, default=default, option=option
            )
        except TypeError as error:  # orjson's, for a refusal inside a call back too
            if isinstance(error.__cause__, Rejected):
                raise error.__cause__ from None
            raise
        return written

    return write


# --- msgspec ------------------------------------------------------------------------------


class _DurationText:
    """What msgspec reads a duration string into: msgspec sees ``Duration`` as
    an attrs class (a JSON object), so it gets this plain class instead, whose
    attributes ``msgspec.convert`` then reads to build the ``Duration``."""

    __slots__ = ("days", "months", "weeks", "years")

    def __init__(self, duration: Duration) -> None:
        self.years = duration.years
        self.months = duration.months
        self.weeks = duration.weeks
        self.days = duration.days


def make_msgspec_loader(
    root: type, msgspec: Any, *, version: int
) -> Callable[[Any, Callable[[bytes], bool]], Any]:
    """A function that reads JSON straight into *root* with msgspec, or raises.

    msgspec decodes the text into Structs that mirror the model (unknown keys
    forbidden, types strict, enums by value, country codes as literals, dates
    natively), and ``msgspec.convert`` turns those into the attrs classes;
    both run in C.  msgspec does not refuse duplicate keys, so the Structs are
    written back and their colons counted against the text's (see
    :func:`gdprkit.serialization._no_duplicate_keys`); defaults are omitted
    when writing back, so a document that spells out a default value is not
    trusted either (the caller's slower path reads it).

    Args:
        root: The attrs class of the document (``Register``).
        msgspec: The ``msgspec`` module.
        version: The highest ``schema_version`` read.

    Raises:
        Unsupported: when a class needs its ``__init__`` (validators,
            converters, ``__attrs_post_init__``), which ``msgspec.convert``
            does not call the same way.
    """
    from typing import Literal

    classes = _classes(root)
    if not all(_is_plain(cls) for cls in classes):
        msg = "a model class needs its __init__"
        raise Unsupported(msg)
    country = Literal[tuple(sorted(COUNTRY_CODES))]  # type: ignore[valid-type]
    mirrors: dict[type, Any] = {}

    def mirror(kind: Kind) -> Any:
        tag = kind[0]
        simple = {"str": str, "int": int, "bool": bool, "date": dt.date}
        if tag in simple:
            return simple[tag]
        if tag == "duration":
            return _DurationText
        if tag == "country":
            return country
        if tag == "enum":
            return kind[1]
        if tag == "class":
            return mirrors[kind[1]]
        if tag == "tuple":
            return tuple[mirror(kind[1]), ...]  # type: ignore[misc]
        if tag == "optional":
            return mirror(kind[1]) | None
        raise Unsupported(tag)  # pragma: no cover

    for cls in classes:
        kinds = _kinds(cls)
        fields: list[tuple[Any, ...]] = [("schema_version", int)] if cls is root else []
        # Extension keys are unknown to the Structs: a document that has any
        # is read by the caller's slower path.
        for a in _own_fields(cls):
            tp = mirror(kinds[a.name])
            if a.default is attrs.NOTHING:
                fields.append((a.name, tp))
            elif isinstance(a.default, attrs.Factory):  # type: ignore[arg-type]
                raise Unsupported(f"{cls.__name__}.{a.name}: factory default")
            else:
                fields.append((a.name, tp, a.default))
        # The extensions field is not a key of the JSON object (its ``x-`` keys
        # are), so it is not a field of the Struct; a class attribute of that
        # name gives msgspec.convert the empty value to read (an attribute it
        # does not find costs an exception per object: half the conversion).
        extended = {
            a.name: NO_EXTENSIONS for a in attrs.fields(cls) if kinds[a.name] == _EXTENSIONS
        }
        mirrors[cls] = msgspec.defstruct(
            f"{cls.__name__}JSON",
            fields,
            kw_only=True,
            forbid_unknown_fields=True,
            omit_defaults=True,
            gc=False,
            namespace=extended or None,
        )

    texts: dict[str, _DurationText] = {}

    def dec_hook(tp: type, value: object) -> object:
        if tp is _DurationText and type(value) is str:
            text = texts.get(value)
            if text is None:
                if len(texts) >= _CACHE_LIMIT:
                    texts.clear()
                text = texts[value] = _DurationText(_DURATIONS.get(value) or _duration(value))
            return text
        raise Rejected

    def enc_hook(value: object) -> object:
        if type(value) is _DurationText:
            return ""  # no colon, like the duration text it stands for
        raise Rejected  # pragma: no cover - nothing else is custom

    decoder = msgspec.json.Decoder(mirrors[root], dec_hook=dec_hook)
    encoder = msgspec.json.Encoder(enc_hook=enc_hook)
    convert = msgspec.convert

    def load(text: Any, trusted: Callable[[bytes], bool]) -> Any:
        """Read *text*; *trusted* is shown the Structs written back (to look
        for duplicate keys) and the register is built only if it agrees."""
        tree = decoder.decode(text)
        if not 1 <= tree.schema_version <= version or not trusted(encoder.encode(tree)):
            raise Rejected
        return convert(tree, root, from_attributes=True)

    return load
