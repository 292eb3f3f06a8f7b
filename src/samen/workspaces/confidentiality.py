"""The eight ZGW confidentiality levels (vertrouwelijkheidaanduiding), in order."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Confidentiality(models.TextChoices):
    OPENBAAR = "openbaar", _("public")
    BEPERKT_OPENBAAR = "beperkt_openbaar", _("restricted public")
    INTERN = "intern", _("internal")
    ZAAKVERTROUWELIJK = "zaakvertrouwelijk", _("case confidential")
    VERTROUWELIJK = "vertrouwelijk", _("confidential")
    CONFIDENTIEEL = "confidentieel", _("highly confidential")
    GEHEIM = "geheim", _("secret")
    ZEER_GEHEIM = "zeer_geheim", _("top secret")


# Position in this list is the level: higher means more confidential.
ORDER: list[str] = [level.value for level in Confidentiality]


def rank(level: str) -> int:
    return ORDER.index(level)


def levels_up_to(maximum: str) -> list[str]:
    """Every level a member with this maximum may see."""
    return ORDER[: rank(maximum) + 1]


def allows(maximum: str, level: str) -> bool:
    return rank(level) <= rank(maximum)
