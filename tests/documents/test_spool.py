"""The spool writer puts every byte in the file, in order, with or without O_DIRECT."""

import errno
import fcntl
import os
from pathlib import Path

import pytest

from samen.documents import spool
from samen.documents.spool import ALIGN, STAGE_BYTES, STAGES, SpoolWriter

PATTERN = bytes(range(251))  # a prime length: no block boundary lines up with it


def content(size: int) -> bytes:
    return (PATTERN * (size // len(PATTERN) + 1))[:size]


def spool_to(path: Path, data: bytes, *, piece: int) -> SpoolWriter:
    with path.open("wb") as file:
        writer = SpoolWriter(file)
        view = memoryview(data)
        for start in range(0, len(data), piece):
            writer.write(view[start : start + piece])
        writer.flush()
        writer.close()
    return writer


@pytest.mark.parametrize(
    "size",
    [
        *(0, 1, ALIGN - 1, ALIGN, ALIGN + 1, STAGE_BYTES - 1, STAGE_BYTES, 2 * STAGE_BYTES + 7),
        # Every stage filled and written twice, writes in flight side by side.
        2 * STAGES * STAGE_BYTES + ALIGN + 3,
    ],
)
def test_every_size_is_written_whole(tmp_path, size):
    data = content(size)

    spool_to(tmp_path / "spool", data, piece=1024 * 1024 - 13)

    assert (tmp_path / "spool").read_bytes() == data


def test_pieces_in_writable_buffers_are_written_whole(tmp_path):
    # Like the pooled socket buffers: copied into the stages with memmove.
    data = bytearray(content(2 * STAGES * STAGE_BYTES + ALIGN + 3))

    spool_to(tmp_path / "spool", data, piece=1024 * 1024 - 13)

    assert (tmp_path / "spool").read_bytes() == data


@pytest.fixture
def direct(tmp_path):
    """Skips where the test folder's file system refuses O_DIRECT (tmpfs)."""
    with (tmp_path / "probe").open("wb") as file:
        writer = SpoolWriter(file)
        writer.close()
    if not writer.direct:
        pytest.skip("the file system of the test folder refuses O_DIRECT")


def direct_is_on(fd: int) -> bool:
    return bool(fcntl.fcntl(fd, fcntl.F_GETFL) & spool.O_DIRECT)


def test_o_direct_is_on_for_whole_blocks_and_off_for_the_tail(tmp_path, direct):
    path = tmp_path / "spool"
    data = content(STAGE_BYTES + 100)

    with path.open("wb") as file:
        writer = SpoolWriter(file)
        writer.write(data)
        on_while_writing = direct_is_on(file.fileno())
        writer.flush()
        on_after_the_tail = direct_is_on(file.fileno())
        writer.close()

    assert (on_while_writing, on_after_the_tail) == (True, False)
    assert path.read_bytes() == data


def test_file_system_that_refuses_o_direct_gets_the_bytes_through_the_page_cache(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(spool, "_set_direct", lambda fd, on: False)
    data = content(STAGE_BYTES + 5000)

    spool_to(tmp_path / "spool", data, piece=300_000)

    assert (tmp_path / "spool").read_bytes() == data


def test_write_refused_under_o_direct_is_done_again_without_it(tmp_path, monkeypatch, direct):
    real_write = os.pwrite
    refused = []

    def refuse_first_direct_write(fd: int, data: memoryview, offset: int) -> int:
        if not refused:
            refused.append(len(data))
            raise OSError(errno.EINVAL, "Invalid argument")
        return real_write(fd, data, offset)

    monkeypatch.setattr(spool.os, "pwrite", refuse_first_direct_write)
    data = content(2 * STAGE_BYTES + 1)

    spool_to(tmp_path / "spool", data, piece=STAGE_BYTES)

    assert refused == [STAGE_BYTES]
    assert (tmp_path / "spool").read_bytes() == data


def test_full_disk_is_raised(tmp_path, monkeypatch):
    def full(fd: int, data: memoryview, offset: int) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(spool.os, "pwrite", full)

    with (tmp_path / "spool").open("wb") as file:
        writer = SpoolWriter(file)

        def write_and_flush() -> None:
            writer.write(content(STAGE_BYTES))
            writer.flush()

        # The full stage is written by a disk thread: its error comes with
        # whichever call looks at that write next, at the latest the flush.
        with pytest.raises(OSError, match="No space left") as failed:
            write_and_flush()
        writer.close()

    assert failed.value.errno == errno.ENOSPC


def test_write_error_in_the_writer_thread_reaches_the_request_and_every_buffer_comes_back(
    settings, monkeypatch
):
    from samen.documents.uploads import HashedUploadedFile
    from tests.documents.conftest import spooled_files

    def full(fd: int, data: memoryview, offset: int) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(spool.os, "pwrite", full)
    released = []
    upload = HashedUploadedFile("vol.bin", "", None, threaded=True)

    def fill() -> None:
        for number in range(40):
            upload.append(memoryview(content(1024 * 1024)), lambda n=number: released.append(n))
        upload.finish()

    with pytest.raises(OSError, match="No space left"):
        fill()
    upload.close()

    assert released == list(range(len(released)))
    assert len(released) == upload.size // (1024 * 1024)
    assert spooled_files(settings) == []
