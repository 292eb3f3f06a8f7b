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
from samen.documents.storage import temp_dir

HEAD_BYTES = 8192
# Room for the multipart boundaries and the small fields around the file.
MULTIPART_OVERHEAD = 1024 * 1024


class HashedUploadedFile(TemporaryUploadedFile):
    """A spooled upload that knows its SHA-256, its first bytes and the claimed type.

    With threaded=True, writing and hashing each run in a thread of their
    own (ChunkWorker), so that on two cores both overlap reading the next
    chunk from the socket; finish() waits for them and raises what failed.
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
        self.workers: list[ChunkWorker] = []
        if threaded:
            self.workers = [
                ChunkWorker(self.spool.write, "upload-write"),
                ChunkWorker(self.sha.update, "upload-hash"),
            ]

    @property
    def name(self) -> str | None:  # type: ignore[override]
        # File.name would pass the raw name through os.path.basename.
        return self._name

    @name.setter
    def name(self, value: str | None) -> None:
        self._name = value

    def append(self, chunk: bytes | memoryview) -> None:
        if self.workers:
            for worker in self.workers:
                worker.submit(chunk)
        else:
            self.spool.write(chunk)
            self.sha.update(chunk)
        if len(self.head) < HEAD_BYTES:
            self.head += chunk[: HEAD_BYTES - len(self.head)]
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
        workers, self.workers = self.workers, []
        for worker in workers:
            worker.finish()

    def close(self) -> None:
        for worker in self.workers:
            worker.abandon()
        self.workers = []
        super().close()


class ChunkWorker:
    """Applies one function to every chunk, in a thread of its own and in order.

    hashlib and file writes let go of the GIL for large buffers, so the work
    runs while the request thread reads the next chunk. The queue holds at
    most QUEUE_CHUNKS chunks: memory stays flat when the worker falls
    behind. The first error (a full disk) is raised to the request thread
    on its next submit() or at finish(); later chunks are then skipped.
    """

    QUEUE_CHUNKS = 4

    def __init__(self, apply: Callable[[Any], Any], name: str) -> None:
        self._apply = apply
        self._queue: queue.Queue[bytes | memoryview | None] = queue.Queue(self.QUEUE_CHUNKS)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (chunk := self._queue.get()) is not None:
            if self._error is None:
                try:
                    self._apply(chunk)
                except BaseException as exc:  # handed to the request thread
                    self._error = exc

    def submit(self, chunk: bytes | memoryview) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put(chunk)

    def finish(self) -> None:
        self.abandon()
        if self._error is not None:
            raise self._error

    def abandon(self) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()


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
