"""REST endpoints for resumable uploads.

1. `POST /uploads` with bestandsnaam, bestandsomvang and ruimte/titel (a new
   document) or document (a new version); the answer gives deelomvang and
   aantalDelen.
2. `PUT /uploads/{id}/delen/{n}` with the raw bytes of part n (1-based) and
   `Content-Digest: sha-256=:<base64>:` (RFC 9530). Resending a part replaces it.
3. `GET /uploads/{id}` lists ontvangenDelen and ontbrekendeDelen, to resume.
4. `POST /uploads/{id}/voltooien`, optionally with the whole file's sha256,
   answers the document (201).
"""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status as http
from rest_framework.parsers import BaseParser
from rest_framework.request import Request
from rest_framework.response import Response

from samen.api.idempotency import idempotent
from samen.documents import access as doc_access
from samen.documents import actions
from samen.documents.api import DocumentsApiView, _with_warnings
from samen.documents.serializers import (
    CompleteInputSerializer,
    DocumentCreatedSerializer,
    PartSerializer,
    UploadInputSerializer,
    UploadSerializer,
)
from samen.errors import Invalid
from samen.workspaces.access import workspace_for


class _RawBodyParser(BaseParser):
    """Declares the part body's media type; the view reads request.stream itself."""

    media_type = "application/octet-stream"

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        raise AssertionError("part bodies are streamed by the view, never parsed")


class UploadListView(DocumentsApiView):
    serializer_class = UploadSerializer

    @extend_schema(
        operation_id="uploadsCreate",
        summary="Hervatbare upload beginnen",
        tags=["uploads"],
        request=UploadInputSerializer,
        responses={201: UploadSerializer},
    )
    @idempotent
    def post(self, request: Request) -> Response:
        values = self.parse(UploadInputSerializer)
        if values.get("document"):
            access, document = doc_access.document_for(request.user, values["document"])
            folder = document.folder
        elif values.get("ruimte"):
            access, document = workspace_for(request.user, values["ruimte"]), None
            folder = doc_access.folder_in(access, values.get("map"))
        else:
            raise Invalid(code="ruimte_required", field="ruimte")
        upload = actions.start_upload(
            actor=request.user,
            access=access,
            file_name=values["bestandsnaam"],
            size=values["bestandsomvang"],
            title=values.get("titel"),
            folder=folder,
            description=values.get("beschrijving", ""),
            confidentiality=values.get("vertrouwelijkheidaanduiding"),
            document=document,
        )
        return self.answer(upload, UploadSerializer, status=http.HTTP_201_CREATED)


class UploadDetailView(DocumentsApiView):
    serializer_class = UploadSerializer

    @extend_schema(operation_id="uploadsRead", summary="Stand van een upload", tags=["uploads"])
    def get(self, request: Request, pk: Any) -> Response:
        _access, upload = doc_access.upload_for(request.user, pk)
        return self.answer(upload, UploadSerializer)

    @extend_schema(
        operation_id="uploadsDelete",
        summary="Upload afbreken",
        tags=["uploads"],
        responses={204: None},
    )
    def delete(self, request: Request, pk: Any) -> Response:
        _access, upload = doc_access.upload_for(request.user, pk)
        actions.abandon_upload(actor=request.user, upload=upload)
        return Response(status=http.HTTP_204_NO_CONTENT)


class PartView(DocumentsApiView):
    serializer_class = PartSerializer
    parser_classes = [_RawBodyParser]

    @extend_schema(
        operation_id="uploadsDeelUpdate",
        summary="Deel van een upload versturen",
        tags=["uploads"],
        request={"application/octet-stream": OpenApiTypes.BINARY},
        parameters=[
            OpenApiParameter(
                "Content-Digest",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=True,
                description="sha-256=:<base64 van de SHA-256 van dit deel>:",
            )
        ],
        responses={200: PartSerializer},
    )
    def put(self, request: Request, pk: Any, nummer: int) -> Response:
        access, upload = doc_access.upload_for(request.user, pk)
        part = actions.receive_part(
            actor=request.user,
            access=access,
            upload=upload,
            number=nummer,
            body=request._request,
            digest=request.headers.get("Content-Digest"),
        )
        return Response(PartSerializer(part).data)


class CompleteView(DocumentsApiView):
    serializer_class = DocumentCreatedSerializer

    @extend_schema(
        operation_id="uploadsVoltooien",
        summary="Upload voltooien",
        tags=["uploads"],
        request=CompleteInputSerializer,
        responses={201: DocumentCreatedSerializer},
    )
    @idempotent
    def post(self, request: Request, pk: Any) -> Response:
        access, upload = doc_access.upload_for(request.user, pk)
        values = self.parse(CompleteInputSerializer)
        document, _version, warnings = actions.complete_upload(
            actor=request.user, access=access, upload=upload, sha256=values.get("sha256")
        )
        return self.answer(
            _with_warnings(document, warnings),
            DocumentCreatedSerializer,
            status=http.HTTP_201_CREATED,
        )
