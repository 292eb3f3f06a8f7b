"""Form parts every page shares: Utrecht classes, accessible errors, domain errors.

Forms only parse input. The rules about what is allowed live in the actions,
which raise samen.errors exceptions; add_domain_error puts those on the form
so the page can show them next to the field they are about.
"""

from typing import Any, cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from samen.errors import DomainError
from samen.organisations.actions import reset_password

# Actions name fields as the API does; the forms use English field names.
_API_FIELDS = {
    "naam": "name",
    "beschrijving": "description",
    "sjabloon": "template",
    "fase": "phase",
    "rol": "role",
    "maxVertrouwelijkheidaanduiding": "max_confidentiality",
    "organisatie": "organisation",
}

_WIDGET_CLASSES = {
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.RadioSelect: "utrecht-radio-button utrecht-radio-button--html-input",
}
_TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"


class UtrechtForm(forms.Form):
    """A form whose widgets carry the NL Design System classes and error links.

    A field with an error points at its message with aria-describedby, so a
    screen reader reads the message when the field gets focus.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def full_clean(self) -> None:
        super().full_clean()
        describe_errors(self)

    def _choice(self, name: str) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields[name])


def style_widgets(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        css = next(
            (css for kind, css in _WIDGET_CLASSES.items() if isinstance(field.widget, kind)),
            _TEXTBOX,
        )
        field.widget.attrs.setdefault("class", css)


def describe_errors(form: forms.BaseForm) -> None:
    for name in getattr(form, "_errors", None) or {}:
        if name not in form.fields:
            continue
        bound = form[name]
        described = [f"{bound.auto_id}_error"]
        if form.fields[name].help_text:
            described.append(f"{bound.auto_id}_helptext")
        attrs = form.fields[name].widget.attrs
        attrs["aria-describedby"] = " ".join(described)
        base = attrs.get("class", _TEXTBOX).split()[0]
        if f"{base}--invalid" not in attrs.get("class", ""):
            attrs["class"] = f"{attrs.get('class', '')} {base}--invalid".strip()


def add_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """Show an action's error on the field it names, or above the form."""
    field = _API_FIELDS.get(error.field or "", error.field)
    form.add_error(field if field in form.fields else None, error.message)
    describe_errors(form)


class LoginForm(AuthenticationForm):
    """Log-in by e-mail address; the field keeps Django's name "username"."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The e-mail address or the password is not right."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("E-mail address")
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autocomplete": "email", "autofocus": True}
        )
        style_widgets(self)

    def clean_username(self) -> str:
        # Addresses are stored in lower case; people type them as they like.
        return normalise_email(self.cleaned_data.get("username"))

    def full_clean(self) -> None:
        super().full_clean()
        describe_errors(self)


def normalise_email(value: object) -> str:
    return str(value or "").strip().lower()


LANGUAGE_CHOICES = [("nl", "Nederlands"), ("en", "English")]


class LanguageForm(UtrechtForm):
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class PasswordResetRequestForm(PasswordResetForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")
        style_widgets(self)

    def full_clean(self) -> None:
        super().full_clean()
        describe_errors(self)


class NewPasswordForm(SetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def full_clean(self) -> None:
        super().full_clean()
        describe_errors(self)

    def save(self, commit: bool = True) -> Any:
        # PasswordResetConfirmView saves through here: the action makes the
        # reset and its audit entry one transaction.
        return reset_password(user=self.user, password=self.cleaned_data["new_password1"])
