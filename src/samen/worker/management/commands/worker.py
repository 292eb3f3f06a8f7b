"""`samen worker`: run queued tasks and the registered periodic loops.

Start as many as needed, on any machine that reaches the database: tasks are
claimed with SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL. SIGTERM or
Ctrl+C stops the worker after the item it is doing; a second signal stops it
at once (an interrupted task is queued again by the recovery loop).
"""

import logging
import signal
from argparse import ArgumentParser, ArgumentTypeError
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand

from samen.worker.runner import Runner

logger = logging.getLogger(__name__)

_STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT)


def _non_negative(value: str) -> float:
    number = float(value)
    if not number >= 0:
        raise ArgumentTypeError("must be zero or more")
    return number


def _positive_int(value: str) -> int:
    number = int(value)
    if number <= 0:
        raise ArgumentTypeError("must be more than zero")
    return number


class Command(BaseCommand):
    help = "Run background tasks and periodic loops until stopped."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--interval",
            type=_non_negative,
            default=1.0,
            help="Seconds to wait when there is nothing to do (default 1).",
        )
        parser.add_argument(
            "--queue",
            default="default",
            help="Comma-separated task queues to take work from (default: default).",
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Do what is due now, then stop (for cron jobs and tests).",
        )
        parser.add_argument(
            "--max-items", type=_positive_int, default=None, help="Stop after this many items."
        )
        parser.add_argument(
            "--no-loops", action="store_true", help="Run tasks only, no periodic loops."
        )
        parser.add_argument("--worker-id", default=None, help="A unique name for this worker.")
        parser.add_argument(
            "--parent-pid",
            type=int,
            default=None,
            help="Stop when this process is no longer the parent (used by `samen serve`).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        runner = Runner(
            worker_id=options["worker_id"],
            interval=options["interval"],
            queue_names=tuple(q.strip() for q in options["queue"].split(",") if q.strip()),
            run_loops=not options["no_loops"],
            parent_pid=options["parent_pid"],
        )
        self._install_signal_handlers(runner)

        done = runner.run(until_idle=options["batch"], max_items=options["max_items"])
        if options["verbosity"] > 1:
            self.stdout.write(f"{done} items done.")

    def _install_signal_handlers(self, runner: Runner) -> None:
        def stop(signum: int, frame: FrameType | None) -> None:
            logger.info(
                "Worker %s: %s received, stopping after the current item",
                runner.worker_id,
                signal.Signals(signum).name,
            )
            runner.request_stop()
            # The next signal gets the default behaviour: stop at once.
            for sig in _STOP_SIGNALS:
                signal.signal(sig, signal.SIG_DFL)

        for sig in _STOP_SIGNALS:
            signal.signal(sig, stop)
