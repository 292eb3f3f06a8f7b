"""A workspace's audit trail, newest first."""

import uuid

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from samen.api.views import ApiView
from samen.audit import feed
from samen.audit.models import AuditEntry
from samen.audit.serializers import AuditEntrySerializer
from samen.errors import NotFound
from samen.workspaces.access import Access, workspace_for


def _trail_for(request: Request, workspace_id: uuid.UUID) -> Access:
    access = workspace_for(request.user, workspace_id)
    # The trail names people and invitations' addresses, so it is for the
    # workspace's managers; entries about documents above the manager's own
    # maximum are left out like everywhere else.
    access.require_manager()
    return access


def _entries(access: Access) -> QuerySet[AuditEntry]:
    return feed.entries_for(access)


class AuditTrailView(ApiView):
    @extend_schema(
        operation_id="audittrailList",
        summary="De audittrail van de ruimte, nieuwste eerst (beheerders)",
        tags=["audittrail"],
        responses=AuditEntrySerializer(many=True),
    )
    def get(self, request: Request, id: uuid.UUID) -> Response:
        access = _trail_for(request, id)
        entries = _entries(access).order_by("-position")
        return self.paged(entries, AuditEntrySerializer)


class AuditEntryView(ApiView):
    @extend_schema(
        operation_id="audittrailRead",
        summary="Een regel uit de audittrail (beheerders)",
        tags=["audittrail"],
        responses=AuditEntrySerializer,
    )
    def get(self, request: Request, id: uuid.UUID, regelId: uuid.UUID) -> Response:  # noqa: N803
        access = _trail_for(request, id)
        entry = _entries(access).filter(id=regelId).first()
        if entry is None:
            raise NotFound()
        return self.answer(entry, AuditEntrySerializer)
