"""A streaming reader for multipart/form-data request bodies (RFC 7578).

Django's own parser walks the body in pure Python, in pieces of its own
choosing, and took more time than writing the file to disk. This reader
takes the body in large chunks, finds the boundary with bytes.find, and
hands the file part's bytes straight to a spool file and its hasher
(samen.documents.uploads.HashedUploadedFile), so memory stays at a few
chunks whatever the size.

It is strict where Django's parser is lenient: a body that breaks the
format is refused (400 `multipart_malformed`) rather than read as far as it
goes; a body needs a Content-Length (411) no larger than the upload limit
allows (413); a text field is at most FIELD_BYTES. Whatever goes wrong, the
spooled file is removed before the error leaves.
"""

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from rest_framework.parsers import BaseParser, DataAndFiles

from samen.documents.errors import LengthRequired, TooLarge
from samen.documents.request_body import BodySource, Piece, StreamSource, source_for
from samen.documents.uploads import MULTIPART_OVERHEAD, HashedUploadedFile, max_upload_bytes
from samen.errors import Invalid

CHUNK_BYTES = 1024 * 1024
# Room for a few headers (a long file name, percent-encoded, included).
HEADER_BYTES = 16 * 1024
# A description may be 5000 characters, up to 20000 bytes in UTF-8.
FIELD_BYTES = 32 * 1024
MAX_PARTS = 64
MAX_FILES = 1
# What may stand before the first boundary or after the last (RFC 2046).
PREAMBLE_BYTES = 1024

_BOUNDARY = re.compile(r"""^[0-9A-Za-z'()+_,\-./:=? ]{1,70}$""")
_PARAMETER = re.compile(
    r"""\s*;\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;"\s]*)\s*"""
)


class MalformedBody(Invalid):
    default_code = "multipart_malformed"


def _malformed(reason: str) -> MalformedBody:
    return MalformedBody(
        _("The request body is not valid multipart/form-data: %(reason)s."), reason=reason
    )


def boundary_of(content_type: str) -> bytes:
    """The boundary parameter of a multipart/form-data Content-Type."""
    media, _sep, parameters = content_type.partition(";")
    if media.strip().lower() != "multipart/form-data":
        raise _malformed("not multipart/form-data")
    values = _parameters(";" + parameters if parameters else "")
    boundary = values.get("boundary", "")
    if not _BOUNDARY.fullmatch(boundary) or boundary.endswith(" "):
        raise _malformed("missing or invalid boundary")
    return boundary.encode("ascii")


def _parameters(text: str) -> dict[str, str]:
    """`; key=value` pairs of a header, quoted strings unescaped like Django does."""
    values: dict[str, str] = {}
    position = 0
    while position < len(text):
        match = _PARAMETER.match(text, position)
        if match is None:
            raise _malformed("a header parameter cannot be read")
        key, value = match.group(1).lower(), match.group(2)
        if value.startswith('"'):
            # Only \\ and \" are escapes: browsers send backslashes in file
            # names as they are, and those must reach the name check intact.
            value = re.sub(r'\\([\\"])', r"\1", value[1:-1])
        if key in values:
            raise _malformed("a header parameter is given twice")
        values[key] = value
        position = match.end()
    return values


def content_length_of(meta: dict[str, Any]) -> int:
    try:
        length = int(meta.get("CONTENT_LENGTH") or "")
    except ValueError:
        raise LengthRequired() from None
    if length < 0:
        raise LengthRequired()
    if length > max_upload_bytes() + MULTIPART_OVERHEAD:
        # Refused before a byte is read.
        raise TooLarge(field="inhoud")
    return length


