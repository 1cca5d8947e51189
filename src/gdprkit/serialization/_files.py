"""Atomic file writing, shared by :func:`gdprkit.dump`, the exports and the
command line."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


__all__ = ["write_atomic"]

_STREAMS = ("/dev/", "/proc/")
"""Where a path names a device or a process's stream (``/dev/stdout`` is
``/proc/self/fd/1``): written to as it is, never replaced."""


def write_atomic(
    path: str | os.PathLike[str], data: bytes | Callable[[BinaryIO], object]
) -> list[str]:
    """Write *data* to *path* so that a crash leaves the old file or the new
    one, never half of it; returns what could not be kept, in words.

    *data* is the bytes, or a function writing them to the file it is given
    (so that a large output need not be whole in memory): if it raises, the
    file is left as it was.

    A regular file (or a new one) is replaced: the bytes go to a temporary
    file in the same directory, which is flushed to disk and renamed over
    the target.  On Linux that temporary file has no name until it is whole
    (``O_TMPFILE``), so that even ``kill -9`` leaves nothing behind; it gets
    one just before the rename.  A symbolic link is written through to its
    target.  The target keeps its permissions and, where the process may
    change them, its owner and group; a new file gets the permissions the
    umask allows.  What cannot be kept (the owner of a file written by
    another user, the other names of a file with hard links) is returned as
    notes for the caller to show.

    Anything else (a FIFO, a device such as ``/dev/null``, a terminal,
    ``/dev/stdout``) is written to directly: replacing it would break it.
    """
    name = os.fspath(path)
    try:
        current: os.stat_result | None = Path(name).stat()
    except FileNotFoundError:
        current = None
    real = os.path.realpath(name)
    if (current is not None and not stat.S_ISREG(current.st_mode)) or real.startswith(_STREAMS):
        if callable(data):
            data = _whole(data)  # made whole before anything is written
        with open(name, "wb") as handle:  # noqa: PTH123 - a stream, not a file to replace
            handle.write(data)
        return []
    target = Path(real)
    notes: list[str] = []
    if current is not None and current.st_nlink > 1:
        notes.append(
            f"{name} had {current.st_nlink - 1} other hard link(s); "
            "they keep the previous content (the file was replaced, not rewritten in place)"
        )
    fd = _unnamed(target.parent)
    named: str | None = None
    try:
        if fd is None:
            fd, named = tempfile.mkstemp(
                prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
            )
        with os.fdopen(fd, "wb") as handle:
            if callable(data):
                data(handle)
            else:
                handle.write(data)
            handle.flush()
            notes += _keep_owner(handle.fileno(), name, current)
            os.fchmod(handle.fileno(), _mode_for(current))
            os.fsync(handle.fileno())
            if named is None:
                named = _link(handle.fileno(), target)
        Path(named).replace(target)
    except BaseException:
        if named is not None:
            Path(named).unlink(missing_ok=True)
        raise
    return notes


def _whole(write: Callable[[BinaryIO], object]) -> bytes:
    buffer = io.BytesIO()
    write(buffer)
    return buffer.getvalue()


def _unnamed(directory: Path) -> int | None:
    """A file without a name in *directory* (Linux ``O_TMPFILE``), or ``None``
    where the system or the file system has none."""
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag or not Path("/proc/self/fd").is_dir():
        return None
    try:
        return os.open(directory, flag | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError as error:
        if error.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT):
            return None
        raise


def _link(fd: int, target: Path) -> str:
    """Give the unnamed file *fd* a temporary name next to *target*.

    ``linkat`` must follow the ``/proc/self/fd`` link (``AT_SYMLINK_FOLLOW``);
    Python calls it, rather than ``link``, only when given a directory."""
    directory = os.open(target.parent, os.O_RDONLY)
    try:
        for _ in range(100):
            named = str(target.parent / f".{target.name}.{os.urandom(6).hex()}.tmp")
            with contextlib.suppress(FileExistsError):
                os.link(f"/proc/self/fd/{fd}", named, src_dir_fd=directory, follow_symlinks=True)
                return named
    finally:
        os.close(directory)
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(target.parent))


def _keep_owner(fd: int, name: str, current: os.stat_result | None) -> list[str]:
    """Give the new file the owner and group of the one it replaces, as far as
    the process may; the notes say what could not be kept."""
    if current is None:
        return []
    mine = os.fstat(fd)
    if (mine.st_uid, mine.st_gid) == (current.st_uid, current.st_gid):
        return []
    with contextlib.suppress(PermissionError):
        os.fchown(fd, current.st_uid, current.st_gid)
        return []
    with contextlib.suppress(PermissionError):
        os.fchown(fd, -1, current.st_gid)  # a group of the user's own
    kept = os.fstat(fd)
    lost = [
        what
        for what, was, now in (
            ("owner", current.st_uid, kept.st_uid),
            ("group", current.st_gid, kept.st_gid),
        )
        if was != now
    ]
    if not lost:
        return []
    return [
        f"{name}: could not keep its {' and '.join(lost)} "
        f"(uid {current.st_uid}, gid {current.st_gid}); "
        f"it now belongs to uid {kept.st_uid}, gid {kept.st_gid}"
    ]


def _mode_for(current: os.stat_result | None) -> int:
    if current is not None:
        return current.st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
