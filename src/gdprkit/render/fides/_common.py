"""What the import and the export share: the mapping data and the marks."""

from __future__ import annotations

import functools
import json
import re
from importlib import resources
from typing import Any


FIDESLANG_RELEASE = "3.1.4"
"""The fideslang release whose models and default taxonomy the mapping follows."""

MARK = re.compile(r"^Fides: ([A-Za-z0-9_.<>-]+)$")
"""How an element imported from Fides keeps its key in its description."""
KEY_CHARS = re.compile(r"[^A-Za-z0-9_.<>-]+")
"""What a FidesKey cannot hold."""
RETENTION_WORDS = re.compile(r"(\d+)\s*(year|month|week|day)s?", re.IGNORECASE)
"""A retention period in words, as Fides users write it ("3 years")."""


@functools.cache
def mapping() -> dict[str, Any]:
    """The mapping data (``mapping.json``): taxonomy, fields and code tables."""
    text = resources.files(__package__).joinpath("mapping.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data
