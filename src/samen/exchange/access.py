"""Who may read and handle which mailbox, and fetching messages through that."""

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from samen.errors import Forbidden, Invalid, NotFound
from samen.exchange.models import Attachment, MailboxGrant, Message, WebhookSubscription
from samen.organisations.models import Organisation


def mailbox_organisations(user: Any) -> list[Organisation]:
    """The organisations whose mailbox this person may read and handle."""
    if not user.is_authenticated:
        return []
    ids = MailboxGrant.objects.filter(user=user).values("organisation_id")
    return list(Organisation.objects.filter(id__in=ids).order_by("name"))


def has_mailbox(user: Any) -> bool:
    return user.is_authenticated and MailboxGrant.objects.filter(user=user).exists()


def sending_organisation(user: Any, oin: str | None) -> Organisation:
    """The organisation a person sends for: the one named, or their only one."""
    return _one_of(
        mailbox_organisations(user),
        oin,
        refused=Forbidden(
            _("You may not send for organisation %(oin)s."), code="sender_not_allowed", oin=oin
        ),
        ambiguous=Invalid(
            _("You may send for more than one organisation: choose one."),
            code="sender_required",
            field="afzender",
        ),
    )


def _one_of(
    organisations: list[Organisation],
    oin: str | None,
    *,
    refused: Exception,
    ambiguous: Exception,
) -> Organisation:
    """The organisation with this OIN among the person's, or their only one.

    Sending and webhooks choose the same way; only their words differ.
    """
    if not organisations:
        raise Forbidden(_("You do not have the mailbox right."), code="mailbox_right_missing")
    if oin:
        for organisation in organisations:
            if organisation.oin == oin:
                return organisation
        raise refused
    if len(organisations) > 1:
        raise ambiguous
    return organisations[0]


def visible_messages(user: Any) -> QuerySet[Message]:
    return Message.objects.filter(organisation__in=mailbox_organisations(user))


def message_for(user: Any, message_id: uuid.UUID | str) -> Message:
    """A message of one of the person's mailboxes, or NotFound."""
    try:
        return visible_messages(user).prefetch_related("attachments").get(pk=message_id)
    except (Message.DoesNotExist, ValidationError, ValueError, TypeError):
        raise NotFound() from None


def attachment_for(user: Any, message_id: uuid.UUID | str, position: int) -> Attachment:
    message = message_for(user, message_id)
    try:
        return message.attachments.get(position=position)
    except Attachment.DoesNotExist:
        raise NotFound() from None


def webhook_organisations(user: Any) -> list[Organisation]:
    """Whose webhook subscriptions a person manages: their mailboxes, and the
    organisation they administer the mailbox of (as /berichten/rechten decides)."""
    from samen.exchange.actions.rights import may_manage_grants

    organisations = mailbox_organisations(user)
    own = getattr(user, "organisation", None) if user.is_authenticated else None
    if own is not None and own not in organisations and may_manage_grants(user, own):
        organisations.append(own)
    return organisations


def visible_subscriptions(user: Any) -> QuerySet[WebhookSubscription]:
    organisations = webhook_organisations(user)
    return WebhookSubscription.objects.filter(organisation__in=organisations).select_related(
        "organisation"
    )


def subscription_for(user: Any, subscription_id: uuid.UUID | str) -> WebhookSubscription:
    """A subscription of an organisation the person manages, or NotFound."""
    try:
        return visible_subscriptions(user).get(pk=subscription_id)
    except (WebhookSubscription.DoesNotExist, ValidationError, ValueError, TypeError):
        raise NotFound() from None


def webhook_organisation(user: Any, oin: str | None) -> Organisation:
    """The organisation a new subscription is for: the one named, or the only one."""
    return _one_of(
        webhook_organisations(user),
        oin,
        refused=Forbidden(
            _("You may not manage webhooks for organisation %(oin)s."),
            code="organisation_not_allowed",
            oin=oin,
        ),
        ambiguous=Invalid(
            _("You manage more than one organisation: choose one."),
            code="organisation_required",
            field="organisatie",
        ),
    )
