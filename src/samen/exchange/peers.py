"""Trusting peer installations from their contact cards."""

import logging
from typing import Any
from urllib.parse import urlparse

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samen.audit.actions import created, record
from samen.errors import Invalid
from samen.exchange import jws
from samen.exchange.models import KeyStatus, Peer, PeerKey, PeerOrganisation

logger = logging.getLogger(__name__)


def _checked_card(card: Any) -> tuple[str, str, list[dict[str, Any]], list[dict[str, Any]]]:
    if not isinstance(card, dict):
        raise Invalid(_("A contact card is a JSON object."), code="card_invalid")
    url = str(card.get("url") or "")
    if urlparse(url).scheme not in ("http", "https") or not urlparse(url).netloc:
        raise Invalid(_("The card has no valid url."), code="card_invalid")
    organisations = card.get("organisaties")
    sleutels = card.get("sleutels")
    if not isinstance(organisations, list) or not isinstance(sleutels, list) or not sleutels:
        raise Invalid(_("The card needs organisaties and sleutels."), code="card_invalid")
    for organisation in organisations:
        oin = str(organisation.get("oin", "")) if isinstance(organisation, dict) else ""
        if len(oin) != 20 or not oin.isdigit():
            raise Invalid(_("The card lists an invalid OIN."), code="card_invalid")
    for key in sleutels:
        try:
            jws.key_from_jwk(key)
        except (jws.JwsError, AttributeError, TypeError, ValueError) as exc:
            raise Invalid(
                _("The card holds a key that cannot be used: %(why)s."),
                code="card_invalid",
                why=str(exc),
            ) from None
    return url.rstrip("/"), str(card.get("naam") or url), organisations, sleutels


def trust(*, actor: Any, card: Any, own_oins: set[str]) -> Peer:
    """Trust a peer, or refresh one already trusted (its url is the key)."""
    url, name, organisations, sleutels = _checked_card(card)
    claimed = {o["oin"] for o in organisations} & own_oins
    if claimed:
        raise Invalid(
            _("The card claims organisations this installation hosts: %(oins)s."),
            code="card_claims_own",
            oins=", ".join(sorted(claimed)),
        )

    with transaction.atomic():
        peer, made = Peer.objects.update_or_create(
            url=url, defaults={"name": name, "card": card, "updated_at": timezone.now()}
        )
        _replace_keys(peer, sleutels)
        peer.organisations.all().delete()
        PeerOrganisation.objects.filter(oin__in=[o["oin"] for o in organisations]).delete()
        PeerOrganisation.objects.bulk_create(
            PeerOrganisation(peer=peer, oin=o["oin"], name=str(o.get("naam") or o["oin"]))
            for o in organisations
        )
        record(
            actor=actor,
            action="exchange.peer_trusted",
            object_type="peer",
            object_id=peer.pk,
            changes=created(
                {
                    "url": url,
                    "new": made,
                    "keys": [k["kid"] for k in sleutels if "kid" in k],
                    "organisations": [o["oin"] for o in organisations],
                }
            ),
        )
    logger.info("Trusted peer %s with %s keys", url, len(sleutels))
    return peer


def _replace_keys(peer: Peer, sleutels: list[dict[str, Any]]) -> None:
    # Keys the peer no longer lists are kept as retired: receipts they
    # signed must keep verifying here.
    listed = set()
    for key in sleutels:
        kid = jws.thumbprint(key)
        listed.add(kid)
        status = (
            KeyStatus.ACTIVE
            if key.get("status", KeyStatus.ACTIVE) == KeyStatus.ACTIVE
            else (KeyStatus.RETIRED)
        )
        jwk = {name: key[name] for name in ("kty", "crv", "x")} | {"kid": kid}
        PeerKey.objects.update_or_create(
            kid=kid, defaults={"peer": peer, "jwk": jwk, "status": status}
        )
    peer.keys.exclude(kid__in=listed).update(status=KeyStatus.RETIRED)
