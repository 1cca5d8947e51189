"""The example registers shipped with gdprkit, and the starter register.

The examples were written from the published privacy policies of the
companies they name, flaws included, to show what validation finds.  They live
in ``examples/registers/`` in the source repository and inside the installed
package (``gdprkit/example_registers/`` in the wheel); :func:`example_path`
finds them in either place, so the same code works from a checkout, an
editable install and an installed wheel.

:func:`starter_text` is the register ``gdprkit init`` writes: one activity, a
placeholder organisation, and no finding under the ``gdpr`` and ``cnil``
profiles.
"""

from __future__ import annotations

from pathlib import Path

from gdprkit.model import Register
from gdprkit.serialization import load


__all__ = ["example_names", "example_path", "load_example", "starter_text"]

_HERE = Path(__file__).resolve().parent
_INSTALLED = _HERE / "example_registers"  # inside a wheel
_CHECKOUT = _HERE.parent.parent / "examples" / "registers"  # src/gdprkit -> examples/registers
_STARTER = _HERE / "templates" / "starter.json"


def _directory() -> Path:
    for directory in (_INSTALLED, _CHECKOUT):
        if directory.is_dir():
            return directory
    msg = "the example registers are missing from this installation of gdprkit"  # pragma: no cover
    raise FileNotFoundError(msg)  # pragma: no cover


def example_names() -> tuple[str, ...]:
    """The names of the example registers, sorted (``offisante``, ``cooper``...)."""
    return tuple(sorted(p.stem for p in _directory().glob("*.json")))


def example_path(name: str) -> Path:
    """The file of the example register *name*.

    Raises:
        ValueError: when there is no example of that name (the message lists them).
    """
    path = _directory() / f"{name}.json"
    if name not in example_names():
        known = ", ".join(example_names())
        msg = f"no example register named {name!r} (known: {known})"
        raise ValueError(msg)
    return path


def load_example(name: str) -> Register:
    """The example register *name*, loaded."""
    return load(example_path(name))


def starter_text() -> str:
    """The JSON text of the starter register written by ``gdprkit init``."""
    return _STARTER.read_text(encoding="utf-8")
