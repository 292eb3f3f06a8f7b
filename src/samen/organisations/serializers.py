"""How organisations and people look in the API."""

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from samen.api.fields import AbsoluteUrlField, UtcDateTimeField
from samen.organisations.models import OrganisationKind


def _organisation_url() -> AbsoluteUrlField:
    return AbsoluteUrlField("api-organisatie", lambda organisation: {"id": organisation.pk})


@extend_schema_serializer(component_name="Organisatie")
class OrganisationSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    url = _organisation_url()
    naam = serializers.CharField(source="name", read_only=True)
    oin = serializers.CharField(read_only=True, help_text="Organisatie-identificatienummer.")
    soort = serializers.ChoiceField(source="kind", choices=OrganisationKind.choices, read_only=True)
    aangemaaktOp = UtcDateTimeField(source="created_at", read_only=True)  # noqa: N815


@extend_schema_serializer(component_name="OrganisatieVerwijzing")
class OrganisationReferenceSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    url = _organisation_url()
    naam = serializers.CharField(source="name", read_only=True)
    oin = serializers.CharField(read_only=True)


@extend_schema_serializer(component_name="Persoon")
class PersonSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    naam = serializers.CharField(source="name", read_only=True)
    email = serializers.EmailField(read_only=True)
    organisatie = OrganisationReferenceSerializer(
        source="organisation", read_only=True, allow_null=True
    )
