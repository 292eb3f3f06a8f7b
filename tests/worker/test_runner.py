"""The runner in this process: tasks, retries, loops and recovery."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from samen.worker import loops
from samen.worker.retry import backoff_seconds
from samen.worker.runner import Runner
from samen.worker.tasks import recover_abandoned_tasks
from tests.worker import sample_tasks


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def loop_registry():
    """An empty loop registry for the test, restored afterwards."""
    saved = dict(loops._registry)
    loops._registry.clear()
    yield loops
    loops._registry.clear()
    loops._registry.update(saved)


def runner(**kwargs) -> Runner:
    return Runner(worker_id="test-worker", interval=0, **kwargs)


def test_queued_task_runs_and_keeps_its_result(db):
    result = sample_tasks.add.enqueue(2, 3)

    done = runner(run_loops=False).run(until_idle=True)

    assert done == 1
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value == 5
    assert row.worker_ids == ["test-worker"]


def test_failed_task_is_recorded_and_retried_later(db):
    result = sample_tasks.always_fails.enqueue()

    runner(run_loops=False).run(until_idle=True)

    failed = DBTaskResult.objects.get(pk=result.id)
    assert failed.status == TaskResultStatus.FAILED
    assert "the remote end is down" in failed.traceback
    retry = DBTaskResult.objects.exclude(pk=result.id).get()
    assert retry.status == TaskResultStatus.READY
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}
    assert retry.run_after > timezone.now() + timedelta(seconds=5)


def test_retry_waits_until_its_time(db):
    sample_tasks.always_fails.enqueue()

    done = runner(run_loops=False).run(until_idle=True)

    # The retry is queued for later: an idle runner does not take it yet.
    assert done == 1
    assert DBTaskResult.objects.ready().count() == 0


def test_retries_stop_after_the_last_attempt(db):
    sample_tasks.always_fails.enqueue(attempt=3)

    runner(run_loops=False).run(until_idle=True)

    assert DBTaskResult.objects.count() == 1
    assert DBTaskResult.objects.get().status == TaskResultStatus.FAILED


def test_backoff_doubles_up_to_the_cap():
    delays = [backoff_seconds(attempt, base=30, cap=100) for attempt in (1, 2, 3, 4)]

    assert delays == [30, 60, 100, 100]


def test_loop_runs_at_start_and_again_after_its_interval(db, loop_registry):
    calls = []
    loop_registry.register("test.tick", lambda: calls.append(1) and 0, interval_seconds=60)
    clock = FakeClock()
    work = runner(clock=clock)

    work.run_once()
    work.run_once()
    clock.now += 61
    work.run_once()

    assert len(calls) == 2


def test_loop_that_found_work_runs_again_without_waiting(db, loop_registry):
    batches = [5, 2, 0]
    loop_registry.register("test.batches", lambda: batches.pop(0), interval_seconds=3600)

    done = runner(clock=FakeClock()).run(until_idle=True)

    assert done == 7
    assert batches == []


def test_failing_loop_does_not_stop_tasks_or_other_loops(db, loop_registry):
    def broken() -> int:
        raise RuntimeError("boom")

    loop_registry.register("test.broken", broken, interval_seconds=60)
    loop_registry.register("test.fine", lambda: 1 if not fine_runs.append(1) else 0, 60)
    fine_runs: list[int] = []
    result = sample_tasks.add.enqueue(1, 1)

    runner(clock=FakeClock()).run_once()

    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL
    assert fine_runs == [1]


def test_register_refuses_a_non_positive_interval(loop_registry):
    with pytest.raises(ValueError, match="positive interval"):
        loop_registry.register("test.bad", lambda: 0, interval_seconds=0)


def test_task_abandoned_by_a_dead_worker_is_queued_again(db, settings):
    result = sample_tasks.add.enqueue(1, 2)
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - timedelta(minutes=settings.WORKER_TASK_TIMEOUT_MINUTES + 1),
        worker_ids=["dead-worker"],
    )

    recovered = recover_abandoned_tasks()

    assert recovered == 1
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.READY
    runner(run_loops=False).run(until_idle=True)
    assert DBTaskResult.objects.get(pk=result.id).return_value == 3


def test_task_abandoned_too_often_is_marked_failed(db, settings):
    result = sample_tasks.add.enqueue(1, 2)
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - timedelta(minutes=settings.WORKER_TASK_TIMEOUT_MINUTES + 1),
        worker_ids=["a", "b", "c"],
    )

    recover_abandoned_tasks()

    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.FAILED


def test_running_task_within_the_timeout_is_left_alone(db):
    result = sample_tasks.add.enqueue(1, 2)
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now(), worker_ids=["busy"]
    )

    assert recover_abandoned_tasks() == 0
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING


def test_idle_runner_wakes_for_a_loop_due_before_its_interval(db, loop_registry):
    loop_registry.register("test.often", lambda: 0, interval_seconds=0.5)
    clock = FakeClock()
    work = Runner(worker_id="test-worker", interval=5, clock=clock)

    work.run_once()

    assert work._idle_wait() == pytest.approx(0.5)
