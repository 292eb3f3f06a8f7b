"""Errors of the documents domain that need a status or fields of their own."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from samen.errors import DomainError, Locked


class TooLarge(DomainError):  # noqa: N818 - named like samen.errors
    status = 413
    default_code = "upload_too_large"
    default_message = _("The file is larger than this installation accepts.")


class LengthRequired(DomainError):  # noqa: N818 - named like samen.errors
    """An upload body without Content-Length: its size must be known before it is read."""

    status = 411
    default_code = "content_length_required"
    default_message = _("Send the body with a Content-Length header.")


class RangeNotSatisfiable(DomainError):  # noqa: N818 - named like samen.errors
    status = 416
    default_code = "range_not_satisfiable"
    default_message = _("The requested range lies outside the file.")

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size


class ContentCorrupted(DomainError):  # noqa: N818 - named like samen.errors
    """Stored content did not read back as written: a storage fault, not the caller's."""

    status = 500
    default_code = "content_corrupted"
    default_message = _("The file could not be stored intact. Please try again.")


class DocumentLocked(Locked):
    default_code = "document_locked"
    default_message = _("This document is locked by %(name)s.")

    def __init__(self, holder: Any) -> None:
        name = getattr(holder, "name", "") or _("another member")
        super().__init__(name=name)
        # Carried into the problem+json body, so a client can say who to ask.
        self.extra = {
            "vergrendeldDoor": {"id": str(holder.pk) if holder else None, "naam": str(name)}
        }
