"""The production server for the browser tests: `samen demo`, then `samen serve`.

The server runs as its own process on a free port with a fresh data folder
(SQLite, demo mode), exactly as an administrator would start it; its output,
where the console e-mail backend writes the invitation mails, goes to a log
file that the tests read.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

SAMEN = Path(sys.executable).with_name("samen")
START_TIMEOUT = 60


@dataclass
class Server:
    url: str
    log: Path
    process: subprocess.Popen

    def mails(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def invitation_links(self) -> list[str]:
        return re.findall(r"http://\S+/uitnodiging/[\w-]+", self.mails())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment(data_dir: Path, port: int) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("SAMEN_")}
    # The single-machine set-up: SQLite in the data folder, not a shared database.
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(
        SAMEN_DATA_DIR=str(data_dir),
        SAMEN_DEMO="true",
        SAMEN_BASE_URL=f"http://127.0.0.1:{port}",
        PYTHONUNBUFFERED="1",
    )
    return env


def start(data_dir: Path) -> Server:
    port = free_port()
    env = environment(data_dir, port)
    # settings.FILE_UPLOAD_TEMP_DIR must exist before Django's checks pass;
    # until the documents area creates it at start, the test does.
    (data_dir / "tmp").mkdir(exist_ok=True)
    demo = subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [SAMEN, "demo"], env=env, capture_output=True, text=True, timeout=120
    )
    if demo.returncode != 0:
        raise RuntimeError(f"samen demo failed:\n{demo.stdout}\n{demo.stderr[-3000:]}")

    log = data_dir / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - our own command, fixed arguments
            [
                SAMEN,
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                "2",
                "--no-worker",
            ],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server = Server(url=f"http://127.0.0.1:{port}", log=log, process=process)
    _wait_until_up(server)
    return server


def _wait_until_up(server: Server) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"samen serve stopped:\n{server.mails()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{server.url}/inloggen", timeout=2) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    stop(server)
    raise RuntimeError(f"samen serve did not answer within {START_TIMEOUT}s")


def stop(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()
