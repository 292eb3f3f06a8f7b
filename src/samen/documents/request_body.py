"""Where the upload reader gets the request body from: pieces of a few pooled buffers.

Under gunicorn the body is read straight from the client's socket with
recv_into() into a handful of buffers that are used over and over. Going
through wsgi.input instead cost more CPU than hashing the bytes: gunicorn
copies every piece through two BytesIO buffers and slices it twice more,
and each read allocates a fresh megabyte: 0.75 s of CPU per GiB against
0.25 s this way (1 GiB on loopback). On two cores that time is taken from
the hasher and the writer (benchmarks/transfer.py; docs/documents.md).

The fast path is taken only when it can hand the connection back to
gunicorn as if the body had been read through wsgi.input: a Content-Length
body (not chunked) of which nothing has been read yet. What gunicorn has
already buffered is taken first; a request pipelined behind the body stays
with gunicorn; and when reading stops early (a malformed body, a file over
the limit) gunicorn is told how much of the body is still in the socket, so
that it drains the rest before the next request on a kept-alive connection,
as it does for any application that stops reading. A socket error marks
the body failed, which makes gunicorn close the connection.

Anywhere else (the test client, another server) the body is read from the
stream it was given, one read per piece.
"""

import ctypes
import io
import queue
from collections.abc import Callable
from typing import Any, Protocol

# Enough to keep the reader, the hasher and the writer each busy with a piece
# of their own, with a few to spare for whichever falls behind.
POOL_BUFFERS = 8
# Room in front of each buffer for a prefix: a multipart delimiter is at
# most 74 bytes, and the reader holds back one byte less.
PREFIX_ROOM = 128
# Below this a piece is searched with bytes.find (see Piece.find).
MEMMEM_BYTES = 64 * 1024


class Piece:
    """Bytes of the body in a buffer that goes back to its pool once release() is called."""

    def __init__(self, buffer: bytes | bytearray, size: int, release: Callable[[], None]) -> None:
        self.buffer = buffer
        self.size = size
        self.view = memoryview(buffer)[:size]
        self.release = release

    def find(self, marker: bytes, start: int = 0) -> int:
        """Where marker first is in the piece from start on, or -1.

        A large piece in a buffer of ours is searched with the C library's
        memmem: it took half of bytes.find's time (0.06 against 0.13 ms a
        MiB), and ctypes lets go of the GIL around it, so that the hasher
        and the writer are not held up while a megabyte is searched
        (bytes.find: 0.3 s a GiB in `samen serve`, all of it under the GIL).
        """
        length = self.size - start
        if _memmem is None or not isinstance(self.buffer, bytearray) or length < MEMMEM_BYTES:
            # Over the buffer itself: memoryview has no find, and bytes(view)
            # would copy the piece.
            return self.buffer.find(marker, start, self.size)
        window = (ctypes.c_char * length).from_buffer(self.buffer, start)
        base = ctypes.addressof(window)
        found = _memmem(base, length, marker, len(marker))
        return -1 if found is None else start + found - base


def _libc_memmem() -> Any:
    """memmem() of the C library the interpreter runs on; None where there is none."""
    try:
        function = ctypes.CDLL(None).memmem
    except (OSError, AttributeError, TypeError):
        return None
    function.restype = ctypes.c_void_p
    function.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t]
    return function


_memmem = _libc_memmem()


def _keep() -> None:
    """release() of a piece that owns its bytes: nothing to give back."""


class BodySource(Protocol):
    def next_piece(self, size: int, prefix: bytes = b"") -> Piece:
        """prefix, then at most size bytes of the body; only prefix once the client is done.

        The prefix is what the reader held back from the piece before (see
        multipart.MultipartReader._stream_into): in the same buffer as the
        new bytes it is searched and handed on with them as one piece. At
        most PREFIX_ROOM bytes.
        """
        ...

    def close(self) -> None: ...


