"""``gdprkit schema``: print the JSON Schema of the register format."""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import importlib.util
import json
from collections.abc import Callable
from typing import Any, cast

from gdprkit.cli._common import EXIT_OK, CommandError, _Streams, _write


def cmd_schema(args: argparse.Namespace, streams: _Streams) -> int:
    try:
        module = importlib.import_module("gdprkit.serialization.schema")
        json_schema = cast("Callable[[], dict[str, Any]]", module.json_schema)
    except (ImportError, AttributeError):
        msg = "the JSON Schema generator is not available in this installation of gdprkit"
        raise CommandError(msg) from None
    _write(streams, json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n", args.output)
    return EXIT_OK
