"""Checks shared by the HTML tests: structure, self-containment, visible text."""

from __future__ import annotations

import re
from html.parser import HTMLParser


class Page(HTMLParser):
    """The parts of an HTML page the tests look at."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[int] = []
        self.text_parts: list[str] = []
        self.title = ""
        self.style = ""
        self.lang: str | None = None
        self._in: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.append((tag, dict(attrs)))
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag not in ("br", "meta"):
            self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        where = self._in[-1] if self._in else ""
        if where == "title":
            self.title += data
        elif where == "style":
            self.style += data
        else:
            self.text_parts.append(data)

    @property
    def text(self) -> str:
        """The visible text, spaces normalised (no-break spaces included)."""
        return " ".join("".join(self.text_parts).replace("\u00a0", " ").split())


def assert_self_contained_page(text: str, lang: str) -> Page:
    """One h1, headings that never skip a level, the language set, no
    script, no external resource."""
    page = Page(text)
    assert text.startswith("<!DOCTYPE html>")
    assert page.lang == lang
    assert page.headings.count(1) == 1
    assert page.headings[0] == 1
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        assert after <= before + 1, page.headings
    for forbidden in ("script", "link", "img", "iframe", "object", "embed", "base", "form"):
        assert forbidden not in page.tags, forbidden
    for tag, attrs in page.attrs:
        assert "src" not in attrs, tag
        assert not any(name.startswith("on") for name in attrs), tag
        href = attrs.get("href")
        if href is not None:
            assert href.startswith(("https://", "http://", "mailto:")), href
    assert "@import" not in page.style
    assert "url(" not in page.style
    assert page.tags.count("style") == 1
    return page
