"""Who may see and do what in a workspace.

A person's access is the union of their own membership and their
organisation's: the highest role and the highest confidentiality of the two.
Anyone without either gets NotFound, never a hint that the workspace exists.
"""

import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from samen.errors import Conflict, Forbidden, NotFound
from samen.workspaces.confidentiality import levels_up_to, rank
from samen.workspaces.models import ROLE_RANK, Membership, Role, Status, Workspace

WORKSPACE_CLOSED_CODE = "workspace_closed"


@dataclass(frozen=True)
class Access:
    workspace: Workspace
    user: Any
    role: str
    max_confidentiality: str

    @property
    def is_manager(self) -> bool:
        return self.role == Role.MANAGER

    @property
    def is_owner_manager(self) -> bool:
        """A manager from the owning organisation: may close and archive."""
        return self.is_manager and self.user.organisation_id == self.workspace.owner_id

    @property
    def can_contribute(self) -> bool:
        return self.role in (Role.MANAGER, Role.CONTRIBUTOR)

    def visible_levels(self) -> list[str]:
        return levels_up_to(self.max_confidentiality)

    def require_contributor(self) -> None:
        if not self.can_contribute:
            raise Forbidden(code="role_insufficient")

    def require_manager(self) -> None:
        if not self.is_manager:
            raise Forbidden(code="role_insufficient")

    def require_open(self) -> None:
        if self.workspace.status != Status.OPEN:
            raise Conflict(
                _("This workspace is closed and can no longer be changed."),
                code=WORKSPACE_CLOSED_CODE,
            )


def memberships_of(user: Any) -> QuerySet[Membership]:
    person = Q(user=user)
    if user.organisation_id:
        person |= Q(organisation_id=user.organisation_id)
    return Membership.objects.filter(person)


def visible_workspaces(user: Any) -> QuerySet[Workspace]:
    if not user.is_authenticated:
        return Workspace.objects.none()
    ids = memberships_of(user).values("workspace_id")
    return Workspace.objects.filter(id__in=ids).select_related("owner", "template")


def access_from_memberships(
    workspace: Workspace, user: Any, memberships: list[Membership]
) -> Access | None:
    if not memberships:
        return None
    role = max((m.role for m in memberships), key=lambda r: ROLE_RANK[Role(r)])
    level = max((m.max_confidentiality for m in memberships), key=rank)
    return Access(workspace=workspace, user=user, role=role, max_confidentiality=level)


def workspace_for(user: Any, workspace_id: uuid.UUID | str) -> Access:
    """The workspace with the caller's access to it, or NotFound for outsiders.

    One query: the caller's memberships of the workspace, each with the
    workspace joined. Every API call about a workspace starts here, and
    without a membership there is no access, so the workspace need not be
    fetched on its own first.
    """
    if not user.is_authenticated:
        raise NotFound()
    try:
        memberships = list(
            memberships_of(user)
            .filter(workspace_id=workspace_id)
            .select_related("workspace__owner", "workspace__template")
        )
    except (ValidationError, ValueError, TypeError):
        raise NotFound() from None

    if not memberships:
        raise NotFound()
    access = access_from_memberships(memberships[0].workspace, user, memberships)
    if access is None:
        raise NotFound()
    return access
