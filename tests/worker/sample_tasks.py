"""Tasks for the worker tests. Workers in subprocesses import them by path."""

import os
import time
from pathlib import Path

from django_tasks import task

from samen.worker.retry import enqueue_retry


@task()
def add(a: int, b: int) -> int:
    return a + b


@task()
def always_fails(attempt: int = 1) -> None:
    try:
        raise RuntimeError("the remote end is down")
    except RuntimeError:
        enqueue_retry(always_fails, attempt=attempt, max_attempts=3, base_delay=10)
        raise


@task()
def append_line(path: str, label: str, pause: float = 0.0) -> int:
    """Append "label pid" to a file: every run leaves a line, so double runs show."""
    time.sleep(pause)
    with Path(path).open("a", encoding="utf-8") as handle:
        handle.write(f"{label} {os.getpid()}\n")
    return os.getpid()
