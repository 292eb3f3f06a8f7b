"""Pages for operators (failed and stuck deliveries) and mailbox administrators (rights)."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samen.errors import DomainError
from samen.exchange import actions, overview
from samen.exchange.forms import GrantForm
from samen.exchange.models import MailboxGrant, Peer
from samen.organisations.models import Organisation, User
from samen.web.pages import form_error, invalid_form


@login_required
def deliveries(request: HttpRequest) -> HttpResponse:
    """Failed and stuck deliveries: nothing fails silently."""
    if not request.user.is_staff:
        raise Http404
    context = {
        "figures": overview.figures(),
        "failed": overview.failed().order_by("-id")[:100],
        "stuck": overview.stuck().order_by("id")[:100],
        "peers": Peer.objects.prefetch_related("organisations"),
    }
    return render(request, "exchange/deliveries.html", context)


def _managed_organisation(request: HttpRequest) -> Organisation:
    organisation = request.user.organisation
    if organisation is None or not actions.may_manage_grants(request.user, organisation):
        raise Http404
    return organisation


def _grants_context(organisation: Organisation, form: GrantForm) -> dict[str, object]:
    grants = MailboxGrant.objects.filter(organisation=organisation).select_related("user")
    return {"organisation": organisation, "grants": grants.order_by("user__name"), "form": form}


@login_required
def grants(request: HttpRequest) -> HttpResponse:
    organisation = _managed_organisation(request)
    form = GrantForm(request.POST or None)
    context = _grants_context(organisation, form)
    if request.method != "POST":
        return render(request, "exchange/grants.html", context)
    if not form.is_valid():
        return invalid_form(request, "exchange/grants.html", context)

    person = User.objects.filter(
        email=form.cleaned_data["email"].strip().lower(), organisation=organisation
    ).first()
    if person is None:
        form.add_error("email", _("No person of your organisation has this e-mail address."))
        return invalid_form(request, "exchange/grants.html", context)
    try:
        actions.grant_mailbox(
            actor=request.user,
            user=person,
            organisation=organisation,
            manager=form.cleaned_data["manager"],
        )
    except DomainError as error:
        return form_error(request, "exchange/grants.html", context, form, error)
    messages.success(request, _("%(name)s has the mailbox right.") % {"name": person.name})
    return redirect("exchange:grants")


@login_required
@require_POST
def revoke(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    organisation = _managed_organisation(request)
    grant = MailboxGrant.objects.filter(pk=pk, organisation=organisation).first()
    if grant is None:
        raise Http404
    actions.revoke_mailbox(actor=request.user, grant=grant)
    messages.success(request, _("The mailbox right has been withdrawn."))
    return redirect("exchange:grants")
