"""Running `samen` as an operator does: real processes on a data folder of their own."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from ssl import SSLContext

import pytest

TEST_SECRET = "test-secret-key-that-is-long-enough-for-samen-0123456789"


def samen_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """An environment for a `samen` process of its own, on SQLite in data_dir.

    The database of the test run (DATABASE_URL) is left out on purpose: the
    process must not migrate or fill the developer's database.
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("SAMEN_") and key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(SAMEN_DATA_DIR=str(data_dir), SAMEN_SECRET_KEY=TEST_SECRET, **extra)
    return env


def samen(data_dir: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (the test's own interpreter)
        [sys.executable, "-m", "samen", *args],
        env=samen_env(data_dir),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def get(url: str, context: SSLContext | None = None) -> tuple[int, dict[str, str], bytes]:
    opener = urllib.request.build_opener(NoRedirects, urllib.request.HTTPSHandler(context=context))
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def wait_until_answering(url: str, process: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{process.args[0]} stopped early with exit code {process.returncode}")
        try:
            get(url)
            return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"nothing answered at {url} within {seconds} s")


@contextmanager
def serving(data_dir: Path, port: int, **env: str) -> Iterator[subprocess.Popen]:
    """`samen serve` on the port until the block ends; its output goes to serve.log."""
    command = [sys.executable, "-m", "samen", "serve", "--port", str(port), "--workers", "1"]
    with (data_dir / "serve.log").open("w+") as log:
        process = subprocess.Popen(  # noqa: S603 (the test's own interpreter)
            [*command, "--no-worker"],
            env=samen_env(data_dir, **env),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_answering(f"http://127.0.0.1:{port}/inloggen", process)
            yield process
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
