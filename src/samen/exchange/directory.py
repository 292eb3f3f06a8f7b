"""Where an organisation's mailbox lives: here, at a trusted peer, or nowhere known."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from samen.errors import Invalid
from samen.exchange.models import Peer, PeerOrganisation
from samen.organisations.models import Organisation


@dataclass(frozen=True)
class Route:
    oin: str
    name: str
    peer: Peer | None  # None: hosted by this installation

    @property
    def is_local(self) -> bool:
        return self.peer is None


def is_hosted(oin: str) -> bool:
    configured = settings.EXCHANGE_ORGANISATIONS
    if configured and oin not in configured:
        return False
    return Organisation.objects.filter(oin=oin).exists()


def hosted_by_oin() -> dict[str, Organisation]:
    """Every organisation whose mailbox is here, by OIN (one query, for a whole batch)."""
    configured = settings.EXCHANGE_ORGANISATIONS
    organisations = Organisation.objects.all()
    if configured:
        organisations = organisations.filter(oin__in=configured)
    return {o.oin: o for o in organisations}


def route(oin: str) -> Route:
    """The route to an organisation's mailbox, or Invalid with a clear reason."""
    configured = settings.EXCHANGE_ORGANISATIONS
    local = Organisation.objects.filter(oin=oin).first()
    if local is not None and (not configured or oin in configured):
        return Route(oin, local.name, None)

    remote = PeerOrganisation.objects.select_related("peer").filter(oin=oin).first()
    if remote is not None:
        return Route(oin, remote.name, remote.peer)

    if local is not None:
        raise Invalid(
            _("Organisation %(oin)s has no mailbox at a trusted installation."),
            code="receiver_untrusted",
            field="ontvanger",
            oin=oin,
        )
    raise Invalid(
        _("No organisation with OIN %(oin)s is known."),
        code="receiver_unknown",
        field="ontvanger",
        oin=oin,
    )


def known_organisations() -> list[tuple[str, str, str]]:
    """(oin, name, where) for the directory: hosted ones first, then the peers'."""
    hosted = [
        (o.oin, o.name, _("this installation"))
        for o in Organisation.objects.order_by("name")
        if is_hosted(o.oin)
    ]
    remote = [
        (r.oin, r.name, r.peer.name)
        for r in PeerOrganisation.objects.select_related("peer").order_by("name")
    ]
    return hosted + remote
