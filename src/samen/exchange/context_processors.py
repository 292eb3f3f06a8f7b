from typing import Any

from django.http import HttpRequest

from samen.exchange.access import has_mailbox


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Whether to show the mailbox in the main menu.

    A callable, so that the template runs the query only on pages that draw
    the menu (not on API responses or redirects).
    """
    user = getattr(request, "user", None)
    return {"has_mailbox": lambda: user is not None and has_mailbox(user)}
