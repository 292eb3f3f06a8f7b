"""Middleware for every request (a request id) and for API paths (headers, problems)."""

import logging
import re
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _

from samen import context
from samen.api.errors import PROBLEM_CONTENT_TYPE, problem_body

logger = logging.getLogger(__name__)

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

API_PREFIX = "/api/"

# Django answers these itself (no URL matched, a server error) with an HTML
# page; on API paths they are turned into problems with these codes.
_DJANGO_ERRORS = {
    400: ("bad_request", _("The request could not be understood.")),
    403: ("forbidden", _("You may not do this.")),
    404: ("not_found", _("There is nothing at this address.")),
    405: ("method_not_allowed", _("This method is not allowed here.")),
    413: ("too_large", _("The request is too large.")),
    500: ("server_error", _("Something went wrong on the server; it has been logged.")),
}


class RequestIdMiddleware:
    """Gives every request an id, taken from X-Request-ID when it is sane.

    The id goes into audit entries and back out as a response header, so an
    operator can follow one request from a user's report to the log.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        token = context.request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            context.request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class ApiHeadersMiddleware:
    """The headers the API Design Rules ask for, and problem+json for every API error.

    Errors that DRF handles are problems already. This catches the rest on
    API paths: an address that matches no URL (including one with a trailing
    slash), and an exception that escaped a view.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX):
            return response

        if response.status_code in _DJANGO_ERRORS and not _is_problem(response):
            response = _django_problem(response.status_code)
        response["API-Version"] = settings.API_VERSION
        response.setdefault("Cache-Control", "no-store")
        response["X-Content-Type-Options"] = "nosniff"
        response["X-Frame-Options"] = "DENY"
        response.setdefault("Content-Security-Policy", "frame-ancestors 'none'")
        response.setdefault("Referrer-Policy", "no-referrer")
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not request.path.startswith(API_PREFIX):
            return None
        logger.exception("Unhandled error in API request %s", context.request_id.get())
        return _django_problem(500)


def _is_problem(response: HttpResponse) -> bool:
    return str(response.get("Content-Type", "")).startswith(PROBLEM_CONTENT_TYPE)


def _django_problem(status_code: int) -> HttpResponse:
    code, detail = _DJANGO_ERRORS[status_code]
    return JsonResponse(
        problem_body(status_code, code, str(detail)),
        status=status_code,
        content_type=PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
