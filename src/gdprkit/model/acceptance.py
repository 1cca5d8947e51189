"""Findings the organisation has assessed and accepts, recorded in the register.

A DPO who has assessed a risk records the finding as accepted: which rule,
which element, why, who decided and until when.  Validation then reports the
finding as accepted instead of failing on it (see :mod:`gdprkit.acceptance`).
"""

import datetime as dt

import attrs

from gdprkit.model.extensions import Extensible


__all__ = ["AcceptedFinding"]


@attrs.frozen(kw_only=True, repr=False, eq=False)
class AcceptedFinding(Extensible):
    """One finding accepted after assessment.

    The element is named by the id of its activity and its path inside the
    activity (``transfers[0]``), so that the acceptance follows the activity
    when activities are added, removed or reordered; for an element outside
    any activity, ``activity`` is not set and ``path`` is the finding's path
    in the register (empty for the register itself).

    Attributes:
        rule: The rule's code, e.g. ``GDPR301``.
        activity: The id of the activity the finding is about, if any.
        path: The element's path: inside the activity when ``activity`` is
            set, else in the register.
        justification: Why the finding is accepted: the assessment made.
        decided_by: Who decided (a name, a role).
        until: The last day the acceptance holds; it lapses after it.
        fingerprint: The fingerprint of the element's content when it was
            accepted (written by ``gdprkit baseline``); when set, the
            acceptance lapses as soon as the element changes.
    """

    rule: str
    activity: str | None = None
    path: str = ""
    justification: str
    decided_by: str
    until: dt.date | None = None
    fingerprint: str | None = None
