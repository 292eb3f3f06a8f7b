"""Creating documents, adding versions, and editing metadata.

Order matters for crash safety: content is stored and verified first, then
one transaction writes the rows and the audit entry. If that transaction
fails the content is deleted at once; if the process dies in between, the
content has no row and cleanup_orphans() removes it after an hour.
"""

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from samen.audit.actions import diff, json_value, record
from samen.documents.actions import cleaning
from samen.documents.actions.content import Content, check, duplicate_warnings
from samen.documents.errors import DocumentLocked
from samen.documents.models import Document, Folder, Version
from samen.errors import NotFound
from samen.workspaces.access import Access

logger = logging.getLogger(__name__)

CONFIDENTIALITY = "vertrouwelijkheidaanduiding"
METADATA_FIELDS = [
    "title",
    "description",
    "confidentiality",
    "status",
    "author",
    "source_organisation",
    "language",
    "keywords",
    "creation_date",
    "folder",
]


def snapshot(document: Document) -> dict[str, Any]:
    """The audited metadata, keyed by the API's names."""
    return {
        "titel": document.title,
        "beschrijving": document.description,
        CONFIDENTIALITY: document.confidentiality,
        "status": document.status,
        "auteur": document.author,
        "bronorganisatie": document.source_organisation,
        "taal": document.language,
        "trefwoorden": list(document.keywords),
        "creatiedatum": document.creation_date,
        "map": str(document.folder_id) if document.folder_id else None,
    }


def audit(
    *, actor: Any, action: str, document: Document, before: str | None, **changes: Any
) -> None:
    """Record a document entry; it always names the confidentiality, old and new.

    The activity feed hides an entry from members below either level
    (samen.documents.access.audit_visibility).
    """
    changes[CONFIDENTIALITY] = {"old": before, "new": document.confidentiality}
    # The title too, so that the feed can name the document after it is gone.
    changes.setdefault("titel", {"old": document.title, "new": document.title})
    record(
        actor=actor,
        action=action,
        object_type="document",
        object_id=document.pk,
        workspace_id=document.workspace_id,
        changes=json_value(changes),
    )


def require_unlocked_for(document: Document, actor: Any) -> None:
    if document.locked_by_id is not None and document.locked_by_id != actor.pk:
        raise DocumentLocked(document.locked_by)


def _writable(access: Access) -> None:
    access.require_contributor()
    access.require_open()


def create_document(
    *,
    actor: Any,
    access: Access,
    received: Any,
    title: Any,
    folder: Folder | None = None,
    file_name: Any = None,
    description: Any = "",
    confidentiality: Any = None,
    within: Callable[[Version], None] | None = None,
    **metadata: Any,
) -> tuple[Document, list[dict[str, Any]]]:
    """A new document with received as version 1. Returns it with any warnings.

    within, when given, runs inside the transaction once the version exists
    (a resumable upload marks itself complete there).
    """
    _writable(access)
    document = Document(
        workspace=access.workspace,
        folder=folder,
        title=cleaning.clean_title(title),
        description=cleaning.clean_description(description),
        confidentiality=cleaning.clean_level(confidentiality, access),
        author=actor.name,
        source_organisation=actor.organisation.oin if actor.organisation_id else "",
        created_by=actor,
    )
    _apply_metadata(document, metadata)
    content = check(received, file_name=file_name)
    warnings = content.warnings + duplicate_warnings(access, folder, received.sha256)

    content.store()
    try:
        with transaction.atomic():
            document.save()
            version = _save_version(document, content, number=1, actor=actor)
            audit(
                actor=actor,
                action="document.created",
                document=document,
                before=None,
                **{key: {"old": None, "new": value} for key, value in snapshot(document).items()},
                versie=_version_facts(version),
            )
            if within is not None:
                within(version)
    except BaseException:
        content.discard()
        raise
    logger.info("Document %s created in workspace %s", document.pk, access.workspace.pk)
    return document, warnings


