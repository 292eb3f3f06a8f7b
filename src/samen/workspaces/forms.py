"""Forms of the workspace pages. They parse; the actions decide what is allowed."""

from typing import Any, cast

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from samen.organisations.models import Organisation
from samen.web.forms import UtrechtForm
from samen.workspaces.access import Access
from samen.workspaces.actions import DESCRIPTION_MAX, NAME_MAX
from samen.workspaces.confidentiality import Confidentiality, levels_up_to
from samen.workspaces.models import Phase, Role, Template


def _role_choices() -> list[tuple[str, Any]]:
    return [(value, str(label).capitalize()) for value, label in Role.choices]


def _level_choices(access: Access) -> list[tuple[str, Any]]:
    """Only the levels this manager may grant: up to their own maximum."""
    labels = dict(Confidentiality.choices)
    return [
        (level, str(labels[level]).capitalize())
        for level in levels_up_to(access.max_confidentiality)
    ]


class NewWorkspaceForm(UtrechtForm):
    template = forms.ChoiceField(label=_("Template"), widget=forms.RadioSelect)
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX)
    description = forms.CharField(
        label=_("Description"),
        max_length=DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the project is about, in a few sentences."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = get_language()
        self.templates = list(Template.objects.all())
        self._choice("template").choices = [
            (template.slug, template.localised("name", language)) for template in self.templates
        ]


class PhaseForm(UtrechtForm):
    phase = forms.ChoiceField(label=_("Phase"))

    def __init__(self, *args: Any, access: Access, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Phase.choices)
        phases = access.workspace.template.phases or list(labels)
        self._choice("phase").choices = [
            (phase, str(labels.get(phase, phase)).capitalize()) for phase in phases
        ]
        self.fields["phase"].initial = access.workspace.phase


class StatusForm(forms.Form):
    status = forms.CharField(max_length=20)


class MemberForm(UtrechtForm):
    """The role and maximum of one member; used per row of the members table."""

    role = forms.ChoiceField(label=_("Role"))
    max_confidentiality = forms.ChoiceField(label=_("Maximum confidentiality"))

    def __init__(self, *args: Any, access: Access, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choice("role").choices = _role_choices()
        self._choice("max_confidentiality").choices = _level_choices(access)


class AddOrganisationForm(MemberForm):
    # Prefixed: the members page holds this form and the invite form, whose
    # fields would otherwise share ids.
    prefix = "partner"
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), empty_label=None
    )
    field_order = ["organisation", "role", "max_confidentiality"]

    def __init__(self, *args: Any, access: Access, **kwargs: Any) -> None:
        super().__init__(*args, access=access, **kwargs)
        members = access.workspace.memberships.filter(organisation__isnull=False)
        cast(
            forms.ModelChoiceField, self.fields["organisation"]
        ).queryset = Organisation.objects.exclude(pk__in=members.values("organisation_id"))
        self.fields["role"].initial = access.workspace.template.default_guest_role
        self.fields["max_confidentiality"].initial = Confidentiality.INTERN
        self.order_fields(self.field_order)


class InviteForm(MemberForm):
    prefix = "invite"
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    field_order = ["email", "role", "max_confidentiality"]

    def __init__(self, *args: Any, access: Access, **kwargs: Any) -> None:
        super().__init__(*args, access=access, **kwargs)
        self.fields["role"].initial = access.workspace.template.default_guest_role
        self.fields["max_confidentiality"].initial = Confidentiality.INTERN
        self.order_fields(self.field_order)


class NewAccountForm(UtrechtForm):
    """The account of an invited person who has none yet."""

    name = forms.CharField(label=_("Your name"), max_length=NAME_MAX)
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not a common password."),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("password") != cleaned.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return cleaned
