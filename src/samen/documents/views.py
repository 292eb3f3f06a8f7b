"""The documents pages: folders and documents of a workspace, one document, the trash.

Each view parses its input, fetches through samen.documents.access (an
outsider, or a member below the document's confidentiality, gets 404), calls
an action and redirects. Readers get 403 from the action's role check.
"""

import uuid
from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from samen.documents import actions, streaming
from samen.documents.access import document_for, documents_visible_to, folder_for, folder_in
from samen.documents.access import version_of as version_or_404
from samen.documents.actions.lifecycle import trash_expires
from samen.documents.forms import DocumentForm, FolderForm, RenameFolderForm, UploadForm
from samen.documents.models import Document, Folder
from samen.documents.text.models import ExtractedText
from samen.documents.tree import breadcrumbs, folder_tree
from samen.documents.uploads import HashingUploadHandler
from samen.errors import DomainError, Invalid, NotFound
from samen.web.pages import form_error, invalid_form, raise_as_http, workspace_or_404
from samen.workspaces.access import Access

PAGE_SIZE = 50


def _or_404(fetch: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return fetch(*args, **kwargs)
    except NotFound:
        raise Http404 from None


def _folder_or_404(access: Access, folder_id: Any) -> Folder | None:
    # An unknown folder in a page address is a page that does not exist.
    try:
        return folder_in(access, folder_id)
    except (NotFound, Invalid):
        raise Http404 from None


def _list_url(workspace_id: Any, folder: Folder | None = None) -> str:
    url = reverse("documents:list", args=[workspace_id])
    return f"{url}?map={folder.pk}" if folder is not None else url


def _fail(request: HttpRequest, error: DomainError) -> None:
    """404 and 403 get their own page; any other refusal becomes a message."""
    raise_as_http(error)
    messages.error(request, error.message)


@login_required
def document_list(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    access = workspace_or_404(request, pk)
    current = _folder_or_404(access, request.GET.get("map"))
    folders = list(Folder.objects.filter(workspace=access.workspace).order_by("name"))

    documents = documents_visible_to(access).filter(folder=current)
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "documents/list.html",
        {
            "access": access,
            "workspace": access.workspace,
            "current": current,
            "tree": folder_tree(folders, current),
            "crumbs": breadcrumbs(folders, current),
            "page": page,
            "upload_form": UploadForm(access=access, initial={"folder": current and current.pk}),
            "folder_form": FolderForm(initial={"parent": current and current.pk}),
            "rename_form": RenameFolderForm(initial={"name": current and current.name}),
            "api_upload_url": reverse("documents-api:documents"),
        },
    )


@csrf_exempt
@login_required
def upload(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    # The hashing handler must be in place before anything reads the body,
    # and CSRF checking reads it: so the check runs inside, after the swap.
    request.upload_handlers = [HashingUploadHandler(request)]
    return _upload(request, pk)


@csrf_protect
@require_POST
def _upload(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    access = workspace_or_404(request, pk)
    try:
        # Refuse a reader before the body is read, not after spooling it.
        access.require_contributor()
        form = UploadForm(request.POST, access=access)
        files = request.FILES.getlist("inhoud")
    except DomainError as error:
        _fail(request, error)
        return redirect(_list_url(pk))

    folder = _folder_or_404(access, request.POST.get("folder"))
    if not form.is_valid() or not files:
        messages.error(request, _("Choose one or more files to upload."))
        return redirect(_list_url(pk, folder))
    for received in files:
        _create_one(request, access, received, folder, form.cleaned_data["confidentiality"])
    return redirect(_list_url(pk, folder))


def _create_one(
    request: HttpRequest, access: Access, received: Any, folder: Folder | None, level: str
) -> None:
    name = str(received.raw_name)
    try:
        actions.create_document(
            actor=request.user,
            access=access,
            received=received,
            title=PurePath(name).stem or name,
            folder=folder,
            confidentiality=level,
        )
    except DomainError as error:
        _fail(request, error)
        messages.error(request, _("%(name)s was not uploaded.") % {"name": name})
        return
    messages.success(request, _("%(name)s was uploaded.") % {"name": name})


@login_required
@require_POST
def create_folder(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    access = workspace_or_404(request, pk)
    form = FolderForm(request.POST)
    parent = _folder_or_404(access, request.POST.get("parent"))
    if not form.is_valid():
        messages.error(request, _("A folder needs a name of at most 200 characters."))
        return redirect(_list_url(pk, parent))

    try:
        folder = actions.create_folder(
            actor=request.user, access=access, name=form.cleaned_data["name"], parent=parent
        )
    except DomainError as error:
        _fail(request, error)
        return redirect(_list_url(pk, parent))
    messages.success(request, _("The folder %(name)s was made.") % {"name": folder.name})
    return redirect(_list_url(pk, folder))


@login_required
@require_POST
def rename_folder(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    access, folder = _or_404(folder_for, request.user, pk)
    form = RenameFolderForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("A folder needs a name of at most 200 characters."))
        return redirect(_list_url(folder.workspace_id, folder))

    try:
        actions.update_folder(
            actor=request.user, access=access, folder=folder, name=form.cleaned_data["name"]
        )
    except DomainError as error:
        _fail(request, error)
    else:
        messages.success(request, _("The folder is now called %(name)s.") % {"name": folder.name})
    return redirect(_list_url(folder.workspace_id, folder))


def _detail_context(access: Access, document: Document, **extra: Any) -> dict[str, Any]:
    versions = list(document.versions.select_related("created_by").order_by("-number"))
    locked_by_other = document.locked_by_id not in (None, access.user.pk)
    return {
        "access": access,
        "workspace": access.workspace,
        "document": document,
        "versions": versions,
        "text": ExtractedText.objects.filter(version=document.latest_version).first(),
        "may_change": access.can_contribute and access.workspace.is_writable,
        "locked_by_other": locked_by_other,
        "may_unlock": document.locked_by_id is not None
        and (not locked_by_other or access.is_manager),
        "crumbs": breadcrumbs(
            list(Folder.objects.filter(workspace=access.workspace)), document.folder
        ),
        **extra,
    }


@login_required
def document_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    access, document = _or_404(document_for, request.user, pk)
    return render(request, "documents/detail.html", _detail_context(access, document))


@login_required
def download(request: HttpRequest, pk: uuid.UUID) -> Any:
    _access, document = _or_404(document_for, request.user, pk)
    version = _or_404(version_or_404, document, request.GET.get("versie"))
    return streaming.content_response(request, version)


@login_required
def edit_document(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    access, document = _or_404(document_for, request.user, pk)
    try:
        access.require_contributor()
    except DomainError as error:
        raise_as_http(error)
    folders = list(Folder.objects.filter(workspace=access.workspace))
    form = DocumentForm(
        request.POST or None, access=access, folders=folders, initial=_initial(document)
    )
    context = {"access": access, "workspace": access.workspace, "document": document, "form": form}
    if request.method != "POST":
        return render(request, "documents/edit.html", context)
    if not form.is_valid():
        return invalid_form(request, "documents/edit.html", context)

    try:
        actions.update_document(
            actor=request.user, access=access, document=document, **form.changes()
        )
    except DomainError as error:
        return form_error(request, "documents/edit.html", context, form, error)
    messages.success(request, _("The document's details were saved."))
    return redirect("documents:detail", document.pk)


def _initial(document: Document) -> dict[str, Any]:
    return {
        "title": document.title,
        "description": document.description,
        "confidentiality": document.confidentiality,
        "status": document.status,
        "author": document.author,
        "keywords": ", ".join(document.keywords),
        "creation_date": document.creation_date,
        "folder": str(document.folder_id or ""),
    }


def _document_change(request: HttpRequest, pk: uuid.UUID, action: Any, done: str) -> HttpResponse:
    """Run a POST-only action on a visible document, then back to its page."""
    access, document = _or_404(document_for, request.user, pk)
    try:
        action(actor=request.user, access=access, document=document)
    except DomainError as error:
        _fail(request, error)
    else:
        messages.success(request, done)
    return redirect("documents:detail", document.pk)


@login_required
@require_POST
def lock(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return _document_change(
        request, pk, actions.lock_document, _("The document is locked for you.")
    )


@login_required
@require_POST
def unlock(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return _document_change(request, pk, actions.unlock_document, _("The document is unlocked."))


@login_required
@require_POST
def trash(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    access, document = _or_404(document_for, request.user, pk)
    try:
        actions.trash_document(actor=request.user, access=access, document=document)
    except DomainError as error:
        _fail(request, error)
        return redirect("documents:detail", document.pk)
    messages.success(request, _("%(title)s was moved to the trash.") % {"title": document.title})
    return redirect(_list_url(document.workspace_id, document.folder))


@login_required
def trash_list(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    access = workspace_or_404(request, pk)
    documents = documents_visible_to(access, trashed=True).select_related("deleted_by")
    page = Paginator(documents.order_by("-deleted_at", "id"), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    rows = [{"document": d, "expires": trash_expires(d)} for d in page.object_list]
    context = {"access": access, "workspace": access.workspace, "page": page, "rows": rows}
    return render(request, "documents/trash.html", context)


def _trash_change(request: HttpRequest, pk: uuid.UUID, action: Any, done: str) -> HttpResponse:
    access, document = _or_404(document_for, request.user, pk, trashed=True)
    try:
        action(actor=request.user, access=access, document=document)
    except DomainError as error:
        _fail(request, error)
    else:
        messages.success(request, done % {"title": document.title})
    return redirect("documents:trash", document.workspace_id)


@login_required
@require_POST
def restore(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return _trash_change(request, pk, actions.restore_document, _("%(title)s was restored."))


@login_required
@require_POST
def purge(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return _trash_change(request, pk, actions.purge_document, _("%(title)s was deleted for good."))
