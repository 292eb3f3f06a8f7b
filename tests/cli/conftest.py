"""Running Samen's commands, in-process and as a real `samen` process."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

TEST_SECRET = "test-secret-key-that-is-long-enough-for-samen-0123456789"


def run(*args: str) -> str:
    """Run a command in-process; returns what it wrote on stdout."""
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def fails(*args: str) -> CommandError:
    """Run a command that must refuse; returns its error."""
    with pytest.raises(CommandError) as caught:
        run(*args)
    return caught.value


def samen_env(data_dir: Path) -> dict[str, str]:
    """An environment for a `samen` process of its own, on SQLite in data_dir.

    The database of the test run (DATABASE_URL) is left out on purpose: the
    process must not migrate or fill the developer's database.
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("SAMEN_") and key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(SAMEN_DATA_DIR=str(data_dir), SAMEN_SECRET_KEY=TEST_SECRET)
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
