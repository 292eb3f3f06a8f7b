"""Shared parts of the benchmarks: a throw-away installation, a person with a token."""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

_PROVISION = """
import json
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from samen.organisations import actions as org
from samen.workspaces import actions as ws
from samen.workspaces.models import Template
province = org.create_organisation(
    actor=None, name="Provincie Benchmark", oin="00000001002220647000", kind="provincie"
)
user = org.create_user(
    actor=None, email="bench@example.org", name="Bench", organisation=province,
    password="Benchmark-wachtwoord-1",
)
workspace = ws.create_workspace(
    actor=user, name="Benchmark", template=Template.objects.get(slug="bodemsanering")
)
print(json.dumps({"token": org.create_token(actor=None, user=user),
                  "workspace": str(workspace.pk), "user": str(user.pk)}))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def installation(prefix: str = "samen-bench-", database_url: str = "") -> dict[str, str]:
    """Environment for a fresh data folder (and database, when given)."""
    data = tempfile.mkdtemp(prefix=prefix)
    # The upload spool folder must exist before the system checks run.
    (Path(data) / "tmp").mkdir()
    env = {
        **os.environ,
        "SAMEN_DATA_DIR": data,
        "SAMEN_SECRET_KEY": "benchmark-" + "k" * 40,
        "SAMEN_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "samen.settings",
        "PYTHONPATH": str(REPO / "src"),
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def provision(env: dict[str, str]) -> dict[str, str]:
    """Migrate, then make an organisation, a person with a token and a workspace."""
    done = subprocess.run(
        [sys.executable, "-c", _PROVISION], env=env, capture_output=True, text=True, check=True
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def start_serve(env: dict[str, str], port: int, *, workers: int = 2) -> subprocess.Popen[bytes]:
    log = Path(env["SAMEN_DATA_DIR"]) / "serve.log"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "samen",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--no-worker",
        ],
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    wait_until_answering(f"http://127.0.0.1:{port}/inloggen", process)
    return process


def wait_until_answering(url: str, process: subprocess.Popen[bytes], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server stopped early with exit code {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=5).close()  # noqa: S310 - loopback
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server did not answer at {url}")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
