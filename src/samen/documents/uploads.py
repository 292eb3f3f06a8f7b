"""Receiving uploads as a stream: spooled to disk and hashed on the way in.

HashedUploadedFile is where received bytes go: straight to a temporary file
under the data folder while their SHA-256 and size are counted, so memory
stays flat whatever the size, and the hash is known the moment the body has
been read. The API fills it from samen.documents.multipart; pages fill it
through HashingUploadHandler, which replaces Django's memory and temp-file
handlers.
"""

import hashlib
import queue
import threading
from collections.abc import Callable
from typing import IO, Any

from django.conf import settings
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers

from samen.documents.errors import TooLarge
from samen.documents.spool import SpoolWriter
from samen.documents.storage import temp_dir

HEAD_BYTES = 8192
# Room for the multipart boundaries and the small fields around the file.
MULTIPART_OVERHEAD = 1024 * 1024


class HashedUploadedFile(TemporaryUploadedFile):
    """A spooled upload that knows its SHA-256, its first bytes and the claimed type.

    With threaded=True, writing and hashing each run in a thread of their
    own (ChunkWorker), so that on two cores both overlap reading the next
    chunk from the socket; finish() waits for them and raises what failed.
    The writing then goes past the page cache where the disk allows it
    (samen.documents.spool says why).
    A chunk may come with a release function, called once it is hashed and
    written, so that its buffer can be filled again.
    """

    size: int

    def __init__(
        self, name: str, content_type: str, charset: str | None, *, threaded: bool = False
    ) -> None:
        # The temp file lands in FILE_UPLOAD_TEMP_DIR, on the data disk, so
        # that moving it into local storage is a rename, not a copy. Its own
        # name gets no part of the client's name, which is checked later.
        temp_dir()
        super().__init__("upload", content_type, 0, charset)
        self.name = name
        self.spool: IO[bytes] = self.file  # type: ignore[assignment]
        self.raw_name = name
        self.claimed_type = content_type
        self.sha = hashlib.sha256()
        self.head = b""
        self.size = 0
        self.workers: ChunkWorker | None = None
        self.writer: SpoolWriter | None = None
        if threaded:
            self.writer = SpoolWriter(self.spool)
            # One chain, hashing then writing: the writer is the last to
            # touch a chunk, so it is the one that releases its buffer.
            writer = ChunkWorker(self.writer.write, "upload-write")
            self.workers = ChunkWorker(self.sha.update, "upload-hash", then=writer)

    @property
    def name(self) -> str | None:  # type: ignore[override]
        # File.name would pass the raw name through os.path.basename.
        return self._name

    @name.setter
    def name(self, value: str | None) -> None:
        self._name = value

    def append(self, chunk: bytes | memoryview, release: Callable[[], None] | None = None) -> None:
        # The head is copied first: once submitted, the chunk's buffer may
        # be released and filled again.
        if len(self.head) < HEAD_BYTES:
            self.head += chunk[: HEAD_BYTES - len(self.head)]
        if self.workers is not None:
            self.workers.submit(chunk, release)
        else:
            self.spool.write(chunk)
            self.sha.update(chunk)
            if release is not None:
                release()
        self.size += len(chunk)

    @property
    def sha256(self) -> str:
        self._join_workers()
        return self.sha.hexdigest()

    def finish(self) -> None:
        self._join_workers()
        self.spool.flush()
        self.spool.seek(0)

    def _join_workers(self) -> None:
        workers, self.workers = self.workers, None
        if workers is not None:
            workers.finish()
        writer, self.writer = self.writer, None
        if writer is not None:
            try:
                writer.flush()
            finally:
                writer.close()

    def close(self) -> None:
        workers, self.workers = self.workers, None
        if workers is not None:
            workers.abandon()
        writer, self.writer = self.writer, None
        if writer is not None:
            writer.close()
        super().close()


class ChunkWorker:
    """Applies one function to every chunk, in a thread of its own and in order.

    hashlib and file writes let go of the GIL for large buffers, so the work
    runs while the request thread reads the next chunk. The queue holds at
    most QUEUE_CHUNKS chunks: memory stays flat when the worker falls
    behind. A worker may hand each chunk on to the next one (`then`); the
    last calls the chunk's release function, also for chunks it skipped.
    The first error (a full disk) is raised to the request thread on its
    next append or at finish(); later chunks are then skipped.
    """

    QUEUE_CHUNKS = 4

    def __init__(
        self, apply: Callable[[Any], Any], name: str, *, then: "ChunkWorker | None" = None
    ) -> None:
        self._apply = apply
        self._then = then
        self._queue: queue.Queue[_Item | None] = queue.Queue(self.QUEUE_CHUNKS)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            chunk, release = item
            if self._error is None:
                try:
                    self._apply(chunk)
                except BaseException as exc:  # handed to the request thread
                    self._error = exc
            if self._then is not None:
                self._then._queue.put(item)
            elif release is not None:
                release()
        if self._then is not None:
            self._then._queue.put(None)

    def raise_error(self) -> None:
        """The first error of this worker or of those it hands chunks on to."""
        worker: ChunkWorker | None = self
        while worker is not None:
            if worker._error is not None:
                raise worker._error
            worker = worker._then

    def submit(self, chunk: bytes | memoryview, release: Callable[[], None] | None = None) -> None:
        self.raise_error()
        self._queue.put((chunk, release))

    def finish(self) -> None:
        self.abandon()
        self.raise_error()

    def abandon(self) -> None:
        """Stop after the chunks already queued, and so do the workers down the chain."""
        if self._thread.is_alive():
            self._queue.put(None)
        worker: ChunkWorker | None = self
        while worker is not None:
            worker._thread.join()
            worker = worker._then


_Item = tuple[bytes | memoryview, Callable[[], None] | None]


def max_upload_bytes() -> int:
    return int(settings.MAX_UPLOAD_BYTES)


class HashingUploadHandler(FileUploadHandler):
    """Spools each file to disk while hashing; refuses anything past the limit."""

    # Larger than Django's 64 KiB: fewer Python-level loops per gigabyte,
    # while memory use stays at one chunk.
    chunk_size = 1024 * 1024

    def handle_raw_input(
        self,
        input_data: Any,
        META: dict[str, Any],  # noqa: N803 - Django's parameter name
        content_length: int,
        boundary: Any,
        encoding: str | None = None,
    ) -> None:
        # Refuse early when the client announces too much, before reading it.
        if content_length and content_length > max_upload_bytes() + MULTIPART_OVERHEAD:
            raise TooLarge(field="inhoud")

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.upload = HashedUploadedFile(
            str(self.file_name or ""), str(self.content_type or ""), self.charset
        )
        raise StopFutureHandlers()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.upload.append(raw_data)
        if self.upload.size > max_upload_bytes():
            self.upload.close()
            raise TooLarge(field="inhoud")

    def file_complete(self, file_size: int) -> HashedUploadedFile:
        self.upload.finish()
        return self.upload

    def upload_interrupted(self) -> None:
        upload = getattr(self, "upload", None)
        if upload is not None:
            upload.close()
