"""The workspace pages: new, overview (with phase and status) and activity.

The members page and invitations are in member_views.

Every view parses its form, fetches the workspace through access (outsiders
get 404), calls an action and redirects; errors from the action come back as
form errors with their status (see samen.web.pages).
"""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samen.audit import feed
from samen.errors import DomainError
from samen.web.pages import (
    PersonRequest,
    form_error,
    invalid_form,
    is_htmx,
    manager_access,
    raise_as_http,
    workspace_or_404,
)
from samen.workspaces import actions
from samen.workspaces.access import Access
from samen.workspaces.forms import (
    NewWorkspaceForm,
    PhaseForm,
    StatusForm,
)
from samen.workspaces.models import Role, Status

FEED_PAGE_SIZE = 20
OVERVIEW_FEED_SIZE = 5
# The buttons a manager of the owning organisation sees, per status.
STATUS_BUTTONS = {
    Status.OPEN: [(Status.CLOSED, "close")],
    Status.CLOSED: [(Status.OPEN, "reopen"), (Status.ARCHIVED, "archive")],
    Status.ARCHIVED: [],
}


@login_required
def new_workspace(request: PersonRequest) -> HttpResponse:
    form = NewWorkspaceForm(request.POST or None)
    if request.method != "POST":
        return render(request, "workspaces/new.html", _new_context(form))
    if not form.is_valid():
        return invalid_form(request, "workspaces/new.html", _new_context(form))

    data = form.cleaned_data
    try:
        workspace = actions.create_workspace(
            actor=request.user,
            name=data["name"],
            description=data["description"],
            template=actions.template_by_slug(data["template"]),
        )
    except DomainError as error:
        return form_error(request, "workspaces/new.html", _new_context(form), form, error)

    messages.success(request, _("The workspace %(name)s is open.") % {"name": workspace.name})
    return redirect("workspaces:overview", workspace.pk)


def _new_context(form: NewWorkspaceForm) -> dict[str, Any]:
    language = get_language()
    cards = [
        {
            "slug": template.slug,
            "name": template.localised("name", language),
            "description": template.localised("description", language),
            "checked": form["template"].value() == template.slug,
        }
        for template in form.templates
    ]
    return {"form": form, "cards": cards}


def _overview_context(access: Access, **extra: Any) -> dict[str, Any]:
    workspace = access.workspace
    memberships = workspace.memberships.select_related("user", "user__organisation", "organisation")
    recent = feed.describe(feed.entries_for(access)[:OVERVIEW_FEED_SIZE])
    return {
        "access": access,
        "workspace": workspace,
        "guide": workspace.template.localised("guide", get_language()),
        "template_name": workspace.template.localised("name", get_language()),
        "memberships": memberships,
        "role_label": Role(access.role).label,
        "recent": recent,
        "phase_form": extra.pop("phase_form", None) or PhaseForm(access=access),
        "status_buttons": STATUS_BUTTONS[Status(workspace.status)],
        **extra,
    }


@login_required
def overview(request: PersonRequest, pk: uuid.UUID) -> HttpResponse:
    access = workspace_or_404(request, pk)
    return render(request, "workspaces/overview.html", _overview_context(access))


@login_required
@require_POST
def change_phase(request: PersonRequest, pk: uuid.UUID) -> HttpResponse:
    access = manager_access(request, pk)
    form = PhaseForm(request.POST, access=access)
    if not form.is_valid():
        context = _overview_context(access, phase_form=form)
        return invalid_form(request, "workspaces/overview.html", context)

    try:
        actions.update_workspace(
            actor=request.user, access=access, phase=form.cleaned_data["phase"]
        )
    except DomainError as error:
        return _overview_error(request, access, error)

    messages.success(request, _("The phase has been changed."))
    return redirect("workspaces:overview", pk)


@login_required
@require_POST
def change_status(request: PersonRequest, pk: uuid.UUID) -> HttpResponse:
    access = workspace_or_404(request, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return invalid_form(request, "workspaces/overview.html", _overview_context(access))

    try:
        actions.update_workspace(
            actor=request.user, access=access, status=form.cleaned_data["status"]
        )
    except DomainError as error:
        return _overview_error(request, access, error)

    messages.success(request, _("The status has been changed."))
    return redirect("workspaces:overview", pk)


def _overview_error(request: PersonRequest, access: Access, error: DomainError) -> HttpResponse:
    # Shown as a message rather than on a form: a closed workspace has no
    # phase form to show it on.
    raise_as_http(error)
    messages.error(request, error.message)
    context = _overview_context(access)
    return render(request, "workspaces/overview.html", context, status=error.status)


@login_required
def activity(request: PersonRequest, pk: uuid.UUID) -> HttpResponse:
    access = workspace_or_404(request, pk)
    paginator = Paginator(feed.entries_for(access), FEED_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("pagina"))
    context = {
        "access": access,
        "workspace": access.workspace,
        "page": page,
        "items": feed.describe(page),
    }
    # htmx's "more" button asks for the next page and appends only its items.
    template = "workspaces/_activity_items.html" if is_htmx(request) else "workspaces/activity.html"
    return render(request, template, context)
