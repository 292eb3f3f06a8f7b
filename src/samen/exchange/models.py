"""The exchange's data: messages with their attachments and outbox entries,
trusted peer installations, this installation's keys, and the logs.

A message exists once per side: the sender's copy lives in the sender's
outbox, the receiver's copy in the receiver's inbox, both with the same
message_id. Inside one installation both copies are rows of this table.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.exchange.ids import uuid7
from samen.organisations.models import Organisation
from samen.workspaces.confidentiality import Confidentiality


class Box(models.TextChoices):
    INBOX = "inbox", _("inbox")
    OUTBOX = "outbox", _("outbox")


class Kind(models.TextChoices):
    INFORMATION = "informatie", _("information")
    REQUEST = "verzoek", _("action request")
    ANSWER = "antwoord", _("answer")


class Status(models.TextChoices):
    QUEUED = "wachtrij", _("queued")
    SENT = "verzonden", _("sent")
    DELIVERED = "afgeleverd", _("delivered")
    READ = "gelezen", _("read")
    FAILED = "mislukt", _("failed")
    RECEIVED = "ontvangen", _("received")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "gereed", _("done")
    WITHDRAWN = "ingetrokken", _("withdrawn")


class Message(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    message_id = models.UUIDField(default=uuid7, editable=False)
    box = models.CharField(max_length=8, choices=Box.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="messages"
    )
    sender_oin = models.CharField(max_length=20)
    sender_name = models.CharField(max_length=200)
    receiver_oin = models.CharField(max_length=20)
    receiver_name = models.CharField(max_length=200)
    conversation_id = models.UUIDField()
    in_reply_to = models.UUIDField(null=True, blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.INFORMATION)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    confidentiality = models.CharField(max_length=20, choices=Confidentiality.choices)
    reply_by = models.DateField(null=True, blank=True)
    sent_at = models.DateTimeField(default=timezone.now)
    received_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices)
    action_status = models.CharField(max_length=12, choices=ActionStatus.choices, blank=True)
    failure_reason = models.TextField(blank=True)
    envelope_sha256 = models.CharField(max_length=64, blank=True)
    # The outbox copy keeps the receipt it got; the inbox copy the one it gave.
    receipt_jws = models.TextField(blank=True)
    read_receipt_jws = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            # The receiver's de-duplication: one inbox copy per sender and id.
            models.UniqueConstraint(
                fields=["box", "sender_oin", "message_id"], name="exchange_message_once"
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "box", "-created_at"]),
            models.Index(fields=["conversation_id"]),
        ]

    def __str__(self) -> str:
        return self.subject


class Attachment(models.Model):
    """An attachment's metadata; its bytes live in the blob store under sha256."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["message", "position"], name="exchange_attachment_pos")
        ]
        # The cleanup asks, for every blob on disk, whether a row names it.
        indexes = [models.Index(fields=["sha256"], name="exchange_attachment_sha256")]

    def __str__(self) -> str:
        return self.name


class DeliveryKind(models.TextChoices):
    MESSAGE = "bericht", _("message")
    STATUS = "status", _("status change")


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("pending")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class Peer(models.Model):
    """Another installation, trusted from its contact card."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    url = models.URLField(max_length=500, unique=True)
    card = models.JSONField()
    trusted_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class KeyStatus(models.TextChoices):
    ACTIVE = "actief", _("active")
    RETIRED = "uitgefaseerd", _("retired")


class PeerKey(models.Model):
    kid = models.CharField(max_length=64, primary_key=True)
    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="keys")
    jwk = models.JSONField()
    status = models.CharField(max_length=16, choices=KeyStatus.choices)

    def __str__(self) -> str:
        return self.kid


class PeerOrganisation(models.Model):
    oin = models.CharField(max_length=20, primary_key=True)
    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Delivery(models.Model):
    """An outbox entry: one thing to carry to one receiver, at least once.

    peer is empty when the receiver is hosted by this installation; the same
    receiving code then runs in-process, receipts included.
    """

    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(max_length=8, choices=DeliveryKind.choices)
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="deliveries")
    receiver_oin = models.CharField(max_length=20)
    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, null=True, blank=True)
    signal = models.TextField(blank=True, help_text="A status change, as a JWS.")
    state = models.CharField(
        max_length=8, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    lease_until = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(state="pending"),
                name="exchange_delivery_due",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.message_id} → {self.receiver_oin}"


class SigningKey(models.Model):
    """One of this installation's Ed25519 keys.

    Kept in the database rather than a file so that every web and worker
    process of a multi-machine installation signs with the same key; retired
    keys stay so that receipts they signed still verify.
    """

    kid = models.CharField(max_length=64, primary_key=True)
    private_pem = models.TextField()
    public_jwk = models.JSONField()
    status = models.CharField(max_length=16, choices=KeyStatus.choices)
    created_at = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # Two processes making the first key at once: one of them loses.
            models.UniqueConstraint(
                fields=["status"], condition=Q(status="actief"), name="exchange_one_active_key"
            )
        ]

    def __str__(self) -> str:
        return self.kid


class SeenNonce(models.Model):
    """Nonces of accepted requests, kept for the replay window."""

    id = models.BigAutoField(primary_key=True)
    kid = models.CharField(max_length=64)
    nonce = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kid", "nonce"], name="exchange_nonce_once")]

    def __str__(self) -> str:
        return self.nonce


class Direction(models.TextChoices):
    OUT = "uit", _("outgoing")
    IN = "in", _("incoming")


class TransactionLog(models.Model):
    """Every request between installations, written before it is sent or accepted."""

    id = models.BigAutoField(primary_key=True)
    direction = models.CharField(max_length=4, choices=Direction.choices)
    peer_url = models.CharField(max_length=500)
    kid = models.CharField(max_length=64, blank=True)
    method = models.CharField(max_length=8)
    target = models.CharField(max_length=1000)
    content_digest = models.CharField(max_length=120, blank=True)
    message_ids = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.direction} {self.method} {self.target}"


class MailboxGrant(models.Model):
    """The right to read and handle an organisation's mailbox."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mailbox_grants"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="mailbox_grants"
    )
    # The organisation's mailbox administrator: may grant the right to others.
    manager = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="exchange_grant_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.organisation_id}"


class WebhookEventType(models.TextChoices):
    RECEIVED = "nl.samen.bericht.ontvangen", _("message received")
    DELIVERED = "nl.samen.bericht.afgeleverd", _("message delivered")
    FAILED = "nl.samen.bericht.mislukt", _("message failed")


def all_event_types() -> list[str]:
    return list(WebhookEventType.values)


class WebhookSubscription(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="exchange_webhooks"
    )
    url = models.URLField(max_length=500)
    secret = models.CharField(max_length=100)
    # The event types (WebhookEventType values) the subscriber wants.
    event_types = models.JSONField(default=all_event_types)
    # While paused nothing is queued, and what was queued before waits.
    paused_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.url

    @property
    def paused(self) -> bool:
        return self.paused_at is not None

    def event_labels(self) -> list[str]:
        labels = dict(WebhookEventType.choices)
        return [str(labels.get(event, event)) for event in self.event_types]


class WebhookEvent(models.Model):
    id = models.BigAutoField(primary_key=True)
    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="events"
    )
    event = models.JSONField()
    state = models.CharField(
        max_length=8, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.event.get("id", self.pk))

    def type_label(self) -> str:
        event_type = str(self.event.get("type", ""))
        return str(dict(WebhookEventType.choices).get(event_type, event_type))
