"""Every change to workspaces, memberships and invitations.

Each action takes a keyword-only actor, checks what that actor may do,
changes the data and records an audit entry in the same transaction.
"""

import secrets
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samen.audit.actions import created, diff, record
from samen.errors import Conflict, Forbidden, Invalid
from samen.organisations.models import Organisation, User, hash_token
from samen.workspaces.access import Access
from samen.workspaces.confidentiality import ORDER, Confidentiality, rank
from samen.workspaces.models import (
    Invitation,
    Membership,
    Phase,
    Role,
    Status,
    Template,
    Workspace,
)
from samen.workspaces.signals import workspace_created

NAME_MAX = 200
DESCRIPTION_MAX = 5000
OWNER_DEFAULT_LEVEL = Confidentiality.ZAAKVERTROUWELIJK
GUEST_DEFAULT_LEVEL = Confidentiality.INTERN

# Allowed status moves. Archived is final: an archive is kept as it is.
TRANSITIONS = {
    Status.OPEN: {Status.CLOSED},
    Status.CLOSED: {Status.OPEN, Status.ARCHIVED},
    Status.ARCHIVED: set(),
}


def clean_name(value: Any) -> str:
    name = str(value or "").strip()
    if not name:
        raise Invalid(_("A name is required."), code="name_required", field="naam")
    if len(name) > NAME_MAX:
        raise Invalid(
            _("A name has at most %(max)s characters."),
            code="name_too_long",
            field="naam",
            max=NAME_MAX,
        )
    return name


def clean_description(value: Any) -> str:
    text = str(value or "").strip()
    if len(text) > DESCRIPTION_MAX:
        raise Invalid(
            _("A description has at most %(max)s characters."),
            code="description_too_long",
            field="beschrijving",
            max=DESCRIPTION_MAX,
        )
    return text


def clean_phase(value: Any) -> str:
    if value not in Phase.values:
        raise Invalid(_("Unknown phase."), code="phase_unknown", field="fase")
    return str(value)


def clean_status(value: Any) -> str:
    if value not in Status.values:
        raise Invalid(_("Unknown status."), code="status_unknown", field="status")
    return str(value)


def clean_role(value: Any) -> str:
    if value not in Role.values:
        raise Invalid(_("Unknown role."), code="role_unknown", field="rol")
    return str(value)


def clean_level(value: Any, *, granted_by: Access | None = None) -> str:
    if value not in ORDER:
        raise Invalid(
            _("Unknown confidentiality level."),
            code="confidentiality_unknown",
            field="maxVertrouwelijkheidaanduiding",
        )
    if granted_by is not None and rank(value) > rank(granted_by.max_confidentiality):
        raise Forbidden(
            _("You cannot grant a confidentiality above your own."),
            code="confidentiality_above_own",
        )
    return str(value)


def template_by_slug(slug: Any) -> Template:
    try:
        return Template.objects.get(slug=str(slug or ""))
    except Template.DoesNotExist:
        raise Invalid(
            _("Unknown template: %(slug)s."), code="template_unknown", field="sjabloon", slug=slug
        ) from None


def _snapshot(workspace: Workspace) -> dict[str, Any]:
    return {
        "name": workspace.name,
        "description": workspace.description,
        "phase": workspace.phase,
        "status": workspace.status,
    }


def create_workspace(
    *, actor: User, name: Any, template: Template, description: Any = "", phase: Any = None
) -> Workspace:
    if actor.organisation_id is None:
        raise Forbidden(
            _("Only people of an organisation can open a workspace."), code="no_organisation"
        )
    workspace = Workspace(
        name=clean_name(name),
        description=clean_description(description),
        template=template,
        phase=clean_phase(phase) if phase else template.default_phase,
        owner_id=actor.organisation_id,
        created_by=actor,
    )

    with transaction.atomic():
        workspace.save()
        Membership.objects.create(
            workspace=workspace,
            user=actor,
            role=Role.MANAGER,
            max_confidentiality=OWNER_DEFAULT_LEVEL,
        )
        record(
            actor=actor,
            action="workspace.created",
            object_type="workspace",
            object_id=workspace.pk,
            workspace_id=workspace.pk,
            changes=created({**_snapshot(workspace), "template": template.slug}),
        )
        workspace_created.send(
            sender=Workspace, workspace=workspace, template=template, actor=actor
        )
    return workspace


