"""Domain errors raised by actions and access checks.

Each carries a stable code for programs and a translatable message for
people; the API turns them into problem+json, the pages into messages.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    status = 400
    default_code = "invalid"
    default_message: Any = _("The request cannot be carried out.")

    def __init__(
        self,
        message: Any = None,
        *,
        code: str | None = None,
        field: str | None = None,
        **params: Any,
    ) -> None:
        self.code = code or self.default_code
        self.field = field
        self.params = params
        template = message if message is not None else self.default_message
        self.message = str(template) % params if params else str(template)
        super().__init__(self.message)


class Invalid(DomainError):
    status = 400
    default_code = "invalid"


class Forbidden(DomainError):
    status = 403
    default_code = "forbidden"
    default_message = _("You may not do this in this workspace.")


class NotFound(DomainError):
    status = 404
    default_code = "not_found"
    default_message = _("Not found.")


class Conflict(DomainError):
    status = 409
    default_code = "conflict"


class Locked(DomainError):
    status = 423
    default_code = "locked"
