"""Forms of the mailbox pages. They parse; the actions decide what is allowed."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.exchange.models import Kind, WebhookEventType
from samen.web.forms import UtrechtForm
from samen.workspaces.confidentiality import Confidentiality


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class NewMessageForm(UtrechtForm):
    sender = forms.ChoiceField(label=_("Send for"))
    receiver = forms.ChoiceField(label=_("To"), help_text=_("Organisations from the directory."))
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, initial=Kind.INFORMATION)
    confidentiality = forms.ChoiceField(
        label=_("Confidentiality"), choices=Confidentiality.choices, initial="intern"
    )
    reply_by = forms.DateField(
        label=_("Reply by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    documents = forms.MultipleChoiceField(
        label=_("Documents from a workspace"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick the documents to attach; their latest version is sent."),
    )
    # "files" is also a Form attribute (the uploaded files); as a field it is the upload.
    files = MultipleFileField(  # type: ignore[assignment]
        label=_("Upload files"), required=False, widget=MultipleFileInput()
    )
    in_reply_to = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        senders: list[Any],
        receivers: list[tuple[str, str, str]],
        documents: list[tuple[str, list[tuple[str, str]]]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._choice("sender").choices = [(o.oin, o.name) for o in senders]
        if len(senders) == 1:
            self.fields["sender"].widget = forms.HiddenInput()
            self.fields["sender"].initial = senders[0].oin
        self._choice("receiver").choices = [("", "—")] + [
            (oin, f"{name} ({oin}, {where})") for oin, name, where in receivers
        ]
        self._choice("documents").choices = documents
        for name in ("kind", "confidentiality"):
            field = self._choice(name)
            field.choices = [(v, str(label).capitalize()) for v, label in field.choices]
        self.fields["documents"].widget.attrs.pop("class", None)

    def _choice(self, name: str) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields[name])


class FileForm(UtrechtForm):
    workspace = forms.ChoiceField(label=_("Workspace"))

    def __init__(self, *args: Any, workspaces: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["workspace"]).choices = [
            (str(w.pk), w.name) for w in workspaces
        ]


class GrantForm(UtrechtForm):
    email = forms.EmailField(label=_("E-mail address"))
    manager = forms.BooleanField(label=_("May also grant the right to others"), required=False)


class WebhookForm(UtrechtForm):
    organisation = forms.ChoiceField(label=_("For"))
    url = forms.CharField(
        label=_("Address (URL)"),
        max_length=500,
        help_text=_("Events are sent here with a POST, signed with the secret."),
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    event_types = forms.MultipleChoiceField(
        label=_("Events"),
        choices=WebhookEventType.choices,
        initial=WebhookEventType.values,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, organisations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["organisation"])
        field.choices = [(o.oin, o.name) for o in organisations]
        if len(organisations) == 1:
            field.widget = forms.HiddenInput()
            field.initial = organisations[0].oin
        events = cast(forms.ChoiceField, self.fields["event_types"])
        events.choices = [(v, str(label).capitalize()) for v, label in WebhookEventType.choices]
        self.fields["event_types"].widget.attrs.pop("class", None)