def update_workspace(*, actor: User, access: Access, **fields: Any) -> Workspace:
    """Change name, description, phase and/or status. Status moves have their own rules."""
    workspace = access.workspace
    before = _snapshot(workspace)
    new_status = fields.pop("status", None)

    if fields:
        access.require_manager()
        access.require_open()
    if "name" in fields:
        workspace.name = clean_name(fields["name"])
    if "description" in fields:
        workspace.description = clean_description(fields["description"])
    if "phase" in fields:
        workspace.phase = clean_phase(fields["phase"])
    if new_status is not None and new_status != workspace.status:
        _check_transition(access, new_status)
        workspace.status = new_status

    changes = diff(before, _snapshot(workspace))
    if not changes:
        return workspace
    with transaction.atomic():
        workspace.save()
        record(
            actor=actor,
            action="workspace.updated",
            object_type="workspace",
            object_id=workspace.pk,
            workspace_id=workspace.pk,
            changes=changes,
        )
    return workspace


def _check_transition(access: Access, new_status: Any) -> None:
    if new_status not in Status.values:
        raise Invalid(_("Unknown status."), code="status_unknown", field="status")
    if not access.is_owner_manager:
        raise Forbidden(
            _("Only managers of the owning organisation can close or archive."),
            code="not_owner_manager",
        )
    if Status(new_status) not in TRANSITIONS[Status(access.workspace.status)]:
        raise Conflict(
            _("A workspace cannot go from %(old)s to %(new)s."),
            code="status_transition",
            old=access.workspace.status,
            new=new_status,
        )


def default_level_for(workspace: Workspace, organisation_id: Any) -> str:
    if organisation_id == workspace.owner_id:
        return OWNER_DEFAULT_LEVEL
    return GUEST_DEFAULT_LEVEL


def add_member(
    *,
    actor: User,
    access: Access,
    role: Any,
    max_confidentiality: Any = None,
    user: User | None = None,
    organisation: Organisation | None = None,
) -> Membership:
    access.require_manager()
    access.require_open()
    workspace = access.workspace
    org_id = organisation.pk if organisation is not None else getattr(user, "organisation_id", None)
    level = max_confidentiality or default_level_for(workspace, org_id)
    membership = Membership(
        workspace=workspace,
        user=user,
        organisation=organisation,
        role=clean_role(role),
        max_confidentiality=clean_level(level, granted_by=access),
    )
    if _already_member(membership):
        raise Conflict(_("This person or organisation is already a member."), code="already_member")

    with transaction.atomic():
        membership.save()
        record(
            actor=actor,
            action="membership.created",
            object_type="membership",
            object_id=membership.pk,
            workspace_id=workspace.pk,
            changes=created(_member_snapshot(membership)),
        )
    return membership


def _already_member(membership: Membership) -> bool:
    existing = Membership.objects.filter(workspace=membership.workspace)
    if membership.user is not None:
        return existing.filter(user=membership.user).exists()
    return existing.filter(organisation=membership.organisation).exists()


def _member_snapshot(membership: Membership) -> dict[str, Any]:
    return {
        "user": str(membership.user_id) if membership.user_id else None,
        "organisation": membership.organisation.oin if membership.organisation else None,
        "role": membership.role,
        "maxConfidentiality": membership.max_confidentiality,
    }


def update_member(
    *,
    actor: User,
    access: Access,
    membership: Membership,
    role: Any = None,
    max_confidentiality: Any = None,
) -> Membership:
    access.require_manager()
    access.require_open()
    before = _member_snapshot(membership)
    if role is not None:
        membership.role = clean_role(role)
    if max_confidentiality is not None:
        membership.max_confidentiality = clean_level(max_confidentiality, granted_by=access)

    with transaction.atomic():
        _keep_a_manager(access.workspace, changing=membership)
        membership.save()
        record(
            actor=actor,
            action="membership.updated",
            object_type="membership",
            object_id=membership.pk,
            workspace_id=access.workspace.pk,
            changes=diff(before, _member_snapshot(membership)),
        )
    return membership


def remove_member(*, actor: User, access: Access, membership: Membership) -> None:
    access.require_manager()
    access.require_open()
    before = _member_snapshot(membership)
    membership_id = membership.pk

    with transaction.atomic():
        membership.role = Role.READER  # as if demoted, for the manager check
        _keep_a_manager(access.workspace, changing=membership)
        membership.delete()
        record(
            actor=actor,
            action="membership.deleted",
            object_type="membership",
            object_id=membership_id,
            workspace_id=access.workspace.pk,
            changes=diff(before, {}),
        )


