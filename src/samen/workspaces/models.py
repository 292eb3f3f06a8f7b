import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.organisations.models import Organisation
from samen.workspaces.confidentiality import Confidentiality


class Phase(models.TextChoices):
    INITIATIVE = "initiatief", _("initiative")
    EXPLORATION = "verkenning", _("exploration")
    PLANNING = "planuitwerking", _("plan elaboration")
    REALISATION = "realisatie", _("realisation")
    MANAGEMENT = "beheer", _("management")


class Role(models.TextChoices):
    MANAGER = "beheerder", _("manager")
    CONTRIBUTOR = "bijdrager", _("contributor")
    READER = "lezer", _("reader")


ROLE_RANK = {Role.READER: 0, Role.CONTRIBUTOR: 1, Role.MANAGER: 2}


class Status(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "gesloten", _("closed")
    ARCHIVED = "gearchiveerd", _("archived")


class Template(models.Model):
    """A preset for a kind of project. Templates are rows, loaded by a migration.

    folders: paths such as "Onderzoek/Historisch onderzoek", created as the
    first folders of a new workspace. phases: the phases this kind of project
    goes through. default_guest_role: the role offered first when inviting
    someone from outside the owning organisation.
    """

    slug = models.SlugField(primary_key=True, max_length=40)
    name = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100)
    description = models.TextField()
    description_en = models.TextField()
    guide = models.TextField(help_text=_("A short guide for members, shown on the overview."))
    guide_en = models.TextField()
    folders = models.JSONField(default=list)
    phases = models.JSONField(default=list)
    default_phase = models.CharField(max_length=20, choices=Phase.choices)
    default_guest_role = models.CharField(max_length=20, choices=Role.choices, default=Role.READER)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("template")
        verbose_name_plural = _("templates")

    def __str__(self) -> str:
        return self.name

    def localised(self, field: str, language: str) -> str:
        if language == "en":
            return str(getattr(self, f"{field}_en"))
        return str(getattr(self, field))


class Workspace(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="owned_workspaces",
        verbose_name=_("owning organisation"),
    )
    template = models.ForeignKey(Template, on_delete=models.PROTECT, verbose_name=_("template"))
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("workspace")
        verbose_name_plural = _("workspaces")

    def __str__(self) -> str:
        return self.name

    @property
    def is_writable(self) -> bool:
        return self.status == Status.OPEN


class Membership(models.Model):
    """A person, or a whole partner organisation, in a workspace.

    Exactly one of user and organisation is set. An organisation membership
    lets every person of that organisation in, with this role and maximum.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    max_confidentiality = models.CharField(
        _("maximum confidentiality"), max_length=20, choices=Confidentiality.choices
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(user__isnull=False, organisation__isnull=True)
                    | Q(user__isnull=True, organisation__isnull=False)
                ),
                name="membership_person_or_organisation",
            ),
            models.UniqueConstraint(
                fields=["workspace", "user"],
                condition=Q(user__isnull=False),
                name="membership_unique_person",
            ),
            models.UniqueConstraint(
                fields=["workspace", "organisation"],
                condition=Q(organisation__isnull=False),
                name="membership_unique_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user or self.organisation} ({self.role})"


def _default_expiry() -> "timezone.datetime":
    return timezone.now() + timedelta(days=settings.INVITATION_DAYS)


class Invitation(models.Model):
    """An e-mailed, single-use link to join a workspace. Only the token's hash is kept."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    max_confidentiality = models.CharField(
        _("maximum confidentiality"), max_length=20, choices=Confidentiality.choices
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(default=_default_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return self.email

    @property
    def is_usable(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )
