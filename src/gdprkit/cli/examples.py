"""``gdprkit examples`` and ``gdprkit init``: the bundled registers and a starter."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from gdprkit.cli._common import EXIT_OK, CommandError, _Streams, _write
from gdprkit.examples import example_names, example_path, starter_text
from gdprkit.serialization._files import write_atomic


def cmd_examples(args: argparse.Namespace, streams: _Streams) -> int:
    if args.name is None:
        if args.output is not None:
            msg = "--output needs the NAME of the example to write"
            raise CommandError(msg)
        lines = []
        for name in example_names():
            data = json.loads(example_path(name).read_text(encoding="utf-8"))
            controller = data.get("controller", {}).get("name", "")
            count = len(data.get("activities", []))
            noun = "activity" if count == 1 else "activities"
            lines.append(f"{name:<22} {count:>2} {noun:<10}  {controller}")
        lines.append("")
        lines.append("Write one out with: gdprkit examples NAME --output NAME.json")
        streams.stdout.write("\n".join(lines) + "\n")
        return EXIT_OK
    try:
        path = example_path(args.name)
    except ValueError as error:
        raise CommandError(str(error)) from None
    _write(streams, path.read_text(encoding="utf-8"), args.output)
    return EXIT_OK


def cmd_init(args: argparse.Namespace, streams: _Streams) -> int:
    target = Path(args.file)
    if target.is_dir():
        msg = f"{target} is a directory; name the register file to create"
        raise CommandError(msg)
    if target.exists() and not args.force:
        msg = f"{target} exists; give --force to replace it"
        raise CommandError(msg)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, starter_text().encode("utf-8"))
    except OSError as error:
        msg = f"cannot write {target}: {error.strerror or error}"
        raise CommandError(msg) from None
    streams.stdout.write(
        f"Wrote {target}: a starter register with one activity.\n"
        f"Replace the example organisation and activity with yours, then run: "
        f"gdprkit validate {target}\n"
    )
    return EXIT_OK
