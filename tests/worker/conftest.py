import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

REPO = Path(__file__).resolve().parents[2]


def database_url() -> str:
    """The test database as a DATABASE_URL, so that a subprocess sees the same rows."""
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(config['NAME']).resolve()}"
    user = config.get("USER") or "postgres"
    host = config.get("HOST") or "127.0.0.1"
    port = config.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{config['NAME']}"


@pytest.fixture
def start_worker(transactional_db, tmp_path):
    """start_worker(*args) runs `samen worker` in a subprocess on the test database."""
    processes: list[subprocess.Popen[bytes]] = []

    def start(*args: str) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "SAMEN_SECRET_KEY": "x" * 50,
            "SAMEN_DATA_DIR": str(tmp_path / "data"),
            "PYTHONPATH": str(REPO),
        }
        process = subprocess.Popen(  # noqa: S603 - fixed argv from the test
            [sys.executable, "-m", "samen", "worker", "--interval", "0.1", *args],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        processes.append(process)
        return process

    yield start

    for process in processes:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        if process.stdout:
            process.stdout.close()
