"""Technical and organisational security measures (GDPR Art. 30(1)(g), 32(1))."""

import attrs

from gdprkit.model.codes import SecurityCategory
from gdprkit.model.extensions import Extensible


__all__ = ["SecurityMeasure"]


@attrs.frozen(kw_only=True, repr=False, eq=False)
class SecurityMeasure(Extensible):
    """One security measure.

    Attributes:
        category: The kind of measure (access control, encryption, …).
        description: What is done.
        note: Internal note for the register's authors (source, reasoning,
            corrections); never printed in a notice.
    """

    category: SecurityCategory
    description: str | None = None
    note: str | None = None
