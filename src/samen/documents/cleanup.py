"""Removing what an interrupted process left behind.

cleanup_orphans() is safe to run at any time and from several workers: it
removes only content that no row points at and that is older than an hour
(younger content may belong to an upload whose transaction has not committed
yet), unfinished uploads past their expiry, spooled files nobody wrote to for
an hour, and documents whose time in the trash is up.
"""

import logging
from datetime import datetime, timedelta

from django.core.files.storage import default_storage
from django.utils import timezone

from samen.documents import storage
from samen.documents.actions.lifecycle import purge_expired_trash
from samen.documents.actions.resumable import abandon_upload
from samen.documents.models import Upload, UploadPart, Version

logger = logging.getLogger(__name__)

ORPHAN_AGE = timedelta(hours=1)


def cleanup_orphans(now: datetime | None = None) -> int:
    """Remove orphaned content, expired uploads and expired trash; return how many."""
    now = now or timezone.now()
    removed = _expired_uploads(now)
    removed += _orphans_under("content", Version, now)
    removed += _orphans_under("uploads", UploadPart, now)
    removed += _stale_spool_files(now)
    removed += purge_expired_trash(now)
    if removed:
        logger.info("Cleanup removed %s orphaned or expired items", removed)
    return removed


def _expired_uploads(now: datetime) -> int:
    expired = Upload.objects.filter(expires_at__lt=now)
    count = 0
    for upload in expired[:200]:
        abandon_upload(actor=None, upload=upload)
        count += 1
    return count


def _listdir(path: str) -> tuple[list[str], list[str]]:
    try:
        return default_storage.listdir(path)
    except (FileNotFoundError, NotADirectoryError):
        return [], []


def _orphans_under(prefix: str, model: type[Version] | type[UploadPart], now: datetime) -> int:
    """Files under prefix/<folder>/ that no row of model names in storage_key."""
    count = 0
    folders, _files = _listdir(prefix)
    for folder in folders:
        _dirs, names = _listdir(f"{prefix}/{folder}")
        keys = {f"{prefix}/{folder}/{name}" for name in names}
        known = set(
            model.objects.filter(storage_key__in=keys).values_list("storage_key", flat=True)
        )
        for key in sorted(keys - known):
            if now - default_storage.get_modified_time(key) > ORPHAN_AGE:
                storage.delete_quietly([key])
                count += 1
    return count


def _stale_spool_files(now: datetime) -> int:
    cutoff = now.timestamp() - ORPHAN_AGE.total_seconds()
    count = 0
    for path in storage.temp_dir().glob("*.upload*"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                count += 1
        except FileNotFoundError:
            continue
    return count
