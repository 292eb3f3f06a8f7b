"""API representations of folders, documents, versions and uploads (Dutch, camelCase)."""

import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from samen.api.fields import UtcDateTimeField
from samen.api.serializers import InputSerializer
from samen.documents.actions.resumable import missing_parts
from samen.documents.models import Document, Folder, Upload, Version

# Stands for a resource's id while a URL pattern is built once per answer.
_PLACEHOLDER = uuid.UUID(int=0)


def _absolute(context: Mapping[str, Any], name: str, **kwargs: Any) -> str:
    """The absolute URL of a documents resource.

    URLs with only an id are built once per answer and then filled in: a
    list page would otherwise call reverse() and build_absolute_uri() twice
    for each of its rows.
    """
    if set(kwargs) == {"pk"} and isinstance(context, dict):
        templates = context.setdefault("_url_templates", {})
        if name not in templates:
            templates[name] = _build(context, name, pk=_PLACEHOLDER)
        return str(templates[name]).replace(str(_PLACEHOLDER), str(kwargs["pk"]))
    return _build(context, name, **kwargs)


def _build(context: Mapping[str, Any], name: str, **kwargs: Any) -> str:
    path = reverse(f"documents-api:{name}", kwargs=kwargs)
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


class IntegritySerializer(serializers.Serializer):
    algoritme = serializers.CharField()
    waarde = serializers.CharField(help_text="SHA-256 van de inhoud, hexadecimaal.")
    datum = serializers.DateField(help_text="De dag waarop de server de waarde berekende.")


class PersonSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="pk")
    naam = serializers.CharField(source="name")


class WarningSerializer(serializers.Serializer):
    code = serializers.CharField()
    bericht = serializers.CharField()
    document = serializers.DictField(required=False)


class FolderSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    url = serializers.SerializerMethodField()
    ruimte = serializers.UUIDField(source="workspace_id", read_only=True)
    naam = serializers.CharField(source="name")
    bovenliggendeMap = serializers.UUIDField(source="parent_id", allow_null=True)  # noqa: N815

    def get_url(self, folder: Folder) -> str:
        return _absolute(self.context, "folder", pk=folder.pk)


class FolderInputSerializer(InputSerializer):
    naam = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    bovenliggendeMap = serializers.UUIDField(required=False, allow_null=True)  # noqa: N815


class VersionSerializer(serializers.Serializer):
    url = serializers.SerializerMethodField()
    id = serializers.UUIDField(read_only=True)
    versie = serializers.IntegerField(source="number")
    bestandsnaam = serializers.CharField(source="file_name")
    bestandsomvang = serializers.IntegerField(source="size")
    formaat = serializers.CharField(source="mime_type")
    integriteit = IntegritySerializer(source="integrity")
    inhoud = serializers.SerializerMethodField()
    aangemaaktOp = UtcDateTimeField(source="created_at")  # noqa: N815
    aangemaaktDoor = PersonSerializer(source="created_by", allow_null=True)  # noqa: N815

    def get_url(self, version: Version) -> str:
        return _absolute(self.context, "version", pk=version.document_id, versie=version.number)

    def get_inhoud(self, version: Version) -> str:
        base = _absolute(self.context, "content", pk=version.document_id)
        return f"{base}?versie={version.number}"


class VersionCreatedSerializer(VersionSerializer):
    waarschuwingen = WarningSerializer(many=True, source="warnings")


class DocumentSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    url = serializers.SerializerMethodField()
    ruimte = serializers.UUIDField(source="workspace_id")
    map = serializers.UUIDField(source="folder_id", allow_null=True)
    titel = serializers.CharField(source="title")
    beschrijving = serializers.CharField(source="description")
    vertrouwelijkheidaanduiding = serializers.CharField(source="confidentiality")
    status = serializers.CharField()
    auteur = serializers.CharField(source="author")
    bronorganisatie = serializers.CharField(source="source_organisation")
    taal = serializers.CharField(source="language")
    trefwoorden = serializers.ListField(child=serializers.CharField(), source="keywords")
    creatiedatum = serializers.DateField(source="creation_date")
    versie = serializers.IntegerField(source="version_count")
    bestandsnaam = serializers.CharField(source="latest_version.file_name", default=None)
    bestandsomvang = serializers.IntegerField(source="latest_version.size", default=None)
    formaat = serializers.CharField(source="latest_version.mime_type", default=None)
    integriteit = IntegritySerializer(source="latest_version.integrity", default=None)
    inhoud = serializers.SerializerMethodField()
    vergrendeldDoor = PersonSerializer(source="locked_by", allow_null=True)  # noqa: N815
    vergrendeldOp = UtcDateTimeField(source="locked_at", allow_null=True)  # noqa: N815
    verwijderdOp = UtcDateTimeField(source="deleted_at", allow_null=True)  # noqa: N815
    aangemaaktOp = UtcDateTimeField(source="created_at")  # noqa: N815
    gewijzigdOp = UtcDateTimeField(source="updated_at")  # noqa: N815

    def get_url(self, document: Document) -> str:
        return _absolute(self.context, "document", pk=document.pk)

    def get_inhoud(self, document: Document) -> str:
        return _absolute(self.context, "content", pk=document.pk)

    def to_representation(self, instance: Document) -> dict[str, Any]:
        """The fields above, written out: a list page renders twenty of these.

        DRF's generic walk over 24 fields, three of them nested serializers,
        cost about half of a page of the documents list. The declarations
        above stay what the OpenAPI document is built from;
        tests/documents/test_serializers.py checks that both give the same.
        """
        document, version = instance, instance.latest_version
        return {
            "id": str(document.pk),
            "url": self.get_url(document),
            "ruimte": str(document.workspace_id),
            "map": _text(document.folder_id),
            "titel": document.title,
            "beschrijving": document.description,
            "vertrouwelijkheidaanduiding": document.confidentiality,
            "status": document.status,
            "auteur": document.author,
            "bronorganisatie": document.source_organisation,
            "taal": document.language,
            "trefwoorden": [str(keyword) for keyword in document.keywords],
            "creatiedatum": _date(document.creation_date),
            "versie": document.version_count,
            "bestandsnaam": version.file_name if version else None,
            "bestandsomvang": version.size if version else None,
            "formaat": version.mime_type if version else None,
            "integriteit": _integrity(version),
            "inhoud": self.get_inhoud(document),
            "vergrendeldDoor": _person(document.locked_by),
            "vergrendeldOp": _utc(document.locked_at),
            "verwijderdOp": _utc(document.deleted_at),
            "aangemaaktOp": _utc(document.created_at),
            "gewijzigdOp": _utc(document.updated_at),
        }


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _utc(value: datetime | None) -> str | None:
    """As UtcDateTimeField renders it: ISO 8601 in UTC, with a Z."""
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().removesuffix("+00:00") + "Z"


