"""The JSON outputs' writer gives the standard library's text, with or without orjson."""

from __future__ import annotations

import json

import pytest

from gdprkit import _json
from gdprkit._json import json_text


HOSTILE = "".join(chr(i) for i in range(0x80)) + '\u2028\u2029\ufeff\U0001f600 é’— \\ "'


def _standard(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize(
    "data",
    [
        {"findings": [], "summary": {}, "message": HOSTILE, HOSTILE: [HOSTILE, None, True]},
        {"counts": [0, -1, 2**63 - 1], "nested": [[{"a": []}], {}], "ok": False},
        {"big": 2**70},  # beyond orjson's 64 bits: the standard library writes it
        {"lone": "a\ud800b"},  # a lone surrogate: likewise
        [],
        "text",
    ],
)
def test_the_text_is_the_standard_librarys(data: object) -> None:
    assert json_text(data) == _standard(data)


def test_without_orjson_the_standard_library_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real = builtins.__import__
    refused: list[str] = []

    def no_orjson(name: str, *args: object, **kwargs: object) -> object:
        if name == "orjson":
            refused.append(name)
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_orjson)
    data = {"message": HOSTILE, "n": [1, 2]}
    assert _json.json_text(data) == _standard(data)
    assert refused == ["orjson"]
