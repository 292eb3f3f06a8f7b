"""Uploads through a real `samen serve` on one kept-alive connection.

Under gunicorn the upload body is read from the socket itself
(samen.documents.request_body); the connection must come out of it as if
gunicorn had read the body: the next request on it is answered, also after
a body that was refused halfway.
"""

import hashlib
import http.client
import json
import os
from urllib.parse import urlsplit

import pytest

from tests.documents.test_crash import Server, provision

BOUNDARY = "keepalive-boundary"
CONTENT = os.urandom(3 * 1024 * 1024 + 17)


def multipart(workspace: str, content: bytes, *, closing: bytes = b"--") -> bytes:
    return (
        (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="ruimte"\r\n\r\n{workspace}\r\n'
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="titel"\r\n\r\nBewaard\r\n'
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="inhoud"; filename="k.bin"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{BOUNDARY}".encode()
        + closing
        + b"\r\n"
    )


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """One server for the module, with its own data folder and database."""
    data_dir = tmp_path_factory.mktemp("keepalive") / "data"
    (data_dir / "tmp").mkdir(parents=True)
    running = Server(data_dir)
    who = provision(running)
    running.start()
    yield running, who
    running.stop()


def post(connection: http.client.HTTPConnection, token: str, body: bytes) -> tuple[int, dict]:
    connection.request(
        "POST",
        "/api/v1/documenten",
        body=body,
        headers={
            "Authorization": f"Token {token}",
            "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
        },
    )
    response = connection.getresponse()
    return response.status, json.loads(response.read())


def test_requests_after_uploads_and_after_a_body_refused_at_its_end_share_the_connection(
    served,
):
    server, who = served
    listing_path = f"/api/v1/documenten?ruimte={who['workspace']}"
    before = get(connect(server), who, listing_path)
    connection = connect(server)

    status, created = post(connection, who["token"], multipart(who["workspace"], CONTENT))
    first_socket = connection.sock
    second_status, _second = post(connection, who["token"], multipart(who["workspace"], CONTENT))
    bad_end = multipart(who["workspace"], CONTENT, closing=b"xx")
    refused_status, refused = post(connection, who["token"], bad_end)
    listing = get(connection, who, listing_path)
    content_path = urlsplit(created["inhoud"]).path
    connection.request("GET", content_path, headers={"Authorization": f"Token {who['token']}"})
    downloaded = connection.getresponse().read()

    assert (status, second_status) == (201, 201), created
    assert created["bestandsomvang"] == len(CONTENT)
    assert created["integriteit"]["waarde"] == hashlib.sha256(CONTENT).hexdigest()
    assert (refused_status, refused["code"]) == (400, "multipart_malformed")
    assert listing["count"] == before["count"] + 2
    assert downloaded == CONTENT
    assert first_socket is not None
    assert connection.sock is first_socket
    connection.close()


def test_body_refused_at_its_start_is_answered_and_the_next_connection_served(served):
    server, who = served
    listing_path = f"/api/v1/documenten?ruimte={who['workspace']}"
    before = get(connect(server), who, listing_path)
    connection = connect(server)
    bad_start = multipart(who["workspace"], CONTENT).replace(b'name="ruimte"', b"naam=ruimte")

    refused_status, refused = post(connection, who["token"], bad_start)
    connection.close()
    # gunicorn drains at most 64 KiB of an unread body before it closes a
    # connection, so the next request comes on a connection of its own.
    connection = connect(server)
    after = get(connection, who, listing_path)

    assert (refused_status, refused["code"]) == (400, "multipart_malformed")
    assert after["count"] == before["count"]
    connection.close()


def connect(server: Server) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)


def get(connection: http.client.HTTPConnection, who: dict[str, str], path: str) -> dict:
    connection.request("GET", path, headers={"Authorization": f"Token {who['token']}"})
    response = connection.getresponse()
    assert response.status == 200
    return json.loads(response.read())
