"""How workspaces, templates, members and invitations look in the API.

Output serializers are read-only; input serializers check only the shape of
a body. The rules (lengths, allowed roles, who may grant what) live in
samen.workspaces.actions, which answer with stable codes.
"""

import uuid

from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from samen.api.fields import AbsoluteUrlField, CodedChoiceField, UtcDateTimeField
from samen.api.serializers import InputSerializer
from samen.organisations.oin import OIN_PATTERN
from samen.organisations.serializers import OrganisationReferenceSerializer, PersonSerializer
from samen.workspaces.confidentiality import Confidentiality
from samen.workspaces.models import Invitation, Phase, Role, Status, Template

# Templates are keyed by slug; their `id` is derived from it, so that it is
# the same on every installation that has the template.
TEMPLATE_NAMESPACE = uuid.UUID("6f1d3c52-8f0e-4c55-9a51-5a6d3e0b7c21")


def template_id(template: Template) -> uuid.UUID:
    return uuid.uuid5(TEMPLATE_NAMESPACE, template.slug)


def _level_field(**kwargs: object) -> CodedChoiceField:
    return CodedChoiceField(
        choices=Confidentiality.choices, code="confidentiality_unknown", **kwargs
    )


def _role_field(**kwargs: object) -> CodedChoiceField:
    return CodedChoiceField(choices=Role.choices, code="role_unknown", **kwargs)


@extend_schema_serializer(component_name="Sjabloon")
class TemplateSerializer(serializers.Serializer):
    id = serializers.SerializerMethodField()
    url = AbsoluteUrlField("api-sjabloon", lambda template: {"slug": template.slug})
    slug = serializers.SlugField(read_only=True)
    naam = serializers.SerializerMethodField()
    beschrijving = serializers.SerializerMethodField()
    fasen = serializers.ListField(source="phases", child=serializers.CharField(), read_only=True)
    standaardFase = serializers.CharField(source="default_phase", read_only=True)  # noqa: N815
    mappen = serializers.ListField(source="folders", child=serializers.CharField(), read_only=True)

    @extend_schema_field(serializers.UUIDField())
    def get_id(self, template: Template) -> uuid.UUID:
        return template_id(template)

    def get_naam(self, template: Template) -> str:
        return template.localised("name", translation.get_language() or "nl")

    def get_beschrijving(self, template: Template) -> str:
        return template.localised("description", translation.get_language() or "nl")


@extend_schema_serializer(component_name="Toegang")
class AccessSerializer(serializers.Serializer):
    rol = serializers.ChoiceField(source="role", choices=Role.choices, read_only=True)
    maxVertrouwelijkheidaanduiding = serializers.ChoiceField(  # noqa: N815
        source="max_confidentiality", choices=Confidentiality.choices, read_only=True
    )


@extend_schema_serializer(component_name="Ruimte")
class WorkspaceSerializer(serializers.Serializer):
    # Serialises the caller's Access, which holds the workspace, so that the
    # caller's own role comes along without another query.
    id = serializers.UUIDField(source="workspace.id", read_only=True)
    url = AbsoluteUrlField("api-ruimte", lambda access: {"id": access.workspace.pk})
    naam = serializers.CharField(source="workspace.name", read_only=True)
    beschrijving = serializers.CharField(source="workspace.description", read_only=True)
    sjabloon = serializers.CharField(source="workspace.template_id", read_only=True)
    fase = serializers.ChoiceField(source="workspace.phase", choices=Phase.choices, read_only=True)
    status = serializers.ChoiceField(
        source="workspace.status", choices=Status.choices, read_only=True
    )
    eigenaar = OrganisationReferenceSerializer(source="workspace.owner", read_only=True)
    toegang = AccessSerializer(source="*", read_only=True, help_text="Wat u hier mag.")
    aangemaaktOp = UtcDateTimeField(source="workspace.created_at", read_only=True)  # noqa: N815


@extend_schema_serializer(component_name="RuimteNieuw")
class WorkspaceCreateSerializer(InputSerializer):
    naam = serializers.CharField(
        allow_blank=True, allow_null=True, trim_whitespace=False, help_text="1 tot 200 tekens."
    )
    sjabloon = serializers.CharField(help_text="De slug van een sjabloon, zie /sjablonen.")
    beschrijving = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, help_text="Hoogstens 5000 tekens."
    )
    fase = CodedChoiceField(choices=Phase.choices, code="phase_unknown", required=False)


