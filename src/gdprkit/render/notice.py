"""The privacy notice of GDPR Art. 13 and 14, rendered from a register.

:func:`render_notice` writes what a person is told when their data are
collected (Art. 13) or obtained elsewhere (Art. 14) — in French, English,
German, Spanish or Italian, as Markdown, as a self-contained HTML page or as
an HTML fragment — in the order French notices use:

1. the controller (or, for a processor, who it is and for whom it acts), its
   representative and joint controllers (GDPR Art. 13(1)(a), 26(2));
2. the DPO's contact (Art. 13(1)(b));
3. the purposes with their lawful basis, and the legitimate interest pursued
   under Art. 6(1)(f) (Art. 13(1)(c)–(d));
4. the categories of data, whether providing them is required and what
   follows if they are not, and where they come from (Art. 13(2)(e), 14(1)(d),
   14(2)(f));
5. the recipients (Art. 13(1)(e));
6. the transfers outside the EEA, their basis and where to obtain a copy of
   the safeguards (Art. 13(1)(f));
7. how long each category is kept (Art. 13(2)(a));
8. the rights that apply, for which processing, the right to object set apart
   (Art. 21(4)), the withdrawal of consent (Art. 13(2)(b)–(c));
9. the complaint to a supervisory authority with its contact details
   (Art. 13(2)(d), 77);
10. automated decisions (Art. 13(2)(f), 22).

Only public text is printed: the internal notes of the register (``notes``,
``note``, balancing tests, contract references) never are.

Draft and final
---------------
Nothing the register does not say is invented.  Where an item the law asks
for is missing, a **draft** notice (the default) marks the gap where the item
would stand (« À compléter : la base légale ») and lists every gap in a last
section, saying where it is (« dans l’activité « Paie » », « dans le
registre ») and the path of the register element to fill.  A **final** notice
refuses to render while any gap remains: :class:`NoticeIncomplete` lists
them (:func:`notice_gaps` returns them without raising).  The gaps are those
of the notice's controller activities (a processor's are its controllers'
to state); see ``docs/notice.md`` for the list.

Rights
------
A right is shown for a purpose when the register declares it (for the
activity, or for the whole register) **and** it applies to the purpose's
lawful bases (:func:`gdprkit.policy.right_applies`, the policy the rules
share): a right declared for the whole register is not shown for an
activity whose bases exclude it, and a right that applies to some purposes
only names them.  A right that applies but is not declared is a gap.
Directives after death (LIL art. 85) are shown for French registers only.

Languages
---------
The notice's own words exist in each of :data:`LANGUAGES`.  The register's
text is shown in the notice's language when the register's ``translations``
give it; otherwise, in the register's language, marked as untranslated in a
draft (and a gap: a final notice in a language must be wholly in it).  French
text follows French typography: no-break spaces before ``: ; ? !`` and inside
« », one apostrophe (’).
"""

from __future__ import annotations

import enum
import functools
import html
import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Final, Literal, cast, get_args

import attrs

from gdprkit.model import (
    Contact,
    DataCategory,
    DataKind,
    LawfulBasis,
    LegalBasis,
    ProcessingActivity,
    Purpose,
    Register,
    RetentionRule,
    Right,
    Role,
    SourceKind,
    Translation,
)
from gdprkit.policy import (
    NOT_FROM_PERSON,
    person_provides,
    right_applies,
    supervisory_authority_for,
    told_under,
)
from gdprkit.reference import is_eea
from gdprkit.render._document import (
    Block,
    Bullets,
    Code,
    Heading,
    Inline,
    Item,
    Link,
    Para,
    Reg,
    Span,
    Strong,
    contact_items,
    html_lines,
    html_list_lines,
    markdown_lines,
    markdown_list_lines,
    markdown_text,
    to_html,
)
from gdprkit.render._labels import (
    LANGUAGES,
    Language,
    check_lang,
    citation_words,
    country_name,
    date_text,
    label,
    retention_text,
    right_explanation,
)
from gdprkit.render._notice_law import (
    A13_1A,
    A13_1B,
    A13_1C,
    A13_1D,
    A13_1F,
    A13_2A,
    A13_2E,
    A13_2F,
    A14_1D,
    A14_2F,
    ASKED_RIGHTS,
    COPY_OF_SAFEGUARDS,
    RIGHT_ARTICLE,
    consents,
    rights_shown,
)
from gdprkit.render._notice_text import phrases, stop, typeset, without_full_stop
from gdprkit.rules.findings import Location, format_path, location_key


__all__ = [
    "FORMATS",
    "LANGUAGES",
    "MODES",
    "NOTICE_CSS",
    "Format",
    "Language",
    "Mode",
    "NoticeGap",
    "NoticeIncomplete",
    "notice_gaps",
    "render_notice",
    "rights_shown",
]

Format = Literal["markdown", "html"]
"""An output format of :func:`render_notice`."""
FORMATS: Final[tuple[Format, ...]] = get_args(Format)
"""The output formats of :func:`render_notice`."""

Mode = Literal["draft", "final"]
"""A draft marks the gaps; a final notice refuses to render while any remains."""
MODES: Final[tuple[Mode, ...]] = get_args(Mode)
"""The modes of :func:`render_notice`."""

NOTICE_CSS: Final = """\
.gdprkit-notice { color: #1b1b1b;
  font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.gdprkit-notice h1 { font-size: 1.8rem; line-height: 1.25; margin: 0 0 1rem; }
.gdprkit-notice h2 { font-size: 1.3rem; margin: 2rem 0 .75rem; padding-bottom: .25rem;
  border-bottom: 1px solid #d0d0d0; }
.gdprkit-notice h3 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
.gdprkit-notice ul { padding-left: 1.25rem; }
.gdprkit-notice li { margin: .3rem 0; }
.gdprkit-notice a { color: #0b57a4; }
.gdprkit-notice .updated { margin-top: 2.5rem; color: #555; font-size: .9rem; }
.gdprkit-notice .gdprkit-gap { background: #fff3bf; color: #5c3c00; font-weight: 600;
  padding: 0 .2em; }
@media print { .gdprkit-notice a { color: inherit; } }
"""
"""The notice's style sheet, scoped to ``.gdprkit-notice``: inline in a whole
page, to be served by the application for a fragment."""

