"""Filing a received message's attachments as documents in a workspace."""

import logging
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from samen.audit.actions import record
from samen.errors import Conflict
from samen.exchange import blobs
from samen.exchange.models import Box, Message

logger = logging.getLogger(__name__)


class BlobFile(File):
    """A blob as the documents app receives content: name, type, head, size and hash."""

    def __init__(self, name: str, content_type: str, sha256: str) -> None:
        super().__init__(blobs.open_blob(sha256), name=name)
        self.raw_name, self.claimed_type, self._sha256 = name, content_type, sha256
        self.size = blobs.size(sha256)
        with blobs.open_blob(sha256) as handle:
            self.head = handle.read(8192)

    @property
    def sha256(self) -> str:
        return self._sha256


def file_into_workspace(*, actor: Any, message: Message, access: Any) -> list[Any]:
    """Each attachment becomes a document in the workspace, at the message's confidentiality."""
    from samen.documents.actions.documents import create_document

    if message.box != Box.INBOX:
        raise Conflict(_("Only a received message can be filed."), code="not_received")
    documents = []
    for attachment in message.attachments.all():
        content = BlobFile(attachment.name, attachment.content_type, attachment.sha256)
        try:
            document, _warnings = create_document(
                actor=actor,
                access=access,
                received=content,
                title=attachment.name,
                description=_("Received from %(sender)s: %(subject)s")
                % {"sender": message.sender_name, "subject": message.subject},
                confidentiality=message.confidentiality,
            )
        finally:
            content.close()
        documents.append(document)

    with transaction.atomic():
        record(
            actor=actor,
            action="exchange.message_filed",
            object_type="message",
            object_id=message.pk,
            workspace_id=access.workspace.pk,
            changes={"documents": {"old": None, "new": [str(d.pk) for d in documents]}},
        )
    logger.info("Message %s filed into workspace %s", message.pk, access.workspace.pk)
    return documents
