"""REST endpoints for folders, documents and versions.

Each view parses, fetches through samen.documents.access (outsiders and
documents above the caller's level are 404), calls an action and answers.
Locks and the trash are in api_lifecycle.py, resumable uploads in api_uploads.py.
"""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status as http
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from samen.api.errors import problem
from samen.api.idempotency import idempotent
from samen.api.views import ApiView
from samen.documents import access as doc_access
from samen.documents import actions
from samen.documents.multipart import UploadParser, content_length_of
from samen.documents.serializers import (
    DocumentCreatedSerializer,
    DocumentCreateInputSerializer,
    DocumentSerializer,
    DocumentUpdateInputSerializer,
    FolderInputSerializer,
    FolderSerializer,
    VersionCreatedSerializer,
    VersionCreateInputSerializer,
    VersionSerializer,
)
from samen.documents.streaming import content_response
from samen.errors import DomainError, Invalid
from samen.workspaces.access import workspace_for

# API names of metadata fields, and the keyword each has in the actions.
METADATA = {
    "beschrijving": "description",
    "vertrouwelijkheidaanduiding": "confidentiality",
    "status": "status",
    "auteur": "author",
    "taal": "language",
    "trefwoorden": "keywords",
    "creatiedatum": "creation_date",
}


class DocumentsApiView(ApiView):
    """JSON in and out; problem+json that keeps the extra fields some errors carry.

    A locked document's 423 names the holder (vergrendeldDoor), an incomplete
    upload's 409 lists the missing parts (ontbrekendeDelen).
    """

    parser_classes = [JSONParser]

    def handle_exception(self, exc: Exception) -> Response:
        extra = getattr(exc, "extra", None)
        if isinstance(exc, DomainError) and extra:
            params = [{"name": str(exc.field), "code": exc.code, "reason": exc.message}]
            return problem(
                exc.status,
                exc.code,
                exc.message,
                invalid_params=params if exc.field else None,
                **extra,
            )
        return super().handle_exception(exc)


def _metadata(values: dict[str, Any]) -> dict[str, Any]:
    return {METADATA[key]: value for key, value in values.items() if key in METADATA}


def _with_warnings(instance: Any, warnings: list[dict[str, Any]]) -> Any:
    instance.warnings = warnings
    return instance


class UploadEndpoint(DocumentsApiView):
    """A view whose POST takes a multipart upload: its size is checked before it is read.

    DRF would read a body without Content-Length (chunked) as an empty one;
    refusing it says why. An announced size past the limit is refused
    before a byte is spooled.
    """

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if request.method == "POST":
            content_length_of(request.META)


class FolderListView(DocumentsApiView):
    serializer_class = FolderSerializer

    @extend_schema(
        operation_id="mappenList",
        summary="Mappen van een ruimte",
        tags=["mappen"],
        responses=FolderSerializer(many=True),
    )
    def get(self, request: Request, pk: Any) -> Response:
        access = workspace_for(request.user, pk)
        folders = access.workspace.folders.order_by("name", "id")
        return self.paged(folders, FolderSerializer)

    @extend_schema(
        operation_id="mappenCreate",
        summary="Map maken",
        tags=["mappen"],
        request=FolderInputSerializer,
        responses={201: FolderSerializer},
    )
    @idempotent
    def post(self, request: Request, pk: Any) -> Response:
        access = workspace_for(request.user, pk)
        values = self.parse(FolderInputSerializer)
        parent = doc_access.folder_in(access, values.get("bovenliggendeMap"))
        folder = actions.create_folder(
            actor=request.user, access=access, name=values.get("naam"), parent=parent
        )
        return self.answer(folder, FolderSerializer, status=http.HTTP_201_CREATED)


