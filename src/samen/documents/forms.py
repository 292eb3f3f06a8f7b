"""The forms of the documents pages. They parse; the actions decide what is allowed."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.documents.models import DocumentStatus, Folder
from samen.web.forms import UtrechtForm
from samen.workspaces.access import Access
from samen.workspaces.confidentiality import Confidentiality


def confidentiality_choices(access: Access) -> list[tuple[str, str]]:
    """Only the levels the member may give: a higher one would hide the document from them."""
    labels = dict(Confidentiality.choices)
    return [(level, str(labels[level]).capitalize()) for level in access.visible_levels()]


def folder_choices(folders: list[Folder]) -> list[tuple[str, str]]:
    """Every folder as "Parent / Child", with the top level first."""
    by_id = {folder.pk: folder for folder in folders}

    def path(folder: Folder) -> str:
        names = [folder.name]
        parent = by_id.get(folder.parent_id) if folder.parent_id else None
        while parent is not None:
            names.insert(0, parent.name)
            parent = by_id.get(parent.parent_id) if parent.parent_id else None
        return " / ".join(names)

    entries = sorted((path(folder), str(folder.pk)) for folder in folders)
    return [("", str(_("(top level)")))] + [(pk, label) for label, pk in entries]


class FolderForm(UtrechtForm):
    name = forms.CharField(label=_("Name of the new folder"), max_length=200)
    parent = forms.UUIDField(required=False, widget=forms.HiddenInput)


class RenameFolderForm(UtrechtForm):
    name = forms.CharField(label=_("New name"), max_length=200)


class UploadForm(UtrechtForm):
    """The fallback upload form; with script, the same fields go to the API per file."""

    confidentiality = forms.ChoiceField(label=_("Confidentiality"))
    folder = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, access: Access, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["confidentiality"]
        field.choices = confidentiality_choices(access)  # type: ignore[attr-defined]
        field.initial = _default_level(access)


def _default_level(access: Access) -> str:
    levels = access.visible_levels()
    return Confidentiality.INTERN if Confidentiality.INTERN in levels else levels[-1]


class DocumentForm(UtrechtForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=5000, widget=forms.Textarea
    )
    confidentiality = forms.ChoiceField(label=_("Confidentiality"))
    status = forms.ChoiceField(label=_("Status"), choices=DocumentStatus.choices)
    author = forms.CharField(label=_("Author"), max_length=200)
    keywords = forms.CharField(
        label=_("Keywords"),
        required=False,
        help_text=_("Separate keywords with commas."),
        max_length=2000,
    )
    creation_date = forms.DateField(
        label=_("Creation date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    folder = forms.ChoiceField(label=_("Folder"), required=False)

    def __init__(self, *args: Any, access: Access, folders: list[Folder], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["confidentiality"].choices = confidentiality_choices(access)  # type: ignore[attr-defined]
        self.fields["folder"].choices = folder_choices(folders)  # type: ignore[attr-defined]
        self._folders = {str(f.pk): f for f in folders}

    def changes(self) -> dict[str, Any]:
        """The cleaned fields as update_document takes them."""
        data = dict(self.cleaned_data)
        data["keywords"] = [word.strip() for word in data["keywords"].split(",") if word.strip()]
        data["folder"] = self._folders.get(data["folder"] or "")
        return data
