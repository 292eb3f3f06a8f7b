"""The mailbox in the REST API: send, list, read, download, resend, handle requests."""

import uuid

from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.status import HTTP_201_CREATED

from samen.api.idempotency import idempotent
from samen.api.views import ApiView
from samen.errors import Forbidden, Invalid
from samen.exchange import access, actions, attachments, blobs, directory
from samen.exchange.models import Box
from samen.exchange.serializers import (
    ActionStatusSerializer,
    DirectoryEntrySerializer,
    MessageSerializer,
    NewMessageSerializer,
)

TAGS = ["berichten"]


class MessageListView(ApiView):
    @extend_schema(
        operation_id="berichtenList",
        summary="Berichten in de inbox of outbox",
        tags=TAGS,
        parameters=[OpenApiParameter("map", str, enum=["inbox", "outbox"], default="inbox")],
        responses=MessageSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        if not access.has_mailbox(request.user):
            raise Forbidden(_("You do not have the mailbox right."), code="mailbox_right_missing")
        box = request.query_params.get("map", Box.INBOX)
        if box not in Box.values:
            raise Invalid(_("map is inbox or outbox."), code="map_unknown", field="map")
        messages = (
            access.visible_messages(request.user)
            .filter(box=box)
            .prefetch_related("attachments")
            .order_by("-created_at", "-id")
        )
        return self.paged(messages, MessageSerializer)

    @extend_schema(
        operation_id="berichtenCreate",
        summary="Een bericht versturen",
        tags=TAGS,
        request=NewMessageSerializer,
        responses={201: MessageSerializer},
    )
    @idempotent
    def post(self, request: Request) -> Response:
        data = self.parse(NewMessageSerializer)
        sender = access.sending_organisation(request.user, data["afzender"] or None)
        # Checked before any attachment is copied, so that a wrong address
        # leaves no copied files behind; send_message reuses the route.
        receiver_oin = str(data["ontvanger"] or "").strip()
        routes = {receiver_oin: directory.route(receiver_oin)}

        files = [attachments.from_document(request.user, i) for i in data["bijlagen"]]
        files += [attachments.from_upload(f) for f in request.FILES.getlist("bestanden")]
        message = actions.send_message(
            actor=request.user,
            sender=sender,
            receiver_oin=receiver_oin,
            subject=data["onderwerp"],
            body=data["inhoud"],
            kind=data["soort"],
            confidentiality=data["vertrouwelijkheidaanduiding"],
            reply_by=data["antwoordVoor"],
            in_reply_to=data["antwoordOp"],
            attachments=files,
            routes=routes,
        )
        return self.answer(message, MessageSerializer, status=HTTP_201_CREATED)


class MessageDetailView(ApiView):
    @extend_schema(
        operation_id="berichtenRead",
        summary="Een bericht, met status en ontvangstbevestiging",
        tags=TAGS,
        responses=MessageSerializer,
    )
    def get(self, request: Request, id: uuid.UUID) -> Response:
        message = access.message_for(request.user, id)
        message = actions.mark_read(actor=request.user, message=message)
        return self.answer(message, MessageSerializer)


class AttachmentContentView(ApiView):
    @extend_schema(
        operation_id="berichtenBijlageInhoud",
        summary="De inhoud van een bijlage",
        tags=TAGS,
        responses={(200, "application/octet-stream"): OpenApiResponse(description="De bytes.")},
    )
    def get(self, request: Request, id: uuid.UUID, nummer: int) -> FileResponse:
        attachment = access.attachment_for(request.user, id, nummer)
        response = FileResponse(
            blobs.open_blob(attachment.sha256),
            as_attachment=True,
            filename=attachment.name,
            content_type=attachment.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Digest"] = f"sha-256={attachment.sha256}"
        return response


class ResendView(ApiView):
    @extend_schema(
        operation_id="berichtenOpnieuwVersturen",
        summary="Een mislukt bericht opnieuw versturen",
        tags=TAGS,
        request=None,
        responses=MessageSerializer,
    )
    @idempotent
    def post(self, request: Request, id: uuid.UUID) -> Response:
        message = access.message_for(request.user, id)
        message = actions.resend(actor=request.user, message=message)
        return self.answer(message, MessageSerializer)


class ActionStatusView(ApiView):
    @extend_schema(
        operation_id="berichtenActieStatus",
        summary="Een actieverzoek gereed melden of intrekken",
        tags=TAGS,
        request=ActionStatusSerializer,
        responses=MessageSerializer,
    )
    @idempotent
    def post(self, request: Request, id: uuid.UUID) -> Response:
        data = self.parse(ActionStatusSerializer)
        message = access.message_for(request.user, id)
        message = actions.set_action_status(
            actor=request.user, message=message, status=data["actieStatus"]
        )
        return self.answer(message, MessageSerializer)


class DirectoryView(ApiView):
    @extend_schema(
        operation_id="adresboekList",
        summary="Organisaties die berichten kunnen ontvangen",
        tags=TAGS,
        responses=DirectoryEntrySerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        entries = [
            {"oin": oin, "naam": name, "installatie": where}
            for oin, name, where in directory.known_organisations()
        ]
        return self.paged(entries, DirectoryEntrySerializer)  # type: ignore[arg-type]