class StreamSource:
    """Pieces read from a file-like stream, each read a fresh bytes object."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def next_piece(self, size: int, prefix: bytes = b"") -> Piece:
        data = prefix + self.stream.read(size) if prefix else bytes(self.stream.read(size))
        return Piece(data, len(data), _keep)

    def close(self) -> None:
        pass


class GunicornSocketSource:
    """Pieces received from gunicorn's client socket into pooled buffers (see module docs)."""

    def __init__(self, body: Any, sock: Any, buffer_bytes: int) -> None:
        self.body = body
        self.sock = sock
        reader = body.reader
        # Bytes gunicorn read ahead: what its Body holds, then what its
        # socket reader holds up to the end of this body. Beyond that lies
        # the next request on the connection, which stays where it is.
        held = body.buf.getvalue()
        body.buf = io.BytesIO()
        ahead = reader.unreader.buf.getvalue()
        reader.unreader.buf = io.BytesIO()
        reader.unreader.unread(ahead[reader.length :])
        from_reader = ahead[: reader.length]
        self.held = held + from_reader
        self.in_socket = reader.length - len(from_reader)
        reader.length = self.in_socket
        # A small body gets buffers of its own size.
        self.buffer_bytes = max(1, min(buffer_bytes, len(self.held) + self.in_socket))
        self.pool: queue.Queue[bytearray] = queue.Queue()
        self.buffers = 0

    def next_piece(self, size: int, prefix: bytes = b"") -> Piece:
        if len(prefix) > PREFIX_ROOM:
            raise ValueError(f"a prefix of at most {PREFIX_ROOM} bytes fits in front")
        buffer = self._free_buffer()
        filled = len(prefix)
        view = memoryview(buffer)[: filled + min(size, self.buffer_bytes)]
        view[:filled] = prefix
        filled += self._take_held(view[filled:])
        while filled < len(view) and self.in_socket > 0:
            wanted = view[filled : filled + min(len(view) - filled, self.in_socket)]
            try:
                received = self.sock.recv_into(wanted)
            except BaseException:
                self.body.failed = True
                self.pool.put(buffer)
                raise
            if received == 0:
                break
            filled += received
            self.in_socket -= received
        return Piece(buffer, filled, lambda: self.pool.put(buffer))

    def _free_buffer(self) -> bytearray:
        # Made only when all are in use, so that a small upload does not
        # pay for zeroing megabytes it never fills.
        if self.pool.empty() and self.buffers < POOL_BUFFERS:
            self.buffers += 1
            return bytearray(PREFIX_ROOM + self.buffer_bytes)
        return self.pool.get()

    def _take_held(self, view: memoryview) -> int:
        count = min(len(view), len(self.held))
        if count:
            view[:count] = self.held[:count]
            self.held = self.held[count:]
        return count

    def close(self) -> None:
        """Hand the connection back: gunicorn drains what is left of the body, if anything."""
        self.body.reader.length = self.in_socket + len(self.held)
        if self.held:
            # Bytes taken from gunicorn but not used go back in front of the
            # socket, in order, for its drain to find.
            self.body.reader.unreader.unread(self.held)
            self.held = b""


def source_for(environ: dict[str, Any], stream: Any, length: int, buffer_bytes: int) -> BodySource:
    """The fastest correct way to read this request's body (see module docs)."""
    body = environ.get("wsgi.input")
    sock = environ.get("gunicorn.socket")
    if sock is not None and _untouched_gunicorn_body(body, sock, length):
        return GunicornSocketSource(body, sock, buffer_bytes)
    return StreamSource(stream)


def _untouched_gunicorn_body(body: Any, sock: Any, length: int) -> bool:
    try:
        from gunicorn.http.body import Body, LengthReader
        from gunicorn.http.unreader import SocketUnreader
    except ImportError:
        return False
    if type(body) is not Body or type(body.reader) is not LengthReader:
        return False
    unreader = body.reader.unreader
    if type(unreader) is not SocketUnreader or unreader.sock is not sock:
        return False
    # Nothing of the body handed out yet: what gunicorn's Body holds plus
    # what its reader still counts is the whole Content-Length.
    return len(body.buf.getvalue()) + body.reader.length == length