def add_version(
    *,
    actor: Any,
    access: Access,
    document: Document,
    received: Any,
    file_name: Any = None,
    within: Callable[[Version], None] | None = None,
) -> tuple[Version, list[dict[str, Any]]]:
    """Content as the next version. Concurrent uploads get consecutive numbers."""
    _writable(access)
    require_unlocked_for(document, actor)
    content = check(received, file_name=file_name)
    warnings = content.warnings + duplicate_warnings(
        access, document.folder, received.sha256, exclude=document
    )

    content.store()
    try:
        with transaction.atomic():
            # The row lock serialises writers on PostgreSQL, so two uploads at
            # the same moment become n+1 and n+2; SQLite's IMMEDIATE
            # transactions already serialise them.
            locked = Document.objects.select_for_update().filter(pk=document.pk).first()
            if locked is None or locked.deleted_at is not None:
                raise NotFound()
            require_unlocked_for(locked, actor)
            version = _save_version(locked, content, number=locked.version_count + 1, actor=actor)
            audit(
                actor=actor,
                action="document.version_added",
                document=locked,
                before=locked.confidentiality,
                versie=_version_facts(version),
            )
            if within is not None:
                within(version)
    except BaseException:
        content.discard()
        raise
    document.refresh_from_db()
    return version, warnings


def _save_version(document: Document, content: Content, *, number: int, actor: Any) -> Version:
    version = content.version_for(document, number, actor)
    version.save()
    document.latest_version = version
    document.version_count = number
    document.updated_at = timezone.now()
    document.save(update_fields=["latest_version", "version_count", "updated_at"])
    return version


def _version_facts(version: Version) -> dict[str, Any]:
    return {
        "versie": version.number,
        "bestandsnaam": version.file_name,
        "bestandsomvang": version.size,
        "formaat": version.mime_type,
        "sha256": version.sha256,
    }


def _apply_metadata(document: Document, metadata: dict[str, Any]) -> None:
    """Fields a caller may set besides title, description and confidentiality."""
    cleaners = {
        "status": ("status", cleaning.clean_status),
        "author": ("author", cleaning.clean_author),
        "source_organisation": ("source_organisation", cleaning.clean_oin),
        "language": ("language", cleaning.clean_language),
        "keywords": ("keywords", cleaning.clean_keywords),
        "creation_date": ("creation_date", cleaning.clean_date),
    }
    for key, value in metadata.items():
        if key not in cleaners:
            raise TypeError(f"Unknown document field {key}")
        attribute, clean = cleaners[key]
        setattr(document, attribute, clean(value))


def update_document(*, actor: Any, access: Access, document: Document, **fields: Any) -> Document:
    """Edit metadata (and move between folders). Audited; makes no content version."""
    _writable(access)
    require_unlocked_for(document, actor)
    before = snapshot(document)
    level_before = document.confidentiality

    if "title" in fields:
        document.title = cleaning.clean_title(fields.pop("title"))
    if "description" in fields:
        document.description = cleaning.clean_description(fields.pop("description"))
    if "confidentiality" in fields:
        document.confidentiality = cleaning.clean_level(
            fields.pop("confidentiality"), access, required=True
        )
    if "folder" in fields:
        document.folder = fields.pop("folder")
    _apply_metadata(document, fields)

    changes = diff(before, snapshot(document))
    if not changes:
        return document
    with transaction.atomic():
        current = Document.objects.select_for_update().filter(pk=document.pk).first()
        if current is None:
            raise NotFound()
        require_unlocked_for(current, actor)
        document.updated_at = timezone.now()
        # Only the metadata: a version added meanwhile must keep its pointer.
        document.save(update_fields=[*METADATA_FIELDS, "updated_at"])
        changes.pop(CONFIDENTIALITY, None)
        audit(
            actor=actor,
            action="document.updated",
            document=document,
            before=level_before,
            **changes,
        )
    return document
