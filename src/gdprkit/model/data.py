"""Categories of data subjects and of personal data, and where the data come
from (GDPR Art. 30(1)(c), 14(2)(f))."""

import attrs

from gdprkit.model.codes import DataKind, SourceKind, SubjectKind
from gdprkit.model.extensions import Extensible
from gdprkit.model.retention import RetentionRule


__all__ = ["DataCategory", "DataSource", "DataSubjectCategory"]


@attrs.frozen(kw_only=True, repr=False, eq=False)
class DataSubjectCategory(Extensible):
    """A category of people whose data are processed (GDPR Art. 30(1)(c)).

    Attributes:
        name: As the register words it ("clients pharmaciens").
        kind: The closed-set kind the rules understand.
        description: Public detail, printed in the notice.
        note: Internal note for the register's authors (source, reasoning,
            corrections); never printed in a notice.
    """

    name: str
    kind: SubjectKind = SubjectKind.OTHER
    description: str | None = None
    note: str | None = None


@attrs.frozen(kw_only=True, repr=False, eq=False)
class DataCategory(Extensible):
    """A category of personal data with its retention (GDPR Art. 30(1)(c), (f)).

    Attributes:
        name: As the register words it ("coordonnées bancaires").
        kind: Ordinary kind, Art. 9(1) special category, Art. 10 criminal data
            or Art. 87 national identification number.
        description: The data items, e.g. "nom, prénom, adresse"; public,
            printed in the notice.
        retention: How long these data are kept; ``None`` when the register
            does not say.
        legal_reference: The text authorising the processing of this category
            where one is needed: the Art. 10 authorisation for criminal data,
            the décret 2019-341 entry for the French NIR.
        required: Whether providing the data is a statutory or contractual
            requirement (Art. 13(2)(e)); ``None`` when not stated.
        if_not_provided: What follows when the person does not provide the
            data (Art. 13(2)(e): "the possible consequences of failure to
            provide such data"), for the notice.
        note: Internal note for the register's authors (source, reasoning,
            corrections); never printed in a notice.
    """

    name: str
    kind: DataKind = DataKind.OTHER
    description: str | None = None
    retention: RetentionRule | None = None
    legal_reference: str | None = None
    required: bool | None = None
    if_not_provided: str | None = None
    note: str | None = None


@attrs.frozen(kw_only=True, repr=False, eq=False)
class DataSource(Extensible):
    """Where data come from (GDPR Art. 13 when from the person, 14(2)(f) otherwise).

    Attributes:
        kind: From the data subject, observed, from a third party, …
        description: The source named, e.g. "partner pharmacies"; public,
            printed in the notice (Art. 14(2)(f)).
        note: Internal note for the register's authors (source, reasoning,
            corrections); never printed in a notice.
    """

    kind: SourceKind
    description: str | None = None
    note: str | None = None
