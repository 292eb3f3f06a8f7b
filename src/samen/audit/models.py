import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One change, chained to the one before it by SHA-256.

    Nothing here points at the changed object with a foreign key: entries
    must outlive what they describe, so ids are copied as text.
    """

    position = models.PositiveBigIntegerField(unique=True, editable=False)
    id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    occurred_at = models.DateTimeField(db_index=True)
    actor_id = models.CharField(max_length=64, blank=True)
    actor_name = models.CharField(max_length=200, blank=True)
    actor_organisation_oin = models.CharField(max_length=20, blank=True)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    workspace_id = models.UUIDField(null=True, blank=True, db_index=True)
    changes = models.JSONField(default=dict)
    request_id = models.CharField(max_length=64, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    # The auto "pk" is kept apart from position: a sequence may skip numbers
    # after a rollback, and the chain must not have gaps.
    pk_id = models.BigAutoField(primary_key=True)

    class Meta:
        ordering = ["position"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["workspace_id", "-position"])]

    def __str__(self) -> str:
        return f"#{self.position} {self.action} {self.object_type}:{self.object_id}"


class AuditHead(models.Model):
    """The chain's last position and hash, in a single row.

    Appending locks this row first, which serialises writers on PostgreSQL;
    on SQLite the IMMEDIATE transaction mode already does. A row removed from
    the end of the chain is found because the head no longer matches.
    """

    singleton = models.PositiveSmallIntegerField(primary_key=True, default=1)
    position = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit head")

    def __str__(self) -> str:
        return f"#{self.position} {self.hash[:12]}"
