"""Resumable uploads: announce the file, send numbered parts, then complete.

Every part arrives with its own SHA-256 (the Content-Digest header of RFC
9530) and is stored as a file before its row is written, so an interrupted
transfer only needs the parts the server does not list. Completion reads the
parts back in order, checks each one's hash again, and streams them into one
spooled file while hashing the whole; that file then becomes a document or
version exactly like a direct upload.
"""

import base64
import binascii
import hashlib
import logging
import re
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samen.audit.actions import record
from samen.documents import storage
from samen.documents.actions import cleaning
from samen.documents.actions.documents import add_version, create_document, require_unlocked_for
from samen.documents.errors import TooLarge
from samen.documents.models import Document, Folder, Upload, UploadPart, Version
from samen.documents.uploads import HashedUploadedFile, max_upload_bytes
from samen.errors import Conflict, Invalid, NotFound
from samen.workspaces.access import Access

logger = logging.getLogger(__name__)

# Parts are read back in large blocks: fewer turns of the loop per gigabyte.
JOIN_CHUNK_BYTES = 4 * 1024 * 1024
_DIGEST = re.compile(r"(?:^|,)\s*sha-256=:([A-Za-z0-9+/=]+):\s*(?:,|$)", re.I)


def start_upload(
    *,
    actor: Any,
    access: Access,
    file_name: Any,
    size: Any,
    title: Any = None,
    folder: Folder | None = None,
    description: Any = "",
    confidentiality: Any = None,
    document: Document | None = None,
) -> Upload:
    """Announce a file of `size` bytes; to a new document, or as a version of `document`."""
    access.require_contributor()
    access.require_open()
    total = _clean_total(size)
    upload = Upload(
        workspace=access.workspace,
        folder=folder if document is None else document.folder,
        document=document,
        file_name=cleaning.clean_file_name(file_name),
        size=total,
        part_size=settings.UPLOAD_PART_BYTES,
        created_by=actor,
        expires_at=timezone.now() + timedelta(hours=settings.UPLOAD_EXPIRY_HOURS),
    )
    if document is None:
        upload.title = cleaning.clean_title(title)
        upload.description = cleaning.clean_description(description)
        upload.confidentiality = cleaning.clean_level(confidentiality, access)
    else:
        require_unlocked_for(document, actor)

    with transaction.atomic():
        upload.save()
        record(
            actor=actor,
            action="upload.started",
            object_type="upload",
            object_id=upload.pk,
            workspace_id=access.workspace.pk,
            changes={
                "bestandsnaam": {"old": None, "new": upload.file_name},
                "bestandsomvang": {"old": None, "new": upload.size},
                "vertrouwelijkheidaanduiding": {
                    "old": None,
                    "new": document.confidentiality if document else upload.confidentiality,
                },
            },
        )
    return upload


def _clean_total(size: Any) -> int:
    try:
        total = int(size)
    except (TypeError, ValueError):
        raise Invalid(
            _("The size is a whole number of bytes."), code="size_invalid", field="bestandsomvang"
        ) from None
    cleaning.clean_size(total)
    if total > max_upload_bytes():
        raise TooLarge(field="bestandsomvang")
    return total


