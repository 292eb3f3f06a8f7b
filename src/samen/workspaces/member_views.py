"""The members page and invitations: who is in a workspace, and how they get in.

Managers add partner organisations, invite people by e-mail, change roles and
levels (in place, with htmx) and remove members; everyone else sees the list
read-only. The invitation link from the e-mail lands on accept_invitation.
"""

import uuid
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samen.errors import DomainError
from samen.organisations import actions as org_actions
from samen.organisations.models import User
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
from samen.workspaces.forms import AddOrganisationForm, InviteForm, MemberForm, NewAccountForm
from samen.workspaces.models import Invitation, Membership


def _members_context(access: Access, **forms: Any) -> dict[str, Any]:
    workspace = access.workspace
    memberships = workspace.memberships.select_related("user", "user__organisation", "organisation")
    rows = [_member_row(access, membership) for membership in memberships]
    pending = workspace.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True)
    return {
        "access": access,
        "workspace": workspace,
        "rows": rows,
        "can_manage": access.is_manager and workspace.is_writable,
        "invitations": pending if access.is_manager else [],
        "organisation_form": forms.get("organisation_form") or AddOrganisationForm(access=access),
        "invite_form": forms.get("invite_form") or InviteForm(access=access),
    }


def _member_row(access: Access, membership: Membership, form: MemberForm | None = None) -> dict:
    name = membership.user.name if membership.user else str(membership.organisation)
    if form is None and access.is_manager and access.workspace.is_writable:
        initial = {"role": membership.role, "max_confidentiality": membership.max_confidentiality}
        form = MemberForm(access=access, initial=initial, prefix=str(membership.pk))
    if form is not None:
        # The column headers label the fields for the eye; these labels
        # tell a screen reader whose role it is.
        form.fields["role"].label = _("Role of %(name)s") % {"name": name}
        form.fields["max_confidentiality"].label = _("Maximum confidentiality of %(name)s") % {
            "name": name
        }
    return {"membership": membership, "form": form, "name": name}


@login_required
def members(request: PersonRequest, pk: uuid.UUID) -> HttpResponse:
    access = workspace_or_404(request, pk)
    return render(request, "workspaces/members.html", _members_context(access))


@login_required
@require_POST
def add_organisation(request: PersonRequest, pk: uuid.UUID) -> HttpResponse:
    access = manager_access(request, pk)
    form = AddOrganisationForm(request.POST, access=access)
    context = _members_context(access, organisation_form=form)
    if not form.is_valid():
        return invalid_form(request, "workspaces/members.html", context)

    data = form.cleaned_data
    try:
        actions.add_member(
            actor=request.user,
            access=access,
            organisation=data["organisation"],
            role=data["role"],
            max_confidentiality=data["max_confidentiality"],
        )
    except DomainError as error:
        return form_error(request, "workspaces/members.html", context, form, error)

    messages.success(request, _("%(name)s has been added.") % {"name": data["organisation"].name})
    return redirect("workspaces:members", pk)


@login_required
@require_POST
def invite(request: PersonRequest, pk: uuid.UUID) -> HttpResponse:
    access = manager_access(request, pk)
    form = InviteForm(request.POST, access=access)
    context = _members_context(access, invite_form=form)
    if not form.is_valid():
        return invalid_form(request, "workspaces/members.html", context)

    data = form.cleaned_data
    try:
        actions.invite(
            actor=request.user,
            access=access,
            email=data["email"],
            role=data["role"],
            max_confidentiality=data["max_confidentiality"],
        )
    except DomainError as error:
        return form_error(request, "workspaces/members.html", context, form, error)

    messages.success(request, _("An invitation has been sent to %(email)s.") % data)
    return redirect("workspaces:members", pk)


def _membership_of(access: Access, member: uuid.UUID) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user", "organisation"),
        pk=member,
        workspace=access.workspace,
    )


