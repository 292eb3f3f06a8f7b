"""The webhook subscriptions page: list, add, pause, resume and cancel, and recent deliveries.

For people with the mailbox right, and the organisation's mailbox
administrator; everyone else gets a 404, as on /berichten/rechten. The
actions are the API's (actions/webhooks.py).
"""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samen.errors import DomainError, NotFound
from samen.exchange import access, actions
from samen.exchange.forms import WebhookForm
from samen.exchange.models import WebhookEvent, WebhookSubscription
from samen.web.pages import PersonRequest, form_error, invalid_form

TEMPLATE = "exchange/webhooks.html"
RECENT = 25


def _organisations_or_404(request: PersonRequest) -> list[Any]:
    organisations = access.webhook_organisations(request.user)
    if not organisations:
        raise Http404
    return organisations


def _subscription_or_404(request: PersonRequest, pk: uuid.UUID) -> WebhookSubscription:
    try:
        return access.subscription_for(request.user, pk)
    except NotFound:
        raise Http404 from None


def _context(request: PersonRequest, organisations: list[Any], form: WebhookForm) -> dict[str, Any]:
    subscriptions = access.visible_subscriptions(request.user).order_by("created_at")
    recent = (
        WebhookEvent.objects.filter(subscription__in=subscriptions)
        .select_related("subscription")
        .order_by("-id")[:RECENT]
    )
    return {
        "organisations": organisations,
        "subscriptions": subscriptions,
        "recent": recent,
        "form": form,
    }


@login_required
def webhooks(request: PersonRequest) -> HttpResponse:
    organisations = _organisations_or_404(request)
    form = WebhookForm(request.POST or None, organisations=organisations)
    if request.method != "POST":
        return render(request, TEMPLATE, _context(request, organisations, form))
    if not form.is_valid():
        return invalid_form(request, TEMPLATE, _context(request, organisations, form))

    try:
        organisation = access.webhook_organisation(request.user, form.cleaned_data["organisation"])
        subscription, secret = actions.subscribe(
            actor=request.user,
            organisation=organisation,
            url=form.cleaned_data["url"],
            event_types=form.cleaned_data["event_types"],
        )
    except DomainError as error:
        context = _context(request, organisations, form)
        return form_error(request, TEMPLATE, context, form, error)

    # Rendered, not redirected: the secret is shown this once and kept nowhere else.
    context = _context(request, organisations, WebhookForm(organisations=organisations))
    context.update(new_subscription=subscription, new_secret=secret)
    return render(request, TEMPLATE, context)


@login_required
@require_POST
def pause(request: PersonRequest, pk: uuid.UUID) -> HttpResponse:
    subscription = _subscription_or_404(request, pk)
    choice = request.POST.get("gepauzeerd")
    if choice not in ("ja", "nee"):
        organisations = _organisations_or_404(request)
        context = _context(request, organisations, WebhookForm(organisations=organisations))
        context["error"] = _("Choose to pause or to resume the subscription.")
        return render(request, TEMPLATE, context, status=400)

    paused = choice == "ja"
    actions.set_paused(actor=request.user, subscription=subscription, paused=paused)
    if paused:
        messages.success(request, _("The subscription is paused."))
    else:
        messages.success(request, _("The subscription is active again."))
    return redirect("exchange:webhooks")


@login_required
@require_POST
def delete(request: PersonRequest, pk: uuid.UUID) -> HttpResponse:
    subscription = _subscription_or_404(request, pk)
    actions.unsubscribe(actor=request.user, subscription=subscription)
    messages.success(request, _("The subscription has been cancelled."))
    return redirect("exchange:webhooks")
