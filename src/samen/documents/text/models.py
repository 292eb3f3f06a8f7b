from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.documents.models import Version


class ExtractionStatus(models.TextChoices):
    DONE = "gereed", _("done")
    UNSUPPORTED = "niet_ondersteund", _("format not supported")
    FAILED = "mislukt", _("failed")


class ExtractedText(models.Model):
    """The plain text of one version. No row yet means extraction is queued or running."""

    version = models.OneToOneField(
        Version, on_delete=models.CASCADE, primary_key=True, related_name="extracted_text"
    )
    status = models.CharField(_("status"), max_length=20, choices=ExtractionStatus.choices)
    kind = models.CharField(_("format"), max_length=10, blank=True)
    text = models.TextField(_("text"), blank=True)
    truncated = models.BooleanField(_("truncated"), default=False)
    attempts = models.PositiveSmallIntegerField(default=1)
    error = models.CharField(max_length=500, blank=True)
    extracted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("extracted text")
        verbose_name_plural = _("extracted texts")

    def __str__(self) -> str:
        return f"{self.version_id} ({self.status})"
