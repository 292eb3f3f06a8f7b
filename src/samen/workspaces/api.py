"""The REST API of workspaces, their templates, members and invitations.

Every view fetches the workspace through access.workspace_for first, so an
outsider gets 404 before anything else is looked at; the actions then
decide what the caller's role allows.
"""

import uuid
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status as http
from rest_framework.request import Request
from rest_framework.response import Response

from samen.api.idempotency import idempotent
from samen.api.views import ApiView
from samen.errors import Conflict, NotFound
from samen.organisations import actions as org_actions
from samen.workspaces import actions
from samen.workspaces.access import (
    Access,
    access_from_memberships,
    memberships_of,
    visible_workspaces,
    workspace_for,
)
from samen.workspaces.models import Invitation, Membership, Status, Template, Workspace
from samen.workspaces.serializers import (
    InvitationCreateSerializer,
    InvitationSerializer,
    MembershipCreateSerializer,
    MembershipSerializer,
    MembershipUpdateSerializer,
    TemplateSerializer,
    WorkspaceCreateSerializer,
    WorkspaceSerializer,
    WorkspaceUpdateSerializer,
)

# The API's property names for the fields update_workspace takes.
_WORKSPACE_FIELDS = {"naam": "name", "beschrijving": "description", "fase": "phase"}


