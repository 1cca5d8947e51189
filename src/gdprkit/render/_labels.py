"""French, English, German, Spanish and Italian words for the register: labels
of every id, durations, retention rules, dates and citations in plain words.

The labels themselves are data, in ``labels.json`` next to this module (and
country names in ``countries.json``, from the Unicode CLDR); this module
reads them once and builds sentences from them:

>>> from gdprkit.model import Duration, Event, LawfulBasis, RetentionRule
>>> label(LawfulBasis.CONTRACT, "fr")
'Exécution d’un contrat ou de mesures précontractuelles'
>>> retention_text(RetentionRule(duration=Duration.parse("P3Y"), start=Event.LAST_CONTACT), "fr")
'3 ans à compter du dernier contact'
>>> retention_text(RetentionRule(duration=Duration.parse("P13M"), start=Event.DEBIT), "en")
'13 months after the debit'
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any, Final, Literal, TypeVar, get_args

from gdprkit.model import (
    Duration,
    EndAction,
    Event,
    ProcessingActivity,
    Register,
    RetentionRule,
    Role,
    SecurityCategory,
    SourceKind,
    codes,
)


__all__ = [
    "LANGUAGES",
    "RECORD_WORDS",
    "Language",
    "all_enums",
    "check_lang",
    "citation_text",
    "citation_words",
    "citations_text",
    "country_name",
    "date_text",
    "duration_text",
    "event_from",
    "event_until",
    "label",
    "not_specified",
    "parse_country",
    "parse_label",
    "record_roles",
    "retention_text",
    "right_explanation",
    "security_type",
    "source_label",
    "start_from",
]

Language = Literal["fr", "en", "de", "es", "it"]
"""A language gdprkit writes in (ISO 639-1)."""

LANGUAGES: Final[tuple[Language, ...]] = get_args(Language)
"""The languages every label exists in."""

_E = TypeVar("_E", bound=enum.Enum)


def check_lang(lang: str, languages: tuple[str, ...] = LANGUAGES) -> str:
    """Return *lang* if it is one of *languages* (:data:`LANGUAGES` by default).

    Raises:
        ValueError: for any other language.
    """
    if lang not in languages:
        msg = f"unsupported language {lang!r}: choose one of {', '.join(languages)}"
        raise ValueError(msg)
    return lang


def all_enums() -> tuple[type[enum.Enum], ...]:
    """Every closed set that has labels: the enums of :mod:`gdprkit.model.codes`
    and the severities of findings."""
    from gdprkit.rules.findings import Severity

    model: tuple[type[enum.Enum], ...] = tuple(getattr(codes, name) for name in codes.__all__)
    return (*model, Severity)


@functools.cache
def _data() -> dict[str, Any]:
    text = resources.files("gdprkit.render").joinpath("labels.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@functools.cache
def _countries() -> dict[str, dict[str, str]]:
    text = resources.files("gdprkit.render").joinpath("countries.json").read_text(encoding="utf-8")
    names: dict[str, dict[str, str]] = json.loads(text)["names"]
    return names


def label(member: enum.Enum, lang: str) -> str:
    """The label of *member* (a lawful basis, a right, an event…) in *lang*.

    Raises:
        ValueError: for an unsupported language.
        KeyError: for a member that has no label (a test keeps this from
            happening for gdprkit's own enums).
    """
    check_lang(lang)
    text: str = _data()["labels"][type(member).__name__][member.value][lang]
    return text


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("\u00a0", " ")
    return " ".join(text.split()).casefold()


@functools.cache
def _reverse(cls: type[enum.Enum]) -> Mapping[str, enum.Enum]:
    table: dict[str, enum.Enum] = {}
    for member in cls:
        table[_normalise(str(member.value))] = member
        for lang in LANGUAGES:
            table.setdefault(_normalise(label(member, lang)), member)
    return table


def parse_label(cls: type[_E], text: str) -> _E | None:
    """The member of *cls* whose id or label in any language is *text*
    (ignoring case, spacing and the kind of apostrophe); ``None`` if none."""
    found = _reverse(cls).get(_normalise(text))
    return found if isinstance(found, cls) else None


def country_name(code: str, lang: str) -> str:
    """The name of the country *code* in *lang* (the code itself if unknown)."""
    check_lang(lang)
    entry = _countries().get(code)
    return entry[lang] if entry else code


@functools.cache
def _country_reverse() -> Mapping[str, str]:
    table: dict[str, str] = {}
    for code, names in _countries().items():
        table.setdefault(_normalise(code), code)
        for name in names.values():
            table.setdefault(_normalise(name), code)
    return table


def parse_country(text: str) -> str | None:
    """The country code named by *text* (a code or its name in any language)."""
    return _country_reverse().get(_normalise(text))


def security_type(category: SecurityCategory) -> str | None:
    """``technical`` or ``organisational``, the split of the CNIL template;
    ``None`` for *other*."""
    kind: str | None = _data()["security_types"][category.value]
    return kind


def record_roles(register: Register) -> tuple[Role, ...]:
    """The capacities in which the organisation keeps its record: controller
    (Art. 30(1)) unless every activity is kept as processor, processor
    (Art. 30(2)) if one is — a joint controller keeps the controller's."""
    as_processor = {a.role is Role.PROCESSOR for a in register.activities} or {False}
    return tuple(
        role
        for role in (Role.CONTROLLER, Role.PROCESSOR)
        if (role is Role.PROCESSOR) in as_processor
    )


def source_label(kind: SourceKind, activity: ProcessingActivity, lang: str) -> str:
    """The label of a source of *activity*: for an activity kept as processor,
    data from « the controller » are those the controller it acts for
    provides, not data the organisation produces itself."""
    if kind is SourceKind.CONTROLLER and activity.role is Role.PROCESSOR:
        text: str = _data()["served_sources"][kind.value][check_lang(lang)]
        return text
    return label(kind, lang)


def right_explanation(right: codes.Right, lang: str) -> str:
    """What the right lets the person do, in plain words."""
    check_lang(lang)
    text: str = _data()["right_explanations"][right.value][lang]
    return text


_NOT_SPECIFIED: dict[str, dict[tuple[bool, bool], str]] = {
    "en": dict.fromkeys(
        ((False, False), (True, False), (False, True), (True, True)), "not specified"
    ),
    "de": dict.fromkeys(
        ((False, False), (True, False), (False, True), (True, True)), "nicht angegeben"
    ),
    "es": {
        (False, False): "no especificado",
        (True, False): "no especificada",
        (False, True): "no especificados",
        (True, True): "no especificadas",
    },
    "it": {
        (False, False): "non indicato",
        (True, False): "non indicata",
        (False, True): "non indicati",
        (True, True): "non indicate",
    },
    "fr": {
        (False, False): "non précisé",
        (True, False): "non précisée",
        (False, True): "non précisés",
        (True, True): "non précisées",
    },
}


RECORD_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "organisation": "Organisation",
        "controller": "Controller",
        "trade_name": "Trade name",
        "identifiers": "Identifiers",
        "address": "Address",
        "email": "E-mail",
        "phone": "Telephone",
        "url": "Website",
        "country": "Country",
        "headcount": "Headcount",
        "authority": "Supervisory authority",
        "notes": "Notes",
        "external": "External DPO",
        "designated": "Designated on",
        "dpo_reference": "Designation number",
        "security": "Security measures",
        "description": "Description",
        "arrangement": "arrangement",
        "tia": "transfer impact assessment",
        "decisions": "Automated decisions (Art. 22)",
        "subprocessor_authorisation": "Authorisation of sub-processors (Art. 28(2))",
        "colon": ": ",
    },
    "fr": {
        "organisation": "Organisme",
        "controller": "Responsable du traitement",
        "trade_name": "Nom commercial",
        "identifiers": "Identifiants",
        "address": "Adresse",
        "email": "Courriel",
        "phone": "Téléphone",
        "url": "Site web",
        "country": "Pays",
        "headcount": "Effectif",
        "authority": "Autorité de contrôle",
        "notes": "Notes",
        "external": "DPO externe",
        "designated": "Désigné le",
        "dpo_reference": "Numéro de désignation",
        "security": "Mesures de sécurité",
        "description": "Description",
        "arrangement": "accord",
        "tia": "analyse d’impact du transfert",
        "decisions": "Décisions automatisées (art. 22)",
        "subprocessor_authorisation": "Autorisation des sous-traitants ultérieurs (art. 28(2))",
        "colon": " : ",
    },
}
"""Words the review report and the register document share, by language: the
items of the record both show under the same name."""


