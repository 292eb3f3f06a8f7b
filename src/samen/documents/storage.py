"""Putting content into Django's default storage, and checking it landed intact.

Local disk is the default (SAMEN_DATA_DIR/files); with SAMEN_S3_BUCKET set,
settings switch the default storage to django-storages' S3 backend. Either
way the code here only speaks Django's storage API.
"""

import hashlib
import logging
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, Protocol

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage

from samen.documents.errors import ContentCorrupted

logger = logging.getLogger(__name__)

CHUNK_BYTES = 1024 * 1024


class DurableFileSystemStorage(FileSystemStorage):
    """FileSystemStorage that fsyncs each file and its folder after saving.

    Without the fsync a power cut shortly after the database commit could
    leave a Version row pointing at a file the kernel never wrote out.
    """

    def _save(self, name: str, content: Any) -> str:
        saved = super()._save(name, content)  # type: ignore[misc]
        path = Path(self.path(saved))
        _fsync(path, os.O_RDONLY)
        _fsync(path.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        return saved


def _fsync(path: Path, flags: int) -> None:
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def temp_dir() -> Path:
    """Where uploads are spooled before they go to storage (same disk as the data)."""
    path = Path(settings.FILE_UPLOAD_TEMP_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def read_chunks(
    handle: Readable, limit: int | None = None, *, chunk_bytes: int = CHUNK_BYTES
) -> Iterator[bytes]:
    remaining = limit
    while remaining is None or remaining > 0:
        size = chunk_bytes if remaining is None else min(chunk_bytes, remaining)
        chunk = handle.read(size)
        if not chunk:
            return
        if remaining is not None:
            remaining -= len(chunk)
        yield chunk


def digest_of(key: str) -> tuple[str, int]:
    """SHA-256 (hex) and size of stored content, read back in chunks."""
    sha = hashlib.sha256()
    size = 0
    with default_storage.open(key, "rb") as handle:
        for chunk in read_chunks(handle):
            sha.update(chunk)
            size += len(chunk)
    return sha.hexdigest(), size


def put(key: str, source: IO[bytes] | File, *, sha256: str, size: int) -> str:
    """Store source under key and check it landed; return the key it was stored under.

    The caller computed sha256 and size while receiving the bytes. How they
    are checked depends on where the content went:

    - Local disk, from a spooled file: the file is renamed into place and
      fsynced (DurableFileSystemStorage), and only its size is compared.
      Reading it back would be served from the page cache, comparing memory
      with memory: it cannot see a disk that lost a write (the fsync's
      error can), and it cost a second hash pass over every upload.
    - Anywhere else (S3): the bytes crossed a network into another system,
      so they are read back and hashed, which checks something real.
    """
    stored = default_storage.save(key, source if isinstance(source, File) else File(source))
    if _renamed_into_place(source):
        actual_sha, actual_size = sha256, default_storage.size(stored)
    else:
        actual_sha, actual_size = digest_of(stored)
    if actual_sha != sha256 or actual_size != size:
        logger.error("Stored content %s does not match what was received", stored)
        delete_quietly([stored])
        raise ContentCorrupted()
    return stored


def is_local() -> bool:
    """Whether content is on this machine's disk (not in object storage)."""
    return isinstance(default_storage, FileSystemStorage)


def _renamed_into_place(source: Any) -> bool:
    """Whether FileSystemStorage moves source (a file spooled on disk) instead of copying it."""
    return is_local() and hasattr(source, "temporary_file_path")


def open_content(key: str) -> IO[bytes]:
    return default_storage.open(key, "rb")


def open_window(key: str, first: int, length: int) -> Any:
    """A readable positioned at byte `first` of stored content, for `length` bytes."""
    handle = default_storage.open(key, "rb")
    remote = getattr(handle, "obj", None)
    if remote is not None and hasattr(remote, "get"):
        # django-storages' S3File would fetch the whole object to a local
        # file before the first byte; asking for the range streams it.
        body = remote.get(Range=f"bytes={first}-{first + length - 1}")["Body"]
        handle.close()
        return body
    handle.seek(first)
    return handle


def delete_quietly(keys: Iterable[str]) -> None:
    """Delete content; a failure is logged and left for cleanup_orphans()."""
    for key in keys:
        try:
            default_storage.delete(key)
        except Exception:
            logger.exception("Could not delete stored content %s", key)
