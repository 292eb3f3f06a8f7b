"""Turning received bytes into stored, verified content, with warnings.

Received content is anything with the HashedUploadedFile interface: a file
spooled to disk with its SHA-256, size, first bytes and the client's claimed
type. Everything about it is checked before a byte goes to storage.
"""

from dataclasses import dataclass, field
from typing import Any, Protocol

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samen.documents import formats, storage
from samen.documents.actions.cleaning import clean_file_name, clean_size
from samen.documents.models import Document, Folder, Version, content_key
from samen.workspaces.access import Access


class Received(Protocol):
    raw_name: str
    claimed_type: str
    head: bytes
    size: int

    @property
    def sha256(self) -> str: ...


@dataclass
class Content:
    """Checked content ready to be stored: name, format and hash are final."""

    received: Any
    file_name: str
    mime_type: str
    warnings: list[dict[str, Any]] = field(default_factory=list)
    key: str = ""

    def store(self) -> str:
        self.key = storage.put(
            content_key(), self.received, sha256=self.received.sha256, size=self.received.size
        )
        # Local storage moved the spooled file into place; closing now stops
        # the temp-file wrapper from trying to remove it again later.
        self.received.close()
        return self.key

    def discard(self) -> None:
        if self.key:
            storage.delete_quietly([self.key])

    def version_for(self, document: Document, number: int, actor: Any) -> Version:
        return Version(
            document=document,
            number=number,
            file_name=self.file_name,
            size=self.received.size,
            mime_type=self.mime_type,
            sha256=self.received.sha256,
            hashed_at=timezone.now(),
            storage_key=self.key,
            created_by=actor,
        )


def check(received: Received, *, file_name: Any = None) -> Content:
    """Refuse bad names and empty files; judge the format; note a lying client."""
    name = clean_file_name(file_name if file_name not in (None, "") else received.raw_name)
    clean_size(received.size)

    sniffed = formats.sniff(received.head, name)
    content = Content(received=received, file_name=name, mime_type=sniffed)
    if not formats.same_type(received.claimed_type or "", sniffed):
        content.warnings.append(
            {
                "code": "content_type_mismatch",
                "bericht": _(
                    "The file was sent as %(claimed)s but its content is %(sniffed)s; "
                    "it is stored as %(sniffed)s."
                )
                % {"claimed": received.claimed_type, "sniffed": sniffed},
            }
        )
    return content


def duplicate_warnings(
    access: Access, folder: Folder | None, sha256: str, *, exclude: Document | None = None
) -> list[dict[str, Any]]:
    """A warning for each visible document in this folder whose content is the same."""
    from samen.documents.access import documents_visible_to

    same = documents_visible_to(access).filter(folder=folder, latest_version__sha256=sha256)
    if exclude is not None:
        same = same.exclude(pk=exclude.pk)
    return [
        {
            "code": "duplicate_content",
            "bericht": _("The same content is already in this folder as “%(title)s”.")
            % {"title": document.title},
            "document": {
                "id": str(document.pk),
                "titel": document.title,
                "url": reverse("documents-api:document", kwargs={"pk": document.pk}),
            },
        }
        for document in same[:5]
    ]
