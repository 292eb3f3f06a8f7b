"""The mailbox pages: inbox and outbox, a new message, a message with its receipt.

Each view fetches through access (a message outside the person's mailboxes
is a 404), calls an action and redirects; errors from actions come back as
form errors (see samen.web.pages).
"""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samen.errors import DomainError, NotFound
from samen.exchange import access, actions, attachments, directory
from samen.exchange.filing import file_into_workspace
from samen.exchange.forms import FileForm, NewMessageForm
from samen.exchange.models import Box, Message, Status
from samen.exchange.verification import check_receipt
from samen.web.pages import form_error, invalid_form, is_htmx, raise_as_http
from samen.workspaces.access import visible_workspaces, workspace_for

PAGE_SIZE = 25
FINAL = {Status.DELIVERED, Status.READ, Status.FAILED}


def _mailbox_or_403(request: HttpRequest) -> list[Any]:
    organisations = access.mailbox_organisations(request.user)
    if not organisations:
        raise PermissionDenied(_("You do not have the mailbox right."))
    return organisations


def _message_or_404(request: HttpRequest, pk: uuid.UUID) -> Message:
    try:
        return access.message_for(request.user, pk)
    except NotFound:
        raise Http404 from None


@login_required
def mailbox(request: HttpRequest) -> HttpResponse:
    organisations = _mailbox_or_403(request)
    box = request.GET.get("map", Box.INBOX)
    if box not in Box.values:
        box = Box.INBOX
    rows = access.visible_messages(request.user).filter(box=box).order_by("-created_at", "-id")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("pagina"))
    context = {"box": box, "page": page, "organisations": organisations}
    if is_htmx(request):
        return render(request, "exchange/_rows.html", context)
    return render(request, "exchange/mailbox.html", context)


def _document_choices(user: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    from samen.documents.access import documents_visible_to

    groups = []
    for workspace in visible_workspaces(user).order_by("name")[:50]:
        documents = documents_visible_to(workspace_for(user, workspace.pk))[:100]
        choices = [(str(d.pk), d.title) for d in documents if d.latest_version_id]
        if choices:
            groups.append((workspace.name, choices))
    return groups


def _new_form(request: HttpRequest, organisations: list[Any], **kwargs: Any) -> NewMessageForm:
    return NewMessageForm(
        request.POST or None,
        request.FILES or None,
        senders=organisations,
        receivers=directory.known_organisations(),
        documents=_document_choices(request.user),
        **kwargs,
    )


def _reply_initial(request: HttpRequest) -> dict[str, Any]:
    original_id = request.GET.get("antwoord")
    if not original_id:
        return {}
    original = _message_or_404(request, original_id)  # type: ignore[arg-type]
    other = original.sender_oin if original.box == Box.INBOX else original.receiver_oin
    return {
        "receiver": other,
        "sender": original.organisation.oin,
        "subject": f"Re: {original.subject}"[:200],
        "kind": "antwoord",
        "confidentiality": original.confidentiality,
        "in_reply_to": str(original.pk),
    }


@login_required
def new_message(request: HttpRequest) -> HttpResponse:
    organisations = _mailbox_or_403(request)
    form = _new_form(request, organisations, initial=_reply_initial(request))
    context = {"form": form}
    if request.method != "POST":
        return render(request, "exchange/new.html", context)
    if not form.is_valid():
        return invalid_form(request, "exchange/new.html", context)

    data = form.cleaned_data
    try:
        message = _send(request, data)
    except DomainError as error:
        return form_error(request, "exchange/new.html", context, form, error)
    messages.success(request, _("The message is in the outbox and will be delivered."))
    return redirect("exchange:detail", pk=message.pk)


def _send(request: HttpRequest, data: dict[str, Any]) -> Message:
    sender = access.sending_organisation(request.user, data["sender"])
    directory.route(data["receiver"])
    files = [attachments.from_document(request.user, i) for i in data["documents"]]
    files += [attachments.from_upload(f) for f in data["files"]]
    return actions.send_message(
        actor=request.user,
        sender=sender,
        receiver_oin=data["receiver"],
        subject=data["subject"],
        body=data["body"],
        kind=data["kind"],
        confidentiality=data["confidentiality"],
        reply_by=data["reply_by"],
        in_reply_to=data["in_reply_to"] or None,
        attachments=files,
    )


def _fileable_workspaces(request: HttpRequest, message: Message) -> list[Any]:
    if message.box != Box.INBOX or not message.attachments.exists():
        return []
    workspaces = []
    for workspace in visible_workspaces(request.user).order_by("name"):
        ws_access = workspace_for(request.user, workspace.pk)
        if ws_access.can_contribute and workspace.is_writable:
            workspaces.append(workspace)
    return workspaces


@login_required
def message_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    message = actions.mark_read(actor=request.user, message=_message_or_404(request, pk))
    workspaces = _fileable_workspaces(request, message)
    context = {
        "message": message,
        "attachments": list(message.attachments.all()),
        "receipt": check_receipt(message) if message.receipt_jws else None,
        "conversation": Message.objects.filter(
            organisation=message.organisation, conversation_id=message.conversation_id
        ).order_by("created_at"),
        "file_form": FileForm(workspaces=workspaces) if workspaces else None,
        "live": message.box == Box.OUTBOX and message.status not in FINAL,
    }
    return render(request, "exchange/detail.html", context)


@login_required
def message_status(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """The status part of the detail page, polled by htmx until the status is final."""
    message = _message_or_404(request, pk)
    context = {"message": message, "live": message.status not in FINAL}
    return render(request, "exchange/_status.html", context)


@login_required
def download(request: HttpRequest, pk: uuid.UUID, number: int) -> FileResponse:
    try:
        attachment = access.attachment_for(request.user, pk, number)
    except NotFound:
        raise Http404 from None
    from samen.exchange import blobs

    response = FileResponse(
        blobs.open_blob(attachment.sha256),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _act(request: HttpRequest, pk: uuid.UUID, do: Any, done: str) -> HttpResponse:
    message = _message_or_404(request, pk)
    try:
        do(message)
    except DomainError as error:
        raise_as_http(error)
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("exchange:detail", pk=pk)


@login_required
@require_POST
def resend(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda m: actions.resend(actor=request.user, message=m),
        _("The message is queued again."),
    )


@login_required
@require_POST
def action_status(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    status = request.POST.get("status", "")
    return _act(
        request,
        pk,
        lambda m: actions.set_action_status(actor=request.user, message=m, status=status),
        _("The status of the request has been changed."),
    )


@login_required
@require_POST
def file_message(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    message = _message_or_404(request, pk)
    form = FileForm(request.POST, workspaces=_fileable_workspaces(request, message))
    if not form.is_valid():
        messages.error(request, _("Choose a workspace."))
        return redirect("exchange:detail", pk=pk)
    ws_access = workspace_for(request.user, form.cleaned_data["workspace"])
    try:
        documents = file_into_workspace(actor=request.user, message=message, access=ws_access)
    except DomainError as error:
        raise_as_http(error)
        messages.error(request, error.message)
        return redirect("exchange:detail", pk=pk)
    messages.success(
        request,
        _("%(count)s attachments filed in %(workspace)s.")
        % {"count": len(documents), "workspace": ws_access.workspace.name},
    )
    return redirect("exchange:detail", pk=pk)
