"""Downloads stream with Range, ETag and safe headers; previews only for PDF and images."""

import pytest

from tests.api.conftest import assert_problem
from tests.conftest import api_client_for
from tests.documents.conftest import PDF, PNG, make_document, sha256

TEXT = b"0123456789" * 100


@pytest.fixture
def document(world):
    return make_document(world, data=TEXT)


@pytest.fixture
def client(world):
    return api_client_for(world.colleague)


def url(document):
    return f"/api/v1/documenten/{document.pk}/inhoud"


def body_of(response):
    return b"".join(response.streaming_content)


def test_download_carries_length_etag_and_attachment_headers(client, document):
    response = client.get(url(document))

    assert response.status_code == 200
    assert body_of(response) == TEXT
    assert response["Content-Length"] == str(len(TEXT))
    assert response["ETag"] == f'"{sha256(TEXT)}"'
    assert response["Content-Type"] == "text/plain"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"rapport.pdf\"; filename*=UTF-8''rapport.pdf"
    )


def test_unicode_file_name_is_encoded_per_rfc_6266(world, client):
    from samen.documents.models import Version

    document = make_document(world)
    Version.objects.filter(document=document).update(file_name='Één "plan".pdf')

    response = client.get(url(document))

    assert response["Content-Disposition"] == (
        "attachment; filename=\"__n _plan_.pdf\"; filename*=UTF-8''%C3%89%C3%A9n%20%22plan%22.pdf"
    )


def test_range_gives_206_with_the_slice(client, document):
    response = client.get(url(document), HTTP_RANGE="bytes=10-19")

    assert response.status_code == 206
    assert body_of(response) == TEXT[10:20]
    assert response["Content-Range"] == f"bytes 10-19/{len(TEXT)}"
    assert response["Content-Length"] == "10"


def test_open_and_suffix_ranges(client, document):
    tail = client.get(url(document), HTTP_RANGE="bytes=990-")
    suffix = client.get(url(document), HTTP_RANGE="bytes=-5")

    assert body_of(tail) == TEXT[990:]
    assert body_of(suffix) == TEXT[-5:]
    assert suffix["Content-Range"] == f"bytes 995-999/{len(TEXT)}"


def test_range_past_the_end_is_clipped(client, document):
    response = client.get(url(document), HTTP_RANGE="bytes=995-5000")

    assert response.status_code == 206
    assert body_of(response) == TEXT[995:]


def test_range_outside_the_file_gets_416_problem(client, document):
    response = client.get(url(document), HTTP_RANGE="bytes=5000-6000")

    assert response.status_code == 416
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "range_not_satisfiable"
    assert response["Content-Range"] == f"bytes */{len(TEXT)}"


def test_several_ranges_get_the_whole_file(client, document):
    response = client.get(url(document), HTTP_RANGE="bytes=0-1,5-6")

    assert response.status_code == 200
    assert body_of(response) == TEXT


def test_if_none_match_with_the_etag_gets_304(client, document):
    etag = client.get(url(document))["ETag"]

    response = client.get(url(document), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response["ETag"] == etag
    assert response.content == b""


def test_if_range_with_a_stale_etag_gets_the_whole_file(client, document):
    response = client.get(url(document), HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"stale"')

    assert response.status_code == 200
    assert body_of(response) == TEXT


def test_any_accept_header_is_served(client, document):
    response = client.get(url(document), HTTP_ACCEPT="application/pdf")

    assert response.status_code == 200


@pytest.mark.parametrize(("data", "mime"), [(PDF, "application/pdf"), (PNG, "image/png")])
def test_preview_of_pdf_and_images_is_inline(world, client, data, mime):
    document = make_document(world, data=data)

    response = client.get(url(document), {"weergave": "voorbeeld"})

    assert response["Content-Type"] == mime
    assert response["Content-Disposition"].startswith("inline;")


@pytest.mark.parametrize(
    "data",
    [
        b"<!doctype html><html><body><script>alert(1)</script></body></html>",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script/></svg>',
    ],
)
def test_preview_never_shows_html_or_svg_inline(world, client, data):
    document = make_document(world, data=data)

    response = client.get(url(document), {"weergave": "voorbeeld"})

    assert response["Content-Type"] in {"text/html", "image/svg+xml"}
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_reader_may_download(world, document):
    response = api_client_for(world.partner).get(url(document))

    assert response.status_code == 200


def test_outsider_gets_404_problem_for_content(world, document):
    response = api_client_for(world.outsider).get(url(document))

    assert_problem(response, 404, "not_found")


def test_head_gives_the_headers_without_the_body(client, document):
    response = client.head(url(document))

    assert response.status_code == 200
    assert response["Content-Length"] == str(len(TEXT))
    assert response["ETag"] == f'"{sha256(TEXT)}"'
