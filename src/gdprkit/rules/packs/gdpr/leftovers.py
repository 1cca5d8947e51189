"""GDPR710, the register's legal frame: texts the GDPR repealed.

A register that still gives Directive 95/46/EC as its legal frame has not
been brought up to date since 25 May 2018.  National leftovers (the CNIL's
declarations and normes simplifiées) are the national profiles' (CNIL502).
"""

from __future__ import annotations

from collections.abc import Iterator

from gdprkit.model import Register
from gdprkit.reference.repealed import repealed
from gdprkit.rules._rule import Context, Violation, rule, violation
from gdprkit.rules._text import texts_citing


__all__: list[str] = []

_REPEALED = repealed()


@rule(
    code="GDPR710",
    name="repealed-legal-frame",
    title="The register does not rely on texts the GDPR repealed",
    severity="warning",
    articles=tuple(_REPEALED.source.split("; ")),
    rationale=(
        f"The GDPR repealed Directive 95/46/EC with effect from "
        f"{_REPEALED.since.isoformat()} ({_REPEALED.source}).  References to the Directive "
        "are read as references to the GDPR (Art. 94(2)), so nothing is unlawful for that "
        "alone; but a register that still gives the Directive as its legal frame has likely "
        "not been reviewed since: cite the GDPR provision instead.  Every prose text of the "
        "register is looked at (descriptions, notes, legal references and grounds, "
        "statements), not names or identifiers; the same repealed text cited in several "
        "places is one finding, with every place."
    ),
    severity_reason=(
        "a repealed frame is a likely gap in upkeep (accountability, Art. 5(2)); the "
        "reference itself is read as one to the GDPR"
    ),
)
def repealed_legal_frame(register: Register, context: Context) -> Iterator[Violation]:
    """No text of the register cites Directive 95/46/EC as its legal frame."""
    for where, found in texts_citing(context, _REPEALED.cited_in):
        yield violation(
            path=where,
            message=(
                f"The register cites {found.label}, repealed by the GDPR since "
                f"{_REPEALED.since.isoformat()} (Art. 94): cite the GDPR provision that "
                "applies instead."
            ),
            defect=found.label,
        )
