"""Locking (check-out), the trash, restoring and purging documents."""

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samen.documents import storage
from samen.documents.actions.documents import audit, require_unlocked_for
from samen.documents.errors import DocumentLocked
from samen.documents.models import Document, Version
from samen.errors import Conflict, NotFound
from samen.workspaces.access import Access

logger = logging.getLogger(__name__)


def _locked_row(document: Document) -> Document:
    # No select_related: PostgreSQL cannot lock the nullable side of a join.
    row = Document.objects.select_for_update().filter(pk=document.pk).first()
    if row is None:
        raise NotFound()
    return row


def lock_document(*, actor: Any, access: Access, document: Document) -> Document:
    """Check the document out to actor. Locking one's own lock again is a no-op."""
    access.require_contributor()
    access.require_open()

    with transaction.atomic():
        row = _locked_row(document)
        if row.locked_by_id == actor.pk:
            return row
        require_unlocked_for(row, actor)
        row.locked_by, row.locked_at = actor, timezone.now()
        row.save(update_fields=["locked_by", "locked_at"])
        audit(actor=actor, action="document.locked", document=row, before=row.confidentiality)
    return row


def unlock_document(*, actor: Any, access: Access, document: Document) -> Document:
    """Release a lock: the holder may, and a manager may force it (audited as forced)."""
    access.require_contributor()
    access.require_open()

    with transaction.atomic():
        row = _locked_row(document)
        if row.locked_by_id is None:
            return row
        forced = row.locked_by_id != actor.pk
        if forced and not access.is_manager:
            raise DocumentLocked(row.locked_by)
        holder = row.locked_by
        row.locked_by, row.locked_at = None, None
        row.save(update_fields=["locked_by", "locked_at"])
        audit(
            actor=actor,
            action="document.unlocked",
            document=row,
            before=row.confidentiality,
            geforceerd=forced,
            vergrendeldDoor=str(holder.pk) if holder else None,
        )
    if forced:
        logger.info("Lock on document %s forced open by %s", row.pk, actor.pk)
    return row


def trash_document(*, actor: Any, access: Access, document: Document) -> Document:
    access.require_contributor()
    access.require_open()

    with transaction.atomic():
        row = _locked_row(document)
        require_unlocked_for(row, actor)
        if row.deleted_at is None:
            row.deleted_at, row.deleted_by = timezone.now(), actor
            row.save(update_fields=["deleted_at", "deleted_by"])
            audit(actor=actor, action="document.trashed", document=row, before=row.confidentiality)
    return row


def trash_expires(document: Document) -> Any:
    """When a trashed document can no longer be restored (None when not in the trash)."""
    if document.deleted_at is None:
        return None
    return document.deleted_at + timedelta(days=settings.TRASH_DAYS)


def restore_document(*, actor: Any, access: Access, document: Document) -> Document:
    access.require_contributor()
    access.require_open()

    with transaction.atomic():
        row = _locked_row(document)
        if row.deleted_at is None:
            return row
        if trash_expires(row) <= timezone.now():  # type: ignore[operator]
            raise Conflict(
                _("This document has been in the trash too long to be restored."),
                code="trash_expired",
            )
        row.deleted_at, row.deleted_by = None, None
        row.save(update_fields=["deleted_at", "deleted_by"])
        audit(actor=actor, action="document.restored", document=row, before=row.confidentiality)
    return row


def purge_document(*, actor: Any, access: Access | None, document: Document) -> None:
    """Delete a trashed document and its content for good. Audit entries stay.

    access is None when the system purges documents whose trash time is up.
    """
    if access is not None:
        access.require_manager()
        access.require_open()

    with transaction.atomic():
        row = _locked_row(document)
        if row.deleted_at is None:
            raise Conflict(_("Only a document in the trash can be purged."), code="not_in_trash")
        keys = list(Version.objects.filter(document=row).values_list("storage_key", flat=True))
        audit(
            actor=actor,
            action="document.purged",
            document=row,
            before=row.confidentiality,
            versies=len(keys),
        )
        row.delete()
        # Content goes only once the rows are gone for certain; a failure
        # here leaves orphans, which cleanup_orphans() removes.
        transaction.on_commit(lambda: storage.delete_quietly(keys))
    logger.info("Document %s purged with %s versions", document.pk, len(keys))


def purge_expired_trash(now: Any = None) -> int:
    """Purge every document whose trash time is up; returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.TRASH_DAYS)
    expired = list(Document.objects.filter(deleted_at__lt=cutoff)[:100])
    for document in expired:
        purge_document(actor=None, access=None, document=document)
    return len(expired)
