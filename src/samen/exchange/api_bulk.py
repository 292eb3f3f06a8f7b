"""Sending many messages in one request, for an organisation's own systems.

A bundle is all or nothing: every message is checked first, and one bad
message refuses the whole bundle with an invalidParams entry per mistake
(`[3].ontvanger`), so that a system can correct and send it again without
working out which half was stored. The messages, their outbox entries and an
audit entry each are written in one transaction.
"""

from datetime import date
from typing import Any, cast

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.status import HTTP_201_CREATED

from samen.api.idempotency import idempotent
from samen.api.views import ApiView
from samen.errors import Invalid
from samen.exchange import access, directory
from samen.exchange.actions.messages import Prepared, prepare_message, store_prepared
from samen.exchange.models import Kind
from samen.exchange.serializers import (
    BundleRequestSchema,
    BundleSerializer,
    NewBundleSerializer,
)
from samen.organisations.models import Organisation, User


class BundleView(ApiView):
    @extend_schema(
        operation_id="berichtenBundelsCreate",
        summary="Een bundel berichten versturen, alles of niets",
        description="Elk bericht heeft de velden van een enkel bericht, zonder bijlagen. "
        "Het antwoord noemt per bericht id, url, berichtId en status, in dezelfde volgorde.",
        tags=["berichten"],
        request=BundleRequestSchema,
        responses={201: BundleSerializer},
    )
    @idempotent
    def post(self, request: Request) -> Response:
        data = self.parse(NewBundleSerializer)
        sender = access.sending_organisation(request.user, data["afzender"] or None)
        # Only a signed-in person holds a mailbox right, so this is a User.
        user = cast(User, request.user)

        prepared = _prepare_all(user, sender, data["berichten"])
        store_prepared(actor=user, prepared=prepared)

        messages = {"berichten": [p.message for p in prepared]}
        body = BundleSerializer(messages, context=self.get_serializer_context())
        return Response(body.data, status=HTTP_201_CREATED)


def _prepare_all(user: User, sender: Organisation, items: list[Any]) -> list[Prepared]:
    prepared: list[Prepared] = []
    errors: dict[str, list[ErrorDetail]] = {}
    routes: dict[str, directory.Route] = {}
    for number, item in enumerate(items):
        try:
            prepared.append(_prepare(user, sender, item, routes))
        except Invalid as invalid:
            name = f"[{number}].{invalid.field}" if invalid.field else f"[{number}]"
            errors[name] = [ErrorDetail(invalid.message, code=invalid.code)]
    if errors:
        # The API's handler turns these into invalidParams, one per mistake.
        raise ValidationError(errors)
    return prepared


def _prepare(
    user: User, sender: Organisation, item: Any, routes: dict[str, directory.Route]
) -> Prepared:
    if not isinstance(item, dict):
        raise Invalid(_("Each message is an object."), code="not_an_object")
    return prepare_message(
        actor=user,
        sender=sender,
        receiver_oin=_text(item, "ontvanger", 20),
        subject=_text(item, "onderwerp", 200),
        body=_text(item, "inhoud", 100_000),
        kind=item.get("soort", Kind.INFORMATION),
        confidentiality=item.get("vertrouwelijkheidaanduiding", "intern"),
        reply_by=_date(item, "antwoordVoor"),
        in_reply_to=item.get("antwoordOp"),
        routes=routes,
    )


def _text(item: dict[str, Any], field: str, maximum: int) -> str:
    value = item.get(field, "")
    if not isinstance(value, str) or len(value) > maximum:
        raise Invalid(
            _("%(name)s is a text of at most %(max)s characters."),
            code="text_invalid",
            field=field,
            name=field,
            max=maximum,
        )
    return value


def _date(item: dict[str, Any], field: str) -> date | None:
    value = item.get(field)
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise Invalid(
            _("%(name)s is a date (YYYY-MM-DD)."), code="date_invalid", field=field, name=field
        ) from None
