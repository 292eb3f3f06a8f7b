"""`samen worker` as a real process: graceful stop, and two workers sharing a queue."""

import select
import signal
import subprocess
import time
from pathlib import Path

from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.worker import sample_tasks


def wait_for(condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.05)


def wait_until_started(process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    """Read the worker's log until it says it started (its signal handlers are set then)."""
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _w, _x = select.select([process.stdout], [], [], 0.5)
        if ready and b" started: " in process.stdout.readline():
            return
    raise AssertionError("the worker did not start in time")


def status_of(result_id: str) -> str:
    return DBTaskResult.objects.get(pk=result_id).status


def test_batch_worker_runs_what_is_queued_and_exits(start_worker, tmp_path):
    out = tmp_path / "runs.txt"
    results = [sample_tasks.append_line.enqueue(str(out), f"t{n}") for n in range(3)]

    process = start_worker("--batch", "--no-loops")

    assert process.wait(timeout=60) == 0
    assert {status_of(r.id) for r in results} == {TaskResultStatus.SUCCESSFUL}
    assert len(out.read_text().splitlines()) == 3


def test_sigterm_lets_the_current_task_finish_then_stops(start_worker, tmp_path):
    out = tmp_path / "runs.txt"
    slow = sample_tasks.append_line.enqueue(str(out), "slow", pause=2.0)
    waiting = sample_tasks.append_line.enqueue(str(out), "waiting")
    process = start_worker("--no-loops")
    wait_until_started(process)
    wait_for(lambda: status_of(slow.id) == TaskResultStatus.RUNNING)

    process.send_signal(signal.SIGTERM)

    assert process.wait(timeout=30) == 0
    assert status_of(slow.id) == TaskResultStatus.SUCCESSFUL
    assert status_of(waiting.id) == TaskResultStatus.READY
    assert out.read_text().split()[0] == "slow"


def test_idle_worker_stops_promptly_on_sigterm(start_worker):
    process = start_worker("--interval", "30")
    wait_until_started(process)

    started = time.monotonic()
    process.send_signal(signal.SIGTERM)

    assert process.wait(timeout=10) == 0
    assert time.monotonic() - started < 5


def test_two_workers_never_run_the_same_task(start_worker, tmp_path):
    # Both workers are running and polling before anything is queued, so the
    # test does not depend on how fast a second process starts on a busy machine.
    first = start_worker("--no-loops")
    second = start_worker("--no-loops")
    wait_until_started(first)
    wait_until_started(second)
    out = tmp_path / "runs.txt"

    results = [sample_tasks.append_line.enqueue(str(out), f"t{n}", pause=0.05) for n in range(40)]
    wait_for(
        lambda: all(status_of(r.id) == TaskResultStatus.SUCCESSFUL for r in results), timeout=120
    )
    first.send_signal(signal.SIGTERM)
    second.send_signal(signal.SIGTERM)

    assert first.wait(timeout=30) == 0
    assert second.wait(timeout=30) == 0
    lines = Path(out).read_text().splitlines()
    labels = [line.split()[0] for line in lines]
    assert sorted(labels) == sorted(f"t{n}" for n in range(40))
    rows = DBTaskResult.objects.filter(pk__in=[r.id for r in results])
    assert all(len(row.worker_ids) == 1 for row in rows)
    # Both took part: the queue was shared, not drained by one of them.
    assert len({line.split()[1] for line in lines}) == 2
