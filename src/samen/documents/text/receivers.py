"""Queueing extraction whenever a version is saved for the first time."""

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from samen.documents.models import Version


@receiver(post_save, sender=Version, dispatch_uid="documents_text.queue_extraction")
def queue_extraction(sender: Any, instance: Version, created: bool, **kwargs: Any) -> None:
    if created and not kwargs.get("raw"):
        # Imported here: tasks imports storage and settings-dependent code.
        from samen.documents.tasks import schedule_extraction

        schedule_extraction(instance.pk)
