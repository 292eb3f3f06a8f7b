"""Turning what a person attaches into blobs: uploaded files, or workspace documents."""

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from samen.errors import Invalid, NotFound
from samen.exchange import blobs
from samen.exchange.actions import NewAttachment


def from_upload(upload: Any) -> NewAttachment:
    """An uploaded file (Django UploadedFile), streamed into the blob store."""
    if upload.size > settings.EXCHANGE_MAX_ATTACHMENT_BYTES:
        raise Invalid(
            _("%(name)s is larger than allowed."),
            code="attachment_too_large",
            field="bestanden",
            name=upload.name,
        )
    sha256, size = blobs.store(upload.chunks(blobs.CHUNK))
    name = str(upload.name or "bijlage")[-255:]
    return NewAttachment(name, upload.content_type or "application/octet-stream", size, sha256)


def from_document(user: Any, document_id: Any) -> NewAttachment:
    """The latest version of a document the person may see, copied into the blob store.

    Copied rather than referenced: the message must keep what was sent even
    when the document changes or is deleted later.
    """
    from samen.documents import storage
    from samen.documents.access import document_for, version_of

    try:
        _access, document = document_for(user, document_id)
        version = version_of(document)
    except NotFound:
        raise Invalid(
            _("Document %(id)s is not one you may see."),
            code="attachment_not_visible",
            field="bijlagen",
            id=document_id,
        ) from None
    if version.size > settings.EXCHANGE_MAX_ATTACHMENT_BYTES:
        raise Invalid(
            _("%(name)s is larger than allowed."),
            code="attachment_too_large",
            field="bijlagen",
            name=version.file_name,
        )
    with storage.open_content(version.storage_key) as handle:
        sha256, size = blobs.store(storage.read_chunks(handle))
    return NewAttachment(
        version.file_name, version.mime_type, size, sha256, confidentiality=document.confidentiality
    )
