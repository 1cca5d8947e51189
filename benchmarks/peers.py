"""Peers for the benchmark: the same document as a pydantic v2 model and as msgspec Structs.

Both mirror gdprkit's model class for class and field for field, so that they
read exactly the documents gdprkit reads, as strictly: unknown keys refused,
no coercion (``strict``), enums by their ids, dates as ``YYYY-MM-DD``,
durations as ISO 8601 text checked by a pattern, country codes from the same
list, arrays as tuples, the same defaults.  They are generated from the attrs
classes rather than written out, so that they cannot drift from the model.
Neither checks any law: they are what loading costs with those libraries.

A duration stays text in the peers (a constrained string) where gdprkit builds
a ``Duration``; everything else has the same Python type.
"""

from __future__ import annotations

import datetime as dt
import enum
import typing
from typing import Annotated, Any, Literal

import attrs

from gdprkit.model import CountryCode, Duration, Extensions, Register
from gdprkit.model.countries import COUNTRY_CODES


__all__ = ["DURATION", "msgspec_decoder", "pydantic_model"]

DURATION = r"^P([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?$"
"""An ISO 8601 calendar duration (at least one part: checked by a minimum length)."""

_COUNTRY = Literal[tuple(sorted(COUNTRY_CODES))]  # type: ignore[valid-type]


def _classes(root: type) -> list[type]:
    """The attrs classes reachable from *root*, dependencies first."""
    seen: list[type] = []

    def walk(tp: Any) -> None:
        for arg in typing.get_args(tp):
            walk(arg)
        if isinstance(tp, type) and attrs.has(tp) and tp is not Duration and tp not in seen:
            for hint in typing.get_type_hints(tp).values():
                walk(hint)
            seen.append(tp)

    walk(root)
    return seen


def _translate(tp: Any, classes: dict[type, Any], duration: Any) -> Any:
    """The peer's annotation for a model annotation."""
    if tp in (str, int, bool, dt.date):
        return tp
    if tp is Duration:
        return duration
    if tp is CountryCode:
        return _COUNTRY
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return tp
    if tp in classes:
        return classes[tp]
    args = typing.get_args(tp)
    if typing.get_origin(tp) is tuple:
        return tuple[_translate(args[0], classes, duration), ...]  # type: ignore[misc]
    inner = [a for a in args if a is not type(None)]
    if len(inner) == 1 and len(args) == 2:
        return typing.Optional[_translate(inner[0], classes, duration)]  # noqa: UP045
    msg = f"no peer type for {tp!r}"
    raise TypeError(msg)


def _fields(cls: type, classes: dict[type, Any], duration: Any) -> list[tuple[str, Any, Any]]:
    """``(name, annotation, default)`` of each field; ``...`` when required.
    A default that is a model instance (``Contact()``) becomes the peer's
    instance built with no arguments."""
    hints = typing.get_type_hints(cls)
    out = []
    for field in attrs.fields(cls):
        if hints[field.name] is Extensions:
            # the ``x-`` members, not a member of their own: the peers, which
            # forbid unknown members, take none (generated registers have none)
            continue
        annotation = _translate(hints[field.name], classes, duration)
        default = field.default
        if default is attrs.NOTHING:
            default = ...
        elif attrs.has(type(default)):
            default = classes[type(default)]()
        out.append((field.name, annotation, default))
    return out


def pydantic_model() -> Any:
    """The pydantic v2 model of a whole document (``schema_version`` included).

    Validate JSON with ``model.model_validate_json(data)``.
    """
    import pydantic

    config = pydantic.ConfigDict(strict=True, extra="forbid", frozen=True)
    duration = Annotated[str, pydantic.StringConstraints(pattern=DURATION, min_length=2)]
    classes: dict[type, Any] = {}
    for cls in _classes(Register):
        fields: dict[str, Any] = {
            name: (annotation, default)
            for name, annotation, default in _fields(cls, classes, duration)
        }
        if cls is Register:
            fields = {"schema_version": (int, ...), **fields}
        classes[cls] = pydantic.create_model(f"{cls.__name__}Model", __config__=config, **fields)
    return classes[Register]


def msgspec_decoder() -> Any:
    """A msgspec JSON decoder into Structs of a whole document.

    Decode with ``decoder.decode(data)``.
    """
    import msgspec

    duration = Annotated[str, msgspec.Meta(pattern=DURATION, min_length=2)]
    classes: dict[type, Any] = {}
    for cls in _classes(Register):
        fields: list[tuple[Any, ...]] = [
            (name, annotation) if default is ... else (name, annotation, default)
            for name, annotation, default in _fields(cls, classes, duration)
        ]
        if cls is Register:
            fields = [("schema_version", int), *fields]
        classes[cls] = msgspec.defstruct(
            f"{cls.__name__}Struct",
            fields,
            kw_only=True,
            forbid_unknown_fields=True,
            frozen=True,
        )
    return msgspec.json.Decoder(classes[Register])