class _Body:
    """The request body as pieces, never past Content-Length; keeps what is not used yet.

    Headers and fields are small: their bytes are copied into `buffer` and
    the piece they came in goes back to its pool at once. The file's bytes
    are handed on in their pieces (see MultipartReader._stream_into).
    """

    def __init__(self, source: BodySource, length: int, chunk_size: int) -> None:
        self.source = source
        self.remaining = length
        self.chunk_size = chunk_size
        # The first boundary has no CRLF before it; adding one lets every
        # boundary be found the same way.
        self.buffer = b"\r\n"

    def next_piece(self, prefix: bytes = b"") -> Piece:
        """The next bytes of the body, after prefix in the same piece."""
        if self.remaining <= 0:
            raise _malformed("the body ends before its closing boundary")
        piece = self.source.next_piece(min(self.chunk_size, self.remaining), prefix)
        received = piece.size - len(prefix)
        if not received:
            piece.release()
            raise _malformed("the body is shorter than its Content-Length")
        self.remaining -= received
        return piece

    def fill(self) -> None:
        piece = self.next_piece()
        self.buffer += piece.view
        piece.release()

    def take_until(self, marker: bytes, limit: int, too_long: Callable[[], Exception]) -> bytes:
        """The bytes before marker (at most limit of them); marker itself is consumed."""
        searched = 0
        while True:
            found = self.buffer.find(marker, searched)
            if 0 <= found <= limit:
                value = self.buffer[:found]
                self.buffer = self.buffer[found + len(marker) :]
                return value
            if len(self.buffer) >= limit + len(marker):
                raise too_long()
            searched = max(0, len(self.buffer) - len(marker) + 1)
            self.fill()

    def starts_with(self, prefix: bytes) -> bool:
        while len(self.buffer) < len(prefix):
            self.fill()
        return self.buffer.startswith(prefix)

    def drain_epilogue(self) -> None:
        extra = len(self.buffer) + self.remaining
        if extra > PREAMBLE_BYTES:
            raise _malformed("too much data after the closing boundary")
        while self.remaining > 0:
            self.fill()
        self.buffer = b""


class MultipartReader:
    """Reads one multipart/form-data body into fields and spooled, hashed files."""

    def __init__(
        self,
        stream: Any,
        *,
        content_type: str,
        content_length: int,
        chunk_size: int = CHUNK_BYTES,
        source: BodySource | None = None,
    ) -> None:
        self.delimiter = b"\r\n--" + boundary_of(content_type)
        self.body = _Body(source or StreamSource(stream), content_length, chunk_size)
        self.fields: QueryDict = QueryDict(mutable=True)
        self.files: MultiValueDict[str, HashedUploadedFile] = MultiValueDict()
        self.spooled: list[HashedUploadedFile] = []

    def parse(self) -> tuple[QueryDict, MultiValueDict[str, HashedUploadedFile]]:
        try:
            self._read_parts()
        except BaseException:
            for upload in self.spooled:
                upload.close()
            raise
        finally:
            self.body.source.close()
        self.fields._mutable = False
        return self.fields, self.files

    def _read_parts(self) -> None:
        self.body.take_until(
            self.delimiter, PREAMBLE_BYTES, lambda: _malformed("no boundary at the start")
        )
        parts = 0
        while not self.body.starts_with(b"--"):
            parts += 1
            if parts > MAX_PARTS:
                raise _malformed("too many parts")
            self._read_part()
        self.body.buffer = self.body.buffer[2:]
        self.body.drain_epilogue()

    def _read_part(self) -> None:
        padding = self.body.take_until(b"\r\n", 64, lambda: _malformed("a boundary line is bad"))
        if padding.strip(b" \t"):
            raise _malformed("a boundary line is bad")
        if self.body.starts_with(b"\r\n"):
            raise _malformed("a part has no headers")
        block = self.body.take_until(
            b"\r\n\r\n", HEADER_BYTES, lambda: _malformed("a part's headers are too long")
        )
        name, file_name, content_type = _part_headers(block)

        if file_name is None:
            self._read_field(name)
        elif file_name == "":
            # A file input left empty sends a part without a name or bytes;
            # it counts as no file, as in Django.
            self._read_field_value(name)
        else:
            self._read_file(name, file_name, content_type)

    def _read_field_value(self, name: str) -> bytes:
        return self.body.take_until(
            self.delimiter,
            FIELD_BYTES,
            lambda: Invalid(
                _("This field is longer than %(limit)s bytes."),
                code="field_too_large",
                field=name,
                limit=FIELD_BYTES,
            ),
        )

    def _read_field(self, name: str) -> None:
        raw = self._read_field_value(name)
        try:
            value = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise _malformed("a field is not UTF-8") from None
        self.fields.appendlist(name, value)

    def _read_file(self, name: str, file_name: str, content_type: str) -> None:
        if len(self.spooled) >= MAX_FILES:
            raise _malformed("more than one file")
        upload = HashedUploadedFile(file_name, content_type, None, threaded=True)
        self.spooled.append(upload)
        self.files.appendlist(name, upload)
        self._stream_into(upload)
        upload.finish()

    def _stream_into(self, upload: HashedUploadedFile) -> None:
        """Everything up to the next delimiter goes to upload, in the pieces it arrived in.

        A delimiter can straddle two pieces: the last len(delimiter) - 1
        bytes of each piece are held back and put in front of the next
        one, in its buffer, so that each piece is searched once and handed
        on whole: one chunk for the hasher and the writer per piece, not a
        piece and a tail (1,025 hand-overs per GiB instead of 2,049).
        """
        delimiter, keep = self.delimiter, len(self.delimiter) - 1
        limit = max_upload_bytes()
        body = self.body
        held: bytes | None = body.buffer
        body.buffer = b""
        found = held.find(delimiter)
        if found >= 0:
            upload.append(held[:found])
            body.buffer = held[found + len(delimiter) :]
        else:
            # What came with the part's headers; from here on only a tail is held.
            if len(held) > keep:
                upload.append(memoryview(held)[:-keep])
                held = held[-keep:]
            while held is not None:
                if upload.size > limit:
                    raise TooLarge(field="inhoud")
                held = self._hand_on(upload, body.next_piece(held))
        if upload.size > limit:
            raise TooLarge(field="inhoud")

    def _hand_on(self, upload: HashedUploadedFile, piece: Piece) -> bytes | None:
        """Give upload a piece without copying it; the held-back tail, or None at the delimiter.

        Whatever is copied out of the piece is copied before it is handed
        on: once appended, its buffer may be filled again.
        """
        delimiter, keep = self.delimiter, len(self.delimiter) - 1
        found = piece.find(delimiter)
        if found >= 0:
            self.body.buffer = bytes(piece.view[found + len(delimiter) :])
            upload.append(piece.view[:found], piece.release)
            return None
        if piece.size <= keep:
            # A short last piece (a slow client): all of it is the tail.
            tail = bytes(piece.view)
            piece.release()
            return tail
        tail = bytes(piece.view[piece.size - keep :])
        upload.append(piece.view[: piece.size - keep], piece.release)
        return tail


