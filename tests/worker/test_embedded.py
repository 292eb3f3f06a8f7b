"""`samen serve` runs one embedded worker, which does the work and stops with the server."""

import json
import signal
import sqlite3
import time
import urllib.request

import psutil
import pytest

from tests.documents.test_crash import Server, provision


@pytest.fixture
def server(tmp_path):
    data_dir = tmp_path / "data"
    (data_dir / "tmp").mkdir(parents=True)
    running = Server(data_dir)
    yield running
    running.stop()


def upload_text(server: Server, who: dict[str, str]) -> dict:
    boundary = "embedded-worker-test"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="ruimte"\r\n\r\n'
        f"{who['workspace']}\r\n"
        f'--{boundary}\r\nContent-Disposition: form-data; name="titel"\r\n\r\nNotitie\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="inhoud"; filename="notitie.txt"\r\n'
        f"Content-Type: text/plain\r\n\r\nGrondwater onder de oude stortplaats.\r\n"
        f"--{boundary}--\r\n"
    ).encode()
    request = urllib.request.Request(  # noqa: S310 - loopback
        server.url + "/api/v1/documenten",
        data=body,
        headers={
            "Authorization": f"Token {who['token']}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.loads(response.read())


def extracted_text(server: Server) -> str | None:
    with sqlite3.connect(server.data_dir / "samen.sqlite3", timeout=20) as database:
        row = database.execute("SELECT text FROM documents_text_extractedtext").fetchone()
    return row[0] if row else None


def worker_processes(server: Server) -> list[psutil.Process]:
    assert server.process is not None
    children = psutil.Process(server.process.pid).children(recursive=True)
    return [child for child in children if "worker" in child.cmdline()]


def test_serve_runs_an_embedded_worker_that_extracts_text(server):
    who = provision(server)
    server.start(no_worker=False)
    assert len(worker_processes(server)) == 1

    upload_text(server, who)

    deadline = time.monotonic() + 60
    while extracted_text(server) is None and time.monotonic() < deadline:
        time.sleep(0.5)
    assert extracted_text(server) == "Grondwater onder de oude stortplaats."


def test_embedded_worker_stops_with_the_server(server):
    provision(server)
    server.start(no_worker=False)
    worker = worker_processes(server)[0]

    server.process.send_signal(signal.SIGTERM)
    server.process.wait(timeout=60)

    worker.wait(timeout=40)
    assert not worker.is_running()


def test_embedded_worker_stops_when_the_server_is_killed(server):
    provision(server)
    server.start(no_worker=False)
    worker = worker_processes(server)[0]

    server.process.send_signal(signal.SIGKILL)
    server.process.wait(timeout=10)

    # It notices that its parent is gone and stops by itself.
    worker.wait(timeout=30)
    assert not worker.is_running()
