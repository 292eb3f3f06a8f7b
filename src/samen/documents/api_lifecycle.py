"""REST endpoints for a document's lock and its way through the trash."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status as http
from rest_framework.request import Request
from rest_framework.response import Response

from samen.api.idempotency import idempotent
from samen.documents import access as doc_access
from samen.documents import actions
from samen.documents.api import DocumentsApiView
from samen.documents.serializers import DocumentSerializer


class LockView(DocumentsApiView):
    serializer_class = DocumentSerializer

    @extend_schema(
        operation_id="documentenLock",
        summary="Document vergrendelen",
        tags=["documenten"],
        request=None,
        responses=DocumentSerializer,
    )
    def post(self, request: Request, pk: Any) -> Response:
        access, document = doc_access.document_for(request.user, pk)
        document = actions.lock_document(actor=request.user, access=access, document=document)
        return self.answer(document, DocumentSerializer)


class UnlockView(DocumentsApiView):
    serializer_class = DocumentSerializer

    @extend_schema(
        operation_id="documentenUnlock",
        summary="Vergrendeling opheffen (een beheerder mag die van een ander opheffen)",
        tags=["documenten"],
        request=None,
        responses=DocumentSerializer,
    )
    def post(self, request: Request, pk: Any) -> Response:
        access, document = doc_access.document_for(request.user, pk)
        document = actions.unlock_document(actor=request.user, access=access, document=document)
        return self.answer(document, DocumentSerializer)


class RestoreView(DocumentsApiView):
    serializer_class = DocumentSerializer

    @extend_schema(
        operation_id="documentenHerstellen",
        summary="Uit de prullenbak halen",
        tags=["documenten"],
        request=None,
        responses=DocumentSerializer,
    )
    def post(self, request: Request, pk: Any) -> Response:
        access, document = doc_access.document_for(request.user, pk, trashed=True)
        document = actions.restore_document(actor=request.user, access=access, document=document)
        return self.answer(document, DocumentSerializer)


class PurgeView(DocumentsApiView):
    @extend_schema(
        operation_id="documentenVernietigen",
        summary="Definitief verwijderen uit de prullenbak (beheerders)",
        tags=["documenten"],
        request=None,
        responses={204: None},
    )
    @idempotent
    def post(self, request: Request, pk: Any) -> Response:
        access, document = doc_access.document_for(request.user, pk, trashed=True)
        actions.purge_document(actor=request.user, access=access, document=document)
        return Response(status=http.HTTP_204_NO_CONTENT)
