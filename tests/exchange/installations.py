"""Real installations for fault-injection runs: separate processes, folders, ports.

Each Installation has its own data folder (and SQLite file, or its own
PostgreSQL database when a base DATABASE_URL is given), a gunicorn server and
an outbox worker, each of which can be killed with SIGKILL and started again.
FaultProxy sits in front of a receiver: it can drop answers after the
receiver has committed, and corrupt the bodies of attachment parts.
"""

import json
import os
import random
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx

VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Installation:
    def __init__(
        self,
        name: str,
        root: Path,
        *,
        public_port: int | None = None,
        database_url: str | None = None,
        extra_env: dict[str, str] | None = None,
    ) -> None:
        self.name = name
        self.dir = root / name
        # The documents app wants its upload folder to exist before checks run.
        (self.dir / "tmp").mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.public_port = public_port or self.port
        self.server: subprocess.Popen[bytes] | None = None
        self.worker: subprocess.Popen[bytes] | None = None
        self.extra_workers: list[subprocess.Popen[bytes]] = []
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("SAMEN_", "DATABASE_"))},
            "DJANGO_SETTINGS_MODULE": "samen.settings",
            "SAMEN_DATA_DIR": str(self.dir),
            "SAMEN_SECRET_KEY": f"{name}-secret-key-for-fault-injection-only-0123456789",
            "SAMEN_BASE_URL": f"http://127.0.0.1:{self.public_port}",
            "SAMEN_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SAMEN_EXCHANGE_NAME": name,
            "SAMEN_LOG_LEVEL": "WARNING",
            **(extra_env or {}),
        }
        if database_url:
            self.env["DATABASE_URL"] = database_url

    # --- running code inside the installation ---

    def python(self, code: str, timeout: float = 300) -> Any:
        """Run code with Django set up; it prints one JSON value, which is returned."""
        script = "import django, json\ndjango.setup()\n" + code
        done = subprocess.run(  # noqa: S603 - fixed arguments of this harness
            [sys.executable, "-c", script],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{self.name}: {done.stderr[-3000:]}")
        lines = [line for line in done.stdout.splitlines() if line.strip()]
        return json.loads(lines[-1]) if lines else None

    def samen(self, *args: str, stdin: str | None = None) -> str:
        done = subprocess.run(  # noqa: S603 - fixed arguments of this harness
            [sys.executable, "-m", "samen", *args],
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{self.name} samen {args}: {done.stderr[-3000:]}")
        return done.stdout

    def set_up(self, organisations: list[tuple[str, str]]) -> None:
        self.samen("migrate", "--no-input", "-v0")
        self.python(
            "from samen.organisations import actions as o\n"
            "from samen.exchange.actions import grant_mailbox\n"
            f"for oin, name in {organisations!r}:\n"
            "    org = o.create_organisation(actor=None, name=name, oin=oin, kind='gemeente')\n"
            "    user = o.create_user(actor=None, email=f'post@{oin}.example', name='Post',"
            " organisation=org, password=None)\n"
            "    grant_mailbox(actor=None, user=user)\n"
            "print(1)"
        )

    def card(self) -> dict[str, Any]:
        return json.loads(self.samen("exchange", "card"))

    def trust(self, card: dict[str, Any]) -> None:
        self.samen("exchange", "trust", "-", stdin=json.dumps(card))

    # --- processes ---

    def start_server(self, workers: int = 2) -> None:
        self.server = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                str(VENV_BIN / "gunicorn"),
                "samen.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--timeout",
                "120",
                "--log-level",
                "warning",
            ],
            env=self.env,
            cwd=self.dir,
            start_new_session=True,
            stdout=(self.dir / "server.log").open("ab"),
            stderr=subprocess.STDOUT,
        )
        wait_for_port(self.port)

    def start_worker(self) -> None:
        self.worker = self._worker_process()

    def start_extra_workers(self, count: int) -> None:
        """More outbox workers beside the first, as a larger installation runs them."""
        self.extra_workers += [self._worker_process() for _ in range(count)]

    def _worker_process(self) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "samen", "exchange", "deliver", "--loop"],
            env=self.env,
            cwd=self.dir,
            start_new_session=True,
            stdout=(self.dir / "worker.log").open("ab"),
            stderr=subprocess.STDOUT,
        )

    @staticmethod
    def _kill(process: subprocess.Popen[bytes] | None) -> None:
        if process is None or process.poll() is not None:
            return
        # The whole session: gunicorn's master and its workers die together.
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def kill_server(self) -> None:
        self._kill(self.server)
        self.server = None

    def kill_worker(self) -> None:
        self._kill(self.worker)
        self.worker = None

    def stop_extra_workers(self) -> None:
        for process in self.extra_workers:
            self._kill(process)
        self.extra_workers = []

    def stop(self) -> None:
        self.stop_extra_workers()
        self.kill_worker()
        self.kill_server()


def wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/uitwisseling/v1/kaart", timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing answers on port {port}")


class FaultProxy:
    """An HTTP/1.1 proxy, one request per connection, that misbehaves on purpose.

    drop: chance that the upstream answer is thrown away after the receiver
    has handled (and committed) the request; corrupt: chance that one byte
    of a PUT body (an attachment part) is flipped on the way.
    """

    def __init__(self, listen_port: int, upstream_port: int, drop: float, corrupt: float) -> None:
        self.listen_port, self.upstream_port = listen_port, upstream_port
        self.drop, self.corrupt = drop, corrupt
        self.dropped = self.corrupted = self.forwarded = 0
        self._lock = threading.Lock()
        proxy = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                proxy._handle(self.request)

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", listen_port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _count(self, name: str) -> None:
        with self._lock:
            setattr(self, name, getattr(self, name) + 1)

    def _handle(self, client: socket.socket) -> None:
        try:
            head, body = _read_request(client)
        except (OSError, ValueError):
            return
        if head.startswith(b"PUT ") and body and random.random() < self.corrupt:
            position = random.randrange(len(body))
            body = body[:position] + bytes([body[position] ^ 0xFF]) + body[position + 1 :]
            self._count("corrupted")
        head = head.replace(b"Connection: keep-alive", b"Connection: close")
        try:
            with socket.create_connection(("127.0.0.1", self.upstream_port), timeout=120) as up:
                up.sendall(head + body)
                answer = _read_all(up)
        except OSError:
            return  # the receiver is down: the client sees a broken connection
        if random.random() < self.drop:
            self._count("dropped")
            return
        self._count("forwarded")
        try:
            client.sendall(answer)
        except OSError:
            return


def _read_request(client: socket.socket) -> tuple[bytes, bytes]:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = client.recv(65536)
        if not chunk:
            raise ValueError("closed")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = client.recv(min(1 << 20, length - len(body)))
        if not chunk:
            raise ValueError("closed")
        body += chunk
    return head + b"\r\n\r\n", body


def _read_all(sock: socket.socket) -> bytes:
    parts = []
    while chunk := sock.recv(1 << 20):
        parts.append(chunk)
    return b"".join(parts)
