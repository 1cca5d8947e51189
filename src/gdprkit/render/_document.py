"""A tiny document model written out as Markdown or as self-contained HTML.

The notice and the report build a list of blocks (headings, paragraphs,
lists) whose text is a sequence of inline pieces; the writers here escape
every piece, so no renderer ever concatenates register text into markup.

* HTML: every string goes through :func:`html.escape`; line breaks in the
  register's text become ``<br>``; links are only written for ``http(s)`` and
  ``mailto`` addresses.  The page is self-contained: one inline ``<style>``,
  no script, no external resource.
* Markdown: register text is escaped so that it is shown as written:
  ``\\ ` * _ [ ]`` get a backslash, ``< > & ~`` become entities, and a leading
  ``#``, ``-``, ``+`` or ``1.`` cannot start a heading or a list.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TypeAlias

import attrs

from gdprkit.model import Contact


__all__ = [
    "Block",
    "Bullets",
    "Code",
    "Heading",
    "Inline",
    "Item",
    "Link",
    "Para",
    "Reg",
    "Span",
    "Strong",
    "contact_items",
    "to_html",
    "to_markdown",
]


@attrs.frozen
class Reg:
    """Text taken from the register, marked in HTML with its language: *lang*
    when given, else the writer's ``text_lang``."""

    text: str
    lang: str | None = None


@attrs.frozen
class Strong:
    """Bold text."""

    parts: tuple[Inline, ...]


@attrs.frozen
class Link:
    """A link; written as a link only for ``http(s)://`` and ``mailto:``."""

    text: Inline
    href: str


@attrs.frozen
class Span:
    """Text with a CSS class in HTML (a severity badge); plain in Markdown,
    bold when *strong*."""

    parts: tuple[Inline, ...]
    css: str
    strong: bool = False


@attrs.frozen
class Code:
    """Literal text: an id or a path (``<code>`` / backticks)."""

    text: str


Inline: TypeAlias = "str | Reg | Strong | Link | Span | Code"
"""A piece of text: ``str`` is gdprkit's own wording."""


@attrs.frozen
class Heading:
    level: int
    parts: tuple[Inline, ...]
    anchor: str | None = None


@attrs.frozen
class Para:
    parts: tuple[Inline, ...]
    css: str | None = None


@attrs.frozen
class Item:
    parts: tuple[Inline, ...]
    children: tuple[Block, ...] = ()


@attrs.frozen
class Bullets:
    items: tuple[Item, ...]


Block: TypeAlias = "Heading | Para | Bullets"


def contact_items(
    contact: Contact,
    field: Callable[[str, Inline], Item],
    address: Callable[[str], Inline] = Reg,
) -> list[Item]:
    """A contact's address, e-mail, telephone and website, those it has, each
    as ``field(key, value)`` under the keys ``address``, ``email``, ``phone``
    and ``url``: the e-mail and the website as links, the address as
    *address* makes it."""
    items = []
    if contact.address:
        items.append(field("address", address(contact.address)))
    if contact.email:
        items.append(field("email", Link(Reg(contact.email), f"mailto:{contact.email}")))
    if contact.phone:
        items.append(field("phone", Reg(contact.phone)))
    if contact.url:
        items.append(field("url", Link(Reg(contact.url), contact.url)))
    return items


# Markdown ------------------------------------------------------------------------