def not_specified(lang: str, *, feminine: bool = False, plural: bool = False) -> str:
    """The words a renderer writes where the register leaves a gap, agreed in
    gender and number in French (``non précisée``); *feminine* and *plural*
    are those of the French noun (Spanish and Italian agree with it as
    gdprkit uses them)."""
    return _NOT_SPECIFIED[check_lang(lang)][(feminine, plural)]


# Durations -----------------------------------------------------------------

_UNITS = {
    "fr": (("an", "ans"), ("mois", "mois"), ("semaine", "semaines"), ("jour", "jours")),
    "en": (("year", "years"), ("month", "months"), ("week", "weeks"), ("day", "days")),
    "de": (("Jahr", "Jahre"), ("Monat", "Monate"), ("Woche", "Wochen"), ("Tag", "Tage")),
    "es": (("año", "años"), ("mes", "meses"), ("semana", "semanas"), ("día", "días")),
    "it": (("anno", "anni"), ("mese", "mesi"), ("settimana", "settimane"), ("giorno", "giorni")),
}
_AND = {"fr": "et", "en": "and", "de": "und", "es": "y", "it": "e"}


def _plural(n: int, lang: str) -> bool:
    # French: 0 and 1 take the singular (« 0 jour », « 1 an »); the others: only 1.
    return n >= 2 if lang == "fr" else n != 1