_PAGE_CSS = """\
body { margin: 0; background: #fff; }
main.gdprkit-notice { max-width: 48rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
@media print { main.gdprkit-notice { max-width: none; padding: 0; } }
"""

_OBJECTIONS = (Right.OBJECTION, Right.OBJECTION_DIRECT_MARKETING)
_LISTED_ELSEWHERE = frozenset({*_OBJECTIONS, Right.WITHDRAW_CONSENT, Right.COMPLAINT})
"""Rights shown in their own subsection or section, not in the list of rights."""
_NAMED: Final = 3
"""The activities a line of the closing list names before « et 2 autres »
(as many as a finding names)."""


# Gaps ----------------------------------------------------------------------------


@attrs.frozen
class NoticeGap:
    """An item the law asks the notice to state and the register does not.

    Attributes:
        location: The register element to fill, as findings locate theirs
            (``("activities", 2, "purposes", 0, "legal_bases")``).
        item: What is missing, as a stable key (``basis``, ``retention``,
            ``right``, ``translation``…).
        articles: The provisions that ask for it (``GDPR Art. 13(1)(c)``).
        detail: The id of the right concerned (``portability``), or the
            text left untranslated.
    """

    location: Location
    item: str
    articles: tuple[str, ...]
    detail: str | None = None

    @property
    def path(self) -> str:
        """The location as users read it: ``activities[2].purposes[0].legal_bases``."""
        return format_path(self.location)

    def describe(self, lang: Language) -> str:
        """What is missing, in *lang*."""
        return _missing(self.item, self.detail, lang)

    @property
    def message(self) -> str:
        """What is missing, in English; register text is quoted as a JSON
        string, so that no control character of it reaches a terminal."""
        if self.item == "translation" and self.detail is not None:
            return phrases("en")["what.translation"] + json.dumps(self.detail, ensure_ascii=False)
        return self.describe("en")

    def __str__(self) -> str:
        return f"{self.path}: {self.message} ({', '.join(self.articles)})"


def _missing(item: str, detail: str | None, lang: Language) -> str:
    """What is missing (see :meth:`NoticeGap.describe`), in *lang*."""
    words = phrases(lang)
    if item == "right" and detail is not None:
        right = Right(detail)
        detail = words.get(f"right.{right.value}") or label(right, lang)
    return words[f"what.{item}"] + (detail or "")


class NoticeIncomplete(ValueError):
    """A final notice cannot be rendered: items the law asks for are missing.

    Attributes:
        gaps: Every missing item, with its path.
    """

    def __init__(self, gaps: Sequence[NoticeGap]) -> None:
        self.gaps = tuple(gaps)
        lines = "\n".join(f"  {gap}" for gap in self.gaps)
        super().__init__(
            f"the final notice cannot be rendered: {len(self.gaps)} item(s) of GDPR "
            f"Art. 13/14 missing from the register:\n{lines}"
        )


# The notice ------------------------------------------------------------------------


def _select(register: Register, activities: Sequence[str] | None) -> tuple[ProcessingActivity, ...]:
    if activities is None:
        return register.activities
    if isinstance(activities, str):
        msg = "activities must be a sequence of activity ids, not a single string"
        raise TypeError(msg)
    wanted = dict.fromkeys(activities)
    if not wanted:
        msg = "activities is empty: pass None for every activity, or at least one id"
        raise ValueError(msg)
    known = {a.id for a in register.activities}
    unknown = [i for i in wanted if i not in known]
    if unknown:
        msg = (
            f"unknown activity id(s): {', '.join(map(repr, unknown))}; "
            f"the register has: {', '.join(repr(a.id) for a in register.activities) or 'none'}"
        )
        raise ValueError(msg)
    return tuple(a for a in register.activities if a.id in wanted)


_Render = Callable[[Sequence[Block]], list[str]]
"""Turns blocks into lines of text (:func:`markdown_lines`, :func:`html_lines`)."""
_RenderList = Callable[[Iterable[Item]], list[str]]
"""Turns a list's items into its lines, one item at a time
(:func:`markdown_list_lines`, :func:`html_list_lines`)."""


class _Lines:
    """The notice's text, as lines: each block, and each item of a list
    gathered across activities, is turned into lines as soon as it is made,
    and dropped.  A notice of a large register never holds its blocks, only
    its text (strings, which the garbage collector does not track): objects
    kept while the rendering goes on would be walked again and again by its
    collections, and set off full ones, each walking the whole heap."""

    __slots__ = ("lines", "render", "render_list")

    def __init__(self, render: _Render, render_list: _RenderList) -> None:
        self.render = render
        self.render_list = render_list
        self.lines: list[str] = []

    def append(self, block: Block) -> None:
        self.lines += self.render((block,))

    def extend(self, blocks: Iterable[Block]) -> None:
        for block in blocks:
            self.append(block)

    def bullets(self, items: Iterable[Item]) -> None:
        """A list, its items made and written one at a time."""
        self.lines += self.render_list(items)


def _some(items: Iterator[Item]) -> Iterator[Item] | None:
    """*items*, or None when it has none (its first item is taken to know)."""
    first = next(items, None)
    return None if first is None else itertools.chain((first,), items)