class TemplateListView(ApiView):
    @extend_schema(
        operation_id="sjablonenList",
        summary="Sjablonen voor een nieuwe ruimte",
        tags=["sjablonen"],
        responses=TemplateSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        return self.paged(Template.objects.order_by("position", "slug"), TemplateSerializer)


class TemplateDetailView(ApiView):
    @extend_schema(
        operation_id="sjablonenRead",
        summary="Een sjabloon",
        tags=["sjablonen"],
        responses=TemplateSerializer,
    )
    def get(self, request: Request, slug: str) -> Response:
        template = Template.objects.filter(slug=slug).first()
        if template is None:
            raise NotFound()
        return self.answer(template, TemplateSerializer)


class WorkspaceListView(ApiView):
    @extend_schema(
        operation_id="ruimtesList",
        summary="Uw samenwerkingsruimtes",
        tags=["ruimtes"],
        parameters=[OpenApiParameter("status", str, enum=Status.values)],
        responses=WorkspaceSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        workspaces = visible_workspaces(request.user).order_by("name", "id")
        wanted = request.query_params.get("status")
        if wanted is not None:
            workspaces = workspaces.filter(status=actions.clean_status(wanted))
        return self.paged(workspaces, WorkspaceSerializer, prepare=self._with_access)

    def _with_access(self, page: QuerySet[Workspace]) -> list[Access]:
        # One query for the memberships of the whole page, not one per workspace.
        rows = list(page)
        memberships: dict[Any, list[Membership]] = {}
        for membership in memberships_of(self.request.user).filter(workspace__in=rows):
            memberships.setdefault(membership.workspace_id, []).append(membership)
        accesses = []
        for workspace in rows:
            access = access_from_memberships(
                workspace, self.request.user, memberships.get(workspace.pk, [])
            )
            # visible_workspaces yields only workspaces with a membership, so
            # access is never None; a membership removed meanwhile drops out.
            if access is not None:
                accesses.append(access)
        return accesses

    @extend_schema(
        operation_id="ruimtesCreate",
        summary="Een ruimte openen vanuit een sjabloon",
        tags=["ruimtes"],
        request=WorkspaceCreateSerializer,
        responses={201: WorkspaceSerializer},
    )
    @idempotent
    def post(self, request: Request) -> Response:
        data = self.parse(WorkspaceCreateSerializer)
        template = actions.template_by_slug(data["sjabloon"])

        workspace = actions.create_workspace(
            actor=self.actor,
            name=data["naam"],
            template=template,
            description=data.get("beschrijving", ""),
            phase=data.get("fase"),
        )
        access = workspace_for(request.user, workspace.pk)
        return self.answer(access, WorkspaceSerializer, status=http.HTTP_201_CREATED)


class WorkspaceDetailView(ApiView):
    @extend_schema(
        operation_id="ruimtesRead",
        summary="Een ruimte, met uw toegang",
        tags=["ruimtes"],
        responses=WorkspaceSerializer,
    )
    def get(self, request: Request, id: uuid.UUID) -> Response:
        return self.answer(workspace_for(request.user, id), WorkspaceSerializer)

    @extend_schema(
        operation_id="ruimtesPartialUpdate",
        summary="Naam, beschrijving, fase of status wijzigen (beheerders)",
        tags=["ruimtes"],
        request=WorkspaceUpdateSerializer,
        responses=WorkspaceSerializer,
    )
    def patch(self, request: Request, id: uuid.UUID) -> Response:
        access = workspace_for(request.user, id)
        # Every field of a workspace is a manager's to change; checked before
        # parsing, so that a reader's PATCH is refused even when it changes nothing.
        access.require_manager()
        data = self.parse(WorkspaceUpdateSerializer, partial=True)

        fields = {_WORKSPACE_FIELDS.get(name, name): value for name, value in data.items()}
        actions.update_workspace(actor=self.actor, access=access, **fields)
        return self.answer(access, WorkspaceSerializer)


def _membership(access: Access, membership_id: uuid.UUID) -> Membership:
    membership = (
        Membership.objects.select_related("user", "user__organisation", "organisation")
        .filter(workspace=access.workspace, pk=membership_id)
        .first()
    )
    if membership is None:
        raise NotFound()
    return membership


class MemberListView(ApiView):
    @extend_schema(
        operation_id="ledenList",
        summary="De leden: personen en organisaties",
        tags=["leden"],
        responses=MembershipSerializer(many=True),
    )
    def get(self, request: Request, id: uuid.UUID) -> Response:
        access = workspace_for(request.user, id)
        members = (
            Membership.objects.filter(workspace=access.workspace)
            .select_related("user", "user__organisation", "organisation")
            .order_by("created_at", "id")
        )
        return self.paged(members, MembershipSerializer)

    @extend_schema(
        operation_id="ledenCreate",
        summary="Een persoon (e-mail) of organisatie (OIN) toevoegen (beheerders)",
        tags=["leden"],
        request=MembershipCreateSerializer,
        responses={201: MembershipSerializer},
    )
    @idempotent
    def post(self, request: Request, id: uuid.UUID) -> Response:
        access = workspace_for(request.user, id)
        access.require_manager()  # before looking anyone up: no probing for addresses
        data = self.parse(MembershipCreateSerializer)
        if "email" in data:
            who: dict[str, Any] = {"user": org_actions.person_by_email(data["email"])}
        else:
            who = {"organisation": org_actions.organisation_by_oin(data["organisatie"])}

        membership = actions.add_member(
            actor=self.actor,
            access=access,
            role=data["rol"],
            max_confidentiality=data.get("maxVertrouwelijkheidaanduiding"),
            **who,
        )
        return self.answer(membership, MembershipSerializer, status=http.HTTP_201_CREATED)


class MemberDetailView(ApiView):
    @extend_schema(
        operation_id="ledenRead", summary="Een lid", tags=["leden"], responses=MembershipSerializer
    )
    def get(self, request: Request, id: uuid.UUID, lidId: uuid.UUID) -> Response:  # noqa: N803
        access = workspace_for(request.user, id)
        return self.answer(_membership(access, lidId), MembershipSerializer)

    @extend_schema(
        operation_id="ledenPartialUpdate",
        summary="Rol of vertrouwelijkheid van een lid wijzigen (beheerders)",
        tags=["leden"],
        request=MembershipUpdateSerializer,
        responses=MembershipSerializer,
    )
    def patch(self, request: Request, id: uuid.UUID, lidId: uuid.UUID) -> Response:  # noqa: N803
        access = workspace_for(request.user, id)
        membership = _membership(access, lidId)
        access.require_manager()
        data = self.parse(MembershipUpdateSerializer, partial=True)

        actions.update_member(
            actor=self.actor,
            access=access,
            membership=membership,
            role=data.get("rol"),
            max_confidentiality=data.get("maxVertrouwelijkheidaanduiding"),
        )
        return self.answer(membership, MembershipSerializer)

    @extend_schema(
        operation_id="ledenDelete",
        summary="Een lid verwijderen (beheerders)",
        tags=["leden"],
        responses={204: None},
    )
    def delete(self, request: Request, id: uuid.UUID, lidId: uuid.UUID) -> Response:  # noqa: N803
        access = workspace_for(request.user, id)
        membership = _membership(access, lidId)

        actions.remove_member(actor=self.actor, access=access, membership=membership)
        return self.gone()


class InvitationListView(ApiView):
    @extend_schema(
        operation_id="uitnodigingenList",
        summary="Verstuurde uitnodigingen (beheerders)",
        tags=["uitnodigingen"],
        responses=InvitationSerializer(many=True),
    )
    def get(self, request: Request, id: uuid.UUID) -> Response:
        access = workspace_for(request.user, id)
        # Invitations name people who are not members yet: only managers,
        # who send them, see the list.
        access.require_manager()
        invitations = Invitation.objects.filter(workspace=access.workspace).order_by(
            "-created_at", "id"
        )
        return self.paged(invitations, InvitationSerializer)

    @extend_schema(
        operation_id="uitnodigingenCreate",
        summary="Iemand per e-mail uitnodigen (beheerders)",
        tags=["uitnodigingen"],
        request=InvitationCreateSerializer,
        responses={201: InvitationSerializer},
    )
    @idempotent
    def post(self, request: Request, id: uuid.UUID) -> Response:
        access = workspace_for(request.user, id)
        access.require_manager()
        data = self.parse(InvitationCreateSerializer)

        invitation, _token = actions.invite(
            actor=self.actor,
            access=access,
            email=data["email"],
            role=data["rol"],
            max_confidentiality=data.get("maxVertrouwelijkheidaanduiding"),
        )
        return self.answer(invitation, InvitationSerializer, status=http.HTTP_201_CREATED)


def _invitation(access: Access, invitation_id: uuid.UUID) -> Invitation:
    invitation = Invitation.objects.filter(workspace=access.workspace, pk=invitation_id).first()
    if invitation is None:
        raise NotFound()
    return invitation


class InvitationDetailView(ApiView):
    @extend_schema(
        operation_id="uitnodigingenRead",
        summary="Een uitnodiging (beheerders)",
        tags=["uitnodigingen"],
        responses=InvitationSerializer,
    )
    def get(self, request: Request, id: uuid.UUID, uitnodigingId: uuid.UUID) -> Response:  # noqa: N803
        access = workspace_for(request.user, id)
        access.require_manager()
        return self.answer(_invitation(access, uitnodigingId), InvitationSerializer)

    @extend_schema(
        operation_id="uitnodigingenDelete",
        summary="Een open uitnodiging intrekken (beheerders)",
        tags=["uitnodigingen"],
        responses={204: None},
    )
    def delete(self, request: Request, id: uuid.UUID, uitnodigingId: uuid.UUID) -> Response:  # noqa: N803
        access = workspace_for(request.user, id)
        access.require_manager()
        invitation = _invitation(access, uitnodigingId)
        # Revoking an accepted or revoked invitation would change nothing but
        # the audit trail; say so instead.
        if invitation.accepted_at is not None or invitation.revoked_at is not None:
            raise Conflict(
                _("This invitation has already been used or has expired."),
                code="invitation_unusable",
            )

        actions.revoke_invitation(actor=self.actor, access=access, invitation=invitation)
        return self.gone()