_MD_BACKSLASH = re.compile(r"([\\`*_\[\]])")
_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "~": "&#126;"}
# "&" only where it would start an entity ("&lt;", "&#60;"): "R&D" stays readable.
_MD_ENTITY = re.compile(r"[<>~]|&(?=#?\w+;)")
_MD_LEADING = re.compile(r"^(\s*)([#+\-=]|\d+(?=[.)]))")
_MD_LINE_END = re.compile(r"\r\n|\r|\n")
"""What ends a line in CommonMark: a bare carriage return too."""

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters other than the tab and the line ends: they mean nothing
in Markdown or HTML (HTML calls them parse errors), and printed to a terminal
an escape sequence would move the cursor or change colours.  They are shown
as U+FFFD, the replacement character, so that nothing is dropped unseen."""


def _visible(text: str) -> str:
    """*text* with each control character (see ``_CONTROL``) shown as U+FFFD."""
    return _CONTROL.sub("\ufffd", text)


_FR_BEFORE = re.compile(r" ([:;!?»])")
_FR_AFTER = re.compile(r"« ")


def french_spacing(text: str) -> str:
    """French typography for gdprkit's own words: a no-break space before
    ``: ; ! ? »`` and after ``«``, so that a line never starts with them."""
    return _FR_AFTER.sub("«\u00a0", _FR_BEFORE.sub("\u00a0\\1", text))


def md_escape(text: str, *, leading: bool = True) -> str:
    """Text as Markdown that shows exactly *text*.

    With *leading*, a ``#``, ``-``, ``+``, ``=`` or ``1.`` at the start of a
    line is escaped too, so that text placed first in a paragraph or a list
    item cannot start a heading or a list.
    """
    text = _MD_BACKSLASH.sub(r"\\\1", _visible(text))
    text = _MD_ENTITY.sub(lambda m: _MD_ENTITIES[m.group(0)], text)
    lines = _MD_LINE_END.split(text)
    if leading:
        lines = [_MD_LEADING.sub(_escape_leading, line) for line in lines]
    # A line break inside one piece of register text: an explicit <br>.
    return "<br>".join(line.strip(" ") if len(lines) > 1 else line for line in lines)


def _escape_leading(match: re.Match[str]) -> str:
    space, mark = match.group(1), match.group(2)
    if mark.isdigit():
        return f"{space}{mark}\\"
    return f"{space}\\{mark}"


def _md_inline(parts: Iterable[Inline], french: bool, *, at_start: bool = True) -> str:
    """Inline pieces as Markdown; only a piece that starts the line has its
    leading marks escaped."""
    out: list[str] = []
    for index, part in enumerate(parts):
        first = at_start and index == 0
        if isinstance(part, str):
            out.append(md_escape(french_spacing(part) if french else part, leading=False))
        elif isinstance(part, Reg):
            out.append(md_escape(part.text, leading=first))
        elif isinstance(part, Strong):
            out.append(f"**{_md_inline(part.parts, french, at_start=False)}**")
        elif isinstance(part, Span):
            inner = _md_inline(part.parts, french, at_start=first and not part.strong)
            out.append(f"**{inner}**" if part.strong else inner)
        elif isinstance(part, Code):
            out.append(md_code(part.text))
        else:
            out.append(_md_inline((part.text,), french, at_start=first))
    return "".join(out)


def md_code(text: str) -> str:
    """An inline code span holding *text* exactly (CommonMark: a fence of
    more backticks than any run inside, padded when needed)."""
    text = " ".join(_MD_LINE_END.split(_visible(text)))
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _md_blocks(blocks: Sequence[Block], french: bool, indent: str = "") -> list[str]:
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            lines.extend([f"{'#' * block.level} {_md_inline(block.parts, french)}", ""])
        elif isinstance(block, Para):
            lines.extend([indent + _md_inline(block.parts, french), ""])
        else:
            lines += _md_list(block.items, french, indent)
    return lines


def _md_list(items: Iterable[Item], french: bool, indent: str) -> list[str]:
    lines: list[str] = []
    for item in items:
        lines.append(f"{indent}- {_md_inline(item.parts, french)}")
        if item.children:
            nested = _md_blocks(item.children, french, indent + "  ")
            lines.extend(line for line in nested if line)
    lines.append("")
    return lines


def markdown_lines(blocks: Sequence[Block], *, french: bool = False) -> list[str]:
    """The lines of the blocks' Markdown (see :func:`to_markdown`).  The
    lines of several blocks are each block's in turn, so a long document can
    be turned into lines block by block, as its blocks are made."""
    return _md_blocks(blocks, french)


def markdown_list_lines(items: Iterable[Item], *, french: bool = False) -> list[str]:
    """The lines of ``Bullets(tuple(items))`` (see :func:`markdown_lines`),
    each item turned into lines as it comes: a long list made by a generator
    is never held whole."""
    return _md_list(items, french, "")


def markdown_text(lines: list[str]) -> str:
    """The Markdown document of :func:`markdown_lines` (*lines* is emptied
    of its trailing blank lines), ending with one newline."""
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def to_markdown(blocks: Sequence[Block], *, french: bool = False) -> str:
    """The blocks as Markdown (CommonMark), ending with one newline; with
    *french*, gdprkit's own words follow French spacing."""
    return markdown_text(markdown_lines(blocks, french=french))


# HTML ----------------------------------------------------------------------------

_SAFE_HREF = re.compile(r"^(https?://|mailto:)[^\s<>\"']+$", re.IGNORECASE)


def _esc(text: str) -> str:
    return html.escape(_visible(text), quote=True).replace("\n", "<br>\n")