class _Notice:
    def __init__(
        self,
        register: Register,
        activities: tuple[ProcessingActivity, ...],
        lang: Language,
        render: _Render,
        render_list: _RenderList,
    ) -> None:
        self.register = register
        self.activities = activities
        self.lang = lang
        self.t = phrases(lang)
        self.blocks = _Lines(render, render_list)
        # (location, item, detail) -> articles: tuples of strings, which the
        # garbage collector stops tracking, not a NoticeGap per gap.
        self.gaps: dict[tuple[Location, str, str | None], tuple[str, ...]] = {}
        self.section = 0
        self.index = {id(a): i for i, a in enumerate(register.activities)}
        self.controlled = tuple(a for a in activities if a.role is not Role.PROCESSOR)
        self.processed = tuple(a for a in activities if a.role is Role.PROCESSOR)
        self.grouped = len(activities) > 1
        # Rights are exercised with the controller: for a processor's
        # activities the notice only says so, unless it has nothing else.
        self.shown = rights_shown(register, self.controlled or self.processed)
        source = (register.language or "").split("-")[0].lower()
        self.source_lang = source or None
        # Names and addresses are not translated: marked with their language.
        self.foreign = self.source_lang if self.source_lang != lang else None
        self.translations: dict[str, Translation] = {}
        self.worded: dict[str, tuple[str, bool]] = {}
        self.retained: dict[RetentionRule, tuple[str, bool]] = {}
        for entry in register.translations:
            self.translations.setdefault(entry.text, entry)

    # Helpers -----------------------------------------------------------------

    def at(self, activity: ProcessingActivity, *rest: str | int) -> Location:
        return ("activities", self.index[id(activity)], *rest)

    def gap(
        self,
        where: Location,
        item: str,
        *articles: str,
        detail: str | None = None,
        whose: Sequence[ProcessingActivity] | None = None,
    ) -> Span:
        """Record a gap and return its mark.  *articles* (Art. 13's) are
        those the sources make apply, Art. 14's for data not obtained from
        the person: the sources of the activities *whose* data the item
        concerns; by default, an activity's own for an item of the activity,
        every activity's the notice covers for an item of the register."""
        if whose is None:
            if where and where[0] == "activities":
                whose = (self.register.activities[cast("int", where[1])],)
            else:
                whose = self.controlled or self.processed
        articles = told_under(whose, articles)
        self.gaps.setdefault((where, item, detail), articles)
        what = _missing(item, detail, self.lang)
        return Span((f"{self.t['gap']}{self.t['colon']}{what}",), "gdprkit-gap", strong=True)

    def words(self, text: str) -> tuple[str, bool]:
        """*text* in the notice's language, and whether it is a translation
        or already in that language (False: left in the register's).  Each
        text is worked out once: registers repeat theirs across activities."""
        found = self.worded.get(text)
        if found is None:
            found = self.worded[text] = self._words(text)
        return found

    def _words(self, text: str) -> tuple[str, bool]:
        if self.source_lang is None or self.source_lang == self.lang:
            return typeset(text, self.lang), True
        entry = self.translations.get(text)
        wording = entry.get(self.lang) if entry is not None else None
        if wording is None:
            self.gap(("translations",), "translation", "GDPR Art. 12(1)", detail=text)
            return typeset(text, self.source_lang), False
        return typeset(wording, self.lang), True

    def reg(self, text: str) -> list[Inline]:
        """Register text as the notice shows it: translated, or marked."""
        wording, done = self.words(text)
        if done:
            return [Reg(wording)]
        mark = Span((f"({self.t['untranslated']})",), "gdprkit-gap")
        return [Reg(wording, lang=self.source_lang), " ", mark]

    def clause(self, text: str) -> list[Inline]:
        """Register text set in parentheses inside a sentence of the notice:
        as :meth:`reg`, without the full stop that ends it, since the
        sentence has its own (« … le Chat.). » would read twice)."""
        inlines = self.reg(text)
        first = inlines[0]
        if isinstance(first, Reg):
            inlines[0] = attrs.evolve(first, text=without_full_stop(first.text))
        return inlines

    def raw(self, text: str) -> Reg:
        """Register text shown as written: a name, an address, a number."""
        return Reg(text, lang=self.foreign)

    def right_name(self, right: Right) -> str:
        """A right's name, addressed to the reader."""
        return self.t.get(f"right.{right.value}") or self.lbl(right)

    def lbl(self, member: enum.Enum) -> str:
        return label(member, self.lang)

    def cite(self, member: enum.Enum) -> str:
        citation = getattr(member, "citation", None)
        return citation_words(citation, self.lang) if citation else ""

    def labelled(self, member: enum.Enum) -> str:
        cite = self.cite(member)
        return f"{self.lbl(member)} ({cite})" if cite else self.lbl(member)

    def field(self, key: str, *value: Inline) -> Item:
        return Item((f"{self.t[key]}{self.t['colon']}", *value))

    def h2(self, key: str, anchor: str) -> None:
        self.section += 1
        self.blocks.append(Heading(2, (f"{self.section}. {self.t[key]}",), anchor))

    def contact_items(self, contact: Contact) -> list[Item]:
        # a postal address is written as the post reads it
        return contact_items(contact, self.field, self.raw)

    def section_by_activity(
        self,
        key: str,
        anchor: str,
        activities: Iterable[ProcessingActivity],
        build: Callable[[ProcessingActivity], list[Block]],
    ) -> None:
        """A section headed *key* with *build*'s blocks for each activity,
        under the activity's own heading when there are several."""
        self.h2(key, anchor)
        for activity in activities:
            blocks = build(activity)
            if not blocks:
                continue
            if self.grouped:
                self.blocks.append(Heading(3, tuple(self.reg(activity.name))))
            self.blocks.extend(blocks)

    def section_of_items(
        self, key: str, anchor: str, items: Iterator[Item], *, intro: str | None = None
    ) -> None:
        """A section headed *key* listing *items* (after the paragraph
        *intro*, if given), or nothing when there are none."""
        found = _some(items)
        if found is None:
            return
        self.h2(key, anchor)
        if intro is not None:
            self.blocks.append(Para((self.t[intro],)))
        self.blocks.bullets(found)

    # Sections ------------------------------------------------------------------

    def build(self) -> None:
        controller = self.register.controller
        shown_name = controller.trade_name or controller.name
        self.blocks.append(Heading(1, (self.t["title"],)))
        self.blocks.append(Para((self.t["intro_start"], self.raw(shown_name), self.t["intro_end"])))
        self.identity()
        self.dpo()
        self.purposes()
        self.processing_for_others()
        self.data()
        self.recipients()
        self.transfers()
        self.retention()
        self.rights()
        self.complaint()
        self.decisions()
        if self.register.updated is not None:
            self.blocks.append(
                Para((self.t["updated"] + date_text(self.register.updated, self.lang),), "updated")
            )

    def _sorted_gaps(self) -> list[tuple[tuple[Location, str, str | None], tuple[str, ...]]]:
        return sorted(self.gaps.items(), key=lambda gap: location_key(gap[0][0]))

    def sorted_gaps(self) -> tuple[NoticeGap, ...]:
        """The gaps in the order of the register (``[2]`` before ``[10]``)."""
        return tuple(
            NoticeGap(where, item, articles, detail)
            for (where, item, detail), articles in self._sorted_gaps()
        )

    def gap_list(self) -> None:
        """The last section of a draft: every gap, where it is in words (the
        activities by name, or the register) and its paths, the same missing
        item in several places being one line that lists them all (as a
        finding lists every place of its defect), in the order of the notice
        (the order the gaps were met in while writing it).  The names are
        worked out here, from the gaps' locations: while the notice is
        written, a gap is a tuple of strings and numbers, nothing more."""
        if not self.gaps:
            return
        places: dict[tuple[str, str | None, tuple[str, ...]], list[Location]] = {}
        untranslated = 0
        for (where, item, detail), articles in self.gaps.items():
            if item == "translation":
                # The texts are marked where they stand; the list counts them.
                untranslated += 1
                detail = None
            places.setdefault((item, detail, articles), []).append(where)
        self.blocks.append(Heading(2, (self.t["gaps"],), "gaps"))
        self.blocks.append(Para((self.t["gaps_intro"],)))
        self.blocks.bullets(
            self.gap_item(where, item, detail, articles, untranslated)
            for (item, detail, articles), where in places.items()
        )

    def gap_item(
        self,
        places: list[Location],
        item: str,
        detail: str | None,
        articles: tuple[str, ...],
        untranslated: int,
    ) -> Item:
        if item == "translation":
            # Every text left untranslated is one line: they are marked in place.
            what = (
                self.t["what.translation_one"]
                if untranslated == 1
                else (self.t["what.translations"].format(n=untranslated))
            )
            what += f"{self.t['open_quote']}{self.t['untranslated']}{self.t['close_quote']}"
        else:
            what = _missing(item, detail, self.lang)
        cites = ", ".join(citation_words(a, self.lang) for a in articles)
        paths = ", ".join(dict.fromkeys(map(format_path, places)))
        return Item(
            (
                f"{what} ({cites}), ",
                *self.gap_where(places),
                self.t["colon"],
                Code(paths),
            )
        )

    def gap_where(self, places: Sequence[Location]) -> list[Inline]:
        """Where the gaps at *places* are, in words: « dans le registre »,
        « dans l’activité « A » », « dans les activités « A », « B », « C » et
        2 autres » (the first three names, as findings name theirs), both
        joined when an item is missing in the register and in activities.
        The names are as the register writes them: what its editor looks for."""
        indices = sorted({cast("int", w[1]) for w in places if w[0] == "activities"})
        # Activities of the same name are named once (in the plural): the paths
        # tell them apart.
        names = list(dict.fromkeys(self.register.activities[i].name for i in indices))
        out: list[Inline] = []
        if any(w[0] != "activities" for w in places):
            out.append(self.t["where.register"])
        if not names:
            return out
        if out:
            out.append(self.t["and"])
        out.append(self.t["where.activity" if len(indices) == 1 else "where.activities"])
        shown = names[:_NAMED]
        for number, name in enumerate(shown):
            if number:
                out.append(self.t["and"] if number == len(names) - 1 else ", ")
            out += [
                self.t["open_quote"],
                Reg(typeset(name, self.source_lang or self.lang), lang=self.foreign),
                self.t["close_quote"],
            ]
        rest = len(names) - len(shown)
        if rest:
            out.append(
                self.t["where.more_one"] if rest == 1 else self.t["where.more"].format(n=rest)
            )
        return out

    def identity(self) -> None:
        controller = self.register.controller
        if self.controlled or not self.processed:
            self.h2("controller", "controller")
            self.blocks.append(
                Para((self.t["controller_is"], Strong((self.raw(controller.name),)), "."))
            )
        else:
            self.h2("who", "controller")
            self.blocks.append(Para((Strong((self.raw(controller.name),)), self.t["processor_is"])))
        items: list[Item] = []
        if controller.trade_name:
            items.append(self.field("trade_name", self.raw(controller.trade_name)))
        items.extend(
            Item((self.raw(i.scheme), self.t["colon"], Reg(i.value)))
            for i in controller.identifiers
        )
        items.extend(self.contact_items(controller.contact))
        if controller.contact.is_empty and self.controlled:
            items.append(
                self.field("contact", self.gap(("controller", "contact"), "contact", A13_1A))
            )
        if controller.country:
            items.append(self.field("country", country_name(controller.country, self.lang)))
        if items:
            self.blocks.append(Bullets(tuple(items)))
        rep = self.register.representative
        if rep is not None:
            self.blocks.append(Heading(3, (self.t["representative"],)))
            rep_items = [self.field("name", self.raw(rep.name)), *self.contact_items(rep.contact)]
            if rep.country:
                rep_items.append(self.field("country", country_name(rep.country, self.lang)))
            self.blocks.append(Bullets(tuple(rep_items)))
        elif self.controlled and controller.country and not is_eea(controller.country):
            mark = self.gap(("representative",), "representative", A13_1A, "GDPR Art. 27")
            self.blocks.append(Para((mark,)))
        joint = _some(self.joint_items())
        if joint is not None:
            self.blocks.append(Heading(3, (self.t["joint"],)))
            self.blocks.bullets(joint)

    def joint_items(self) -> Iterator[Item]:
        seen: set[object] = set()
        for activity in self.controlled:
            for jc in activity.joint_controllers:
                if jc in seen:
                    continue
                seen.add(jc)
                parts: list[Inline] = [Strong((self.raw(jc.name),))]
                if jc.arrangement:
                    parts += [
                        f" ({self.t['arrangement']}{self.t['colon']}",
                        *self.reg(jc.arrangement),
                        ")",
                    ]
                contact = self.contact_items(jc.contact)
                children: tuple[Block, ...] = (Bullets(tuple(contact)),) if contact else ()
                yield Item(tuple(parts), children)

    def dpo(self) -> None:
        dpo = self.register.dpo
        if dpo is None:
            return
        self.h2("dpo", "dpo")
        items: list[Item] = []
        if dpo.name:
            items.append(self.field("name", self.raw(dpo.name)))
        contact = self.contact_items(dpo.contact)
        if not contact:
            contact = [self.field("contact", self.gap(("dpo", "contact"), "dpo_contact", A13_1B))]
        items.extend(contact)
        self.blocks.append(Para((self.t["dpo_intro"],)))
        self.blocks.append(Bullets(tuple(items)))

    def basis_item(self, basis: LegalBasis, path: Location) -> Item:
        colon = self.t["colon"]
        parts: list[Inline] = [f"{self.t['basis']}{colon}{self.labelled(basis.basis)}"]
        if basis.basis in (LawfulBasis.LEGAL_OBLIGATION, LawfulBasis.PUBLIC_TASK) and basis.law:
            parts += [" — ", *self.reg(basis.law)]
        if basis.basis is LawfulBasis.LEGITIMATE_INTERESTS:
            parts.append(f"{self.t['semicolon']}{self.t['interest']}{colon}")
            if basis.legitimate_interest:
                parts += self.reg(basis.legitimate_interest)
            else:
                parts.append(self.gap((*path, "legitimate_interest"), "interest", A13_1D))
        if basis.special_condition is not None:
            parts.append(
                f"{self.t['semicolon']}{self.t['special']}{colon}"
                f"{self.labelled(basis.special_condition)}"
            )
            if basis.condition_law:
                parts += [" — ", *self.reg(basis.condition_law)]
        return Item(tuple(parts))

    def purpose_item(self, purpose: Purpose, path: Location, *, controller: bool = True) -> Item:
        """A purpose and its bases; a processor's purposes (*controller*
        false) get no basis line: the controller states its bases."""
        parts: list[Inline] = [Strong(tuple(self.reg(purpose.name)))]
        if purpose.description:
            parts += [" — ", *self.reg(purpose.description)]
        if purpose.legal_bases:
            children = [
                self.basis_item(b, (*path, "legal_bases", k))
                for k, b in enumerate(purpose.legal_bases)
            ]
        elif not controller:
            return Item(tuple(parts))
        else:
            mark = self.gap((*path, "legal_bases"), "basis", A13_1C)
            children = [Item((f"{self.t['basis']}{self.t['colon']}", mark))]
        return Item(tuple(parts), (Bullets(tuple(children)),))

    def purpose_blocks(self, activity: ProcessingActivity) -> list[Block]:
        blocks: list[Block] = []
        if self.grouped and activity.description:
            blocks.append(Para(tuple(self.reg(activity.description))))
        if not activity.purposes:
            mark = self.gap(self.at(activity, "purposes"), "purposes", A13_1C)
            blocks.append(Para((f"{self.t['purposes_of']}{self.t['colon']}", mark)))
            return blocks
        items = [
            self.purpose_item(p, self.at(activity, "purposes", j))
            for j, p in enumerate(activity.purposes)
        ]
        blocks.append(Bullets(tuple(dict.fromkeys(items))))
        return blocks

    def purposes(self) -> None:
        if not self.controlled:
            return
        self.section_by_activity("purposes", "purposes", self.controlled, self.purpose_blocks)

    def processor_blocks(self, activity: ProcessingActivity) -> list[Block]:
        blocks: list[Block] = []
        if activity.description:
            blocks.append(Para(tuple(self.reg(activity.description))))
        if activity.controllers:
            parts: list[Inline] = [self.t["acting_for"]]
            for index, c in enumerate(activity.controllers):
                if index:
                    parts.append(", ")
                parts.append(self.raw(c.name))
            parts.append(".")
            blocks.append(Para(tuple(parts)))
        else:
            blocks.append(Para((self.t["acting"],)))
        if activity.processing_categories:
            blocks.append(Para((self.t["categories_of_processing"] + self.t["colon"].rstrip(),)))
            blocks.append(
                Bullets(tuple(Item(tuple(self.reg(c))) for c in activity.processing_categories))
            )
        if activity.purposes:
            items = [
                self.purpose_item(p, self.at(activity, "purposes", j), controller=False)
                for j, p in enumerate(activity.purposes)
            ]
            blocks.append(Bullets(tuple(dict.fromkeys(items))))
        blocks.append(Para((self.t["controller_decides"],)))
        return blocks

    def processing_for_others(self) -> None:
        if not self.processed:
            return
        self.section_by_activity(
            "processing_for", "processing-for-clients", self.processed, self.processor_blocks
        )

    def category_item(self, category: DataCategory, path: Location, provided: bool) -> Item:
        """A category of data; *provided* when the person provides data for
        the activity, so that Art. 13(2)(e) applies."""
        colon = self.t["colon"]
        parts: list[Inline] = [Strong(tuple(self.reg(category.name)))]
        if category.description:
            parts += [colon, *self.reg(category.description)]
        if category.kind.is_special or category.kind in (
            DataKind.CRIMINAL_OFFENCES,
            DataKind.NATIONAL_ID,
        ):
            parts.append(f" — {self.labelled(category.kind)}")
        if category.required is not None:
            parts.append(f" — {self.t['required' if category.required else 'optional']}")
            if category.if_not_provided:
                parts += [
                    f" ({self.t['if_not_provided']}",
                    *self.reg(category.if_not_provided),
                    ")",
                ]
            elif category.required and provided:
                parts += [
                    " (",
                    self.gap((*path, "if_not_provided"), "if_not_provided", A13_2E),
                    ")",
                ]
        elif provided:
            parts += [" — ", self.gap((*path, "required"), "required", A13_2E)]
        return Item(tuple(parts))

    def data_blocks(self, activity: ProcessingActivity) -> list[Block]:
        controlled = activity.role is not Role.PROCESSOR
        provided = person_provides(activity)
        blocks: list[Block] = []
        if activity.data_categories:
            items = [
                self.category_item(c, self.at(activity, "data_categories", k), provided)
                for k, c in enumerate(activity.data_categories)
            ]
            blocks.append(Bullets(tuple(dict.fromkeys(items))))
        elif controlled:
            mark = self.gap(self.at(activity, "data_categories"), "categories", A13_2A, A14_1D)
            blocks.append(Para((mark,)))
        parts: list[Inline] = [f"{self.t['sources']}{self.t['colon']}"]
        seen: set[tuple[SourceKind, str | None]] = set()
        for k, source in enumerate(activity.sources):
            if (source.kind, source.description) in seen:
                continue
            seen.add((source.kind, source.description))
            if len(seen) > 1:
                parts.append(self.t["semicolon"])
            if not controlled and source.kind is SourceKind.CONTROLLER:
                # a processor's data come from the controllers it acts for
                parts.append(self.t["source.controller.served"])
            else:
                parts.append(self.t[f"source.{source.kind.value}"])
            if source.description:
                parts += [" (", *self.clause(source.description), ")"]
            elif controlled and source.kind in NOT_FROM_PERSON:
                path = self.at(activity, "sources", k, "description")
                parts += [" (", self.gap(path, "source", A14_2F), ")"]
        if seen:
            blocks.append(Para((*parts, ".")))
        elif controlled:
            mark = self.gap(self.at(activity, "sources"), "sources", A14_2F)
            blocks.append(Para((*parts, mark)))
        return blocks

    def data(self) -> None:
        self.section_by_activity("data", "data", self.activities, self.data_blocks)

    def recipients(self) -> None:
        self.section_of_items("recipients", "recipients", self.recipient_items())

    def recipient_items(self) -> Iterator[Item]:
        seen: set[tuple[str, str, str | None, str | None]] = set()
        for activity in self.activities:
            for r in activity.recipients or ():
                key = (r.name, r.kind.value, r.country, r.description)
                if key in seen:
                    continue
                seen.add(key)
                details = self.lbl(r.kind)
                if r.country:
                    details += ", " + country_name(r.country, self.lang)
                parts: list[Inline] = [Strong(tuple(self.reg(r.name))), f" ({details})"]
                if r.description:
                    parts += [" — ", *self.reg(r.description)]
                yield Item(tuple(parts))

    def transfers(self) -> None:
        self.section_of_items("transfers", "transfers", self.transfer_items())

    def transfer_items(self) -> Iterator[Item]:
        seen: set[object] = set()
        colon = self.t["colon"]
        for activity in self.activities:
            controlled = activity.role is not Role.PROCESSOR
            for k, tr in enumerate(activity.transfers):
                # data sent to an EEA state do not leave the EEA: no transfer
                # under Chapter V (Art. 44), whatever the register calls it
                if tr in seen or (tr.country and is_eea(tr.country)):
                    continue
                seen.add(tr)
                path = self.at(activity, "transfers", k)
                parts: list[Inline] = [Strong(tuple(self.reg(tr.recipient)))]
                if tr.country:
                    parts.append(" → " + country_name(tr.country, self.lang))
                if tr.organisation:
                    parts += [f" → {self.t['organisation']} ", Reg(tr.organisation)]
                if not tr.country and not tr.organisation and controlled:
                    parts += [" → ", self.gap((*path, "country"), "destination", A13_1F)]
                # a processor's transfer is told for information: the notice its
                # ground belongs in is the controller's (Art. 13(1)(f))
                children: list[Item] = []
                if tr.mechanism is not None or controlled:
                    ground: Inline = (
                        self.labelled(tr.mechanism)
                        if tr.mechanism is not None
                        else self.gap((*path, "mechanism"), "mechanism", A13_1F)
                    )
                    children.append(Item((f"{self.t['transfer_ground']}{colon}", ground)))
                if tr.reference:
                    children.append(
                        Item((f"{self.t['reference']}{colon}", *self.reg(tr.reference)))
                    )
                if tr.safeguards_copy:
                    children.append(
                        Item((f"{self.t['copy']}{colon}", *self.reg(tr.safeguards_copy)))
                    )
                elif tr.mechanism in COPY_OF_SAFEGUARDS and controlled:
                    mark = self.gap((*path, "safeguards_copy"), "copy", A13_1F)
                    children.append(Item((f"{self.t['copy']}{colon}", mark)))
                yield Item(tuple(parts), (Bullets(tuple(children)),) if children else ())

    def retention_words(
        self, rule: RetentionRule | None, path: Location, controlled: bool
    ) -> list[Inline]:
        """A category's retention in words, its register text translated."""
        if rule is None or not (rule.is_bounded or rule.set_by_law or rule.statement):
            if not controlled:
                return []
            return [self.gap((*path, "retention"), "retention", A13_2A)]
        found = self.retained.get(rule)
        if found is None:
            found = self.retained[rule] = self._retention(rule)
        text, untranslated = found
        out: list[Inline] = [text]
        archive = rule.archive
        if archive is not None and archive.duration is None and controlled:
            out += [" — ", self.gap((*path, "retention", "archive", "duration"), "archive", A13_2A)]
        if untranslated:
            out += [" ", Span((f"({self.t['untranslated']})",), "gdprkit-gap")]
        return out

    def _retention(self, rule: RetentionRule) -> tuple[str, bool]:
        """A rule in words, and whether some of its text is left untranslated."""
        untranslated = False

        def words(text: str | None) -> str | None:
            nonlocal untranslated
            if text is None:
                return None
            wording, done = self.words(text)
            untranslated |= not done
            return wording

        archive = rule.archive
        if archive is not None:
            archive = attrs.evolve(archive, legal_ground=words(archive.legal_ground))
        shown = attrs.evolve(
            rule,
            statement=None if rule.is_bounded else words(rule.statement),
            legal_reference=words(rule.legal_reference),
            start_description=words(rule.described_start),
            archive=archive,
        )
        return retention_text(shown, self.lang), untranslated

    def retention_blocks(self, activity: ProcessingActivity) -> list[Block]:
        """One line per retention of *activity*, naming every category kept
        that long (« **Identité**, **Contact** et **Pièces** : 5 ans… »)."""
        controlled = activity.role is not Role.PROCESSOR
        kept: dict[RetentionRule | None, tuple[list[str], list[Inline]]] = {}
        for k, c in enumerate(activity.data_categories):
            path = self.at(activity, "data_categories", k)
            text = self.retention_words(c.retention, path, controlled)
            if text:
                names = kept.setdefault(c.retention, ([], text))[0]
                if c.name not in names:
                    names.append(c.name)
        items = [
            Item((*self.names(names), self.t["colon"], *text)) for names, text in kept.values()
        ]
        return [Bullets(tuple(items))] if items else []

    def names(self, names: Sequence[str]) -> list[Inline]:
        """Register names in bold, joined as a sentence joins them: « A, B et C »."""
        out: list[Inline] = []
        for index, name in enumerate(names):
            if index:
                out.append(self.t["and"] if index == len(names) - 1 else ", ")
            out.append(Strong(tuple(self.reg(name))))
        return out

    def retention(self) -> None:
        if not any(a.data_categories for a in self.activities):
            return
        self.section_by_activity("retention", "retention", self.activities, self.retention_blocks)

    def right_item(self, right: Right) -> Item:
        entry = self.shown[right]
        cite = self.cite(right)
        head = self.right_name(right) + (f" ({cite})" if cite else "")
        parts: list[Inline] = [
            Strong((head,)),
            self.t["colon"] + right_explanation(right, self.lang),
        ]
        if not entry.everywhere:
            parts.append(f" — {self.t['for_purposes']}")
            for index, name in enumerate(entry.targets):
                if index:
                    parts.append(", ")
                parts += [self.t["open_quote"], *self.reg(name), self.t["close_quote"]]
        parts.append(".")
        if entry.hows:
            parts += [" ", self.t["how"]]
            last = ""
            for index, how in enumerate(entry.hows):
                if index:
                    parts.append(self.t["semicolon"])
                parts += self.reg(how)
                last = how
            parts.append(stop(last))
        return Item(tuple(parts))

    def missing_rights(self) -> Iterator[Item]:
        """A gap for each right that applies to an activity but that the
        register does not declare (as the rules GDPR501–506 ask), citing
        Art. 13, 14 or both as the sources of the activities it applies to
        make them apply."""
        lacking: dict[tuple[Location, Right], list[ProcessingActivity]] = {}
        for activity in self.controlled:
            declared = {d.right for d in self.register.rights_of(activity)}
            if any(b.withdrawal_method for p in activity.purposes for b in consents(p)):
                declared.add(Right.WITHDRAW_CONSENT)
            asked = set(ASKED_RIGHTS)
            if any(d.significant_effects for d in activity.automated_decisions):
                asked.add(Right.AUTOMATED_DECISION)
            path = self.at(activity, "rights") if activity.rights is not None else ("rights",)
            for right in Right:
                if (
                    right in asked
                    and right not in declared
                    and (path, "right", right.value) not in self.gaps
                    and right_applies(activity, right)
                ):
                    lacking.setdefault((path, right), []).append(activity)
        for (path, right), whose in lacking.items():
            article = RIGHT_ARTICLE.get(right, "GDPR Art. 13(2)(b)")
            yield Item((self.gap(path, "right", article, detail=right.value, whose=whose),))

    def rights(self) -> None:
        shown = self.shown
        self.h2("rights", "rights")
        listed = [r for r in shown if r not in _LISTED_ELSEWHERE]
        objections = [r for r in shown if r in _OBJECTIONS]
        items = _some(itertools.chain(map(self.right_item, listed), self.missing_rights()))
        if items is not None:
            self.blocks.append(Para((self.t["rights_intro"],)))
            self.blocks.bullets(items)
        if objections:
            self.blocks.append(Heading(3, (self.t["objection"],)))
            self.blocks.append(Bullets(tuple(self.right_item(r) for r in objections)))
        if Right.WITHDRAW_CONSENT in shown:
            self.blocks.append(Heading(3, (self.t["withdrawal"],)))
            self.blocks.append(Bullets((self.right_item(Right.WITHDRAW_CONSENT),)))
        contact = self.register.rights_contact
        if contact:
            self.blocks.append(Para((self.t["exercise"], *self.reg(contact), stop(contact))))
        if self.processed:
            self.blocks.append(Para((self.t["processor_rights"],)))

    def complaint(self) -> None:
        entry = self.shown.get(Right.COMPLAINT)
        if entry is None:
            return
        self.h2("complaint", "complaint")
        self.blocks.append(Para((self.t["complaint_to"],)))
        authority = supervisory_authority_for(self.register)
        if authority is not None:
            name = f"{authority.name} ({authority.acronym})"
            self.blocks.append(Para((self.t["complaint_named"], Strong((name,)), ".")))
            items = [self.field("address", Reg(authority.address))]
            if authority.phone:
                items.append(self.field("phone", Reg(authority.phone)))
            items.append(self.field("url", Link(Reg(authority.url), authority.url)))
            if authority.complaint_url:
                link = Link(Reg(authority.complaint_url), authority.complaint_url)
                items.append(self.field("complaint_form", link))
            self.blocks.append(Bullets(tuple(items)))
        elif self.register.supervisory_authority:
            named = self.register.supervisory_authority
            self.blocks.append(
                Para((self.t["complaint_named"], Strong(tuple(self.reg(named))), stop(named)))
            )
            if entry.hows:
                items = [self.field("contact", *self.reg(how)) for how in entry.hows]
                self.blocks.append(Bullets(tuple(items)))

    def decisions(self) -> None:
        self.section_of_items(
            "decisions", "automated-decisions", self.decision_items(), intro="decisions_intro"
        )

    def decision_items(self) -> Iterator[Item]:
        seen: set[object] = set()
        colon = self.t["colon"]
        for activity in self.activities:
            for k, d in enumerate(activity.automated_decisions):
                if d in seen:
                    continue
                seen.add(d)
                effects = self.t["yes" if d.significant_effects else "no"]
                children = [Item((f"{self.t['effects']}{colon}{effects}",))]
                if d.safeguards:
                    children.append(
                        Item((f"{self.t['safeguards']}{colon}", *self.reg(d.safeguards)))
                    )
                elif d.significant_effects and activity.role is not Role.PROCESSOR:
                    path = self.at(activity, "automated_decisions", k, "safeguards")
                    mark = self.gap(path, "safeguards", A13_2F, "GDPR Art. 22(3)")
                    children.append(Item((f"{self.t['safeguards']}{colon}", mark)))
                yield Item(tuple(self.reg(d.description)), (Bullets(tuple(children)),))


