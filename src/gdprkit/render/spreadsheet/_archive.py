"""What the ``xlsx`` and ``ods`` writers share: XML text, and the parts of a zip
archive written one after the other, each streamed into the archive.

Both formats are zip archives of XML parts.  The writers make the XML
themselves, a sheet at a time, rather than through openpyxl or odfpy: those
keep an object per cell or per sheet (odfpy the whole document as a DOM)
until the file is saved, which made the exports several times slower than the
csv export and their memory grow with the register (see the performance
page of the documentation).  Reading stays with openpyxl and odfpy.
"""

from __future__ import annotations

import datetime as dt
import time
import zipfile
from collections.abc import Iterable
from typing import BinaryIO


__all__ = ["XML_HEAD", "Archive", "now", "xml_text"]

XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

_FLUSH = 1 << 16
"""Characters of a part kept before they go to the archive's compressor."""


def xml_text(text: str) -> str:
    """*text* escaped for XML character data and attribute values.

    What XML 1.0 cannot hold (control characters, a lone carriage return,
    noncharacters) must already be written as ``_xHHHH_``
    (:func:`~gdprkit.render.spreadsheet.cells.xml_escape`); ``>`` is escaped
    too, so that no text makes ``]]>``."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def now() -> str:
    """The current time in UTC, as the documents' properties state it."""
    return dt.datetime.now(tz=dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Archive:
    """A zip archive written into *handle*, part after part.

    Used as a context manager: the archive is closed (its directory written)
    when the block ends, whether it ends by an exception or not; the file it
    was written to is then discarded by the caller's atomic write."""

    def __init__(self, handle: BinaryIO) -> None:
        self._zip = zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED)

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self._zip.close()

    def stored(self, name: str, text: str) -> None:
        """A part written uncompressed (an OpenDocument's ``mimetype``)."""
        self._zip.writestr(_info(name, zipfile.ZIP_STORED), text.encode())

    def part(self, name: str, chunks: Iterable[str]) -> None:
        """The part *name* made of *chunks*, compressed into the archive as
        they come (a part is never whole in memory)."""
        with self._zip.open(_info(name, zipfile.ZIP_DEFLATED), "w") as member:
            buffer: list[str] = []
            size = 0
            for chunk in chunks:
                buffer.append(chunk)
                size += len(chunk)
                if size > _FLUSH:
                    member.write("".join(buffer).encode())
                    buffer.clear()
                    size = 0
            member.write("".join(buffer).encode())


def _info(name: str, compression: int) -> zipfile.ZipInfo:
    """A part dated now (local time, as zip dates are)."""
    info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
    info.compress_type = compression
    return info
