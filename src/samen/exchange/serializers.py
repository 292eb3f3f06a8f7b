"""How messages look in the API."""

from typing import Any

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from samen.api.fields import AbsoluteUrlField, UtcDateTimeField
from samen.exchange.models import ActionStatus, Box, Kind, Status
from samen.workspaces.confidentiality import Confidentiality


@extend_schema_serializer(component_name="BerichtPartij")
class PartySerializer(serializers.Serializer):
    oin = serializers.CharField(read_only=True)
    naam = serializers.CharField(read_only=True)


@extend_schema_serializer(component_name="Bijlage")
class AttachmentSerializer(serializers.Serializer):
    nummer = serializers.IntegerField(source="position", read_only=True)
    naam = serializers.CharField(source="name", read_only=True)
    mediatype = serializers.CharField(source="content_type", read_only=True)
    grootte = serializers.IntegerField(source="size", read_only=True)
    sha256 = serializers.CharField(read_only=True)
    inhoud = AbsoluteUrlField(
        "api-bericht-bijlage", lambda a: {"id": a.message_id, "nummer": a.position}
    )


@extend_schema_serializer(component_name="Bericht")
class MessageSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    url = AbsoluteUrlField("api-bericht", lambda m: {"id": m.pk})
    berichtId = serializers.UUIDField(source="message_id", read_only=True)  # noqa: N815
    map = serializers.ChoiceField(source="box", choices=Box.choices, read_only=True)
    conversatieId = serializers.UUIDField(source="conversation_id", read_only=True)  # noqa: N815
    antwoordOp = serializers.UUIDField(source="in_reply_to", read_only=True)  # noqa: N815
    soort = serializers.ChoiceField(source="kind", choices=Kind.choices, read_only=True)
    afzender = serializers.SerializerMethodField()
    ontvanger = serializers.SerializerMethodField()
    onderwerp = serializers.CharField(source="subject", read_only=True)
    inhoud = serializers.CharField(source="body", read_only=True)
    vertrouwelijkheidaanduiding = serializers.ChoiceField(
        source="confidentiality", choices=Confidentiality.choices, read_only=True
    )
    antwoordVoor = serializers.DateField(source="reply_by", read_only=True)  # noqa: N815
    verzondenOp = UtcDateTimeField(source="sent_at", read_only=True)  # noqa: N815
    ontvangenOp = UtcDateTimeField(source="received_at", read_only=True)  # noqa: N815
    gelezenOp = UtcDateTimeField(source="read_at", read_only=True)  # noqa: N815
    status = serializers.ChoiceField(choices=Status.choices, read_only=True)
    actieStatus = serializers.CharField(source="action_status", read_only=True)  # noqa: N815
    foutmelding = serializers.CharField(source="failure_reason", read_only=True)
    bijlagen = AttachmentSerializer(source="attachments.all", many=True, read_only=True)
    ontvangstbevestiging = serializers.CharField(
        source="receipt_jws", read_only=True, help_text="De ontvangstbevestiging als compacte JWS."
    )
    leesbevestiging = serializers.CharField(source="read_receipt_jws", read_only=True)

    @extend_schema_field(PartySerializer)
    def get_afzender(self, message: Any) -> dict[str, str]:
        return {"oin": message.sender_oin, "naam": message.sender_name}

    @extend_schema_field(PartySerializer)
    def get_ontvanger(self, message: Any) -> dict[str, str]:
        return {"oin": message.receiver_oin, "naam": message.receiver_name}


@extend_schema_serializer(component_name="BerichtNieuw")
class NewMessageSerializer(serializers.Serializer):
    ontvanger = serializers.CharField(max_length=20, help_text="OIN van de ontvanger.")
    onderwerp = serializers.CharField(max_length=200)
    inhoud = serializers.CharField(required=False, allow_blank=True, default="")
    soort = serializers.CharField(required=False, default=Kind.INFORMATION)
    vertrouwelijkheidaanduiding = serializers.CharField(required=False, default="intern")
    antwoordOp = serializers.UUIDField(required=False, allow_null=True, default=None)  # noqa: N815
    antwoordVoor = serializers.DateField(required=False, allow_null=True, default=None)  # noqa: N815
    afzender = serializers.CharField(required=False, allow_blank=True, default="")
    bijlagen = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        default=list,
        max_length=50,
        help_text="Ids van documenten uit een samenwerkingsruimte.",
    )


@extend_schema_serializer(component_name="ActieStatus")
class ActionStatusSerializer(serializers.Serializer):
    actieStatus = serializers.ChoiceField(  # noqa: N815
        choices=[ActionStatus.DONE, ActionStatus.WITHDRAWN]
    )


@extend_schema_serializer(component_name="AdresboekItem")
class DirectoryEntrySerializer(serializers.Serializer):
    oin = serializers.CharField(read_only=True)
    naam = serializers.CharField(read_only=True)
    installatie = serializers.CharField(read_only=True)


MAX_BUNDLE = 1000


@extend_schema_serializer(component_name="BundelBericht")
class BundleItemSerializer(serializers.Serializer):
    """A message in a bundle: the fields of a single one, without attachments (schema only)."""

    ontvanger = serializers.CharField(max_length=20, help_text="OIN van de ontvanger.")
    onderwerp = serializers.CharField(max_length=200)
    inhoud = serializers.CharField(required=False, allow_blank=True, default="")
    soort = serializers.CharField(required=False, default=Kind.INFORMATION)
    vertrouwelijkheidaanduiding = serializers.CharField(required=False, default="intern")
    antwoordOp = serializers.UUIDField(required=False, allow_null=True, default=None)  # noqa: N815
    antwoordVoor = serializers.DateField(required=False, allow_null=True, default=None)  # noqa: N815


class NewBundleSerializer(serializers.Serializer):
    afzender = serializers.CharField(required=False, allow_blank=True, default="")
    # Checked item by item in api_bulk: a serializer per item costs more than
    # storing the message, and a bundle exists to be fast.
    berichten = serializers.ListField(
        child=serializers.JSONField(), min_length=1, max_length=MAX_BUNDLE
    )


@extend_schema_serializer(component_name="BerichtenBundelVerzoek")
class BundleRequestSchema(serializers.Serializer):
    """How NewBundleSerializer's request looks in the OpenAPI document."""

    afzender = serializers.CharField(required=False, allow_blank=True)
    berichten = BundleItemSerializer(many=True)


@extend_schema_serializer(component_name="BundelResultaat")
class BundleEntrySerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    url = AbsoluteUrlField("api-bericht", lambda m: {"id": m.pk})
    berichtId = serializers.UUIDField(source="message_id", read_only=True)  # noqa: N815
    status = serializers.ChoiceField(choices=Status.choices, read_only=True)


@extend_schema_serializer(component_name="BerichtenBundel")
class BundleSerializer(serializers.Serializer):
    berichten = BundleEntrySerializer(many=True, read_only=True)
