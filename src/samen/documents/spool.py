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

import ctypes
import errno
import fcntl
import mmap
import os
import threading
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from typing import IO

# Each write waits for the disk; meanwhile the hasher runs ahead by as much
# as the queues hold (4 MiB). Larger writes made it wait on the writer
# (hash and write, no network: 2 MiB 1.0-1.4 GB/s, 8 MiB 0.9-1.1 GB/s).
STAGE_BYTES = 2 * 1024 * 1024
# Two writes in flight, each from a thread of its own at its own offset:
# with one, the writer waited for the disk for most of an upload (0.95 s of
# 1.24 s per GiB) and held the pooled buffers behind it. A third stage is
# being filled meanwhile.
WRITES_IN_FLIGHT = 2
STAGES = WRITES_IN_FLIGHT + 1
# A multiple of every block size in use (512-byte and 4 KiB sectors, ext4
# and XFS blocks), and the page size, which mmap aligns to.
ALIGN = 4096
# Below this a copy into a stage is too short to be worth giving up the GIL.
COPY_WITHOUT_GIL_BYTES = 64 * 1024
O_DIRECT = getattr(os, "O_DIRECT", 0)


class SpoolWriter:
    """Appends to an empty file; flush() writes what is still staged, close() frees the buffers.

    A full stage is written by a disk thread while the next one fills; an
    error of that write (a full disk) is raised by a later write() or by
    flush(). The file object itself must not be written to meanwhile: the
    bytes go to its descriptor, not through its buffer.
    """

    def __init__(self, file: IO[bytes]) -> None:
        self.fd = file.fileno()
        self.stages = [mmap.mmap(-1, STAGE_BYTES) for _ in range(STAGES)]
        self.views = [memoryview(stage) for stage in self.stages]
        self.current = 0
        self.filled = 0
        # Where in the file the stage being filled goes.
        self.offset = 0
        self.in_flight: deque[Future[None]] = deque()
        self.disk = ThreadPoolExecutor(WRITES_IN_FLIGHT, thread_name_prefix="upload-disk")
        self.direct_lock = threading.Lock()
        self.direct = _set_direct(self.fd, on=True)

    def write(self, chunk: bytes | memoryview) -> None:
        data = memoryview(chunk)
        while data:
            count = min(len(data), STAGE_BYTES - self.filled)
            self._stage(data[:count])
            self.filled += count
            data = data[count:]
            if self.filled == STAGE_BYTES:
                self._send(self.views[self.current])

    def _stage(self, data: memoryview) -> None:
        """Copy data into the current stage after what it holds.

        A large, writable piece (the pooled socket buffers) is copied with
        ctypes.memmove, which lets go of the GIL, so that the hasher and the
        socket reader go on meanwhile; a slice assignment would hold it.
        """
        staged = self.stages[self.current]
        if len(data) < COPY_WITHOUT_GIL_BYTES or data.readonly or not data.c_contiguous:
            self.views[self.current][self.filled : self.filled + len(data)] = data
            return
        source = (ctypes.c_char * len(data)).from_buffer(data)
        target = (ctypes.c_char * len(data)).from_buffer(staged, self.filled)
        ctypes.memmove(target, source, len(data))

    def flush(self) -> None:
        while self.in_flight:
            self.in_flight.popleft().result()
        staged = self.views[self.current]
        aligned = self.filled - self.filled % ALIGN
        self._write(staged[:aligned], self.offset)
        self._stop_direct()
        self._write(staged[aligned : self.filled], self.offset + aligned)
        self.offset += self.filled
        self.filled = 0

    def close(self) -> None:
        # Writes still in flight use the stages: they end first.
        self.disk.shutdown(wait=True)
        for view in self.views:
            view.release()
        for stage in self.stages:
            stage.close()

    def _send(self, staged: memoryview) -> None:
        """Hand a full stage to a disk thread; wait until the next stage is free."""
        self.in_flight.append(self.disk.submit(self._write, staged, self.offset))
        self.offset += STAGE_BYTES
        self.current = (self.current + 1) % STAGES
        self.filled = 0
        # The oldest write used the stage that is filled next. Finished
        # writes are looked at too, so that an error surfaces early.
        while self.in_flight and (len(self.in_flight) == STAGES or self.in_flight[0].done()):
            self.in_flight.popleft().result()

    def _write(self, data: memoryview, offset: int) -> None:
        retried = False
        while data:
            try:
                written = os.pwrite(self.fd, data, offset)
            except OSError as exc:
                # Some file systems accept the flag and refuse the write.
                if exc.errno != errno.EINVAL or retried:
                    raise
                self._stop_direct()
                retried = True
                continue
            if written % ALIGN:
                # A short write leaves the rest unaligned for O_DIRECT.
                self._stop_direct()
            data = data[written:]
            offset += written

    def _stop_direct(self) -> None:
        # Two disk threads may both find that O_DIRECT must go.
        with self.direct_lock:
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
