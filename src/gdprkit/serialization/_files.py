"""Atomic file writing, shared by :func:`gdprkit.dump` and the command line."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


__all__ = ["write_atomic"]


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write *data* to *path* so that a crash leaves the old file or the new
    one, never half of it.

    The bytes go to a temporary file in the same directory, which is flushed
    to disk and renamed over the target.  A symbolic link is written through
    to its target; the target keeps its permissions, and a new file gets
    those the umask allows (``mkstemp`` alone would make it 0600).
    """
    target = Path(path).resolve()
    mode = _mode_for(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).chmod(mode)
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
