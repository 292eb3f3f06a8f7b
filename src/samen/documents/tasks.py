"""Background work for documents: text extraction, and the periodic cleanup loop."""

import logging
import uuid
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task, task_backends
from django_tasks_db import DatabaseBackend

from samen.documents import storage
from samen.documents.cleanup import cleanup_orphans
from samen.documents.extraction import ExtractionError, extract
from samen.documents.models import Version
from samen.documents.text.models import ExtractedText, ExtractionStatus
from samen.worker import loops
from samen.worker.retry import enqueue_retry

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# pypdf holds a PDF's object tree in memory; beyond this a file is not read,
# so that one huge upload cannot exhaust the worker.
MAX_SOURCE_BYTES = 512 * 1024 * 1024
_ERROR_MAX = 500


def schedule_extraction(version_id: uuid.UUID | str) -> None:
    """Queue text extraction for a new version; never lets the upload fail.

    With the database backend the task row is written in the caller's
    transaction: it exists exactly when the version does, so a crash right
    after the commit cannot lose it, and no worker sees it before the commit.
    Other backends (which may run the task at once) get it after the commit.
    """
    if isinstance(task_backends[extract_version_text.backend], DatabaseBackend):
        _enqueue_quietly(version_id)
    else:
        transaction.on_commit(lambda: _enqueue_quietly(version_id))


def _enqueue_quietly(version_id: uuid.UUID | str) -> None:
    try:
        # A savepoint, so that a failing insert does not spoil the upload's
        # transaction on PostgreSQL.
        with transaction.atomic():
            extract_version_text.enqueue(str(version_id))
    except Exception:
        logger.exception("Could not queue text extraction for version %s", version_id)


@task()
def extract_version_text(version_id: str, attempt: int = 1) -> str:
    """Extract and store the text of a version; return the resulting status."""
    version = Version.objects.filter(pk=version_id).first()
    if version is None:
        # Purged before the worker came to it: nothing to do.
        return "gone"

    if version.size > MAX_SOURCE_BYTES:
        _save(version, attempt, status=ExtractionStatus.UNSUPPORTED, error="too large to read")
        return ExtractionStatus.UNSUPPORTED

    try:
        with storage.open_content(version.storage_key) as handle:
            result = extract(
                handle,
                filename=version.file_name,
                media_type=version.mime_type,
                limit=settings.EXTRACT_MAX_CHARS,
            )
    except ExtractionError as exc:
        # The file itself cannot be read: trying again gives the same answer.
        logger.warning("Text of version %s cannot be extracted: %s", version_id, exc)
        _save(version, attempt, status=ExtractionStatus.FAILED, error=str(exc))
        return ExtractionStatus.FAILED
    except Exception as exc:
        # Storage or database trouble passes: try again later, a few times.
        logger.exception("Text extraction of version %s failed (attempt %s)", version_id, attempt)
        if not enqueue_retry(
            extract_version_text, version_id, attempt=attempt, max_attempts=MAX_ATTEMPTS
        ):
            _save(version, attempt, status=ExtractionStatus.FAILED, error=repr(exc))
        raise

    if result is None:
        _save(version, attempt, status=ExtractionStatus.UNSUPPORTED)
        return ExtractionStatus.UNSUPPORTED
    _save(
        version,
        attempt,
        status=ExtractionStatus.DONE,
        kind=result.kind,
        text=result.text,
        truncated=result.truncated,
    )
    logger.info("Extracted %s characters from version %s", len(result.text), version_id)
    return ExtractionStatus.DONE


def _save(version: Version, attempt: int, *, status: str, error: str = "", **fields: Any) -> None:
    ExtractedText.objects.update_or_create(
        version=version,
        defaults={
            "status": status,
            "attempts": attempt,
            "error": error[:_ERROR_MAX],
            "extracted_at": timezone.now(),
            "kind": fields.get("kind", ""),
            "text": fields.get("text", ""),
            "truncated": fields.get("truncated", False),
        },
    )


loops.register("documents.cleanup_orphans", cleanup_orphans, interval_seconds=3600)