@extend_schema_serializer(component_name="RuimteWijziging")
class WorkspaceUpdateSerializer(InputSerializer):
    naam = serializers.CharField(
        allow_blank=True, allow_null=True, trim_whitespace=False, required=False
    )
    beschrijving = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    fase = CodedChoiceField(choices=Phase.choices, code="phase_unknown", required=False)
    status = CodedChoiceField(choices=Status.choices, code="status_unknown", required=False)


@extend_schema_serializer(component_name="Lid")
class MembershipSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    url = AbsoluteUrlField(
        "api-lid", lambda membership: {"id": membership.workspace_id, "lidId": membership.pk}
    )
    persoon = PersonSerializer(source="user", read_only=True, allow_null=True)
    organisatie = OrganisationReferenceSerializer(
        source="organisation", read_only=True, allow_null=True
    )
    rol = serializers.ChoiceField(source="role", choices=Role.choices, read_only=True)
    maxVertrouwelijkheidaanduiding = serializers.ChoiceField(  # noqa: N815
        source="max_confidentiality", choices=Confidentiality.choices, read_only=True
    )
    aangemaaktOp = UtcDateTimeField(source="created_at", read_only=True)  # noqa: N815


@extend_schema_serializer(component_name="LidNieuw")
class MembershipCreateSerializer(InputSerializer):
    rol = _role_field()
    email = serializers.CharField(
        required=False, help_text="Het e-mailadres van een persoon met een account."
    )
    organisatie = serializers.CharField(
        required=False, help_text="Het OIN van een organisatie: al haar mensen worden lid."
    )
    maxVertrouwelijkheidaanduiding = _level_field(required=False)  # noqa: N815

    def validate_organisatie(self, value: str) -> str:
        if not OIN_PATTERN.fullmatch(value):
            raise serializers.ValidationError(
                _("An OIN consists of exactly 20 digits; %(value)s does not.") % {"value": value},
                code="oin_invalid",
            )
        return value

    def validate(self, attrs: dict[str, object]) -> dict[str, object]:
        if ("email" in attrs) == ("organisatie" in attrs):
            raise serializers.ValidationError(
                _("Give either an e-mail address (a person) or an OIN (an organisation)."),
                code="person_or_organisation",
            )
        return attrs


@extend_schema_serializer(component_name="LidWijziging")
class MembershipUpdateSerializer(InputSerializer):
    rol = _role_field(required=False)
    maxVertrouwelijkheidaanduiding = _level_field(required=False)  # noqa: N815


@extend_schema_serializer(component_name="Uitnodiging")
class InvitationSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    url = AbsoluteUrlField(
        "api-uitnodiging",
        lambda invitation: {"id": invitation.workspace_id, "uitnodigingId": invitation.pk},
    )
    email = serializers.EmailField(read_only=True)
    rol = serializers.ChoiceField(source="role", choices=Role.choices, read_only=True)
    maxVertrouwelijkheidaanduiding = serializers.ChoiceField(  # noqa: N815
        source="max_confidentiality", choices=Confidentiality.choices, read_only=True
    )
    status = serializers.SerializerMethodField()
    aangemaaktOp = UtcDateTimeField(source="created_at", read_only=True)  # noqa: N815
    verlooptOp = UtcDateTimeField(source="expires_at", read_only=True)  # noqa: N815

    @extend_schema_field(
        serializers.ChoiceField(choices=["open", "geaccepteerd", "ingetrokken", "verlopen"])
    )
    def get_status(self, invitation: Invitation) -> str:
        if invitation.accepted_at is not None:
            return "geaccepteerd"
        if invitation.revoked_at is not None:
            return "ingetrokken"
        return "open" if invitation.is_usable else "verlopen"


@extend_schema_serializer(component_name="UitnodigingNieuw")
class InvitationCreateSerializer(InputSerializer):
    email = serializers.CharField()
    rol = _role_field()
    maxVertrouwelijkheidaanduiding = _level_field(required=False)  # noqa: N815
