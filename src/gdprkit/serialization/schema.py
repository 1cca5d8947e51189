"""The JSON Schema (Draft 2020-12) of the register's JSON form, generated from
the model so that the two cannot drift apart."""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from typing import Any, Union

import attrs

from gdprkit.model import CountryCode, Duration, Extensions, Register
from gdprkit.model.countries import COUNTRY_CODES
from gdprkit.serialization._converter import DATE_PATTERN, DURATION_PATTERN


__all__ = ["SCHEMA_ID", "json_schema"]

EXTENSION_PATTERN = "^x-."
"""The keys of extension fields (``x-`` and at least one more character)."""

SCHEMA_ID = "https://gdprkit.readthedocs.io/schema/register-1.json"
"""The ``$id`` of the schema for ``schema_version`` 1."""


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a register document, as a dict (Draft 2020-12).

    Every class of the model is a ``$defs`` entry; unknown keys are refused
    (``additionalProperties: false``) except extension keys (``x-`` and more,
    any JSON value: ``patternProperties``), fields with a default are optional.
    """
    from gdprkit.serialization import SCHEMA_VERSION

    defs: dict[str, Any] = {}
    root = _class_schema(Register, defs)
    root["properties"] = {
        "schema_version": {
            "description": f"Version of the JSON form; this release reads 1 to {SCHEMA_VERSION}.",
            "type": "integer",
            "minimum": 1,
            "maximum": SCHEMA_VERSION,
        },
        **root["properties"],
    }
    root["required"] = ["schema_version", *root["required"]]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "gdprkit register",
        **root,
        "$defs": dict(sorted(defs.items())),
    }


def _class_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    extensible = False
    for field in attrs.fields(cls):
        if hints[field.name] is Extensions:
            extensible = True
            continue
        properties[field.name] = _type_schema(hints[field.name], defs)
        if field.default is attrs.NOTHING:
            required.append(field.name)
    schema: dict[str, Any] = {
        "type": "object",
        "description": _summary(cls),
        "properties": properties,
        "required": required,
    }
    if extensible:
        schema["patternProperties"] = {
            EXTENSION_PATTERN: {"description": "An extension field: any JSON value, kept as is."}
        }
    schema["additionalProperties"] = False
    return schema


def _summary(obj: object) -> str:
    doc = (getattr(obj, "__doc__", None) or "").strip()
    return doc.split("\n\n")[0].replace("\n", " ")


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        inner = (
            _type_schema(options[0], defs)
            if len(options) == 1
            else {"anyOf": [_type_schema(o, defs) for o in options]}
        )
        return {"anyOf": [inner, {"type": "null"}]}
    if origin is tuple:
        (item, _) = typing.get_args(tp)
        return {"type": "array", "items": _type_schema(item, defs)}
    if tp is CountryCode:
        return {"$ref": _define("CountryCode", defs, _country_schema)}
    if tp is str:
        return {"type": "string"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is dt.date:
        return {"type": "string", "format": "date", "pattern": DATE_PATTERN}
    if tp is Duration:
        return {"$ref": _define("Duration", defs, _duration_schema)}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"$ref": _define(tp.__name__, defs, lambda: _enum_schema(tp))}
    if attrs.has(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # reserve the name: classes may refer to each other
            defs[name] = _class_schema(tp, defs)
        return {"$ref": f"#/$defs/{name}"}
    msg = f"no JSON Schema for {tp!r}"  # pragma: no cover - a model type not handled above
    raise TypeError(msg)  # pragma: no cover


def _define(name: str, defs: dict[str, Any], build: typing.Callable[[], dict[str, Any]]) -> str:
    if name not in defs:
        defs[name] = build()
    return f"#/$defs/{name}"


def _enum_schema(cls: type[enum.Enum]) -> dict[str, Any]:
    return {
        "type": "string",
        "description": _summary(cls),
        "enum": [member.value for member in cls],
    }


def _country_schema() -> dict[str, Any]:
    return {
        "type": "string",
        "description": "ISO 3166-1 alpha-2 country code (EL accepted for Greece).",
        "enum": sorted(COUNTRY_CODES),
    }


def _duration_schema() -> dict[str, Any]:
    return {
        "type": "string",
        "description": "ISO 8601 calendar duration, e.g. P3Y, P13M, P30D, P1Y6M.",
        "pattern": DURATION_PATTERN,
    }
