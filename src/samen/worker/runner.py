"""The worker's main loop: queued tasks and periodic loops, one item at a time.

Tasks come from django-tasks' database backend (`django_tasks_db`). Claiming
a task reuses that package's queryset: on PostgreSQL it is SELECT ... FOR
UPDATE SKIP LOCKED, so any number of workers share one queue without running
a task twice; on SQLite the claim runs in an EXCLUSIVE transaction. Running
it reuses the package's Worker.run_task, so results, tracebacks and the
task_started/task_finished signals are recorded exactly as `db_worker` does.

Between tasks the runner calls each registered loop when it is due. Loop
schedules live in this process only: with several workers each runs the loop
on its own clock, which is safe because loops claim their own rows.
"""

import logging
import os
import socket
import time
from collections.abc import Callable

from django.db import close_old_connections, connection
from django.db.utils import OperationalError
from django.utils.crypto import get_random_string
from django.utils.module_loading import autodiscover_modules
from django_tasks_db.management.commands.db_worker import Worker as DbTaskWorker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from samen.worker import loops
from samen.worker.loops import Loop

logger = logging.getLogger(__name__)

# Sleeping happens in short slices so that a stop request (from a signal
# handler, which may only set a flag) is noticed quickly.
_SLEEP_SLICE = 0.1


def new_worker_id() -> str:
    """Unique across the pool and readable in the task table (at most 64 characters)."""
    host = socket.gethostname()[:30]
    return f"{host}-{os.getpid()}-{get_random_string(8)}"


def _refresh_connections() -> None:
    # Drops connections that broke or outlived CONN_MAX_AGE, as Django does
    # around a request. Not inside an outer transaction: whoever opened it
    # (a test, a caller running the runner inline) owns that connection.
    if not connection.in_atomic_block:
        close_old_connections()


def discover_loops() -> list[Loop]:
    """Import every installed app's `tasks` module, where apps register their loops."""
    autodiscover_modules("tasks")
    return loops.registered()


class Runner:
    def __init__(
        self,
        *,
        worker_id: str | None = None,
        interval: float = 1.0,
        queue_names: tuple[str, ...] = ("default",),
        backend_name: str = "default",
        run_loops: bool = True,
        parent_pid: int | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.worker_id = worker_id or new_worker_id()
        self.interval = interval
        self.queue_names = queue_names
        self.backend_name = backend_name
        self.parent_pid = parent_pid
        self.stopping = False
        self._clock = clock
        self._loops = discover_loops() if run_loops else []
        self._next_due = {loop.name: 0.0 for loop in self._loops}
        self._task_worker = DbTaskWorker(
            queue_names=list(queue_names),
            interval=interval,
            batch=False,
            backend_name=backend_name,
            startup_delay=False,
            max_tasks=None,
            worker_id=self.worker_id,
            excluded_queue_names=[],
        )

    def request_stop(self) -> None:
        """Stop after the current item. Safe to call from a signal handler."""
        self.stopping = True

    def run(self, *, until_idle: bool = False, max_items: int | None = None) -> int:
        """Work until stopped (or, with until_idle, until nothing is left); return items done."""
        logger.info(
            "Worker %s started: queues %s, loops %s",
            self.worker_id,
            ",".join(self.queue_names),
            ",".join(loop.name for loop in self._loops) or "-",
        )
        done = 0
        while not self.stopping:
            did = self.run_once()
            done += did

            if max_items is not None and done >= max_items:
                break
            if did == 0:
                if until_idle:
                    break
                self._sleep(self._idle_wait())

        logger.info("Worker %s stopped after %s items", self.worker_id, done)
        return done

    def run_once(self) -> int:
        """One task if one is ready, then every loop that is due; return items done."""
        self._check_parent()
        _refresh_connections()
        did = self._run_one_task()

        for loop in self._due_loops():
            if self.stopping:
                break
            did += self._run_loop(loop)

        _refresh_connections()
        return did

    def _idle_wait(self) -> float:
        """The polling interval, or less when a loop falls due sooner."""
        now = self._clock()
        return max(0.0, min([self.interval, *(due - now for due in self._next_due.values())]))

    def _run_one_task(self) -> int:
        result = self._claim_task()
        if result is None:
            return 0
        self._task_worker.run_task(result)
        return 1

    def _claim_task(self) -> DBTaskResult | None:
        ready = DBTaskResult.objects.ready().filter(
            backend_name=self.backend_name, queue_name__in=self.queue_names
        )
        try:
            with exclusive_transaction(ready.db):
                result = ready.get_locked()
                if result is not None:
                    result.claim(self.worker_id)
                return result
        except OperationalError as exc:
            # SQLite answers "database is locked" while another worker holds
            # the claim transaction; the next round tries again.
            if is_locked_database_exception(exc):
                return None
            raise

    def _due_loops(self) -> list[Loop]:
        now = self._clock()
        return [loop for loop in self._loops if self._next_due[loop.name] <= now]

    def _run_loop(self, loop: Loop) -> int:
        try:
            count = int(loop.func() or 0)
        except Exception:
            # A failing loop must not stop the tasks or the other loops; it
            # is tried again after its interval.
            logger.exception("Loop %s failed", loop.name)
            count = 0

        # A loop that found work probably has more: call it again straight
        # away instead of waiting a whole interval.
        wait = 0.0 if count > 0 else loop.interval_seconds
        self._next_due[loop.name] = self._clock() + wait
        if count:
            logger.info("Loop %s did %s items", loop.name, count)
        return count

    def _check_parent(self) -> None:
        # An embedded worker (started by `samen serve`) ends when its parent
        # is gone, even after a kill -9 that gave the parent no chance to
        # stop it: the orphan would otherwise be adopted by init.
        if self.parent_pid is not None and os.getppid() != self.parent_pid:
            logger.warning(
                "Worker %s: parent %s is gone, stopping", self.worker_id, self.parent_pid
            )
            self.stopping = True

    def _sleep(self, seconds: float) -> None:
        end = self._clock() + seconds
        while not self.stopping:
            left = end - self._clock()
            if left <= 0:
                return
            time.sleep(min(_SLEEP_SLICE, left))
            self._check_parent()