def _keep_a_manager(workspace: Workspace, *, changing: Membership) -> None:
    """A workspace keeps at least one person as manager after every change."""
    if changing.role == Role.MANAGER and changing.user_id is not None:
        return
    others = (
        Membership.objects.select_for_update()
        .filter(workspace=workspace, role=Role.MANAGER, user__isnull=False, user__is_active=True)
        .exclude(pk=changing.pk)
    )
    if not others.exists():
        raise Conflict(_("A workspace must keep at least one manager."), code="last_manager")


def invite(
    *, actor: User, access: Access, email: Any, role: Any, max_confidentiality: Any = None
) -> tuple[Invitation, str]:
    """Create an invitation and mail its link. Returns it with the raw token."""
    access.require_manager()
    access.require_open()
    address = User.objects.normalize_email(str(email or "").strip()).lower()
    if "@" not in address or len(address) > 254:
        raise Invalid(_("Enter a valid e-mail address."), code="email_invalid", field="email")
    existing = User.objects.filter(email=address).first()
    level = max_confidentiality or default_level_for(
        access.workspace, existing.organisation_id if existing else None
    )
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        workspace=access.workspace,
        email=address,
        role=clean_role(role),
        max_confidentiality=clean_level(level, granted_by=access),
        token_hash=hash_token(token),
        invited_by=actor,
    )

    with transaction.atomic():
        invitation.save()
        record(
            actor=actor,
            action="invitation.created",
            object_type="invitation",
            object_id=invitation.pk,
            workspace_id=access.workspace.pk,
            changes=created(
                {
                    "email": address,
                    "role": invitation.role,
                    "maxConfidentiality": invitation.max_confidentiality,
                }
            ),
        )
        transaction.on_commit(lambda: _mail_invitation(invitation, token, existing))
    return invitation, token


def invitation_url(token: str) -> str:
    return f"{settings.BASE_URL}/uitnodiging/{token}"


def _mail_invitation(invitation: Invitation, token: str, existing: User | None) -> None:
    language = existing.language if existing else "nl"
    with translation.override(language):
        context = {
            "invitation": invitation,
            "workspace": invitation.workspace,
            "url": invitation_url(token),
            "inviter": invitation.invited_by,
        }
        subject = _("Invitation to %(workspace)s") % {"workspace": invitation.workspace.name}
        body = render_to_string("workspaces/invitation_email.txt", context)
    send_mail(subject, body, None, [invitation.email])


def invitation_for_token(token: str) -> Invitation | None:
    invitation = (
        Invitation.objects.select_related("workspace", "workspace__owner")
        .filter(token_hash=hash_token(token or ""))
        .first()
    )
    if invitation is None or not invitation.is_usable:
        return None
    return invitation


def revoke_invitation(*, actor: User, access: Access, invitation: Invitation) -> None:
    access.require_manager()
    with transaction.atomic():
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        record(
            actor=actor,
            action="invitation.revoked",
            object_type="invitation",
            object_id=invitation.pk,
            workspace_id=access.workspace.pk,
        )


def accept_invitation(*, invitation: Invitation, user: User) -> Membership:
    """Turn an invitation into a membership for `user` (who may have just been created)."""
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_usable:
            raise Conflict(
                _("This invitation has already been used or has expired."),
                code="invitation_unusable",
            )
        locked.accepted_at = timezone.now()
        locked.save(update_fields=["accepted_at"])

        membership, was_created = Membership.objects.get_or_create(
            workspace=locked.workspace,
            user=user,
            defaults={"role": locked.role, "max_confidentiality": locked.max_confidentiality},
        )
        record(
            actor=user,
            action="invitation.accepted",
            object_type="invitation",
            object_id=locked.pk,
            workspace_id=locked.workspace_id,
            changes={
                "membership": {"old": None, "new": str(membership.pk)},
                "created": {"old": None, "new": was_created},
            },
        )
    return membership


def create_account_for_invitation(
    *, invitation: Invitation, name: Any, password: str, organisation: Organisation | None
) -> User:
    """Create the account of an invited person who had none, then accept."""
    name = clean_name(name)
    with transaction.atomic():
        if User.objects.filter(email=invitation.email).exists():
            raise Conflict(
                _("An account with this e-mail address exists; log in instead."),
                code="account_exists",
            )
        user = User.objects.create_user(
            invitation.email, password, name=name, organisation=organisation
        )
        record(
            actor=user,
            action="user.created",
            object_type="user",
            object_id=user.pk,
            changes=created(
                {
                    "email": user.email,
                    "name": user.name,
                    "organisation": organisation.oin if organisation else None,
                }
            ),
        )
        accept_invitation(invitation=invitation, user=user)
    return user