def _count(n: int, forms: tuple[str, str], lang: str) -> str:
    return f"{n} {forms[1] if _plural(n, lang) else forms[0]}"


def _join(parts: list[str], lang: str) -> str:
    if len(parts) == 1:
        return parts[0]
    return f"{', '.join(parts[:-1])} {_AND[lang]} {parts[-1]}"


def duration_text(duration: Duration, lang: str) -> str:
    """A duration in words: ``3 ans``, ``1 an et 6 mois``, ``13 months``.

    Components are kept as written (``P18M`` is « 18 mois », not « 1 an et
    6 mois »); a zero duration is « 0 jour » / "0 days".
    """
    units = _UNITS[check_lang(lang)]
    values = (duration.years, duration.months, duration.weeks, duration.days)
    parts = [_count(n, forms, lang) for n, forms in zip(values, units, strict=True) if n]
    if not parts:
        return _count(0, units[3], lang)
    return _join(parts, lang)


# Events ----------------------------------------------------------------------

_FR_ARTICLES = (("le ", "du ", "au "), ("les ", "des ", "aux "))
_VOWELS = "aâàäeéèêëiîïoôöuùûüyœæ"  # no h: "de huit", not "d’huit"


def _fr_with(preposition: str, phrase: str) -> str:
    """« de » or « à » before a French noun phrase, with contraction and
    elision: de + le dernier contact → du dernier contact; à + l’opposition
    → à l’opposition; de + une demande → d’une demande."""
    for article, with_de, with_a in _FR_ARTICLES:
        if phrase.startswith(article):
            return (with_de if preposition == "de" else with_a) + phrase[len(article) :]
    if (
        preposition == "de"
        and phrase[:1].lower() in _VOWELS
        and not phrase.startswith(("l’", "l'"))
    ):
        return "d’" + phrase
    return f"{preposition} {phrase}"


def _event(event: Event, lang: str) -> dict[str, str]:
    entry: dict[str, str] = _data()["event_phrases"][event.value][check_lang(lang)]
    return entry


def event_from(event: Event, lang: str) -> str:
    """The event a duration is counted from: « à compter du dernier
    contact », « après le débit », "from the last contact", „ab dem letzten
    Kontakt“."""
    entry = _event(event, lang)
    if "after" in entry:
        return entry["after"]
    phrase = entry["phrase"]
    if "from" in entry:
        return f"{entry['from']} {phrase}"
    if lang == "fr":
        return "à compter " + _fr_with("de", phrase)
    return f"from {phrase}"


