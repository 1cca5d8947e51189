"""Load errors: every problem of a document at once, each with its path; a file
that cannot be read is one."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple


__all__ = ["LoadError", "Problem", "read_bytes"]


class Problem(NamedTuple):
    """One thing wrong with a document: where, and what was expected.

    ``path`` uses the same syntax as validation findings
    (``activities[2].purposes[0].legal_bases[0].basis``); the empty string is
    the document itself.
    """

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class LoadError(ValueError):
    """A register could not be loaded; :attr:`problems` lists every reason.

    Attributes:
        problems: Every problem found, in document order.
        source: The file name or ``<string>`` the document came from.
    """

    def __init__(self, problems: tuple[Problem, ...] | list[Problem], source: str = "<string>"):
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        super().__init__(self._describe())

    def _describe(self) -> str:
        count = len(self.problems)
        head = f"{self.source}: {count} problem{'s' if count != 1 else ''}"
        return "\n".join([head + ":", *(f"  {p}" for p in self.problems)])

    def __reduce__(self) -> tuple[type[LoadError], tuple[tuple[Problem, ...], str]]:
        # Keep the problems when pickled, e.g. across worker processes.
        return (LoadError, (self.problems, self.source))


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of the file *path*.

    Raises:
        LoadError: when the file cannot be read, naming it and saying why.
    """
    try:
        return Path(path).read_bytes()
    except OSError as error:
        problem = Problem("", f"cannot read the file: {error.strerror or error}")
        raise LoadError([problem], os.fspath(path)) from None