def _build(
    register: Register,
    lang: str,
    activities: Sequence[str] | None,
    render: _Render,
    render_list: _RenderList,
) -> _Notice:
    language = cast("Language", check_lang(lang))
    notice = _Notice(register, _select(register, activities), language, render, render_list)
    notice.build()
    return notice


def _no_text(_: Sequence[Block]) -> list[str]:
    return []


def _no_list(items: Iterable[Item]) -> list[str]:
    for _ in items:  # made all the same: making them records the gaps
        pass
    return []


def notice_gaps(
    register: Register, *, lang: Language = "fr", activities: Sequence[str] | None = None
) -> tuple[NoticeGap, ...]:
    """Every item the notice of *register* in *lang* lacks (empty when a
    final notice can be rendered), in the order of the register's paths."""
    return _build(register, lang, activities, _no_text, _no_list).sorted_gaps()


def render_notice(
    register: Register,
    *,
    lang: Language = "fr",
    format: Format = "markdown",
    activities: Sequence[str] | None = None,
    mode: Mode = "draft",
    fragment: bool = False,
) -> str:
    """The privacy notice (GDPR Art. 13 and 14) of *register*.

    Args:
        register: The register to render.
        lang: The notice's language, one of :data:`LANGUAGES`; the register's
            text is shown in it where ``translations`` give it.
        format: ``"markdown"`` or ``"html"``.
        activities: Only these activity ids (in register order); ``None``
            for every activity.
        mode: ``"draft"`` marks each missing item where it would stand and
            lists them at the end; ``"final"`` refuses while any is missing.
        fragment: For HTML, only the notice — a ``<div class="gdprkit-notice">``
            without ``<html>``, ``<head>`` or style sheet, to be placed in an
            application's own page with :data:`NOTICE_CSS`.  Markdown is
            always a fragment.

    Returns:
        The notice as text.  A whole HTML page is self-contained: inline
        style sheet, no script, no external resource.

    Raises:
        NoticeIncomplete: in final mode, listing every missing item and its path.
        ValueError: for an unsupported language, format or mode, an empty
            *activities*, or an id the register does not have.
        TypeError: when *activities* is a single string.
    """
    if format not in FORMATS:
        msg = f"unsupported format {format!r}: choose one of {', '.join(FORMATS)}"
        raise ValueError(msg)
    if mode not in MODES:
        msg = f"unsupported mode {mode!r}: choose one of {', '.join(MODES)}"
        raise ValueError(msg)
    french = lang == "fr"
    if format == "markdown":
        render: _Render = functools.partial(markdown_lines, french=french)
        render_list: _RenderList = functools.partial(markdown_list_lines, french=french)
    else:
        indent = "  " if fragment else "    "
        render = functools.partial(html_lines, french=french, indent=indent)
        render_list = functools.partial(html_list_lines, french=french, indent=indent)
    notice = _build(register, lang, activities, render, render_list)
    if mode == "final" and notice.gaps:
        raise NoticeIncomplete(notice.sorted_gaps())
    notice.gap_list()
    lines = notice.blocks.lines
    if format == "markdown":
        return markdown_text(lines)
    body = "\n".join(lines)
    if fragment:
        return f'<div class="gdprkit-notice" lang="{html.escape(lang)}">\n{body}\n</div>\n'
    name = register.controller.trade_name or register.controller.name
    return to_html(
        (),
        title=f"{notice.t['title']} — {name}",
        lang=lang,
        css="".join(f"    {line}\n" for line in (_PAGE_CSS + NOTICE_CSS).splitlines()),
        body_class="gdprkit-notice",
        body=body,
    )