def _html_inline(parts: Iterable[Inline], text_lang: str | None, french: bool) -> str:
    out: list[str] = []
    for part in parts:
        if isinstance(part, str):
            out.append(_esc(french_spacing(part) if french else part))
        elif isinstance(part, Reg):
            lang = part.lang or text_lang
            if lang:
                out.append(f'<span lang="{html.escape(lang)}">{_esc(part.text)}</span>')
            else:
                out.append(_esc(part.text))
        elif isinstance(part, Strong):
            out.append(f"<strong>{_html_inline(part.parts, text_lang, french)}</strong>")
        elif isinstance(part, Span):
            inner = _html_inline(part.parts, text_lang, french)
            out.append(f'<span class="{html.escape(part.css)}">{inner}</span>')
        elif isinstance(part, Code):
            out.append(f"<code>{html.escape(_visible(part.text))}</code>")
        else:
            inner = _html_inline((part.text,), text_lang, french)
            if _SAFE_HREF.match(part.href):
                out.append(f'<a href="{html.escape(part.href, quote=True)}">{inner}</a>')
            else:
                out.append(inner)
    return "".join(out)


def _html_blocks(
    blocks: Sequence[Block], text_lang: str | None, french: bool, indent: str
) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            anchor = f' id="{html.escape(block.anchor)}"' if block.anchor else ""
            tag = f"h{block.level}"
            lines.append(
                f"{indent}<{tag}{anchor}>{_html_inline(block.parts, text_lang, french)}</{tag}>"
            )
        elif isinstance(block, Para):
            css = f' class="{html.escape(block.css)}"' if block.css else ""
            lines.append(f"{indent}<p{css}>{_html_inline(block.parts, text_lang, french)}</p>")
        else:
            lines += _html_list(block.items, text_lang, french, indent)
    return lines


def _html_list(
    items: Iterable[Item], text_lang: str | None, french: bool, indent: str
) -> list[str]:
    lines = [f"{indent}<ul>"]
    for item in items:
        text = _html_inline(item.parts, text_lang, french)
        if item.children:
            lines.append(f"{indent}  <li>{text}")
            lines.extend(_html_blocks(item.children, text_lang, french, indent + "    "))
            lines.append(f"{indent}  </li>")
        else:
            lines.append(f"{indent}  <li>{text}</li>")
    lines.append(f"{indent}</ul>")
    return lines


def html_fragment(
    blocks: Sequence[Block],
    *,
    text_lang: str | None = None,
    french: bool = False,
    indent: str = "",
) -> str:
    """The blocks as HTML elements (no document around them)."""
    return "\n".join(html_lines(blocks, text_lang=text_lang, french=french, indent=indent))


def html_lines(
    blocks: Sequence[Block],
    *,
    text_lang: str | None = None,
    french: bool = False,
    indent: str = "",
) -> list[str]:
    """The lines of :func:`html_fragment`, each block's in turn (as
    :func:`markdown_lines`)."""
    return _html_blocks(blocks, text_lang, french, indent)


def html_list_lines(
    items: Iterable[Item],
    *,
    text_lang: str | None = None,
    french: bool = False,
    indent: str = "",
) -> list[str]:
    """The lines of ``Bullets(tuple(items))`` (see :func:`html_lines`), each
    item turned into lines as it comes (as :func:`markdown_list_lines`)."""
    return _html_list(items, text_lang, french, indent)


def to_html(
    blocks: Sequence[Block],
    *,
    title: str,
    lang: str,
    css: str,
    text_lang: str | None = None,
    body_class: str = "",
    body: str | None = None,
) -> str:
    """A complete, self-contained HTML5 document.

    Args:
        blocks: The content (ignored when *body* is given).
        title: The ``<title>``, escaped here.
        lang: The document's language (``<html lang>``).
        css: The inline style sheet (gdprkit's own, never register text).
        text_lang: The language of the register's text, when it differs
            from *lang*: register strings are wrapped in ``<span lang>``.
        body_class: Class of the ``<main>`` element.
        body: Ready-made inner HTML for ``<main>``, already escaped.
    """
    french = lang == "fr"
    inner = (
        body
        if body is not None
        else html_fragment(blocks, text_lang=text_lang, french=french, indent="    ")
    )
    main_class = f' class="{html.escape(body_class)}"' if body_class else ""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(lang)}">\n'
        "<head>\n"
        '  <meta charset="utf-8">\n'
        '  <meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"  <title>{html.escape(_visible(' '.join(title.split())))}</title>\n"
        f"  <style>\n{css}  </style>\n"
        "</head>\n"
        "<body>\n"
        f"  <main{main_class}>\n{inner}\n  </main>\n"
        "</body>\n"
        "</html>\n"
    )
