"""The `samen` command as an operator runs it: real processes on a data folder of their own."""

import json
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.processes import free_port, get, samen, samen_env, serving

OIN = "00000001002220647000"
PASSWORD = "Lang-en-sterk-wachtwoord-7"


@pytest.fixture
def server(tmp_path: Path):
    port = free_port()
    with serving(tmp_path, port) as process:
        yield f"http://127.0.0.1:{port}", process, tmp_path


def test_serve_answers_pages_and_static_files_then_stops_on_sigterm(server):
    base, process, data_dir = server

    status, _headers, body = get(f"{base}/inloggen")
    assert status == 200
    assert b"<form" in body

    manifest = json.loads((data_dir / "static" / "staticfiles.json").read_text())
    hashed = manifest["paths"]["admin/css/base.css"]
    status, headers, body = get(f"{base}/static/{hashed}")
    assert status == 200
    assert "immutable" in headers["Cache-Control"]
    assert body

    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=45) == 0
    log = (data_dir / "serve.log").read_text()
    assert re.search(r'"GET /inloggen HTTP/1\.1" 200', log)
    assert "gthread" in log


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """A data folder with a migrated, empty database, made once for this module."""
    folder = tmp_path_factory.mktemp("migrated")
    done = samen(folder, "migrate", "--verbosity", "0")
    assert done.returncode == 0, done.stderr
    return folder


@pytest.fixture
def data_dir(migrated: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(migrated, folder)
    return folder


def test_provisioning_from_the_command_line(data_dir):
    made = samen(
        data_dir,
        "organisation",
        "create",
        "--name",
        "Provincie Overijssel",
        "--oin",
        OIN,
        "--kind",
        "provincie",
    )
    assert made.returncode == 0, made.stderr
    # Without --password and without a terminal, the password is read from stdin.
    made = samen(
        data_dir,
        "user",
        "create",
        "--email",
        "anne@overijssel.example",
        "--name",
        "Anne de Vries",
        "--organisation",
        OIN,
        stdin=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert made.returncode == 0, made.stderr

    token = samen(data_dir, "token", "create", "--email", "anne@overijssel.example")
    assert token.returncode == 0, token.stderr
    assert re.fullmatch(r"samen_[A-Za-z0-9_-]{43}\n", token.stdout)

    verified = samen(data_dir, "audit", "verify")
    assert verified.returncode == 0
    assert "intact: 3 entries" in verified.stdout


def test_bad_input_gives_one_line_on_stderr_and_a_non_zero_exit(data_dir):
    refused = samen(
        data_dir, "organisation", "create", "--name", "X", "--oin", "123", "--kind", "gemeente"
    )

    assert refused.returncode == 1
    assert refused.stdout == ""
    assert refused.stderr.strip().count("\n") == 0
    assert "20 digits" in refused.stderr
    assert "intact: 0 entries" in samen(data_dir, "audit", "verify").stdout


def test_bad_configuration_stops_with_its_message(tmp_path):
    env = samen_env(tmp_path)
    del env["SAMEN_SECRET_KEY"]

    result = subprocess.run(
        [sys.executable, "-m", "samen", "check"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 2
    assert "SAMEN_SECRET_KEY is required" in result.stderr
    assert "Traceback" not in result.stderr
