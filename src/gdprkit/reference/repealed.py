"""Texts that stopped having effect when the GDPR began to apply.

``repealed.json`` lists the EU texts (Directive 95/46/EC, repealed by GDPR
Art. 94); ``cnil_france.json`` (``pre_gdpr_formalities``) the French
formalities that ended the same day (CNIL declarations, normes simplifiées,
the loi Informatique et Libertés as amended in 2004).  Each text has a label,
as findings name it, and a pattern that recognises it in a register's text.

>>> repealed().cited_in("Traitement conforme à la directive 95/46/CE").label
'Directive 95/46/EC'
>>> repealed().cited_in("Règlement (UE) 2016/679 abrogeant la directive 95/46/CE") is None
True
"""

from __future__ import annotations

import datetime as dt
import functools
import re

import attrs

from gdprkit._fields import FieldMethods
from gdprkit.reference._reader import Reader, Regex, Status, read


__all__ = ["RepealedText", "RepealedTexts", "read_repealed", "repealed"]


@attrs.frozen(kw_only=True, repr=False, eq=False)
class RepealedText(FieldMethods):
    """One text without effect, and how to recognise it.

    Attributes:
        label: What it is, as a finding names it.
        pattern: Recognises it in a register's text (case-insensitive).
        hints: Literal lower-case pieces one of which a text contains
            whenever the pattern matches: a fast guard before the pattern.
        unless: Recognises a mention that is not a reliance on it (the
            GDPR's own title, which names the Directive it repeals).
    """

    label: str
    pattern: Regex
    hints: tuple[str, ...]
    unless: Regex | None = None

    def relied_on_in(self, text: str, lower: str | None = None) -> bool:
        """Whether *text* relies on this text (*lower*: the text in lower case,
        if the caller has it)."""
        low = text.lower() if lower is None else lower
        if not any(hint in low for hint in self.hints):
            return False
        return self.pattern.search(text) is not None and (
            self.unless is None or self.unless.search(text) is None
        )


@attrs.frozen(kw_only=True, repr=False, eq=False)
class RepealedTexts(FieldMethods):
    """Texts that ceased to have effect on one date.

    Attributes:
        texts: The texts, in file order.
        since: The day they ceased to have effect (25 May 2018).
        source: What ended them (``GDPR Art. 94``).
        status: How the fact was checked.
        checked: When it was last checked.
    """

    texts: tuple[RepealedText, ...]
    since: dt.date
    source: str
    status: Status
    checked: dt.date

    def cited_in(self, text: str) -> RepealedText | None:
        """The first of these texts that *text* refers to, if any."""
        lower = text.lower()
        return next((t for t in self.texts if t.relied_on_in(text, lower)), None)


def read_repealed(entry: Reader) -> RepealedTexts:
    """Repealed texts from a data-file object with ``texts``, ``since``,
    ``source``, ``status`` and ``checked``."""
    texts = []
    for item in entry.children("texts"):
        texts.append(
            RepealedText(
                label=item.text("label"),
                pattern=item.pattern("pattern", re.IGNORECASE),
                hints=item.texts("hints"),
                unless=item.pattern("unless", re.IGNORECASE) if "unless" in item.data else None,
            )
        )
    return RepealedTexts(
        texts=tuple(texts),
        since=entry.date("since"),
        source=entry.text("source"),
        status=entry.status(),
        checked=entry.date("checked"),
    )


@functools.cache
def repealed() -> RepealedTexts:
    """The EU data-protection texts the GDPR repealed (Directive 95/46/EC)."""
    return read_repealed(read("repealed.json"))
