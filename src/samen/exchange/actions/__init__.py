"""Every change to the exchange; each takes a keyword-only actor and records it."""

from samen.exchange.actions.messages import (
    NewAttachment,
    mark_read,
    resend,
    send_message,
    set_action_status,
)
from samen.exchange.actions.rights import (
    grant_mailbox,
    may_manage_grants,
    revoke_mailbox,
    set_mailbox_right,
)
from samen.exchange.actions.webhooks import set_paused, subscribe, unsubscribe

__all__ = [
    "NewAttachment",
    "grant_mailbox",
    "mark_read",
    "may_manage_grants",
    "resend",
    "revoke_mailbox",
    "send_message",
    "set_action_status",
    "set_mailbox_right",
    "set_paused",
    "subscribe",
    "unsubscribe",
]
