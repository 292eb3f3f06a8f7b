"""Webhook subscriptions for mailbox events (CloudEvents NL GOV)."""

import uuid

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.status import HTTP_201_CREATED

from samen.api.fields import AbsoluteUrlField, UtcDateTimeField
from samen.api.idempotency import idempotent
from samen.api.views import ApiView
from samen.errors import Forbidden
from samen.exchange import access, actions
from samen.exchange.models import WebhookEventType, WebhookSubscription

TAGS = ["berichten"]


@extend_schema_serializer(component_name="Abonnement")
class SubscriptionSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    url = AbsoluteUrlField("api-abonnement", lambda s: {"id": s.pk})
    callbackUrl = serializers.URLField(source="url", read_only=True)  # noqa: N815
    organisatie = serializers.CharField(source="organisation.oin", read_only=True)
    gebeurtenissen = serializers.ListField(
        source="event_types", child=serializers.CharField(), read_only=True
    )
    gepauzeerd = serializers.BooleanField(source="paused", read_only=True)
    aangemaaktOp = UtcDateTimeField(source="created_at", read_only=True)  # noqa: N815


@extend_schema_serializer(component_name="AbonnementNieuw")
class NewSubscriptionSerializer(serializers.Serializer):
    callbackUrl = serializers.CharField(max_length=500)  # noqa: N815
    organisatie = serializers.CharField(required=False, allow_blank=True, default="")
    gebeurtenissen = serializers.ListField(
        child=serializers.CharField(max_length=100),
        required=False,
        help_text="Standaard alle: " + ", ".join(WebhookEventType.values),
    )


@extend_schema_serializer(component_name="AbonnementWijziging")
class SubscriptionChangeSerializer(serializers.Serializer):
    gepauzeerd = serializers.BooleanField()


def _subscriptions(request: Request) -> QuerySet[WebhookSubscription]:
    return access.visible_subscriptions(request.user)


def _subscription(request: Request, id: uuid.UUID) -> WebhookSubscription:
    return access.subscription_for(request.user, id)


class SubscriptionListView(ApiView):
    @extend_schema(
        operation_id="abonnementenList",
        summary="Webhook-abonnementen op berichtgebeurtenissen",
        tags=TAGS,
        responses=SubscriptionSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        if not access.webhook_organisations(request.user):
            raise Forbidden(_("You do not have the mailbox right."), code="mailbox_right_missing")
        return self.paged(_subscriptions(request).order_by("created_at"), SubscriptionSerializer)

    @extend_schema(
        operation_id="abonnementenCreate",
        summary="Een webhook-abonnement nemen",
        description="Het antwoord bevat eenmalig het geheim voor de HMAC-handtekening.",
        tags=TAGS,
        request=NewSubscriptionSerializer,
        responses={201: SubscriptionSerializer},
    )
    @idempotent
    def post(self, request: Request) -> Response:
        data = self.parse(NewSubscriptionSerializer)
        organisation = access.webhook_organisation(request.user, data["organisatie"] or None)
        subscription, secret = actions.subscribe(
            actor=self.actor,
            organisation=organisation,
            url=data["callbackUrl"],
            event_types=data.get("gebeurtenissen"),
        )
        response = self.answer(subscription, SubscriptionSerializer, status=HTTP_201_CREATED)
        response.data["geheim"] = secret
        return response


class SubscriptionDetailView(ApiView):
    @extend_schema(
        operation_id="abonnementenRead",
        summary="Een webhook-abonnement",
        tags=TAGS,
        responses=SubscriptionSerializer,
    )
    def get(self, request: Request, id: uuid.UUID) -> Response:
        return self.answer(_subscription(request, id), SubscriptionSerializer)

    @extend_schema(
        operation_id="abonnementenPartialUpdate",
        summary="Een webhook-abonnement pauzeren of hervatten",
        description="Gepauzeerd wordt niets in de wachtrij gezet; wat al klaarstond, wacht.",
        tags=TAGS,
        request=SubscriptionChangeSerializer,
        responses=SubscriptionSerializer,
    )
    def patch(self, request: Request, id: uuid.UUID) -> Response:
        subscription = _subscription(request, id)
        data = self.parse(SubscriptionChangeSerializer)
        actions.set_paused(actor=self.actor, subscription=subscription, paused=data["gepauzeerd"])
        return self.answer(subscription, SubscriptionSerializer)

    @extend_schema(
        operation_id="abonnementenDelete",
        summary="Een webhook-abonnement opzeggen",
        tags=TAGS,
        responses={204: None},
    )
    def delete(self, request: Request, id: uuid.UUID) -> Response:
        subscription = _subscription(request, id)
        actions.unsubscribe(actor=self.actor, subscription=subscription)
        return self.gone()