def _part_headers(block: bytes) -> tuple[str, str | None, str]:
    """(field name, file name or None, content type) from a part's header block."""
    try:
        text = block.decode("utf-8")
    except UnicodeDecodeError:
        raise _malformed("a part's headers are not UTF-8") from None
    headers: dict[str, str] = {}
    for line in text.split("\r\n"):
        key, colon, value = line.partition(":")
        if not colon or not key or key != key.strip() or line[0] in " \t":
            raise _malformed("a part header cannot be read")
        headers[key.lower()] = value.strip()

    disposition = headers.get("content-disposition", "")
    kind, _sep, rest = disposition.partition(";")
    if kind.strip().lower() != "form-data":
        raise _malformed("a part is not form-data")
    values = _parameters(";" + rest if rest else "")
    if not values.get("name"):
        raise _malformed("a part has no name")
    return values["name"], _file_name(values), headers.get("content-type", "").split(";")[0]


def _file_name(values: dict[str, str]) -> str | None:
    extended = values.get("filename*")
    if extended is not None:
        charset, quote, encoded = extended.partition("'")
        _language, quote2, encoded = encoded.partition("'")
        if not (quote and quote2) or charset.lower() not in {"utf-8", "iso-8859-1"}:
            raise _malformed("filename* cannot be read")
        try:
            return unquote(encoded, encoding=charset, errors="strict")
        except UnicodeDecodeError:
            raise _malformed("filename* cannot be read") from None
    return values.get("filename")


class UploadParser(BaseParser):
    """DRF parser for the document upload endpoints: MultipartReader behind DRF's interface."""

    media_type = "multipart/form-data"

    def parse(
        self, stream: Any, media_type: str | None = None, parser_context: Any = None
    ) -> DataAndFiles:
        request = (parser_context or {})["request"]
        length = content_length_of(request.META)
        reader = MultipartReader(
            stream,
            content_type=media_type or "",
            content_length=length,
            source=source_for(request.META, stream, length, CHUNK_BYTES),
        )
        return DataAndFiles(*reader.parse())
