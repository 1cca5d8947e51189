"""Outputs people read: findings, the privacy notice, the register spreadsheet and report.

Renderers that need a third-party library import it lazily and raise
:class:`MissingDependency` naming the extra to install when it is absent.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any


__all__ = ["MissingDependency"]


class MissingDependency(ImportError):
    """An optional library needed by a renderer is not installed.

    The message names the library to install and the gdprkit extra that provides it.

    Attributes:
        extra: The name of the gdprkit extra to install.
        package: The missing distribution, e.g. ``openpyxl``.
    """

    def __init__(self, package: str, extra: str, *, purpose: str | None = None) -> None:
        self.package = package
        self.extra = extra
        what = f" {purpose}" if purpose else ""
        super().__init__(
            f"{package} is needed{what}; install it with: python -m pip install {package} "
            f"(or gdprkit's '{extra}' extra)",
            name=package,
        )


def optional_library(package: str, extra: str, *modules: str, purpose: str | None = None) -> Any:
    """The top-level package of *modules*, each of them imported: a renderer's
    optional library, imported on first use.  Raises :class:`MissingDependency`
    naming the distribution *package* and gdprkit's *extra* (and the *purpose*)
    when one of them cannot be imported."""
    try:
        for name in modules:
            importlib.import_module(name)
    except ImportError as error:
        raise MissingDependency(package, extra, purpose=purpose) from error
    return sys.modules[modules[0].partition(".")[0]]
