"""What the CNIL rules share: how findings name elements and cite sources,
and the French facts."""

from __future__ import annotations

from gdprkit.model import DataCategory, ProcessingActivity
from gdprkit.reference.cnil import france


__all__ = ["FR", "named", "sources"]

FR = france()
"""The French facts (reference data), read once."""


def sources(*texts: str) -> tuple[str, ...]:
    """Split reference-data sources written ``A; B`` into citations."""
    return tuple(part.strip() for text in texts for part in text.split(";") if part.strip())


def named(activity: ProcessingActivity, category: DataCategory | None = None) -> str:
    """``data category "X" of activity "Y"``, as findings name what they are about."""
    where = f'activity "{activity.name}"'
    return where if category is None else f'data category "{category.name}" of {where}'
