"""Pages that belong to no domain: log-in, home, profile, language."""

import logging
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samen.errors import DomainError
from samen.organisations import actions as org_actions
from samen.organisations.models import ApiToken, User
from samen.web.forms import LanguageForm, LoginForm
from samen.web.pages import PersonRequest, form_error, invalid_form
from samen.workspaces.access import visible_workspaces
from samen.workspaces.models import Status

logger = logging.getLogger(__name__)

_LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60


def _remember_language(response: HttpResponse, language: str) -> HttpResponse:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=_LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    return response


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "web/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        # The cookie follows the account, so the pages after log-out stay in
        # the language the person chose.
        response = super().form_valid(form)
        return _remember_language(response, form.get_user().language)


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You are logged out."))
        return response


@login_required
def home(request: PersonRequest) -> HttpResponse:
    language = get_language()
    workspaces = sorted(
        visible_workspaces(request.user).order_by("name"),
        key=lambda workspace: workspace.status != Status.OPEN,
    )
    rows = [
        {"workspace": workspace, "template": workspace.template.localised("name", language)}
        for workspace in workspaces
    ]
    return render(request, "web/home.html", {"rows": rows})


def _safe_next(request: HttpRequest, target: str) -> str:
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else "/"


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """The language switch in the header: a cookie, and the profile when logged in."""
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return render(request, "web/language_invalid.html", {"form": form}, status=400)

    language = form.cleaned_data["language"]
    if isinstance(request.user, User):
        org_actions.set_language(actor=request.user, language=language)
    response = HttpResponseRedirect(_safe_next(request, form.cleaned_data["next"]))
    return _remember_language(response, language)


def _profile_context(request: PersonRequest, **extra: object) -> dict[str, object]:
    tokens = ApiToken.objects.filter(user=request.user, revoked_at__isnull=True)
    form = extra.pop("form", None) or LanguageForm(initial={"language": request.user.language})
    return {"form": form, "tokens": tokens, **extra}


@login_required
def profile(request: PersonRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "web/profile.html", _profile_context(request))

    form = LanguageForm(request.POST)
    if not form.is_valid():
        return invalid_form(request, "web/profile.html", _profile_context(request, form=form))
    try:
        org_actions.set_language(actor=request.user, language=form.cleaned_data["language"])
    except DomainError as error:
        context = _profile_context(request, form=form)
        return form_error(request, "web/profile.html", context, form, error)

    messages.success(request, _("Your language has been saved."))
    return _remember_language(redirect("web:profile"), form.cleaned_data["language"])


@login_required
@require_POST
def create_token(request: PersonRequest) -> HttpResponse:
    raw = org_actions.create_token(actor=request.user, user=request.user)
    logger.info("API token created by user %s", request.user.pk)

    # The token is shown once, in this answer, and not through a redirect:
    # a message would keep it in the session or a cookie.
    response = render(request, "web/profile.html", _profile_context(request, new_token=raw))
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def revoke_token(request: PersonRequest, pk: uuid.UUID) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, revoked_at__isnull=True)
    org_actions.revoke_tokens(actor=request.user, user=request.user, hint=token.hint)
    messages.success(request, _("The token has been revoked."))
    return redirect("web:profile")


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "web/accessibility.html")
