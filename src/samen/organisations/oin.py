"""The Organisatie-identificatienummer (OIN): 20 digits.

Logius hands out OINs as a fixed prefix, a source number and a suffix; the
only rule that holds for every OIN is that it is exactly 20 digits, so that is
what is checked here. A stricter check per prefix would refuse valid numbers.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

OIN_PATTERN = re.compile(r"^\d{20}$")


def validate_oin(value: str) -> None:
    if not OIN_PATTERN.fullmatch(value or ""):
        raise ValidationError(
            _("An OIN consists of exactly 20 digits; %(value)s does not."),
            code="invalid_oin",
            params={"value": value},
        )