def _person(user: Any) -> dict[str, str] | None:
    return None if user is None else {"id": str(user.pk), "naam": user.name}


def _integrity(version: Version | None) -> dict[str, str] | None:
    if version is None:
        return None
    integrity = version.integrity
    return {
        "algoritme": integrity["algoritme"],
        "waarde": integrity["waarde"],
        "datum": integrity["datum"].isoformat(),
    }


class DocumentCreatedSerializer(DocumentSerializer):
    waarschuwingen = WarningSerializer(many=True, source="warnings")

    def to_representation(self, instance: Document) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["waarschuwingen"] = self.fields["waarschuwingen"].to_representation(
            instance.warnings  # type: ignore[attr-defined]
        )
        return data


class _MetadataInput(InputSerializer):
    """Values the actions check themselves, so that each mistake has one code."""

    beschrijving = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    vertrouwelijkheidaanduiding = serializers.CharField(required=False, allow_blank=True)
    status = serializers.CharField(required=False)
    auteur = serializers.CharField(required=False, allow_blank=True)
    taal = serializers.CharField(required=False, allow_blank=True)
    trefwoorden = serializers.ListField(child=serializers.CharField(), required=False)
    creatiedatum = serializers.CharField(required=False)


class DocumentCreateInputSerializer(_MetadataInput):
    ruimte = serializers.UUIDField()
    titel = serializers.CharField(allow_blank=True, trim_whitespace=False)
    inhoud = serializers.FileField(allow_empty_file=True, use_url=False)
    map = serializers.UUIDField(required=False, allow_null=True)
    bestandsnaam = serializers.CharField(required=False, trim_whitespace=False)


class DocumentUpdateInputSerializer(_MetadataInput):
    titel = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    map = serializers.UUIDField(required=False, allow_null=True)


class VersionCreateInputSerializer(InputSerializer):
    inhoud = serializers.FileField(allow_empty_file=True, use_url=False)
    bestandsnaam = serializers.CharField(required=False, trim_whitespace=False)


class UploadInputSerializer(InputSerializer):
    ruimte = serializers.UUIDField(required=False)
    document = serializers.UUIDField(required=False)
    titel = serializers.CharField(required=False, allow_blank=True)
    bestandsnaam = serializers.CharField(trim_whitespace=False)
    bestandsomvang = serializers.IntegerField()
    map = serializers.UUIDField(required=False, allow_null=True)
    beschrijving = serializers.CharField(required=False, allow_blank=True)
    vertrouwelijkheidaanduiding = serializers.CharField(required=False, allow_blank=True)


class CompleteInputSerializer(InputSerializer):
    sha256 = serializers.RegexField(
        r"^[0-9a-fA-F]{64}$",
        required=False,
        help_text="Optioneel: de SHA-256 van het hele bestand, hexadecimaal.",
    )


class PartSerializer(serializers.Serializer):
    nummer = serializers.IntegerField(source="number")
    omvang = serializers.IntegerField(source="size")
    sha256 = serializers.CharField()
    ontvangenOp = UtcDateTimeField(source="received_at")  # noqa: N815


class UploadSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    url = serializers.SerializerMethodField()
    ruimte = serializers.UUIDField(source="workspace_id")
    map = serializers.UUIDField(source="folder_id", allow_null=True)
    document = serializers.SerializerMethodField()
    titel = serializers.CharField(source="title")
    bestandsnaam = serializers.CharField(source="file_name")
    bestandsomvang = serializers.IntegerField(source="size")
    deelomvang = serializers.IntegerField(source="part_size")
    aantalDelen = serializers.IntegerField(source="part_count")  # noqa: N815
    ontvangenDelen = PartSerializer(source="parts", many=True)  # noqa: N815
    ontbrekendeDelen = serializers.SerializerMethodField()  # noqa: N815
    verlooptOp = UtcDateTimeField(source="expires_at")  # noqa: N815
    voltooidOp = UtcDateTimeField(source="completed_at", allow_null=True)  # noqa: N815

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, upload: Upload) -> str:
        return _absolute(self.context, "upload", pk=upload.pk)

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_document(self, upload: Upload) -> str | None:
        document_id = upload.document_id or (upload.result.document_id if upload.result else None)
        return _absolute(self.context, "document", pk=document_id) if document_id else None

    def get_ontbrekendeDelen(self, upload: Upload) -> list[int]:  # noqa: N802
        return [] if upload.completed_at else missing_parts(upload)
