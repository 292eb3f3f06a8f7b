"""How audit entries look in the API."""

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from samen.api.fields import AbsoluteUrlField, UtcDateTimeField


@extend_schema_serializer(component_name="Actor")
class ActorSerializer(serializers.Serializer):
    id = serializers.CharField(
        source="actor_id", read_only=True, help_text="Leeg voor het systeem."
    )
    naam = serializers.CharField(source="actor_name", read_only=True)
    organisatie = serializers.CharField(
        source="actor_organisation_oin", read_only=True, help_text="Het OIN, of leeg."
    )


@extend_schema_serializer(component_name="AudittrailRegel")
class AuditEntrySerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    url = AbsoluteUrlField(
        "api-audittrail-regel", lambda entry: {"id": entry.workspace_id, "regelId": entry.id}
    )
    positie = serializers.IntegerField(source="position", read_only=True)
    tijdstip = UtcDateTimeField(source="occurred_at", read_only=True)
    actor = ActorSerializer(source="*", read_only=True)
    actie = serializers.CharField(source="action", read_only=True)
    objectType = serializers.CharField(source="object_type", read_only=True)  # noqa: N815
    objectId = serializers.CharField(source="object_id", read_only=True)  # noqa: N815
    wijzigingen = serializers.JSONField(
        source="changes", read_only=True, help_text="Per veld de oude en de nieuwe waarde."
    )
    requestId = serializers.CharField(source="request_id", read_only=True)  # noqa: N815
    hash = serializers.CharField(read_only=True, help_text="SHA-256 van de canonieke JSON.")
    vorigeHash = serializers.CharField(source="previous_hash", read_only=True)  # noqa: N815
