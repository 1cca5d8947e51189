"""Every write is atomic, and only regular files are replaced.

The writer renames a complete temporary file over a regular file; anything
else (a FIFO, a device, a process's stream) is written to directly, since
replacing it would break it.  The replaced file keeps its mode, owner and
group, and an interrupted write leaves no temporary file behind.
"""

from __future__ import annotations

import contextlib
import os
import stat
import subprocess
import sys
import threading
import warnings
from pathlib import Path

import pytest

import gdprkit
from gdprkit.serialization._files import write_atomic
from tests.conftest import sample_register


ROOT_ONLY = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="changing owners takes root"
)


def test_a_fifo_is_written_to_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    try:
        write_atomic(fifo, b"register\n")
    finally:
        reader.join(5)  # the reader may still be finishing after it has read everything
        if reader.is_alive() and stat.S_ISFIFO(fifo.stat().st_mode):
            # Nothing was written to the FIFO: release the reader without ever
            # blocking here (a non-blocking open fails when no reader waits).
            with contextlib.suppress(OSError):
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            reader.join(5)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert received == [b"register\n"]


def test_a_device_is_written_to_not_replaced() -> None:
    before = Path(os.devnull).stat()
    write_atomic(os.devnull, b"discarded\n")
    after = Path(os.devnull).stat()
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_dev_stdout_is_the_process_output(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    code = "from gdprkit.serialization._files import write_atomic; write_atomic('/dev/stdout', b'x\\n')"
    with out.open("wb") as handle:
        done = subprocess.run([sys.executable, "-c", code], stdout=handle, check=False)
    assert done.returncode == 0
    assert out.read_bytes() == b"x\n"


def test_a_regular_file_is_replaced_whole_with_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "reg.json"
    target.write_bytes(b"old")
    target.chmod(0o640)
    assert write_atomic(target, b"new") == []
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_symbolic_link_is_written_through(tmp_path: Path) -> None:
    target = tmp_path / "reg.json"
    target.write_bytes(b"old")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    write_atomic(link, b"new")
    assert link.is_symlink()
    assert target.read_bytes() == b"new"


@ROOT_ONLY
def test_the_owner_and_group_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "reg.json"
    target.write_bytes(b"old")
    os.chown(target, 65534, 65534)
    target.chmod(0o640)
    assert write_atomic(target, b"new") == []
    after = target.stat()
    assert (after.st_uid, after.st_gid, stat.S_IMODE(after.st_mode)) == (65534, 65534, 0o640)


@ROOT_ONLY
def test_an_owner_that_cannot_be_kept_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "reg.json"
    target.write_bytes(b"old")
    os.chown(target, 65534, 65534)

    def refuse(fd: int, uid: int, gid: int) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "fchown", refuse)
    notes = write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert notes == [
        f"{target}: could not keep its owner and group (uid 65534, gid 65534); "
        "it now belongs to uid 0, gid 0"
    ]


def test_other_hard_links_are_said(tmp_path: Path) -> None:
    target = tmp_path / "reg.json"
    target.write_bytes(b"old")
    os.link(target, tmp_path / "other.json")
    notes = write_atomic(target, b"new")
    assert len(notes) == 1
    assert "other hard link" in notes[0]
    os.link(target, tmp_path / "third.json")
    with pytest.warns(RuntimeWarning, match="hard link"):
        gdprkit.dump(sample_register(), target)


def test_dump_to_a_plain_file_warns_nothing(tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gdprkit.dump(sample_register(), tmp_path / "reg.json")


def test_a_write_killed_before_its_rename_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "reg.json"
    target.write_bytes(b"old")
    # The process dies (SIGKILL, no clean-up) while the new text is flushed.
    code = (
        "import os, signal, sys;"
        "os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL);"
        "from gdprkit.serialization._files import write_atomic;"
        "write_atomic(sys.argv[1], b'new' * 100000)"
    )
    done = subprocess.run([sys.executable, "-c", code, str(target)], check=False)
    assert done.returncode == -9
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reg.json"]


def test_a_writer_that_fails_leaves_the_previous_file(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(b"before")

    def fails(handle: object) -> None:
        handle.write(b"half of the new ")  # type: ignore[attr-defined]
        raise RuntimeError("stopped")

    with pytest.raises(RuntimeError, match="stopped"):
        write_atomic(path, fails)
    assert path.read_bytes() == b"before"
    assert [p.name for p in tmp_path.iterdir()] == ["r.csv"]
    write_atomic(path, lambda handle: handle.write(b"after"))
    assert path.read_bytes() == b"after"


def test_a_writer_to_a_device_writes_nothing_when_it_fails() -> None:
    written: list[bytes] = []

    def fails(handle: object) -> None:
        written.append(b"x")
        handle.write(b"half")  # type: ignore[attr-defined]
        raise RuntimeError("stopped")

    with pytest.raises(RuntimeError, match="stopped"):
        write_atomic("/dev/full", fails)  # /dev/full refuses any write: none was made
    assert written == [b"x"]
