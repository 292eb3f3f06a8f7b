"""The streaming multipart reader: exact on good bodies, strict on bad ones, leaves nothing."""

import hashlib

import pytest

from samen.documents.errors import TooLarge
from samen.documents.multipart import FIELD_BYTES, MalformedBody, MultipartReader
from samen.errors import Invalid
from tests.documents.conftest import spooled_files

BOUNDARY = "grens-42"
CONTENT_TYPE = f"multipart/form-data; boundary={BOUNDARY}"
# Content that looks like the start of a delimiter more than once.
FILE = b"%PDF-1.4\r\n--grens-4\r\n--grens\r\n-\r\n--\r\n" + bytes(range(256)) + b"\r\n--grens-4"


class Trickle:
    """A body that hands out at most `step` bytes per read, as a slow socket would."""

    def __init__(self, data: bytes, step: int) -> None:
        self.data, self.step, self.position = data, step, 0

    def read(self, size: int = -1) -> bytes:
        size = self.step if size < 0 else min(size, self.step)
        piece = self.data[self.position : self.position + size]
        self.position += len(piece)
        return piece


def part(name: str, value: bytes, *, file_name: str | None = None, kind: str = "") -> bytes:
    disposition = f'Content-Disposition: form-data; name="{name}"'
    if file_name is not None:
        disposition += f'; filename="{file_name}"'
    headers = disposition + (f"\r\nContent-Type: {kind}" if kind else "")
    return f"--{BOUNDARY}\r\n{headers}\r\n\r\n".encode() + value + b"\r\n"


def body(*parts: bytes) -> bytes:
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


GOOD = body(
    part("ruimte", b"3f2a"),
    part("titel", "Bodemonderzoek fase één".encode()),
    part("inhoud", FILE, file_name="rapport.pdf", kind="application/pdf"),
    part("trefwoorden", b"bodem"),
    part("trefwoorden", b"lood"),
)


def read(data: bytes, *, step: int = 1 << 20, chunk_size: int = 1 << 20, length: int = -1):
    reader = MultipartReader(
        Trickle(data, step),
        content_type=CONTENT_TYPE,
        content_length=len(data) if length < 0 else length,
        chunk_size=chunk_size,
    )
    return reader.parse()


def test_good_body_gives_fields_and_a_hashed_spooled_file(settings):
    fields, files = read(GOOD)

    assert fields["ruimte"] == "3f2a"
    assert fields["titel"] == "Bodemonderzoek fase één"
    assert fields.getlist("trefwoorden") == ["bodem", "lood"]
    upload = files["inhoud"]
    assert (upload.raw_name, upload.claimed_type, upload.size) == (
        "rapport.pdf",
        "application/pdf",
        len(FILE),
    )
    assert upload.sha256 == hashlib.sha256(FILE).hexdigest()
    assert upload.read() == FILE
    assert upload.head == FILE
    upload.close()
    assert spooled_files(settings) == []


def test_every_split_of_the_body_across_chunks_reads_the_same(settings):
    expected = hashlib.sha256(FILE).hexdigest()

    for size in range(1, len(GOOD) + 1):
        fields, files = read(GOOD, chunk_size=size)
        upload = files["inhoud"]
        assert (upload.sha256, upload.size, fields["titel"]) == (
            expected,
            len(FILE),
            "Bodemonderzoek fase één",
        ), size
        upload.close()

    assert spooled_files(settings) == []


def test_short_reads_from_the_socket_read_the_same():
    for step in (1, 2, 3, 7, 23):
        _fields, files = read(GOOD, step=step, chunk_size=64)
        assert files["inhoud"].sha256 == hashlib.sha256(FILE).hexdigest(), step
        files["inhoud"].close()


def test_file_name_keeps_backslashes_and_unescapes_quotes():
    data = body(
        b'--grens-42\r\nContent-Disposition: form-data; name="inhoud"; '
        b'filename="map\\\\a\\"b\\c.pdf"\r\n\r\nx\r\n'
    )

    _fields, files = read(data)

    assert files["inhoud"].raw_name == 'map\\a"b\\c.pdf'
    files["inhoud"].close()


def test_extended_file_name_is_decoded():
    data = body(
        b'--grens-42\r\nContent-Disposition: form-data; name="inhoud"; '
        b"filename*=UTF-8''r%C3%A9sum%C3%A9.pdf\r\n\r\nx\r\n"
    )

    _fields, files = read(data)

    assert files["inhoud"].raw_name == "résumé.pdf"
    files["inhoud"].close()