class FolderDetailView(DocumentsApiView):
    serializer_class = FolderSerializer

    @extend_schema(operation_id="mappenRead", summary="Map", tags=["mappen"])
    def get(self, request: Request, pk: Any) -> Response:
        _access, folder = doc_access.folder_for(request.user, pk)
        return self.answer(folder, FolderSerializer)

    @extend_schema(
        operation_id="mappenPartialUpdate",
        summary="Map hernoemen of verplaatsen",
        tags=["mappen"],
        request=FolderInputSerializer,
        responses=FolderSerializer,
    )
    def patch(self, request: Request, pk: Any) -> Response:
        access, folder = doc_access.folder_for(request.user, pk)
        values = self.parse(FolderInputSerializer, partial=True)
        fields: dict[str, Any] = {}
        if "naam" in values:
            fields["name"] = values["naam"]
        if "bovenliggendeMap" in values:
            fields["parent"] = doc_access.folder_in(access, values["bovenliggendeMap"])
        folder = actions.update_folder(actor=request.user, access=access, folder=folder, **fields)
        return self.answer(folder, FolderSerializer)

    @extend_schema(
        operation_id="mappenDelete",
        summary="Lege map verwijderen",
        tags=["mappen"],
        responses={204: None},
    )
    def delete(self, request: Request, pk: Any) -> Response:
        access, folder = doc_access.folder_for(request.user, pk)
        actions.delete_folder(actor=request.user, access=access, folder=folder)
        return Response(status=http.HTTP_204_NO_CONTENT)


LIST_PARAMETERS = [
    OpenApiParameter("ruimte", OpenApiTypes.UUID, required=True, description="De ruimte."),
    OpenApiParameter("map", OpenApiTypes.UUID, description="Alleen documenten in deze map."),
    OpenApiParameter("prullenbak", OpenApiTypes.BOOL, description="De prullenbak tonen."),
]


