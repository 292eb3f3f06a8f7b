"""Reading an upload straight from gunicorn's socket leaves the connection as gunicorn expects.

The body is read from a socket pair through gunicorn's own Body,
LengthReader and SocketUnreader, set up as gunicorn leaves them when it
calls the application: the headers parsed, and part of the body (and
sometimes the next request) already read ahead into its buffer.
"""

import contextlib
import hashlib
import socket
import threading

import pytest
from gunicorn.http.body import Body, LengthReader
from gunicorn.http.unreader import SocketUnreader

from samen.documents.errors import TooLarge
from samen.documents.multipart import MalformedBody, MultipartReader
from samen.documents.request_body import (
    MEMMEM_BYTES,
    PREFIX_ROOM,
    GunicornSocketSource,
    Piece,
    StreamSource,
    source_for,
)
from tests.documents.conftest import spooled_files

BOUNDARY = "sok-grens"
CONTENT = bytes(range(256)) * 12_000 + b"\r\n--sok-gren"  # ~3 MiB, ends on a near-delimiter
NEXT_REQUEST = b"GET /volgende HTTP/1.1\r\nHost: x\r\n\r\n"


def multipart(content: bytes) -> bytes:
    return (
        (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="titel"\r\n\r\nSok\r\n'
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="inhoud"; filename="s.bin"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )


class Connection:
    """A client socket sending `data`, and gunicorn's body reader on the server side."""

    def __init__(self, data: bytes, *, read_ahead: int, length: int | None = None) -> None:
        self.server, self.client = socket.socketpair()
        self.sender = threading.Thread(target=self._send, args=(data,), daemon=True)
        self.sender.start()
        self.unreader = SocketUnreader(self.server)
        # What gunicorn's header parser read past the headers lands in the
        # unreader's buffer; read_ahead says how much of that there is.
        if read_ahead:
            self.unreader.unread(self._receive_exactly(read_ahead))
        self.length = len(data) if length is None else length
        self.body = Body(LengthReader(self.unreader, self.length))
        self.environ = {"wsgi.input": self.body, "gunicorn.socket": self.server}

    def _send(self, data: bytes) -> None:
        # Some tests close the connection before everything is sent.
        with contextlib.suppress(OSError):
            self.client.sendall(data)

    def _receive_exactly(self, count: int) -> bytes:
        data = b""
        while len(data) < count:
            data += self.server.recv(count - len(data))
        return data

    def source(self) -> GunicornSocketSource:
        source = source_for(self.environ, self.body, self.length, 64 * 1024)
        assert isinstance(source, GunicornSocketSource)
        return source

    def close(self) -> None:
        self.client.close()
        self.server.close()
        self.sender.join(timeout=5)


def read(connection: Connection, source):
    reader = MultipartReader(
        connection.body,
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        content_length=connection.length,
        chunk_size=64 * 1024,
        source=source,
    )
    return reader.parse()


@pytest.mark.parametrize("read_ahead", [0, 100, 5000, "all"])
def test_body_read_from_the_socket_leaves_the_next_request_to_gunicorn(read_ahead):
    data = multipart(CONTENT)
    ahead = len(data) + 10 if read_ahead == "all" else read_ahead
    connection = Connection(data + NEXT_REQUEST, read_ahead=ahead, length=len(data))

    fields, files = read(connection, connection.source())

    assert fields["titel"] == "Sok"
    assert files["inhoud"].sha256 == hashlib.sha256(CONTENT).hexdigest()
    assert files["inhoud"].read() == CONTENT
    files["inhoud"].close()
    # gunicorn finds the body read to its end, and the next request intact.
    assert connection.body.read(1024) == b""
    assert connection.unreader.read(len(NEXT_REQUEST)) == NEXT_REQUEST
    connection.close()


def test_malformed_body_leaves_its_rest_for_gunicorn_to_drain(settings):
    data = multipart(CONTENT).replace(b'name="titel"', b"naam=titel")
    connection = Connection(data + NEXT_REQUEST, read_ahead=300, length=len(data))

    with pytest.raises(MalformedBody):
        read(connection, connection.source())

    # What gunicorn drains is exactly the unread rest of the body, so a
    # kept-alive connection goes on with the next request.
    drained = b""
    while piece := connection.body.read(1024):
        drained += piece
    assert data.endswith(drained)
    assert len(drained) > 0
    assert connection.unreader.read(len(NEXT_REQUEST)) == NEXT_REQUEST
    assert spooled_files(settings) == []
    connection.close()


def test_file_over_the_limit_stops_reading_and_leaves_the_rest_counted(settings):
    settings.MAX_UPLOAD_BYTES = 1024 * 1024
    data = multipart(CONTENT)
    connection = Connection(data, read_ahead=0)

    with pytest.raises(TooLarge):
        read(connection, connection.source())

    assert 0 < connection.body.reader.length < len(data) - settings.MAX_UPLOAD_BYTES
    assert spooled_files(settings) == []
    connection.close()


def test_client_that_goes_away_mid_body_gets_malformed_and_nothing_is_kept(settings):
    data = multipart(CONTENT)
    connection = Connection(data[: len(data) // 2], read_ahead=0, length=len(data))
    connection.sender.join(timeout=5)
    connection.client.close()

    with pytest.raises(MalformedBody):
        read(connection, connection.source())

    assert spooled_files(settings) == []
    connection.server.close()


def test_socket_error_marks_the_body_failed_so_gunicorn_closes_the_connection(settings):
    data = multipart(CONTENT)
    connection = Connection(data[:1000], read_ahead=0, length=len(data))
    source = connection.source()
    connection.server.settimeout(0.2)

    with pytest.raises(TimeoutError):
        read(connection, source)

    assert connection.body.failed is True
    assert spooled_files(settings) == []
    connection.close()


def test_body_partly_read_through_wsgi_input_is_not_taken_over():
    data = multipart(CONTENT)
    connection = Connection(data, read_ahead=0)
    connection.body.read(10)

    source = source_for(connection.environ, connection.body, connection.length, 64 * 1024)

    assert isinstance(source, StreamSource)
    connection.close()


def test_chunked_body_is_not_taken_over():
    connection = Connection(b"", read_ahead=0, length=0)
    connection.environ["wsgi.input"] = Body(object())

    source = source_for(connection.environ, connection.body, 0, 64 * 1024)

    assert isinstance(source, StreamSource)
    connection.close()


def test_small_body_is_read_into_a_buffer_of_its_own_size():
    data = multipart(b"klein")
    connection = Connection(data, read_ahead=0)
    source = connection.source()

    piece = source.next_piece(64 * 1024)

    assert bytes(piece.view) == data
    assert len(piece.buffer) == PREFIX_ROOM + len(data)
    piece.release()
    source.close()
    connection.close()


@pytest.mark.parametrize("where", [0, 1, 1000, MEMMEM_BYTES - 3, 2 * MEMMEM_BYTES - 11])
def test_large_piece_finds_the_marker_where_bytes_find_does(where):
    marker = b"\r\n--grens"
    buffer = bytearray(b"x" * (2 * MEMMEM_BYTES))
    buffer[where : where + len(marker)] = marker
    # Near the end the piece stops two bytes into the marker: not found.
    size = where + len(marker) - 2 if where > MEMMEM_BYTES else len(buffer)
    piece = Piece(buffer, size, lambda: None)

    for start in (0, where, where + 1):
        assert piece.find(marker, start) == buffer.find(marker, start, size)
    assert piece.find(marker) == (-1 if size < where + len(marker) else where)
