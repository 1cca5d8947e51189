"""``python -m gdprkit``: the same command line as the ``gdprkit`` script."""

from __future__ import annotations

from gdprkit.cli import main


if __name__ == "__main__":
    raise SystemExit(main())