def event_until(event: Event, lang: str) -> str:
    """Until the event: « jusqu’à la fin du contrat », « jusqu’au dernier
    achat », "until the end of the contract"."""
    entry = _event(event, lang)
    if "until" in entry:
        return entry["until"]
    phrase = entry["phrase"]
    if lang == "fr":
        return "jusqu’" + _fr_with("à", phrase)
    return f"until {phrase}"


_FROM_DESCRIBED = {
    "en": "from “{}”",
    "de": "ab „{}“",
    "es": "a partir de «{}»",
    "it": "a partire da «{}»",
}
"""A start the register describes in its own words, which only French reads
as a phrase (the register's description is a French noun phrase, or the
notice is a translation); other languages quote it."""


def start_from(rule: RetentionRule, lang: str) -> str | None:
    """The start of a retention's duration in words: a listed event
    (:func:`event_from`) or the register's description of another one, « à
    compter de la fin de l’autorisation de mise sur le marché »; ``None``
    without a start."""
    described = rule.described_start
    if described is not None:
        if check_lang(lang) == "fr":
            return "à compter " + _fr_with("de", described)
        return _FROM_DESCRIBED[lang].format(described)
    return event_from(rule.start, lang) if rule.start is not None else None


# Retention -------------------------------------------------------------------


def _active(rule: RetentionRule, lang: str) -> str | None:
    period = None
    if rule.duration is not None:
        period = duration_text(rule.duration, lang)
        start = start_from(rule, lang)
        if start is not None:
            period = f"{period} {start}"
    if rule.until is None:
        return period
    until = event_until(rule.until, lang)
    if period is None:
        return until
    return f"{until}, {_AT_MOST[lang]} {period}"


_BY_LAW = {
    "fr": "la durée fixée par la loi",
    "en": "the period set by law",
    "de": "die gesetzlich festgelegte Frist",
    "es": "el plazo fijado por la ley",
    "it": "il periodo stabilito dalla legge",
}
"""A period set by a law whose figure the register does not give, before the law's reference."""
_AT_MOST = {
    "fr": "dans la limite de",
    "en": "at most",
    "de": "höchstens",
    "es": "como máximo",
    "it": "al massimo",
}
_ARCHIVE = {
    "fr": (
        "puis archivage intermédiaire de {}",
        "puis archivage intermédiaire d’une durée non précisée",
    ),
    "en": (
        "then an intermediate archive of {}",
        "then an intermediate archive of unspecified length",
    ),
    "de": (
        "anschließend Archivierung mit eingeschränktem Zugriff für {}",
        "anschließend Archivierung mit eingeschränktem Zugriff von nicht angegebener Dauer",
    ),
    "es": (
        "seguido de un periodo de bloqueo de {}",
        "seguido de un periodo de bloqueo de duración no especificada",
    ),
    "it": (
        "quindi conservazione in archivio ad accesso limitato per {}",
        "quindi conservazione in archivio ad accesso limitato per un periodo non indicato",
    ),
}


def _archive(length: Duration | None, lang: str) -> str:
    known, unknown = _ARCHIVE[lang]
    if length is None:  # the source does not say how long the archive lasts
        return unknown
    return known.format(duration_text(length, lang))


