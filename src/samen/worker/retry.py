"""Retrying a failed task later, with a bounded number of attempts.

django-tasks has no retries of its own. A task that wants them takes an
`attempt` keyword argument and, when it fails, calls enqueue_retry() before
re-raising: the failed run keeps its traceback in the result table, and a
new run is queued for later with exponential backoff.
"""

import logging
from datetime import timedelta
from typing import Any

from django.utils import timezone

logger = logging.getLogger(__name__)


def backoff_seconds(attempt: int, *, base: float, cap: float) -> float:
    """Seconds to wait after the given failed attempt: base, 2 x base, 4 x base, ... up to cap."""
    return float(min(cap, base * 2 ** max(0, attempt - 1)))


def enqueue_retry(
    task: Any,
    *args: Any,
    attempt: int,
    max_attempts: int,
    base_delay: float = 30.0,
    max_delay: float = 3600.0,
    **kwargs: Any,
) -> bool:
    """Queue attempt+1 of the task after a backoff; False when attempts are used up."""
    if attempt >= max_attempts:
        logger.error("Task %s gave up after %s attempts", task.name, attempt)
        return False

    delay = backoff_seconds(attempt, base=base_delay, cap=max_delay)
    run_after = timezone.now() + timedelta(seconds=delay)
    task.using(run_after=run_after).enqueue(*args, attempt=attempt + 1, **kwargs)
    logger.warning(
        "Task %s failed on attempt %s of %s; retrying in %s s",
        task.name,
        attempt,
        max_attempts,
        int(delay),
    )
    return True
