"""Plain text out of PDF, DOCX, ODT and text files, for search.

The format is decided by the content (its first bytes, the parts inside a
zip), not by the name or the media type the uploader claimed. Everything is
bounded: at most `limit` characters come out, a PDF is read page by page,
the XML inside DOCX and ODT is parsed as a stream (defusedxml, so no entity
tricks) and at most MAX_XML_BYTES of it is read, whatever the zip claims.
"""

import io
import logging
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import iterparse

logger = logging.getLogger(__name__)

DEFAULT_LIMIT = 1_000_000
MAX_XML_BYTES = 256 * 1024 * 1024
MAX_PDF_PAGES = 10_000
_TEXT_READ_FACTOR = 4  # at most four bytes per character in UTF-8
_MAX_SPACES = 1000

PDF = "pdf"
DOCX = "docx"
ODT = "odt"
TXT = "txt"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_TEXT_SUFFIXES = (".txt", ".text", ".md", ".csv")
_TEXT_TYPES = frozenset({"text/plain", "text/csv", "text/markdown"})


class ExtractionError(Exception):
    """The file claims a supported format but cannot be read."""


@dataclass(frozen=True)
class Extracted:
    kind: str
    text: str
    truncated: bool


class _LimitReachedError(Exception):
    """Raised inside a parser when the limit is reached, to stop early."""


class _Collector:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[str] = []
        self.size = 0
        self.truncated = False

    def add(self, text: str) -> None:
        if not text:
            return
        # PostgreSQL text cannot hold NUL, and it means nothing to a reader.
        text = text.replace("\x00", "")
        room = self.limit - self.size
        if len(text) > room:
            self.parts.append(text[:room])
            self.size = self.limit
            self.truncated = True
            raise _LimitReachedError
        self.parts.append(text)
        self.size += len(text)

    def text(self) -> str:
        return "".join(self.parts).strip()


def detect(head: bytes, filename: str, media_type: str) -> str | None:
    """The format of a file from its first bytes, or None when it is not supported."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if media_type in _TEXT_TYPES or filename.lower().endswith(_TEXT_SUFFIXES):
        return TXT
    return None


def extract(
    stream: IO[bytes], *, filename: str = "", media_type: str = "", limit: int = DEFAULT_LIMIT
) -> Extracted | None:
    """The text of a seekable binary stream, or None for a format without text support."""
    head = stream.read(8)
    stream.seek(0)
    kind = detect(head, filename, media_type)
    if kind is None:
        return None
    if kind == "zip":
        return _extract_zip(stream, limit)

    readers: dict[str, Callable[[IO[bytes], _Collector], None]] = {PDF: _pdf, TXT: _plain}
    return _run(kind, readers[kind], stream, limit)


def _run(
    kind: str, reader: Callable[[Any, _Collector], None], source: Any, limit: int
) -> Extracted:
    collector = _Collector(limit)
    try:
        reader(source, collector)
    except _LimitReachedError:
        pass
    except ExtractionError:
        raise
    except Exception as exc:
        # Every library raises its own errors for broken files; the caller
        # only needs to know that this file cannot be read.
        raise ExtractionError(f"{kind}: {type(exc).__name__}: {exc}") from exc
    return Extracted(kind=kind, text=collector.text(), truncated=collector.truncated)


def _extract_zip(stream: IO[bytes], limit: int) -> Extracted | None:
    try:
        archive = zipfile.ZipFile(stream)
    except zipfile.BadZipFile as exc:
        raise ExtractionError(f"zip: {exc}") from exc

    with archive:
        names = set(archive.namelist())
        if "word/document.xml" in names:
            return _run(DOCX, _docx, archive, limit)
        if "content.xml" in names and _is_odt(archive, names):
            return _run(ODT, _odt, archive, limit)
    return None


def _is_odt(archive: zipfile.ZipFile, names: set[str]) -> bool:
    if "mimetype" not in names:
        return False
    with archive.open("mimetype") as member:
        return member.read(100).strip() == _ODT_MIMETYPE


def _pdf(stream: IO[bytes], out: _Collector) -> None:
    # Imported here: pypdf is only needed by the worker, not by web processes.
    from pypdf import PdfReader

    reader = PdfReader(stream)
    if reader.is_encrypted and not reader.decrypt(""):
        raise ExtractionError("pdf: encrypted with a password")
    for number, page in enumerate(reader.pages):
        if number >= MAX_PDF_PAGES:
            out.truncated = True
            return
        out.add(page.extract_text() or "")
        out.add("\n\n")


def _plain(stream: IO[bytes], out: _Collector) -> None:
    raw = stream.read(out.limit * _TEXT_READ_FACTOR + 1)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Not UTF-8 (or cut off mid-character at the read limit): Windows-1252
        # is what older Dutch office files are, and it decodes any byte.
        text = raw.decode("cp1252", errors="replace")
    out.add(text)


class _LimitedReader(io.RawIOBase):
    """A file-like view that refuses to give more than `limit` bytes (zip bombs)."""

    def __init__(self, inner: IO[bytes], limit: int) -> None:
        self.inner = inner
        self.left = limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.left <= 0:
            raise ExtractionError("xml: part is larger than the extraction limit")
        data = self.inner.read(min(len(buffer), self.left))
        self.left -= len(data)
        buffer[: len(data)] = data
        return len(data)


def _paragraphs(archive: zipfile.ZipFile, part: str, tags: set[str]) -> Iterator[Element]:
    """Each finished paragraph element of an XML part, cleared after use to keep memory flat."""
    with archive.open(part) as member:
        source = io.BufferedReader(_LimitedReader(member, MAX_XML_BYTES))
        for _event, element in iterparse(source, events=("end",)):
            if element.tag in tags:
                yield element
                element.clear()


def _docx(archive: zipfile.ZipFile, out: _Collector) -> None:
    for paragraph in _paragraphs(archive, "word/document.xml", {f"{_W}p"}):
        for node in paragraph.iter():
            if node.tag == f"{_W}t":
                out.add(node.text or "")
            elif node.tag == f"{_W}tab":
                out.add("\t")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                out.add("\n")
        out.add("\n")


def _odt(archive: zipfile.ZipFile, out: _Collector) -> None:
    for paragraph in _paragraphs(archive, "content.xml", {f"{_TEXT}p", f"{_TEXT}h"}):
        _odt_inline(paragraph, out)
        out.add("\n")


def _odt_inline(element: Element, out: _Collector) -> None:
    # ODT paragraphs are mixed content: text, then children, each followed
    # by its tail text; spaces, tabs and line breaks are elements.
    out.add(element.text or "")
    for child in element:
        if child.tag == f"{_TEXT}s":
            out.add(" " * min(int(child.get(f"{_TEXT}c", "1") or 1), _MAX_SPACES))
        elif child.tag == f"{_TEXT}tab":
            out.add("\t")
        elif child.tag == f"{_TEXT}line-break":
            out.add("\n")
        else:
            _odt_inline(child, out)
        out.add(child.tail or "")
