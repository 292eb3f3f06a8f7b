"""A server killed with kill -9 in the middle of a big upload loses nothing and shows nothing.

A real `samen serve` (gunicorn) on its own data folder and SQLite database
receives half of a 64 MiB upload; then the whole server (arbiter and web
process) is killed with SIGKILL. After a restart no document is visible,
the half-received spool file is the only trace, and `samen documents
cleanup` removes it once it is old enough to be abandoned.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

TOTAL = 64 * 1024 * 1024
HALF = TOTAL // 2
CHUNK = 1024 * 1024
SECRET = "crash-test-secret-key-that-is-long-enough-0123456789"

PROVISION = """
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from samen.organisations import actions as org
from samen.workspaces import actions as ws
from samen.workspaces.models import Template
province = org.create_organisation(
    actor=None, name="Provincie", oin="00000001002220647000", kind="provincie")
user = org.create_user(actor=None, email="crash@example.org", name="Crash",
    organisation=province, password="Crash-wachtwoord-12")
workspace = ws.create_workspace(
    actor=user, name="Crash", template=Template.objects.get(slug="bodemsanering"))
print(json.dumps({"token": org.create_token(actor=None, user=user),
                  "workspace": str(workspace.pk)}))
"""


def environment(data_dir: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("SAMEN_") and key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(SAMEN_DATA_DIR=str(data_dir), SAMEN_SECRET_KEY=SECRET, SAMEN_LOG_LEVEL="WARNING")
    env["DJANGO_SETTINGS_MODULE"] = "samen.settings"
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.env = environment(data_dir)
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, *, no_worker: bool = True) -> None:
        log = (self.data_dir / "serve.log").open("ab")
        # A session of its own, so that killing its process group kills the
        # arbiter and its web process together, as a crash of the server would.
        self.process = subprocess.Popen(  # noqa: S603 - the test's own interpreter
            [
                sys.executable,
                "-m",
                "samen",
                "serve",
                "--port",
                str(self.port),
                "--workers",
                "1",
                *(["--no-worker"] if no_worker else []),
            ],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert self.process.poll() is None, (self.data_dir / "serve.log").read_text()
            try:
                urllib.request.urlopen(f"{self.url}/inloggen", timeout=5).close()  # noqa: S310
                return
            except OSError:
                time.sleep(0.3)
        pytest.fail("samen serve did not start")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def kill_hard(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=60)

    def samen(self, *args: str) -> str:
        done = subprocess.run(  # noqa: S603 - the test's own interpreter
            [sys.executable, "-m", "samen", *args],
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        return done.stdout

    def get(self, path: str, token: str) -> dict:
        request = urllib.request.Request(  # noqa: S310 - loopback
            self.url + path, headers={"Authorization": f"Token {token}"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return json.loads(response.read())


@pytest.fixture
def server(tmp_path):
    data_dir = tmp_path / "data"
    (data_dir / "tmp").mkdir(parents=True)
    running = Server(data_dir)
    yield running
    running.stop()


def provision(server: Server) -> dict[str, str]:
    done = subprocess.run(  # noqa: S603 - the test's own interpreter
        [sys.executable, "-c", PROVISION],
        env=server.env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def start_upload(server: Server, who: dict[str, str]) -> socket.socket:
    """Send the headers and half of a 64 MiB multipart body, and leave it hanging."""
    boundary = "crash-test-boundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="ruimte"\r\n\r\n'
        f"{who['workspace']}\r\n"
        f'--{boundary}\r\nContent-Disposition: form-data; name="titel"\r\n\r\nHalf\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="inhoud"; filename="half.bin"\r\n'
        f"Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    length = len(head) + TOTAL + len(tail)
    connection = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    connection.sendall(
        (
            f"POST /api/v1/documenten HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
            f"Authorization: Token {who['token']}\r\n"
            f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
            f"Content-Length: {length}\r\n\r\n"
        ).encode()
        + head
    )
    block = os.urandom(CHUNK)
    for _ in range(HALF // CHUNK):
        connection.sendall(block)
    return connection


def spooled(server: Server) -> list[Path]:
    return [path for path in (server.data_dir / "tmp").iterdir() if path.is_file()]


def stored(server: Server) -> list[Path]:
    files = server.data_dir / "files"
    return [path for path in files.rglob("*") if path.is_file()] if files.exists() else []


def wait_for_spooled_bytes(server: Server, at_least: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if sum(path.stat().st_size for path in spooled(server)) >= at_least:
            return
        time.sleep(0.1)
    pytest.fail("the server did not spool the upload")


def test_kill_9_mid_upload_leaves_no_document_and_cleanup_removes_the_rest(server):
    who = provision(server)
    server.start()
    connection = start_upload(server, who)
    wait_for_spooled_bytes(server, HALF // 2)

    server.kill_hard()
    connection.close()
    server.start()

    listing = server.get(f"/api/v1/documenten?ruimte={who['workspace']}", who["token"])
    assert listing["count"] == 0
    assert stored(server) == []
    leftovers = spooled(server)
    assert len(leftovers) == 1

    # Young leftovers may belong to an upload still in progress: kept.
    assert "Removed 0 " in server.samen("documents", "cleanup")
    assert spooled(server) == leftovers

    abandoned = time.time() - 2 * 3600
    os.utime(leftovers[0], (abandoned, abandoned))
    report = server.samen("documents", "cleanup")

    assert "Removed 1 " in report
    assert spooled(server) == []
    assert server.get(f"/api/v1/documenten?ruimte={who['workspace']}", who["token"])["count"] == 0
