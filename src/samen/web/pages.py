"""What every page view does the same way: fetch with access, answer errors.

samen.errors exceptions map onto HTTP as the API maps them: NotFound is the
404 page (an outsider learns nothing), Forbidden the 403 page, and the rest
re-render the form with the message at the status the error carries.
"""

import uuid
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_noop

from samen.errors import DomainError, Forbidden, NotFound
from samen.organisations.models import User
from samen.web.forms import add_domain_error
from samen.workspaces.access import Access, workspace_for

# samen.errors sits outside any app, so its default messages have no
# catalogue of their own; they are marked here, where the pages show them,
# so that the web app's catalogue carries their Dutch.
ERROR_DEFAULTS = [
    gettext_noop("The request cannot be carried out."),
    gettext_noop("You may not do this in this workspace."),
    gettext_noop("Not found."),
]


class PersonRequest(HttpRequest):
    """The request of a view behind login_required: its user is a person."""

    user: User


def workspace_or_404(request: HttpRequest, workspace_id: uuid.UUID) -> Access:
    try:
        return workspace_for(request.user, workspace_id)
    except NotFound:
        raise Http404 from None


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def raise_as_http(error: DomainError) -> None:
    """Turn the errors that have their own page into that page."""
    if isinstance(error, NotFound):
        raise Http404 from error
    if isinstance(error, Forbidden):
        raise PermissionDenied(error.message) from error


def form_error(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    form: forms.BaseForm,
    error: DomainError,
) -> HttpResponse:
    """Re-render the page with an action's error on the form."""
    raise_as_http(error)
    add_domain_error(form, error)
    return render(request, template, context, status=error.status)


def invalid_form(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return render(request, template, context, status=400)


def manager_access(request: HttpRequest, workspace_id: uuid.UUID) -> Access:
    """The workspace for a manager's form: 404 for outsiders, 403 for the others.

    The actions check this too; checking before parsing means a reader gets
    403 whatever they sent, not a 400 about the form.
    """
    access = workspace_or_404(request, workspace_id)
    try:
        access.require_manager()
    except DomainError as error:
        raise_as_http(error)
    return access
