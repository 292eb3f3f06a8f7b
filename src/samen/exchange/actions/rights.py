"""Changes to who may use a mailbox."""

from django.db import transaction
from django.utils.translation import gettext as _

from samen.audit.actions import created, record
from samen.errors import Invalid, NotFound
from samen.exchange.models import MailboxGrant
from samen.organisations.models import Organisation, User


def grant_mailbox(
    *,
    actor: User | None,
    user: User,
    organisation: Organisation | None = None,
    manager: bool = False,
) -> MailboxGrant:
    """Give a person the mailbox right for (by default) their own organisation."""
    organisation = organisation or user.organisation
    if organisation is None:
        raise Invalid(_("This person has no organisation."), code="no_organisation")
    if actor is not None and not may_manage_grants(actor, organisation):
        raise NotFound()
    with transaction.atomic():
        grant, made = MailboxGrant.objects.get_or_create(
            user=user, organisation=organisation, defaults={"manager": manager}
        )
        if not made and manager and not grant.manager:
            grant.manager = True
            grant.save(update_fields=["manager"])
        record(
            actor=actor,
            action="exchange.mailbox_granted",
            object_type="mailbox_grant",
            object_id=grant.pk,
            changes=created(
                {"user": str(user.pk), "organisation": organisation.oin, "manager": grant.manager}
            ),
        )
    return grant


def revoke_mailbox(*, actor: User | None, grant: MailboxGrant) -> None:
    if actor is not None and not may_manage_grants(actor, grant.organisation):
        raise NotFound()
    with transaction.atomic():
        grant_id = grant.pk
        grant.delete()
        record(
            actor=actor,
            action="exchange.mailbox_revoked",
            object_type="mailbox_grant",
            object_id=grant_id,
        )


def may_manage_grants(user: User, organisation: Organisation) -> bool:
    """The organisation's mailbox administrators, and platform administrators of it."""
    if user.is_staff and user.organisation_id == organisation.pk:
        return True
    return MailboxGrant.objects.filter(user=user, organisation=organisation, manager=True).exists()


def set_mailbox_right(*, actor: User | None, user: User, granted: bool) -> None:
    """For operators (`samen user update --mailbox`): the right for their own organisation."""
    if granted:
        grant_mailbox(actor=actor, user=user)
        return
    for grant in MailboxGrant.objects.filter(user=user, organisation_id=user.organisation_id):
        revoke_mailbox(actor=actor, grant=grant)