def test_empty_file_input_counts_as_no_file():
    fields, files = read(body(part("titel", b"t"), part("inhoud", b"", file_name="")))

    assert "inhoud" not in files
    assert fields["titel"] == "t"


MALFORMED = {
    "no closing boundary": part("titel", b"t"),
    "no boundary at all": b"titel=t",
    "garbage after a boundary": b"--grens-42xyz\r\n" + GOOD[len("--grens-42\r\n") :],
    "part without headers": b"--grens-42\r\n\r\nwaarde\r\n--grens-42--\r\n",
    "header without colon": b"--grens-42\r\nContent-Disposition form-data\r\n\r\nx\r\n--grens-42--",
    "folded header": (
        b'--grens-42\r\nContent-Disposition: form-data;\r\n name="t"\r\n\r\nx\r\n--grens-42--'
    ),
    "not form-data": b'--grens-42\r\nContent-Disposition: attachment; name="t"\r\n\r\nx\r\n'
    b"--grens-42--",
    "part without name": b"--grens-42\r\nContent-Disposition: form-data\r\n\r\nx\r\n--grens-42--",
    "parameter twice": b'--grens-42\r\nContent-Disposition: form-data; name="a"; name="b"\r\n'
    b"\r\nx\r\n--grens-42--",
    "field not UTF-8": body(part("titel", b"\xff\xfe")),
    "headers not UTF-8": b'--grens-42\r\nContent-Disposition: form-data; name="\xff"\r\n\r\nx\r\n'
    b"--grens-42--",
    "two files": body(part("a", b"1", file_name="a.txt"), part("b", b"2", file_name="b.txt")),
    "too many parts": body(*[part(f"veld{n}", b"x") for n in range(65)]),
    "long preamble": b"x" * 2000 + b"\r\n" + GOOD,
    "long epilogue": GOOD + b"x" * 2000,
    "headers too long": b'--grens-42\r\nContent-Disposition: form-data; name="t"\r\nX-Pad: '
    + b"x" * 20000
    + b"\r\n\r\nx\r\n--grens-42--",
}


@pytest.mark.parametrize("data", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_body_is_refused_and_leaves_no_spooled_file(settings, data):
    with pytest.raises(MalformedBody) as refused:
        read(data, chunk_size=7)

    assert refused.value.code == "multipart_malformed"
    assert refused.value.status == 400
    assert spooled_files(settings) == []


def test_body_shorter_than_its_content_length_is_refused(settings):
    with pytest.raises(MalformedBody):
        read(GOOD[:-40], length=len(GOOD))

    assert spooled_files(settings) == []


def test_file_cut_off_before_its_end_leaves_no_spooled_file(settings):
    cut = GOOD.index(b"\x80")

    with pytest.raises(MalformedBody):
        read(GOOD[:cut], chunk_size=16)

    assert spooled_files(settings) == []


@pytest.mark.parametrize(
    "content_type",
    ["multipart/form-data", "multipart/form-data; boundary=", "multipart/mixed; boundary=grens-42"],
)
def test_content_type_without_a_usable_boundary_is_refused(content_type):
    with pytest.raises(MalformedBody):
        MultipartReader(Trickle(GOOD, 100), content_type=content_type, content_length=len(GOOD))


def test_field_at_the_limit_is_read():
    fields, _files = read(body(part("beschrijving", b"a" * FIELD_BYTES)), chunk_size=1000)

    assert len(fields["beschrijving"]) == FIELD_BYTES


def test_field_past_the_limit_is_refused_with_its_name(settings):
    data = body(part("inhoud", b"x", file_name="a.txt"), part("beschrijving", b"a" * 40000))

    with pytest.raises(Invalid) as refused:
        read(data, chunk_size=1000)

    assert (refused.value.code, refused.value.field) == ("field_too_large", "beschrijving")
    assert spooled_files(settings) == []


def test_file_past_the_limit_is_refused_while_reading(settings):
    settings.MAX_UPLOAD_BYTES = 100
    data = body(part("inhoud", b"y" * 5000, file_name="groot.bin"))

    with pytest.raises(TooLarge):
        read(data, chunk_size=256)

    assert spooled_files(settings) == []