class DocumentListView(UploadEndpoint):
    serializer_class = DocumentSerializer

    def get_parsers(self) -> list[Any]:
        if self.request is not None and self.request.method == "POST":
            return [UploadParser()]
        return super().get_parsers()

    @extend_schema(
        operation_id="documentenList",
        summary="Documenten van een ruimte",
        tags=["documenten"],
        parameters=LIST_PARAMETERS,
        responses=DocumentSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        workspace_id = request.query_params.get("ruimte")
        if not workspace_id:
            raise Invalid(code="ruimte_required", field="ruimte")
        access = workspace_for(request.user, workspace_id)
        trashed = request.query_params.get("prullenbak", "").lower() in {"true", "1"}
        documents = doc_access.documents_visible_to(access, trashed=trashed)
        if request.query_params.get("map"):
            documents = documents.filter(
                folder=doc_access.folder_in(access, request.query_params["map"])
            )
        return self.paged(
            documents.values_list("pk", flat=True),
            DocumentSerializer,
            prepare=lambda ids: doc_access.in_page_order(documents, ids),
        )

    @extend_schema(
        operation_id="documentenCreate",
        summary="Document opladen",
        tags=["documenten"],
        request={"multipart/form-data": DocumentCreateInputSerializer},
        responses={201: DocumentCreatedSerializer},
    )
    @idempotent
    def post(self, request: Request) -> Response:
        values = self.parse(DocumentCreateInputSerializer)
        access = workspace_for(request.user, values["ruimte"])
        folder = doc_access.folder_in(access, values.get("map"))
        document, warnings = actions.create_document(
            actor=request.user,
            access=access,
            received=values["inhoud"],
            title=values["titel"],
            folder=folder,
            file_name=values.get("bestandsnaam"),
            **_metadata(values),
        )
        return self.answer(
            _with_warnings(document, warnings),
            DocumentCreatedSerializer,
            status=http.HTTP_201_CREATED,
        )


class DocumentDetailView(DocumentsApiView):
    serializer_class = DocumentSerializer

    @extend_schema(operation_id="documentenRead", summary="Document", tags=["documenten"])
    def get(self, request: Request, pk: Any) -> Response:
        _access, document = doc_access.document_for(request.user, pk)
        return self.answer(document, DocumentSerializer)

    @extend_schema(
        operation_id="documentenPartialUpdate",
        summary="Metadata wijzigen",
        tags=["documenten"],
        request=DocumentUpdateInputSerializer,
        responses=DocumentSerializer,
    )
    def patch(self, request: Request, pk: Any) -> Response:
        access, document = doc_access.document_for(request.user, pk)
        values = self.parse(DocumentUpdateInputSerializer, partial=True)
        fields = _metadata(values)
        if "titel" in values:
            fields["title"] = values["titel"]
        if "map" in values:
            fields["folder"] = doc_access.folder_in(access, values["map"])
        document = actions.update_document(
            actor=request.user, access=access, document=document, **fields
        )
        return self.answer(document, DocumentSerializer)

    @extend_schema(
        operation_id="documentenDelete",
        summary="Naar de prullenbak",
        tags=["documenten"],
        responses={204: None},
    )
    def delete(self, request: Request, pk: Any) -> Response:
        access, document = doc_access.document_for(request.user, pk)
        actions.trash_document(actor=request.user, access=access, document=document)
        return Response(status=http.HTTP_204_NO_CONTENT)


class VersionListView(UploadEndpoint):
    serializer_class = VersionSerializer
    parser_classes = [UploadParser]

    @extend_schema(
        operation_id="versiesList",
        summary="Versies van een document",
        tags=["documenten"],
        responses=VersionSerializer(many=True),
    )
    def get(self, request: Request, pk: Any) -> Response:
        _access, document = doc_access.document_for(request.user, pk)
        versions = document.versions.select_related("created_by").order_by("-number")
        return self.paged(versions, VersionSerializer)

    @extend_schema(
        operation_id="versiesCreate",
        summary="Nieuwe versie opladen",
        tags=["documenten"],
        request={"multipart/form-data": VersionCreateInputSerializer},
        responses={201: VersionCreatedSerializer},
    )
    @idempotent
    def post(self, request: Request, pk: Any) -> Response:
        access, document = doc_access.document_for(request.user, pk)
        values = self.parse(VersionCreateInputSerializer)
        version, warnings = actions.add_version(
            actor=request.user,
            access=access,
            document=document,
            received=values["inhoud"],
            file_name=values.get("bestandsnaam"),
        )
        return self.answer(
            _with_warnings(version, warnings),
            VersionCreatedSerializer,
            status=http.HTTP_201_CREATED,
        )


class VersionDetailView(DocumentsApiView):
    serializer_class = VersionSerializer

    @extend_schema(operation_id="versiesRead", summary="Een versie", tags=["documenten"])
    def get(self, request: Request, pk: Any, versie: int) -> Response:
        _access, document = doc_access.document_for(request.user, pk)
        return self.answer(doc_access.version_of(document, versie), VersionSerializer)


class ContentView(DocumentsApiView):
    """The bytes. Any Accept is fine: the answer is the file, or problem+json."""

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        operation_id="documentenInhoudDownload",
        summary="Inhoud downloaden",
        tags=["documenten"],
        parameters=[
            OpenApiParameter("versie", OpenApiTypes.INT, description="Een oudere versie."),
            OpenApiParameter(
                "weergave",
                OpenApiTypes.STR,
                enum=["voorbeeld"],
                description="voorbeeld: PDF en afbeeldingen inline tonen.",
            ),
        ],
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY),
            (206, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY),
            304: OpenApiResponse(description="Niet gewijzigd (If-None-Match)."),
            416: OpenApiResponse(description="Bereik buiten het bestand."),
        },
    )
    def get(self, request: Request, pk: Any) -> Any:
        _access, document = doc_access.document_for(request.user, pk)
        version = doc_access.version_of(document, request.query_params.get("versie"))
        preview = request.query_params.get("weergave") == "voorbeeld"
        return content_response(request._request, version, preview=preview)
