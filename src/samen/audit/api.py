"""A workspace's audit trail, newest first."""

import uuid

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from samen.api.views import ApiView
from samen.audit.models import AuditEntry
from samen.audit.serializers import AuditEntrySerializer
from samen.errors import NotFound
from samen.workspaces.access import Access, workspace_for


def _trail_for(request: Request, workspace_id: uuid.UUID) -> Access:
    access = workspace_for(request.user, workspace_id)
    # Entries name objects whatever their confidentiality (a document's
    # title, say), so the trail is for the workspace's managers only.
    access.require_manager()
    return access


class AuditTrailView(ApiView):
    @extend_schema(
        operation_id="audittrailList",
        summary="De audittrail van de ruimte, nieuwste eerst (beheerders)",
        tags=["audittrail"],
        responses=AuditEntrySerializer(many=True),
    )
    def get(self, request: Request, id: uuid.UUID) -> Response:
        access = _trail_for(request, id)
        entries = AuditEntry.objects.filter(workspace_id=access.workspace.pk).order_by("-position")
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
        entry = AuditEntry.objects.filter(workspace_id=access.workspace.pk, id=regelId).first()
        if entry is None:
            raise NotFound()
        return self.answer(entry, AuditEntrySerializer)
