"""The command line's entry point: the ``gdprkit`` script and ``python -m gdprkit``.

Ctrl-C ends a command with status 130 and the line ``interrupted``, never a
traceback, even while the command line is still being imported: that takes
longer than anything else in a short command, and a KeyboardInterrupt
raised there would reach the interpreter, which prints a traceback and dies
of the signal.  So this module imports nothing of gdprkit before it is ready
to catch one (and :mod:`gdprkit` itself imports nothing until a name of it is
used).
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence


_EXIT_INTERRUPTED = 130
"""``gdprkit.cli.EXIT_INTERRUPTED`` (not imported: catching Ctrl-C during
that import is the point; a test keeps the two equal)."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with the process's arguments (or *argv*) and
    streams; return the exit status (``sys.exit(main())``).

    Without *argv* (the ``gdprkit`` script, ``python -m gdprkit``) the
    process is the command's: the garbage collector is paused while gdprkit
    is imported and the command starts, then what that made is frozen and
    the command runs with the collector on (see ``gdprkit.cli.run``'s
    *own_process*).  With *argv* (a program calling it), the collector is
    left alone."""
    own = argv is None and gc.isenabled()
    if own:
        gc.disable()
    try:
        from gdprkit.cli import run

        return run(sys.argv[1:] if argv is None else argv, own_process=own)
    except KeyboardInterrupt:  # while importing: run() handles it afterwards
        try:
            sys.stderr.write("\ninterrupted\n")
            sys.stderr.flush()
        except (OSError, ValueError, AttributeError):
            pass
        return _EXIT_INTERRUPTED
    finally:
        if own:
            gc.enable()


if __name__ == "__main__":
    sys.exit(main())
