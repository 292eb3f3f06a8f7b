"""The format is judged from the content, not from the name or the client."""

import pytest

from samen.documents.formats import same_type, sniff
from tests.documents.conftest import PDF, PNG


@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        (PDF, "x.txt", "application/pdf"),
        (PNG, "x.pdf", "image/png"),
        (b"naam;adres\nPiet;Dorpsstraat 1\n", "lijst.csv", "text/csv"),
        ("Één regel tekst\n".encode(), "notitie", "text/plain"),
        (b"<html><body>hoi</body></html>", "x.txt", "text/html"),
        (b"  <svg xmlns='http://www.w3.org/2000/svg'></svg>", "x.png", "image/svg+xml"),
        (b"\x00\x01\x02\x03binary", "x.txt", "application/octet-stream"),
        ("tekst die midden in een teken ophoudt é".encode()[:-1], "x", "text/plain"),
    ],
)
def test_sniff(head, name, expected):
    assert sniff(head, name) == expected


def test_claimed_type_agrees_when_it_names_the_sniffed_type():
    assert same_type("application/pdf; charset=binary", "application/pdf")
    assert same_type("", "image/png")
    assert same_type("application/octet-stream", "image/png")
    assert not same_type("image/jpeg", "application/pdf")
    assert not same_type("text/html", "text/plain")
