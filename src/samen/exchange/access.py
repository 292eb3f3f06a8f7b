"""Who may read and handle which mailbox, and fetching messages through that."""

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from samen.errors import Forbidden, Invalid, NotFound
from samen.exchange.models import Attachment, MailboxGrant, Message
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
    organisations = mailbox_organisations(user)
    if not organisations:
        raise Forbidden(_("You do not have the mailbox right."), code="mailbox_right_missing")
    if oin:
        for organisation in organisations:
            if organisation.oin == oin:
                return organisation
        raise Forbidden(
            _("You may not send for organisation %(oin)s."), code="sender_not_allowed", oin=oin
        )
    if len(organisations) > 1:
        raise Invalid(
            _("You may send for more than one organisation: choose one."),
            code="sender_required",
            field="afzender",
        )
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