def retention_text(rule: RetentionRule | None, lang: str) -> str:
    """A retention rule in plain words.

    * ``3 ans à compter du dernier contact``; ``13 months after the debit``;
    * ``jusqu’à la fin du contrat, puis archivage intermédiaire de 10 ans
      (Code de commerce L123-22)``;
    * ``jusqu’à la fin du contrat, dans la limite de 3 ans à compter de la
      collecte``;
    * an archive whose duration is not stated says so, followed by its ground
      as the register words it: ``jusqu’à la fin du contrat, puis archivage
      intermédiaire d’une durée non précisée (délais de prescription
      applicables)``, "until the end of the contract, then an intermediate
      archive of unspecified length (…)";
    * a period set by law without its figure gives its ``statement`` (or
      « la durée fixée par la loi ») and the law: « pendant la durée de la
      garantie légale (Code de la consommation L217-3) »;
    * an unbounded rule gives its ``statement`` verbatim (« aussi longtemps
      que nécessaire »), or « non précisée » when there is none; so does a
      missing rule.  Nothing is invented.

    The rule's ``legal_reference`` follows the period in brackets; deletion
    at the end goes without saying, anonymisation and return to the
    controller are written.
    """
    check_lang(lang)
    if rule is None:
        return not_specified(lang, feminine=True)
    active = _active(rule, lang)
    if active is None and rule.set_by_law:
        active = f"{rule.statement or _BY_LAW[lang]} ({rule.legal_reference})"
    elif active is None:
        active = rule.statement if rule.statement else not_specified(lang, feminine=True)
    elif rule.legal_reference:
        active = f"{active} ({rule.legal_reference})"
    parts = [active]
    if rule.archive is not None:
        archive = _archive(rule.archive.duration, lang)
        if rule.archive.legal_ground:
            archive = f"{archive} ({rule.archive.legal_ground})"
        parts.append(archive)
    after: str = _data()["end_action_phrases"][rule.end_action.value][lang]
    if rule.end_action is not EndAction.DELETE and after:
        parts.append(after)
    return ", ".join(parts)


# Dates and citations -----------------------------------------------------------

_FR_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
_EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


_DE_MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)
_ES_MONTHS = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)
_IT_MONTHS = (
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
)


def date_text(day: dt.date, lang: str) -> str:
    """A date in words: « 1er février 2020 », "1 February 2020", „1. Februar
    2020“, « 1 de febrero de 2020 », « 1º febbraio 2020 »."""
    lang = check_lang(lang)
    month = day.month - 1
    if lang == "fr":
        first = "1er" if day.day == 1 else str(day.day)
        return f"{first} {_FR_MONTHS[month]} {day.year}"
    if lang == "de":
        return f"{day.day}. {_DE_MONTHS[month]} {day.year}"
    if lang == "es":
        return f"{day.day} de {_ES_MONTHS[month]} de {day.year}"
    if lang == "it":
        first = "1º" if day.day == 1 else str(day.day)
        return f"{first} {_IT_MONTHS[month]} {day.year}"
    return f"{day.day} {_EN_MONTHS[month]} {day.year}"


_INSTRUMENT = re.compile(r"^(GDPR Art\. |LIL art\. )(.+)$")
_NAMED = {
    "fr": {"GDPR Art. ": "RGPD, art. ", "LIL art. ": "loi Informatique et Libertés, art. "},
    "en": {"GDPR Art. ": "GDPR Art. ", "LIL art. ": "French Data Protection Act, art. "},
}
"""How the reports and the register document name each instrument gdprkit cites."""
_BETWEEN = {"fr": " ; ", "en": "; "}


def _style(lang: str) -> str:
    """The citation style of *lang*: English, or French for every other
    language (the reports and the register document are in one of the two)."""
    return "en" if check_lang(lang) == "en" else "fr"


def _provision(provision: str, style: str) -> str:
    return (
        provision.replace(" second subparagraph", ", second alinéa") if style == "fr" else provision
    )


def citation_text(citation: str, lang: str) -> str:
    """A citation as gdprkit writes it (``GDPR Art. 6(1)(b)``, ``LIL art. 85``)
    in the reader's language: « RGPD, art. 6(1)(b) », « loi Informatique et
    Libertés, art. 85 »; other citations are kept as they are."""
    style = _style(lang)
    found = _INSTRUMENT.match(citation)
    if found is None:
        return citation
    return _NAMED[style][found.group(1)] + _provision(found.group(2), style)


def citations_text(citations: Sequence[str], lang: str) -> str:
    """Citations as :func:`citation_text` writes them, each instrument named
    once before its provisions, in the order the instruments first come:
    « RGPD, art. 44, 45(1) et 49(1) ; loi Informatique et Libertés, art. 85 »,
    "GDPR Art. 44, 45(1) and 49(1)"; other citations are kept as they are.

    >>> citations_text(("GDPR Art. 9(1)", "GDPR Art. 9(2)", "LIL art. 85"), "fr")
    'RGPD, art. 9(1) et 9(2) ; loi Informatique et Libertés, art. 85'
    """
    style = _style(lang)
    groups: dict[str, list[str]] = {}
    for citation in citations:
        found = _INSTRUMENT.match(citation)
        if found is None:
            groups.setdefault(citation, [])
        else:
            groups.setdefault(found.group(1), []).append(_provision(found.group(2), style))
    texts: list[str] = []
    for head, provisions in groups.items():
        if not provisions:  # a citation gdprkit does not know the form of
            texts.append(head)
            continue
        texts.append(_NAMED[style][head] + _join(provisions, style))
    return _BETWEEN[style].join(texts)


