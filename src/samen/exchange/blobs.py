"""Attachment bytes, stored by their SHA-256, and resumable part uploads.

A blob's name is its hash, so a blob is written once, shared by the outbox
and inbox copies of a message, and can never be replaced by other content.
Files are written to a temporary name, fsynced and then renamed: a process
killed half-way leaves a temporary file, never a wrong blob.
"""

import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

CHUNK = 1024 * 1024
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class BlobError(Exception):
    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code, self.detail = code, detail


def _root() -> Path:
    return Path(settings.EXCHANGE_DIR)


def valid_sha256(value: str) -> bool:
    return bool(_SHA256.fullmatch(value or ""))


def path(sha256: str) -> Path:
    if not valid_sha256(sha256):
        raise BlobError("sha256_invalid", "Not a SHA-256 in hexadecimal.")
    return _root() / "blobs" / sha256[:2] / sha256


def exists(sha256: str) -> bool:
    return path(sha256).is_file()


def size(sha256: str) -> int:
    return path(sha256).stat().st_size


def open_blob(sha256: str) -> BinaryIO:
    return path(sha256).open("rb")


def iter_blob(sha256: str, start: int = 0, length: int | None = None) -> Iterator[bytes]:
    remaining = size(sha256) - start if length is None else length
    with open_blob(sha256) as handle:
        handle.seek(start)
        while remaining > 0:
            chunk = handle.read(min(CHUNK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk


def _temporary(directory: Path) -> tuple[int, str]:
    directory.mkdir(parents=True, exist_ok=True)
    return tempfile.mkstemp(dir=directory, prefix=".tmp-")


def _write(chunks: Iterable[bytes], *, limit: int) -> tuple[str, str, int]:
    """Write chunks to a temporary file: (temp path, sha256 hex, size)."""
    handle, temp = _temporary(_root() / "tmp")
    digest, written = hashlib.sha256(), 0
    try:
        with os.fdopen(handle, "wb") as out:
            for chunk in chunks:
                written += len(chunk)
                if written > limit:
                    raise BlobError("too_large", "The file is larger than allowed.")
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return temp, digest.hexdigest(), written


def _publish(temp: str, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(temp, target)


def touch(sha256: str) -> bool:
    """Mark a blob as wanted again; False when it is not there.

    The cleanup removes only blobs untouched for a long time, and looks again
    after setting one aside: a writer that found the blob present and relies
    on it must refresh its time, or see it gone and write it anew.
    """
    try:
        os.utime(path(sha256))
    except FileNotFoundError:
        return False
    return True


def store(chunks: Iterable[bytes], *, limit: int | None = None) -> tuple[str, int]:
    """Store a stream as a blob; returns (sha256, size). Memory stays flat."""
    temp, sha256, written = _write(chunks, limit=limit or settings.EXCHANGE_MAX_ATTACHMENT_BYTES)
    if touch(sha256):
        Path(temp).unlink(missing_ok=True)
    else:
        _publish(temp, path(sha256))
    return sha256, written


def _parts_dir(sha256: str) -> Path:
    path(sha256)  # validates
    return _root() / "parts" / sha256


def received_parts(sha256: str) -> dict[int, int]:
    """Part number → size, for the parts of an upload received so far."""
    directory = _parts_dir(sha256)
    if not directory.is_dir():
        return {}
    parts = {}
    for item in directory.glob("*.part"):
        parts[int(item.stem)] = item.stat().st_size
    return parts


def store_part(sha256: str, number: int, chunks: Iterable[bytes], expected: bytes) -> int:
    """Store one part if its SHA-256 is `expected`; else BlobError and nothing kept."""
    if number < 0 or number > 100_000:
        raise BlobError("part_invalid", "Part numbers run from 0.")
    temp, actual, written = _write(chunks, limit=settings.EXCHANGE_PART_BYTES)
    if bytes.fromhex(actual) != expected:
        Path(temp).unlink(missing_ok=True)
        raise BlobError("part_hash_mismatch", "The part's SHA-256 does not match its digest.")
    _publish(temp, _parts_dir(sha256) / f"{number}.part")
    return written


def complete(sha256: str, count: int, total: int) -> None:
    """Join parts 0..count-1 into the blob and check the whole file's SHA-256."""
    if touch(sha256):
        shutil.rmtree(_parts_dir(sha256), ignore_errors=True)
        return
    parts = received_parts(sha256)
    missing = [n for n in range(count) if n not in parts]
    if missing:
        raise BlobError("parts_missing", f"Parts {missing[:10]} have not been received.")
    if sum(parts[n] for n in range(count)) != total:
        raise BlobError("size_mismatch", "The parts do not add up to the announced size.")

    temp, actual, _ = _write(_read_parts(sha256, count), limit=total)
    if actual != sha256:
        Path(temp).unlink(missing_ok=True)
        # The parts were each right but together wrong: start over.
        shutil.rmtree(_parts_dir(sha256), ignore_errors=True)
        raise BlobError("hash_mismatch", "The joined file's SHA-256 does not match.")
    _publish(temp, path(sha256))
    shutil.rmtree(_parts_dir(sha256), ignore_errors=True)


def _read_parts(sha256: str, count: int) -> Iterator[bytes]:
    directory = _parts_dir(sha256)
    for number in range(count):
        with (directory / f"{number}.part").open("rb") as handle:
            while chunk := handle.read(CHUNK):
                yield chunk
