"""Log-in helpers that django-axes calls."""

from typing import Any

from django.http import HttpRequest

from samen.web.forms import normalise_email


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """The account a log-in attempt counts against.

    Normalised as the log-in form does, so that typing the address in other
    capitals does not start a fresh count of failures.
    """
    if credentials and credentials.get("username"):
        return normalise_email(credentials["username"])
    return normalise_email(request.POST.get("username"))
