"""Every change to organisations, people and API tokens."""

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samen.audit.actions import created, diff, record
from samen.errors import Conflict, Invalid
from samen.organisations.models import ApiToken, Organisation, OrganisationKind, User, hash_token
from samen.organisations.oin import validate_oin


def _validated_oin(oin: Any) -> str:
    value = str(oin or "").strip()
    try:
        validate_oin(value)
    except ValidationError:
        raise Invalid(
            _("An OIN consists of exactly 20 digits; %(value)s does not."),
            code="oin_invalid",
            field="oin",
            value=value,
        ) from None
    return value


def create_organisation(*, actor: User | None, name: Any, oin: Any, kind: Any) -> Organisation:
    name = str(name or "").strip()
    if not name or len(name) > 200:
        raise Invalid(
            _("A name of 1 to 200 characters is required."), code="name_invalid", field="naam"
        )
    if kind not in OrganisationKind.values:
        raise Invalid(
            _("Unknown kind of organisation: %(kind)s."),
            code="kind_unknown",
            field="soort",
            kind=kind,
        )
    oin = _validated_oin(oin)
    if Organisation.objects.filter(oin=oin).exists():
        raise Conflict(
            _("An organisation with OIN %(oin)s exists already."), code="oin_taken", oin=oin
        )

    with transaction.atomic():
        organisation = Organisation.objects.create(name=name, oin=oin, kind=kind)
        record(
            actor=actor,
            action="organisation.created",
            object_type="organisation",
            object_id=organisation.pk,
            changes=created({"name": name, "oin": oin, "kind": kind}),
        )
    return organisation


def organisation_by_oin(oin: Any) -> Organisation:
    value = _validated_oin(oin)
    try:
        return Organisation.objects.get(oin=value)
    except Organisation.DoesNotExist:
        raise Invalid(
            _("No organisation with OIN %(oin)s is known."),
            code="organisation_unknown",
            field="organisatie",
            oin=value,
        ) from None


def create_user(
    *,
    actor: User | None,
    email: Any,
    name: Any,
    organisation: Organisation | None,
    password: str | None,
    admin: bool = False,
) -> User:
    address = str(email or "").strip().lower()
    try:
        validate_email(address)
    except ValidationError:
        raise Invalid(
            _("Enter a valid e-mail address."), code="email_invalid", field="email"
        ) from None
    name = str(name or "").strip()
    if not name or len(name) > 200:
        raise Invalid(
            _("A name of 1 to 200 characters is required."), code="name_invalid", field="naam"
        )
    if User.objects.filter(email=address).exists():
        raise Conflict(_("A person with this e-mail address exists already."), code="email_taken")
    if password is not None:
        check_password_strength(password, User(email=address, name=name))

    with transaction.atomic():
        user = User.objects.create_user(
            address,
            password,
            name=name,
            organisation=organisation,
            is_staff=admin,
            is_superuser=admin,
        )
        record(
            actor=actor,
            action="user.created",
            object_type="user",
            object_id=user.pk,
            changes=created(
                {
                    "email": address,
                    "name": name,
                    "admin": admin,
                    "organisation": organisation.oin if organisation else None,
                }
            ),
        )
    return user


def check_password_strength(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise Invalid(" ".join(exc.messages), code="password_weak", field="password") from None


def reset_password(*, user: User, password: str) -> User:
    """A new password chosen through a reset link; the form has checked its strength.

    The person is the actor: following the link proved they hold the address.
    """
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        record(
            actor=user,
            action="user.password_reset",
            object_type="user",
            object_id=user.pk,
            changes={"password": {"old": "(verborgen)", "new": "(verborgen)"}},
        )
    return user


def set_language(*, actor: User, language: str) -> User:
    if language not in ("nl", "en"):
        raise Invalid(_("Unknown language."), code="language_unknown", field="language")
    before = actor.language
    with transaction.atomic():
        actor.language = language
        actor.save(update_fields=["language"])
        record(
            actor=actor,
            action="user.updated",
            object_type="user",
            object_id=actor.pk,
            changes=diff({"language": before}, {"language": language}),
        )
    return actor


def create_token(*, actor: User | None, user: User) -> str:
    """A new personal API token for `user`; only its hash is stored."""
    raw = ApiToken.generate()
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, key_hash=hash_token(raw), hint=raw[:12])
        record(
            actor=actor,
            action="token.created",
            object_type="api_token",
            object_id=token.pk,
            changes=created({"user": str(user.pk), "hint": token.hint}),
        )
    return raw


def revoke_tokens(*, actor: User | None, user: User, hint: str | None = None) -> int:
    """Revoke the user's tokens (or the one starting with `hint`); returns how many."""
    tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
    if hint:
        tokens = tokens.filter(hint__startswith=hint[:12])

    with transaction.atomic():
        revoked = list(tokens.select_for_update())
        for token in revoked:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            record(actor=actor, action="token.revoked", object_type="api_token", object_id=token.pk)
    return len(revoked)


def person_by_email(email: Any) -> User:
    """The active person with this e-mail address, for adding them to something by address."""
    address = str(email or "").strip().lower()
    person = User.objects.filter(email=address, is_active=True).first()
    if person is None:
        raise Invalid(
            _("No person with this e-mail address is known; send an invitation instead."),
            code="person_unknown",
            field="email",
        )
    return person