@login_required
@require_POST
def update_member(request: PersonRequest, pk: uuid.UUID, member: uuid.UUID) -> HttpResponse:
    """Change a member's role and maximum; with htmx, answers the table row only."""
    access = manager_access(request, pk)
    membership = _membership_of(access, member)
    form = MemberForm(request.POST, access=access, prefix=str(membership.pk))
    if not form.is_valid():
        return _member_form_again(request, access, membership, form, status=400)

    try:
        actions.update_member(
            actor=request.user, access=access, membership=membership, **form.cleaned_data
        )
    except DomainError as error:
        raise_as_http(error)
        membership.refresh_from_db()
        form.add_error(None, error.message)
        return _member_form_again(request, access, membership, form, status=error.status)

    if is_htmx(request):
        context = {"row": _member_row(access, membership), "access": access, "saved": True}
        return render(request, "workspaces/_member_row.html", context)
    messages.success(request, _("The membership has been changed."))
    return redirect("workspaces:members", pk)


def _member_form_again(
    request: PersonRequest, access: Access, membership: Membership, form: MemberForm, *, status: int
) -> HttpResponse:
    """The member's form with its errors: the row alone for htmx, else the whole page."""
    if is_htmx(request):
        context = {"row": _member_row(access, membership, form), "access": access}
        return render(request, "workspaces/_member_row.html", context, status=status)

    context = _members_context(access)
    context["rows"] = [
        _member_row(
            access, row["membership"], form if row["membership"].pk == membership.pk else None
        )
        for row in context["rows"]
    ]
    return render(request, "workspaces/members.html", context, status=status)


@login_required
@require_POST
def remove_member(request: PersonRequest, pk: uuid.UUID, member: uuid.UUID) -> HttpResponse:
    access = manager_access(request, pk)
    membership = _membership_of(access, member)
    name = str(membership.user or membership.organisation)
    try:
        actions.remove_member(actor=request.user, access=access, membership=membership)
    except DomainError as error:
        raise_as_http(error)
        messages.error(request, error.message)
        return render(
            request, "workspaces/members.html", _members_context(access), status=error.status
        )

    messages.success(request, _("%(name)s has been removed from the workspace.") % {"name": name})
    return redirect("workspaces:members", pk)


@login_required
@require_POST
def revoke_invitation(request: PersonRequest, pk: uuid.UUID, invitation: uuid.UUID) -> HttpResponse:
    access = manager_access(request, pk)
    pending = get_object_or_404(
        Invitation,
        pk=invitation,
        workspace=access.workspace,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    )
    actions.revoke_invitation(actor=request.user, access=access, invitation=pending)
    messages.success(
        request, _("The invitation to %(email)s has been withdrawn.") % {"email": pending.email}
    )
    return redirect("workspaces:members", pk)


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the invitation e-mail; works with or without an account."""
    invitation = actions.invitation_for_token(token)
    if invitation is None:
        return render(request, "workspaces/invitation_unusable.html", status=404)
    if request.user.is_authenticated:
        return _accept_logged_in(cast(PersonRequest, request), invitation)
    if User.objects.filter(email=invitation.email).exists():
        return render(
            request, "workspaces/invitation_login.html", {"invitation": invitation, "token": token}
        )
    return _accept_with_new_account(request, invitation)


def _accept_logged_in(request: PersonRequest, invitation: Invitation) -> HttpResponse:
    if request.method != "POST":
        return render(request, "workspaces/invitation.html", {"invitation": invitation})

    try:
        actions.accept_invitation(invitation=invitation, user=request.user)
    except DomainError as error:
        raise_as_http(error)
        return render(request, "workspaces/invitation_unusable.html", status=error.status)

    messages.success(request, _("Welcome to %(name)s.") % {"name": invitation.workspace.name})
    return redirect("workspaces:overview", invitation.workspace_id)


def _accept_with_new_account(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    form = NewAccountForm(request.POST or None)
    context = {"invitation": invitation, "form": form}
    if request.method != "POST":
        return render(request, "workspaces/invitation.html", context)
    if not form.is_valid():
        return invalid_form(request, "workspaces/invitation.html", context)

    data = form.cleaned_data
    try:
        org_actions.check_password_strength(
            data["password"], User(email=invitation.email, name=data["name"])
        )
        user = actions.create_account_for_invitation(
            invitation=invitation, name=data["name"], password=data["password"], organisation=None
        )
    except DomainError as error:
        return form_error(request, "workspaces/invitation.html", context, form, error)

    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(
        request,
        _("Your account is ready. Welcome to %(name)s.") % {"name": invitation.workspace.name},
    )
    return redirect("workspaces:overview", invitation.workspace_id)