def parse_digest(header: str | None) -> str:
    """The hex SHA-256 from `Content-Digest: sha-256=:<base64>:`."""
    match = _DIGEST.search(header or "")
    if match is None:
        raise Invalid(
            _("Send each part with a Content-Digest header: sha-256=:<base64>:."),
            code="part_digest_required",
            field="Content-Digest",
        )
    try:
        raw = base64.b64decode(match.group(1), validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise Invalid(
            _("The Content-Digest is not a SHA-256 value."),
            code="part_digest_invalid",
            field="Content-Digest",
        )
    return raw.hex()


def _check_open(upload: Upload) -> None:
    if upload.completed_at is not None:
        raise Conflict(_("This upload is already complete."), code="upload_completed")
    if upload.expires_at <= timezone.now():
        raise Conflict(_("This upload has expired; start a new one."), code="upload_expired")


def receive_part(
    *,
    actor: Any,
    access: Access,
    upload: Upload,
    number: int,
    body: storage.Readable,
    digest: str | None,
) -> UploadPart:
    """Store part `number` from body if its size and SHA-256 are right; replaces a resent part."""
    access.require_contributor()
    access.require_open()
    _check_open(upload)
    if not 1 <= number <= upload.part_count:
        raise Invalid(
            _("Parts are numbered 1 to %(count)s."),
            code="part_out_of_range",
            count=upload.part_count,
        )
    expected_sha = parse_digest(digest)
    expected_size = upload.expected_part_size(number)

    received = _spool(body, limit=expected_size + 1)
    try:
        _check_part(received, expected_size, expected_sha)
        key = f"{upload.storage_prefix()}/{number}-{uuid.uuid4().hex}"
        key = storage.put(key, received, sha256=received.sha256, size=received.size)
    finally:
        received.close()
    return _save_part(upload, number, key, received)


def _spool(body: storage.Readable, *, limit: int) -> HashedUploadedFile:
    spooled = HashedUploadedFile("part", "", None, threaded=True)
    try:
        for chunk in storage.read_chunks(body, limit):
            spooled.append(chunk)
        spooled.finish()
    except BaseException:
        spooled.close()
        raise
    return spooled


def _check_part(received: HashedUploadedFile, size: int, sha256: str) -> None:
    if received.size != size:
        raise Invalid(
            _("This part must be %(size)s bytes, not %(got)s."),
            code="part_size_mismatch",
            size=size,
            got=received.size,
        )
    if received.sha256 != sha256:
        raise Invalid(_("The part does not match its Content-Digest."), code="part_digest_mismatch")


def _save_part(upload: Upload, number: int, key: str, received: HashedUploadedFile) -> UploadPart:
    try:
        with transaction.atomic():
            row = Upload.objects.select_for_update().get(pk=upload.pk)
            _check_open(row)
            replaced = list(
                UploadPart.objects.filter(upload=row, number=number).values_list(
                    "storage_key", flat=True
                )
            )
            UploadPart.objects.filter(upload=row, number=number).delete()
            part = UploadPart.objects.create(
                upload=row,
                number=number,
                size=received.size,
                sha256=received.sha256,
                storage_key=key,
            )
            transaction.on_commit(lambda: storage.delete_quietly(replaced))
    except BaseException:
        storage.delete_quietly([key])
        raise
    return part


def missing_parts(upload: Upload) -> list[int]:
    present = set(upload.parts.values_list("number", flat=True))
    return [n for n in range(1, upload.part_count + 1) if n not in present]


def complete_upload(
    *, actor: Any, access: Access, upload: Upload, sha256: str | None = None
) -> tuple[Document, Version, list[dict[str, Any]]]:
    """Join the parts into one document or version; checks every part and the whole."""
    access.require_contributor()
    access.require_open()
    _check_open(upload)
    missing = missing_parts(upload)
    if missing:
        raise UploadIncomplete(missing)

    joined = _join(upload)
    try:
        if sha256 and sha256.lower() != joined.sha256:
            raise Invalid(
                _("The file's SHA-256 does not match the parts sent."),
                code="upload_digest_mismatch",
                field="sha256",
            )
        document, version, warnings = _finish(actor, access, upload, joined)
    finally:
        joined.close()
    return document, version, warnings


class UploadIncomplete(Conflict):
    default_code = "upload_incomplete"

    def __init__(self, missing: list[int]) -> None:
        super().__init__(_("Parts are missing: %(parts)s."), parts=", ".join(map(str, missing)))
        self.extra = {"ontbrekendeDelen": missing}


def _join(upload: Upload) -> HashedUploadedFile:
    joined = HashedUploadedFile(upload.file_name, "", None, threaded=True)
    try:
        for part in upload.parts.order_by("number"):
            _append_part(joined, part)
        joined.finish()
    except BaseException:
        joined.close()
        raise
    return joined


def _append_part(joined: HashedUploadedFile, part: UploadPart) -> None:
    """Append a stored part to joined, checking that it is still what was received.

    One read of each part serves both hashes: the part's own (it may have
    lain on disk for hours and is checked against what the client sent)
    and the whole file's, which joined counts in its own thread.
    """
    sha = hashlib.sha256()
    with storage.open_content(part.storage_key) as handle:
        for chunk in storage.read_chunks(handle, chunk_bytes=JOIN_CHUNK_BYTES):
            sha.update(chunk)
            joined.append(chunk)
    if sha.hexdigest() != part.sha256:
        # The stored part changed since it was received: drop it so that the
        # client sends it again, and refuse to build a document from it.
        logger.error("Upload part %s of %s failed its hash check", part.number, part.upload_id)
        UploadPart.objects.filter(pk=part.pk).delete()
        storage.delete_quietly([part.storage_key])
        raise UploadIncomplete([part.number])


def _finish(
    actor: Any, access: Access, upload: Upload, joined: HashedUploadedFile
) -> tuple[Document, Version, list[dict[str, Any]]]:
    def mark_completed(version: Version) -> None:
        row = Upload.objects.select_for_update().get(pk=upload.pk)
        _check_open(row)
        row.completed_at, row.result = timezone.now(), version
        row.save(update_fields=["completed_at", "result"])
        keys = list(row.parts.values_list("storage_key", flat=True))
        row.parts.all().delete()
        transaction.on_commit(lambda: storage.delete_quietly(keys))

    if upload.document_id is None:
        document, warnings = create_document(
            actor=actor,
            access=access,
            received=joined,
            title=upload.title,
            folder=upload.folder,
            description=upload.description,
            confidentiality=upload.confidentiality,
            within=mark_completed,
        )
        return document, Version.objects.get(document=document, number=1), warnings

    target = Document.objects.filter(pk=upload.document_id, deleted_at__isnull=True).first()
    if target is None:
        raise NotFound()
    version, warnings = add_version(
        actor=actor, access=access, document=target, received=joined, within=mark_completed
    )
    return target, version, warnings


def abandon_upload(*, actor: Any, upload: Upload) -> None:
    """Remove an unfinished upload and its parts."""
    keys = list(upload.parts.values_list("storage_key", flat=True))
    with transaction.atomic():
        upload.delete()
        transaction.on_commit(lambda: storage.delete_quietly(keys))
