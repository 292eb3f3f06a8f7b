"""Uploads and downloads go through in bounded memory, whatever the file size.

The request body is generated on the fly by a stream, as a socket would
deliver it, so the only memory measured is what the server side allocates.
The 2 GiB figures under gunicorn are in benchmarks/ (resident memory); this
guards the code path in every test run.
"""

import hashlib
import tracemalloc

from django.test import RequestFactory
from rest_framework.test import force_authenticate

from samen.documents.api import DocumentListView
from samen.documents.models import Document
from tests.conftest import api_client_for

SIZE = 64 * 1024 * 1024
BLOCK = bytes(range(256)) * 256  # 64 KiB
BOUNDARY = "samen-memory-boundary"
LIMIT = 16 * 1024 * 1024


class GeneratedBody:
    """A multipart body of SIZE bytes of file content, produced while it is read."""

    def __init__(self, workspace_id: str) -> None:
        self.head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="ruimte"\r\n\r\n'
            f"{workspace_id}\r\n"
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="titel"\r\n\r\nGroot\r\n'
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="inhoud"; '
            f'filename="groot.bin"\r\nContent-Type: application/octet-stream\r\n\r\n'
        ).encode()
        self.tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.length = len(self.head) + SIZE + len(self.tail)
        self.position = 0

    def _byte(self, offset: int) -> bytes:
        if offset < len(self.head):
            return self.head[offset:]
        offset -= len(self.head)
        if offset < SIZE:
            start = offset % len(BLOCK)
            return BLOCK[start:][: SIZE - offset]
        return self.tail[offset - SIZE :]

    def readline(self, size: int = -1) -> bytes:
        out = b""
        while self.position < self.length and not out.endswith(b"\n"):
            piece = self._byte(self.position)
            cut = piece.find(b"\n")
            piece = piece[: cut + 1] if cut >= 0 else piece
            if size is not None and size >= 0:
                piece = piece[: size - len(out)]
            out += piece
            self.position += len(piece)
            if size is not None and 0 <= size <= len(out):
                break
        return out

    def read(self, size: int = -1) -> bytes:
        out = b""
        wanted = self.length - self.position if size is None or size < 0 else size
        while len(out) < wanted and self.position < self.length:
            piece = self._byte(self.position)[: wanted - len(out)]
            out += piece
            self.position += len(piece)
        return out


def expected_sha256() -> str:
    sha = hashlib.sha256()
    for _ in range(SIZE // len(BLOCK)):
        sha.update(BLOCK)
    return sha.hexdigest()


def test_upload_of_64_mib_allocates_far_less_than_its_size(world):
    body = GeneratedBody(str(world.workspace.pk))
    request = RequestFactory().generic(
        "POST",
        "/api/v1/documenten",
        **{
            "wsgi.input": body,
            "CONTENT_LENGTH": str(body.length),
            "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        },
    )
    force_authenticate(request, user=world.owner)

    tracemalloc.start()
    try:
        response = DocumentListView.as_view()(request)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert response.status_code == 201, response.data
    assert response.data["integriteit"]["waarde"] == expected_sha256()
    assert peak < LIMIT, f"peak {peak / 2**20:.1f} MiB"
    assert Document.objects.get().latest_version.size == SIZE


def test_download_of_64_mib_allocates_far_less_than_its_size(world):
    from tests.documents.conftest import received

    spooled = received(b"", name="groot.bin")
    for _ in range(SIZE // len(BLOCK)):
        spooled.append(BLOCK)
    spooled.finish()
    from samen.documents.actions import create_document
    from samen.workspaces.access import workspace_for

    document, _warnings = create_document(
        actor=world.owner,
        access=workspace_for(world.owner, world.workspace.pk),
        received=spooled,
        title="Groot",
    )
    client = api_client_for(world.owner)

    tracemalloc.start()
    try:
        response = client.get(f"/api/v1/documenten/{document.pk}/inhoud")
        sha, size = hashlib.sha256(), 0
        for chunk in response.streaming_content:
            sha.update(chunk)
            size += len(chunk)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert (sha.hexdigest(), size) == (expected_sha256(), SIZE)
    assert peak < LIMIT / 2, f"peak {peak / 2**20:.1f} MiB"
