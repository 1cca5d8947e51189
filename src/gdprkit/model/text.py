"""Translations of the register's free text, for notices in other languages
(GDPR Art. 12(1): information in clear and plain language)."""

import attrs

from gdprkit._fields import FieldMethods


__all__ = ["Translation"]


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Translation(FieldMethods):
    """One text of the register and its wording in other languages.

    A text written once in the register (an activity's name, a purpose, a
    recipient…) is translated once, wherever it occurs: the notice in
    language *L* shows the *L* wording of every text that has one.

    Attributes:
        text: The text exactly as the register writes it.
        fr: In French.
        en: In English.
        de: In German.
        es: In Spanish.
        it: In Italian.
    """

    text: str
    fr: str | None = None
    en: str | None = None
    de: str | None = None
    es: str | None = None
    it: str | None = None

    def get(self, lang: str) -> str | None:
        """The wording in *lang* (``fr``, ``en``, ``de``, ``es``, ``it``), if given."""
        found: str | None = getattr(self, lang, None) if lang in _LANGS else None
        return found


_LANGS = frozenset(f.name for f in attrs.fields(Translation) if f.name != "text")
