"""What the provisioning commands share: one-line errors for bad input."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, no_translations

from samen.errors import DomainError
from samen.organisations.models import User


class ProvisioningCommand(BaseCommand):
    """A command with sub-commands whose domain errors end it with exit code 1.

    The actions validate before they write, so an error here means nothing
    was stored. Messages are in English, as the log is: an operator's shell
    is not the Dutch-first interface, and a script can match on them.
    """

    def execute(self, *args: Any, **options: Any) -> Any:
        try:
            return no_translations(super().execute)(*args, **options)
        except DomainError as exc:
            raise CommandError(exc.message) from exc


def user_by_email(email: str) -> User:
    user = User.objects.filter(email=str(email).strip().lower()).first()
    if user is None:
        raise CommandError(f"No person with e-mail address {email} is known.")
    return user
