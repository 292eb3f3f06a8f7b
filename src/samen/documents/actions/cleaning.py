"""Checking the values a caller gives, before anything is stored.

Each function returns the clean value or raises Invalid/Forbidden with a
stable code and the API field name it concerns.
"""

import datetime
import re
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from samen.documents.models import DocumentStatus
from samen.errors import Forbidden, Invalid
from samen.organisations.oin import validate_oin
from samen.workspaces.access import Access
from samen.workspaces.confidentiality import ORDER, Confidentiality, rank

TITLE_MAX = 200
DESCRIPTION_MAX = 5000
FILE_NAME_MAX = 255
AUTHOR_MAX = 200
KEYWORDS_MAX = 50
KEYWORD_MAX = 100
DEFAULT_LEVEL = Confidentiality.INTERN
_LANGUAGE = re.compile(r"^[a-z]{3}$")


def clean_text(value: Any, *, field: str, maximum: int, required: bool) -> str:
    text = str(value if value is not None else "").strip()
    if required and not text:
        raise Invalid(_("This field is required."), code=f"{field}_required", field=field)
    if len(text) > maximum:
        raise Invalid(
            _("This field has at most %(max)s characters."),
            code=f"{field}_too_long",
            field=field,
            max=maximum,
        )
    return text


def clean_title(value: Any) -> str:
    return clean_text(value, field="titel", maximum=TITLE_MAX, required=True)


def clean_description(value: Any) -> str:
    return clean_text(value, field="beschrijving", maximum=DESCRIPTION_MAX, required=False)


def clean_author(value: Any) -> str:
    return clean_text(value, field="auteur", maximum=AUTHOR_MAX, required=True)


def clean_file_name(value: Any) -> str:
    """A file name as given, or an error: never silently changed into another name."""
    name = str(value or "")
    if not name.strip():
        raise Invalid(
            _("A file name is required."), code="file_name_required", field="bestandsnaam"
        )
    if len(name) > FILE_NAME_MAX:
        raise Invalid(
            _("A file name has at most %(max)s characters."),
            code="file_name_too_long",
            field="bestandsnaam",
            max=FILE_NAME_MAX,
        )
    if "/" in name or "\\" in name or name.strip() in {".", ".."}:
        raise Invalid(
            _("A file name cannot contain a path."), code="file_name_path", field="bestandsnaam"
        )
    # Category C covers control, format (such as right-to-left overrides that
    # disguise an extension), surrogate and unassigned characters.
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise Invalid(
            _("A file name cannot contain control characters."),
            code="file_name_control_characters",
            field="bestandsnaam",
        )
    return name


def clean_size(size: int) -> int:
    # Empty files are refused everywhere: a document without content is almost
    # always a mistake (an interrupted export, the wrong file picked).
    if size <= 0:
        raise Invalid(_("The file is empty."), code="file_empty", field="inhoud")
    return size


def clean_level(value: Any, access: Access, *, required: bool = False) -> str:
    """A confidentiality the caller may give; without one, intern or the caller's maximum."""
    if value in (None, "") and not required:
        own = access.max_confidentiality
        return str(DEFAULT_LEVEL if rank(DEFAULT_LEVEL) <= rank(own) else own)
    if value not in ORDER:
        raise Invalid(
            _("Unknown confidentiality level."),
            code="confidentiality_unknown",
            field="vertrouwelijkheidaanduiding",
        )
    if rank(value) > rank(access.max_confidentiality):
        # Otherwise the caller would make a document that they cannot see.
        raise Forbidden(
            _("You cannot choose a confidentiality above your own."),
            code="confidentiality_above_own",
        )
    return str(value)


def clean_status(value: Any) -> str:
    if value not in DocumentStatus.values:
        raise Invalid(_("Unknown status."), code="status_unknown", field="status")
    return str(value)


def clean_language(value: Any) -> str:
    text = str(value or "").strip().lower()
    if not _LANGUAGE.fullmatch(text):
        raise Invalid(
            _("A language is a three-letter ISO 639-2 code, such as dut."),
            code="language_invalid",
            field="taal",
        )
    return text


def clean_keywords(value: Any) -> list[str]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list | tuple):
        raise Invalid(
            _("Keywords are a list of words."), code="keywords_invalid", field="trefwoorden"
        )
    words = [str(word).strip() for word in value if str(word).strip()]
    if len(words) > KEYWORDS_MAX or any(len(word) > KEYWORD_MAX for word in words):
        raise Invalid(
            _("At most %(count)s keywords of at most %(max)s characters each."),
            code="keywords_invalid",
            field="trefwoorden",
            count=KEYWORDS_MAX,
            max=KEYWORD_MAX,
        )
    return list(dict.fromkeys(words))


def clean_date(value: Any) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise Invalid(
            _("A date is written as YYYY-MM-DD."), code="date_invalid", field="creatiedatum"
        ) from None


def clean_oin(value: Any) -> str:
    text = str(value or "").strip()
    try:
        validate_oin(text)
    except ValidationError:
        raise Invalid(
            _("An OIN is 20 digits."), code="oin_invalid", field="bronorganisatie"
        ) from None
    return text
