"""A progress line on standard error, for commands that may take a while.

It appears only when the stream is a terminal, and only once the work has
taken more than :data:`DELAY` seconds, so that quick runs and logs stay clean;
it is redrawn in place (carriage return, erase line) and erased when the work
is done, before anything else is printed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import IO

from gdprkit.cli._common import terminal_width


__all__ = ["DELAY", "Progress", "is_terminal", "terminal_width"]

DELAY = 1.0
"""Seconds of work before the progress line appears."""

_ERASE = "\r\x1b[K"


def is_terminal(stream: IO[str]) -> bool:
    """Whether *stream* is a terminal (``False`` for a closed or odd stream)."""
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if isatty is not None else False
    except (OSError, ValueError):
        return False


class Progress:
    """What a command is doing, shown on *stream* after :data:`DELAY` seconds.

    Call :meth:`update` as the work goes on; use it as a context manager, so
    that a background thread redraws the line (with the seconds elapsed) while
    a long step runs, and the line is erased at the end.  *clock* and
    *terminal* are injectable for tests; :meth:`tick` is what the thread runs.
    """

    def __init__(
        self,
        stream: IO[str],
        *,
        terminal: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
        width: Callable[[], int] = terminal_width,
        delay: float | None = None,
    ) -> None:
        self.stream = stream
        self.enabled = is_terminal(stream) if terminal is None else terminal
        self.clock = clock
        self.width = width
        self.delay = DELAY if delay is None else delay
        self.start = clock()
        self.text = ""
        self.shown = False
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def update(self, text: str) -> None:
        """Say what is being done now."""
        with self._lock:
            self.text = text
        self.tick()

    def tick(self) -> None:
        """Draw the line, once the delay has passed."""
        if not self.enabled:
            return
        with self._lock:
            elapsed = self.clock() - self.start
            if elapsed < self.delay or not self.text:
                return
            line = f"gdprkit: {self.text} ({int(elapsed)} s)"
            limit = max(self.width() - 1, 10)
            if len(line) > limit:
                line = line[: limit - 1] + "…"
            try:
                self.stream.write(_ERASE + line)
                self.stream.flush()
            except (OSError, ValueError):  # the terminal went away: stop drawing
                self.enabled = False
                return
            self.shown = True

    def close(self) -> None:
        """Stop redrawing and erase the line."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        with self._lock:
            if self.shown:
                try:
                    self.stream.write(_ERASE)
                    self.stream.flush()
                except (OSError, ValueError):
                    pass
                self.shown = False

    def _run(self) -> None:
        while not self._stop.wait(0.25):
            self.tick()

    def __enter__(self) -> Progress:
        if self.enabled:
            self._thread = threading.Thread(target=self._run, name="gdprkit-progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
