"""The notice holds no objects per activity while it is made.

Objects a renderer keeps while it goes on (blocks gathered for every activity
before being written, a record per gap) are walked again by each of the
garbage collector's collections, and pile up until they set off a full one,
which walks the whole heap: the time per activity then grows with the
register.  How the time grows is measured by the benchmark (``benchmarks/``);
this counts the objects the collector tracks.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Callable, Iterator

import pytest
from benchmarks.generate import generate_bytes

import gdprkit
from gdprkit.render._document import (
    Bullets,
    Item,
    Reg,
    html_lines,
    html_list_lines,
    markdown_lines,
    markdown_list_lines,
)
from gdprkit.render.notice import Format, render_notice


def held_while(make: Callable[[], object]) -> int:
    """The most objects tracked by the collector, beyond those tracked before,
    at any collection while *make* runs (collections made frequent).  It runs
    once before, unmeasured: the register's activities keep the facts worked
    out about them (their lawful bases…), the renderers' modules are imported."""
    make()
    counts: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            counts.append(tracked())

    was, threshold = gc.isenabled(), gc.get_threshold()
    gc.collect()
    before = tracked()
    gc.callbacks.append(seen)
    try:
        gc.enable()
        gc.set_threshold(300, 1)
        make()
    finally:
        gc.set_threshold(*threshold)
        gc.callbacks.remove(seen)
        (gc.enable if was else gc.disable)()
    assert counts, "no collection happened: nothing was measured"
    return max(counts) - before


def tracked() -> int:
    """The objects the collector tracks, tuples aside: a tuple of untracked
    objects (strings, numbers) is left untracked by the first collection that
    sees it, after one whose order may have it seen before its members."""
    return sum(type(o) is not tuple for o in gc.get_objects())


@pytest.fixture(scope="module")
def registers() -> dict[int, gdprkit.Register]:
    return {n: gdprkit.loads(generate_bytes(n)) for n in SIZES}


SIZES = (100, 400)


@pytest.mark.parametrize("format_", ["markdown", "html"])
def test_what_the_notice_holds_does_not_grow_with_the_register(
    format_: Format, registers: dict[int, gdprkit.Register]
) -> None:
    small, large = (
        held_while(lambda n=n: render_notice(registers[n], format=format_)) for n in SIZES
    )
    # It held some 6 objects per activity (its blocks gathered across
    # activities, a NoticeGap per gap): less than one for two activities is
    # none per activity.
    assert large - small < (SIZES[1] - SIZES[0]) / 2, (small, large)


def _items(texts: list[str], made: list[weakref.ref[Item]]) -> Iterator[Item]:
    for text in texts:
        # the one written last is still the writer's loop variable, no other
        assert all(ref() is None for ref in made[:-1]), "an item written before is still held"
        item = Item((Reg(text),), (Bullets((Item(("sous",)),)),))
        made.append(weakref.ref(item))
        yield item
        del item


@pytest.mark.parametrize(
    ("lines", "of_list"),
    [(markdown_lines, markdown_list_lines), (html_lines, html_list_lines)],
)
def test_a_list_is_written_one_item_at_a_time(
    lines: Callable[..., list[str]], of_list: Callable[..., list[str]]
) -> None:
    """The lines of a list made by a generator are those of the whole list,
    and each item is dropped once written."""
    texts = [f"élément {i} : *{i}*" for i in range(5)]
    whole = Bullets(tuple(Item((Reg(t),), (Bullets((Item(("sous",)),)),)) for t in texts))
    made: list[weakref.ref[Item]] = []
    assert of_list(_items(texts, made), french=True) == lines([whole], french=True)
    assert len(made) == len(texts)