_PROVISION = re.compile(
    r"^(?:GDPR Art\. (?P<gdpr>\d+)|LIL art\. (?P<lil>\d+))"
    r"(?:\((?P<paragraph>\d+)\))?(?:\((?P<point>[a-z])\))?(?P<second> second subparagraph)?$"
)
_CITE: dict[str, dict[str, str]] = {
    # {a} article, {p} paragraph, {l} point (letter), the law at the end.
    "fr": {
        "article": "article {a}",
        "paragraph": ", paragraphe {p}",
        "point": ", point {l})",
        "second": ", second alinéa",
        "gdpr": " du RGPD",
        "gdpr_after_point": ", du RGPD",
        "lil": " de la loi Informatique et Libertés",
    },
    "en": {
        "article": "Article {a}",
        "paragraph": "({p})",
        "point": "({l})",
        "second": ", second subparagraph,",
        "gdpr": " GDPR",
        "gdpr_after_point": " GDPR",
        "lil": " of the French Data Protection Act",
    },
    "de": {
        "article": "Art. {a}",
        "paragraph": " Abs. {p}",
        "point": " lit. {l}",
        "second": " UAbs. 2",
        "gdpr": " DSGVO",
        "gdpr_after_point": " DSGVO",
        "lil": " des französischen Datenschutzgesetzes",
    },
    "es": {
        "article": "artículo {a}",
        "paragraph": ", apartado {p}",
        "point": ", letra {l})",
        "second": ", párrafo segundo",
        "gdpr": " del RGPD",
        "gdpr_after_point": ", del RGPD",
        "lil": " de la Ley francesa de Informática y Libertades",
    },
    "it": {
        "article": "articolo {a}",
        "paragraph": ", paragrafo {p}",
        "point": ", lettera {l})",
        "second": ", secondo comma",
        "gdpr": " del RGPD",
        "gdpr_after_point": ", del RGPD",
        "lil": " della legge francese Informatique et Libertés",
    },
}


@functools.lru_cache(maxsize=512)
def citation_words(citation: str, lang: str) -> str:
    """A citation as gdprkit writes it (``GDPR Art. 6(1)(f)``, ``LIL art. 85``)
    in the citation style of *lang*'s legal writing, for texts addressed to
    the public: « article 6, paragraphe 1, point f) du RGPD », "Article
    6(1)(f) GDPR", „Art. 6 Abs. 1 lit. f DSGVO“, « artículo 6, apartado 1,
    letra f), del RGPD », « articolo 6, paragrafo 1, lettera f), del RGPD »;
    other citations are kept as they are.

    >>> citation_words("GDPR Art. 6(1)(f)", "fr")
    'article 6, paragraphe 1, point f) du RGPD'
    >>> citation_words("LIL art. 85", "de")
    'Art. 85 des französischen Datenschutzgesetzes'
    """
    words = _CITE[check_lang(lang)]
    found = _PROVISION.match(citation)
    if found is None:
        return citation
    text = words["article"].format(a=found["gdpr"] or found["lil"])
    if found["paragraph"]:
        text += words["paragraph"].format(p=found["paragraph"])
    if found["point"]:
        text += words["point"].format(l=found["point"])
    if found["second"]:
        text += words["second"]
    if found["lil"]:
        return text + words["lil"]
    # A comma closes the subdivisions before the law's name in Spanish and
    # Italian (« apartado 1, letra f), del RGPD »); in French only after an
    # alinéa (« point f) du RGPD », « second alinéa, du RGPD »).
    detailed = found["second"] if lang == "fr" else found["paragraph"]
    return text + words["gdpr_after_point" if detailed else "gdpr"]
