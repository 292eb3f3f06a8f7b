"""Serving a version's content: streamed, with Range, ETag and safe headers.

content_response() is shared by the API and the pages. The body is a
FileResponse over a window of the stored file, so under gunicorn the WSGI
file wrapper (sendfile on local disk) does the copying and memory stays
flat; anywhere else it is read in blocks.
"""

import json
import re
from typing import Any
from urllib.parse import quote

from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from samen.documents import storage
from samen.documents.formats import PREVIEWABLE
from samen.documents.models import Version

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_UNSAFE_ASCII = re.compile(r'[^\x20-\x7e]|["\\%]')


class _Window:
    """length bytes of handle from its current position: read() stops there.

    fileno() is passed through so that gunicorn can sendfile() the window
    (it sends Content-Length bytes from the descriptor's current offset).
    """

    def __init__(self, handle: Any, length: int) -> None:
        self.handle = handle
        self.remaining = length

    def read(self, size: int = -1) -> bytes:
        if self.remaining <= 0:
            return b""
        wanted = self.remaining if size is None or size < 0 else min(size, self.remaining)
        data = self.handle.read(wanted)
        self.remaining -= len(data)
        return data

    def fileno(self) -> int:
        return self.handle.fileno()

    def close(self) -> None:
        self.handle.close()


class _ContentResponse(FileResponse):
    block_size = 256 * 1024


def disposition(kind: str, file_name: str) -> str:
    """A Content-Disposition with an ASCII fallback and the exact name (RFC 6266, 8187)."""
    fallback = _UNSAFE_ASCII.sub("_", file_name).strip() or "download"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(file_name, safe='')}"


def etag_of(version: Version) -> str:
    return f'"{version.sha256}"'


def _matches(header: str, etag: str) -> bool:
    tags = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    return "*" in tags or etag in tags


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """(first, last) byte of a single `bytes=` range; None to send everything.

    Raises ValueError for a range that lies wholly outside the file. Several
    ranges, or a header that is not a byte range, are answered with the
    whole file, as RFC 9110 allows.
    """
    match = _RANGE.fullmatch(header.strip())
    if match is None or not (match.group(1) or match.group(2)):
        return None
    first, last = match.group(1), match.group(2)
    if not first:
        suffix = int(last)
        if suffix == 0:
            raise ValueError("empty suffix range")
        return max(0, size - suffix), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or (last and int(last) < start):
        raise ValueError("range outside the file")
    return start, end


def _not_satisfiable(size: int) -> HttpResponse:
    body = {
        "type": "urn:samen:problem:range_not_satisfiable",
        "title": "Bereik niet beschikbaar",
        "status": 416,
        "detail": _("The requested range lies outside the file of %(size)s bytes.")
        % {"size": size},
        "code": "range_not_satisfiable",
    }
    response = HttpResponse(json.dumps(body), status=416, content_type="application/problem+json")
    response["Content-Range"] = f"bytes */{size}"
    return response


def content_response(request: HttpRequest, version: Version, *, preview: bool = False) -> Any:
    """The content of version as a download, or inline for a safe preview format."""
    etag = etag_of(version)
    if _matches(request.headers.get("If-None-Match", ""), etag):
        response = HttpResponse(status=304)
        response["ETag"] = etag
        return response

    window = (0, version.size - 1)
    if_range = request.headers.get("If-Range")
    if "Range" in request.headers and (if_range is None or if_range.strip() == etag):
        try:
            window = parse_range(request.headers["Range"], version.size) or window
        except ValueError:
            return _not_satisfiable(version.size)
    partial = window != (0, version.size - 1)
    return _stream(version, window, partial=partial, preview=preview)


def _stream(version: Version, window: tuple[int, int], *, partial: bool, preview: bool) -> Any:
    first, last = window
    handle = storage.open_window(version.storage_key, first, last - first + 1)
    inline = preview and version.mime_type in PREVIEWABLE
    response = _ContentResponse(
        _Window(handle, last - first + 1),
        status=206 if partial else 200,
        content_type=version.mime_type,
    )
    response["Content-Length"] = str(last - first + 1)
    if partial:
        response["Content-Range"] = f"bytes {first}-{last}/{version.size}"
    response["ETag"] = etag_of(version)
    response["Accept-Ranges"] = "bytes"
    response["Content-Disposition"] = disposition(
        "inline" if inline else "attachment", version.file_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Revalidated with the ETag on every use; never kept by shared caches.
    response["Cache-Control"] = "private, no-cache"
    return response
