"""Exchange with Fides: read a Fides systems manifest into a register, write a
register as one.

Fides describes *systems* and, in each, *privacy declarations*: a data use
(what for), data categories, data subjects, the lawful basis, retention, who
the data are shared with.  The mapping follows the fideslang release named by
:data:`FIDESLANG_RELEASE` (its ``System``, ``PrivacyDeclaration`` and
``Organization`` models and its default taxonomy); the taxonomy and every
code mapping are data, in ``mapping.json`` in this package.

* **Import** (:func:`import_fides`): each privacy declaration becomes a
  processing activity with one purpose, so that the lawful basis, the Art. 9(2)
  condition and the retention stay with the purpose they belong to.  Every key
  of the manifest that has no place in a register is reported, with its path,
  so that nothing is dropped silently; the register is then checked by
  gdprkit's rules like any other.
* **Export** (:func:`export_fides`): each activity becomes a system, each of
  its purposes a privacy declaration.  What a Fides manifest cannot hold is
  reported (a second lawful basis, a transfer's destination, rights, …).

Elements imported from Fides keep their key in their description
(``Fides: user.contact.email``); the export reads it back, so a manifest that
goes through a register comes back with the same keys.

YAML is read and written with PyYAML, an optional extra:
``pip install 'gdprkit[fides]'`` from a checkout or a wheel.
"""

from __future__ import annotations

from types import ModuleType

from gdprkit.model import Register
from gdprkit.render import optional_library
from gdprkit.render.fides._common import FIDESLANG_RELEASE
from gdprkit.render.fides._reader import Reader, one_line
from gdprkit.render.fides._writer import Writer
from gdprkit.serialization import LoadError, Problem, from_dict


__all__ = ["FIDESLANG_RELEASE", "export_fides", "import_fides"]


def _yaml() -> ModuleType:
    yaml: ModuleType = optional_library(
        "pyyaml", "fides", "yaml", purpose="to read and write Fides manifests"
    )
    return yaml


# -- import ---------------------------------------------------------------------------------


def import_fides(
    data: str | bytes, *, source: str = "<string>"
) -> tuple[Register, tuple[str, ...]]:
    """Read a Fides manifest (YAML with a ``system:`` list) into a register.

    Args:
        data: The manifest's text.
        source: Its file name, for messages.

    Returns:
        The register, and one note per key of the manifest that could not be
        mapped (``system[0].vendor_id: not mapped …``) or per assumption made
        (``SCCs`` read as the 2021 clauses).

    Raises:
        LoadError: listing every problem: not YAML, no ``system`` list, a
            required key missing, a value of the wrong type or outside
            fideslang's enumerations, no controller to name.
        MissingDependency: when PyYAML is not installed.
    """
    yaml = _yaml()
    try:
        document = yaml.safe_load(data)
    except yaml.YAMLError as error:
        raise LoadError(
            [Problem("", f"not a YAML document: {one_line(str(error))}")], source
        ) from None
    reader = Reader()
    register = reader.read(document)
    if reader.problems or register is None:
        raise LoadError(reader.problems, source)
    return from_dict({"schema_version": 1, **register}, source=source), tuple(reader.notes)


# -- export ---------------------------------------------------------------------------------


def export_fides(register: Register) -> tuple[str, tuple[str, ...]]:
    """Write *register* as a Fides manifest (YAML): an ``organization`` with
    the controller, DPO and representative, and one ``system`` per activity
    with one privacy declaration per purpose.

    Returns:
        The manifest's text, and one note per thing a Fides manifest cannot
        hold (``activities[0].transfers[0]: destination US not kept …``).

    Raises:
        MissingDependency: when PyYAML is not installed.
    """
    yaml = _yaml()
    writer = Writer(register)
    document = writer.document()
    text: str = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    return text, tuple(dict.fromkeys(writer.notes))
