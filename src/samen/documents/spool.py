"""Writing an upload's spool file past the page cache (O_DIRECT), where the disk allows it.

Measured on `samen serve` (perf, benchmarks/transfer.py): copying the
received bytes into the page cache took more CPU than hashing them, over a
third of the upload's CPU time, and on two cores that time is taken from
the hasher and the socket reader. The fsync after the rename then waited
for the whole file to be written out. With O_DIRECT the disk takes the
bytes from a buffer of ours while the upload is still coming in, and the
fsync (still done, see storage.DurableFileSystemStorage) finds little left.

O_DIRECT wants the memory, the file offset and the length aligned to the
disk's block size. The bytes are gathered in a page-aligned buffer (mmap)
and written whenever it is full; the last, partial block is written after
O_DIRECT is turned off again. A file system that refuses O_DIRECT (tmpfs,
some overlay set-ups) gets the same bytes through the page cache.
"""

import errno
import fcntl
import mmap
import os
from typing import IO

# Each write waits for the disk; meanwhile the hasher runs ahead by as much
# as the queues hold (4 MiB). Larger writes made it wait on the writer
# (hash and write, no network: 2 MiB 1.0-1.4 GB/s, 8 MiB 0.9-1.1 GB/s).
STAGE_BYTES = 2 * 1024 * 1024
# A multiple of every block size in use (512-byte and 4 KiB sectors, ext4
# and XFS blocks), and the page size, which mmap aligns to.
ALIGN = 4096
O_DIRECT = getattr(os, "O_DIRECT", 0)


class SpoolWriter:
    """Appends to an empty file; flush() writes what is still staged, close() frees the buffer.

    The file object itself must not be written to meanwhile: the bytes go
    to its descriptor, not through its buffer.
    """

    def __init__(self, file: IO[bytes]) -> None:
        self.fd = file.fileno()
        self.stage = mmap.mmap(-1, STAGE_BYTES)
        self.staged = memoryview(self.stage)
        self.filled = 0
        self.direct = _set_direct(self.fd, on=True)

    def write(self, chunk: bytes | memoryview) -> None:
        data = memoryview(chunk)
        while data:
            count = min(len(data), STAGE_BYTES - self.filled)
            self.staged[self.filled : self.filled + count] = data[:count]
            self.filled += count
            data = data[count:]
            if self.filled == STAGE_BYTES:
                self._write(self.staged)
                self.filled = 0

    def flush(self) -> None:
        aligned = self.filled - self.filled % ALIGN
        self._write(self.staged[:aligned])
        self._stop_direct()
        self._write(self.staged[aligned : self.filled])
        self.filled = 0

    def close(self) -> None:
        self.staged.release()
        self.stage.close()

    def _write(self, data: memoryview) -> None:
        while data:
            try:
                written = os.write(self.fd, data)
            except OSError as exc:
                # Some file systems accept the flag and refuse the write.
                if exc.errno != errno.EINVAL or not self.direct:
                    raise
                self._stop_direct()
                continue
            if written % ALIGN:
                # A short write leaves the offset unaligned for O_DIRECT.
                self._stop_direct()
            data = data[written:]

    def _stop_direct(self) -> None:
        if self.direct:
            _set_direct(self.fd, on=False)
            self.direct = False


def _set_direct(fd: int, *, on: bool) -> bool:
    """Turn O_DIRECT on or off for fd; whether it is on now."""
    if not O_DIRECT:
        return False
    flags = fcntl.fcntl(fd, fcntl.F_GETFL)
    try:
        fcntl.fcntl(fd, fcntl.F_SETFL, flags | O_DIRECT if on else flags & ~O_DIRECT)
    except OSError:
        if on:
            return False
        raise
    return on
