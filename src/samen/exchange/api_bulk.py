"""Sending many messages in one request, for an organisation's own systems.

A bundle is all or nothing: every message is checked first, and one bad
message refuses the whole bundle with an invalidParams entry per mistake
(`[3].ontvanger`), so that a system can correct and send it again without
working out which half was stored. The messages, their outbox entries and an
audit entry each are written in one transaction.
"""

from typing import Any

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
from samen.exchange.serializers import BundleItemSerializer, BundleSerializer, NewBundleSerializer
from samen.organisations.models import Organisation, User


class BundleView(ApiView):
    @extend_schema(
        operation_id="berichtenBundelsCreate",
        summary="Een bundel berichten versturen, alles of niets",
        tags=["berichten"],
        request=NewBundleSerializer,
        responses={201: BundleSerializer},
    )
    @idempotent
    def post(self, request: Request) -> Response:
        data = self.parse(NewBundleSerializer)
        sender = access.sending_organisation(request.user, data["afzender"] or None)

        prepared = _prepare_all(request.user, sender, data["berichten"])
        store_prepared(actor=request.user, prepared=prepared)

        messages = [p.message for p in prepared]
        for message in messages:
            # Nothing to prefetch: a bundle carries no attachments.
            message._prefetched_objects_cache = {"attachments": message.attachments.none()}
        body = BundleSerializer({"berichten": messages}, context=self.get_serializer_context())
        return Response(body.data, status=HTTP_201_CREATED)


def _prepare_all(user: User, sender: Organisation, items: list[Any]) -> list[Prepared]:
    prepared, errors, routes = [], {}, {}
    for number, item in enumerate(items):
        try:
            prepared.append(_prepare(user, sender, item, routes))
        except ValidationError as invalid:
            for field, details in _fields(invalid.detail).items():
                errors[f"[{number}].{field}"] = details
        except Invalid as invalid:
            name = f"[{number}].{invalid.field}" if invalid.field else f"[{number}]"
            errors[name] = [ErrorDetail(invalid.message, code=invalid.code)]
    if errors:
        raise ValidationError(errors)
    return prepared


def _fields(detail: Any) -> dict[str, Any]:
    return detail if isinstance(detail, dict) else {"nonFieldErrors": detail}


def _prepare(
    user: User, sender: Organisation, item: Any, routes: dict[str, directory.Route]
) -> Prepared:
    if not isinstance(item, dict):
        raise Invalid(_("Each message is an object."), code="not_an_object")
    serializer = BundleItemSerializer(data=item)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    return prepare_message(
        actor=user,
        sender=sender,
        receiver_oin=data["ontvanger"],
        subject=data["onderwerp"],
        body=data["inhoud"],
        kind=data["soort"],
        confidentiality=data["vertrouwelijkheidaanduiding"],
        reply_by=data["antwoordVoor"],
        in_reply_to=data["antwoordOp"],
        routes=routes,
    )
