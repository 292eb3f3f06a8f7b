"""The worker's own housekeeping loops, over django-tasks' result table."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from samen.worker import loops

logger = logging.getLogger(__name__)

BATCH = 500
# A task claimed this many times without finishing keeps killing its worker
# (out of memory, say); it is marked failed instead of being tried forever.
MAX_CLAIMS = 3


def recover_abandoned_tasks() -> int:
    """Put back tasks whose worker died mid-task (kill -9, power loss).

    A task stays RUNNING when its process disappears; after the timeout it
    goes back to READY. Tasks must therefore be safe to run twice, which the
    Samen tasks are (they overwrite their own result).
    """
    cutoff = timezone.now() - timedelta(minutes=settings.WORKER_TASK_TIMEOUT_MINUTES)
    with transaction.atomic():
        stale = list(
            DBTaskResult.objects.running()
            .filter(started_at__lt=cutoff)
            .select_for_update(skip_locked=True)
            .order_by("started_at")[:BATCH]
        )
        for result in stale:
            _requeue_or_fail(result)
    return len(stale)


def _requeue_or_fail(result: DBTaskResult) -> None:
    if len(result.worker_ids) >= MAX_CLAIMS:
        logger.error("Task %s was abandoned %s times; marking it failed", result.id, MAX_CLAIMS)
        result.set_failed(RuntimeError("The task's worker stopped during the task too often."))
        return

    logger.warning(
        "Task %s was abandoned by worker %s; queueing it again",
        result.id,
        result.worker_ids[-1] if result.worker_ids else "-",
    )
    result.status = TaskResultStatus.READY
    result.started_at = None
    result.save(update_fields=["status", "started_at"])


def prune_finished_results() -> int:
    """Delete results of finished tasks after a while; the table is a queue, not a log."""
    cutoff = timezone.now() - timedelta(days=settings.TASK_RESULT_DAYS)
    ids = list(
        DBTaskResult.objects.finished()
        .filter(finished_at__lt=cutoff)
        .order_by()
        .values_list("id", flat=True)[:BATCH]
    )
    if ids:
        DBTaskResult.objects.filter(id__in=ids).delete()
    return len(ids)


loops.register("worker.recover_abandoned_tasks", recover_abandoned_tasks, interval_seconds=60)
loops.register("worker.prune_finished_results", prune_finished_results, interval_seconds=3600)
