"""Folders, documents, their versions, and resumable uploads.

The bytes of a version live in Django's default storage under a random key
(`content/<2 hex>/<uuid>`), never under the user's file name. A Version row
is written only after its content is stored and verified, so a row never
points at missing or half-written content; content without a row is an
orphan that `cleanup.cleanup_orphans()` removes.
"""

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.workspaces.confidentiality import Confidentiality
from samen.workspaces.models import Workspace

HASH_ALGORITHM = "sha_256"


class DocumentStatus(models.TextChoices):
    IN_PROGRESS = "in_bewerking", _("in progress")
    FOR_APPROVAL = "ter_vaststelling", _("for approval")
    FINAL = "definitief", _("final")
    ARCHIVED = "gearchiveerd", _("archived")


class Folder(models.Model):
    """A folder in a workspace. parent is None for a top-level folder."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="folders")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("folder")
        verbose_name_plural = _("folders")
        constraints = [
            # Two constraints because NULL parents never collide in a unique
            # index; names compare without case, as people read them.
            models.UniqueConstraint(
                Lower("name"),
                "parent",
                condition=Q(parent__isnull=False),
                name="folder_unique_name_in_parent",
            ),
            models.UniqueConstraint(
                Lower("name"),
                "workspace",
                condition=Q(parent__isnull=True),
                name="folder_unique_name_at_top",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Document(models.Model):
    """A file with metadata. Its content is the latest of its versions.

    latest_version is denormalised so that a list of documents needs no query
    per row; it is set in the same transaction that adds a version.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="documents")
    folder = models.ForeignKey(
        Folder, on_delete=models.SET_NULL, null=True, blank=True, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    confidentiality = models.CharField(
        _("confidentiality"), max_length=20, choices=Confidentiality.choices
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DocumentStatus.choices,
        default=DocumentStatus.IN_PROGRESS,
    )
    author = models.CharField(_("author"), max_length=200)
    source_organisation = models.CharField(_("source organisation (OIN)"), max_length=20)
    language = models.CharField(_("language"), max_length=3, default="dut")
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    creation_date = models.DateField(_("creation date"), default=timezone.localdate)

    latest_version = models.ForeignKey(
        "Version", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version_count = models.PositiveIntegerField(default=0)

    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="locked_documents",
    )
    locked_at = models.DateTimeField(null=True, blank=True)

    deleted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [
            # The order of a folder's list (API and pages): workspace and
            # folder fixed, not in the trash, ORDER BY title, id. A page is
            # then read in index order instead of sorting the whole folder;
            # with confidentiality in the key too, the count and the page's
            # ids come from the index alone.
            models.Index(
                fields=["workspace", "folder", "title", "id", "confidentiality"],
                condition=Q(deleted_at__isnull=True),
                name="document_live_in_folder",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_trashed(self) -> bool:
        return self.deleted_at is not None


def content_key() -> str:
    key = uuid.uuid4().hex
    return f"content/{key[:2]}/{key}"


class Version(models.Model):
    """One upload of content. Numbers run 1..n per document without gaps."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    file_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    mime_type = models.CharField(_("format"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    hashed_at = models.DateTimeField()
    storage_key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["document", "number"]
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="version_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} v{self.number}"

    @property
    def integrity(self) -> dict[str, Any]:
        # ZGW's integriteit.datum is a date; the exact moment stays in hashed_at.
        return {
            "algoritme": HASH_ALGORITHM,
            "waarde": self.sha256,
            "datum": timezone.localdate(self.hashed_at),
        }


class Upload(models.Model):
    """A resumable upload: parts arrive separately, completion makes the document.

    With document set, completion adds a version to that document; otherwise
    it creates a new document in workspace and folder.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="uploads")
    folder = models.ForeignKey(Folder, on_delete=models.SET_NULL, null=True, blank=True)
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, null=True, blank=True, related_name="uploads"
    )
    title = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True, max_length=5000)
    confidentiality = models.CharField(max_length=20, choices=Confidentiality.choices, blank=True)
    file_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    part_size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    expires_at = models.DateTimeField(db_index=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    result = models.ForeignKey(
        Version, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.size} bytes)"

    @property
    def part_count(self) -> int:
        return max(1, -(-self.size // self.part_size))

    def expected_part_size(self, number: int) -> int:
        if number < self.part_count:
            return self.part_size
        return self.size - self.part_size * (self.part_count - 1)

    def storage_prefix(self) -> str:
        return f"uploads/{self.pk.hex}"


class UploadPart(models.Model):
    upload = models.ForeignKey(Upload, on_delete=models.CASCADE, related_name="parts")
    number = models.PositiveIntegerField()
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    storage_key = models.CharField(max_length=200, unique=True)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["upload", "number"]
        constraints = [
            models.UniqueConstraint(fields=["upload", "number"], name="upload_part_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.upload_id} part {self.number}"
