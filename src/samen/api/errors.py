"""Errors as application/problem+json (RFC 9457) with a stable `code`."""

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from samen.errors import DomainError

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"

_TITLES = {
    400: "Ongeldige invoer",
    401: "Niet geauthenticeerd",
    403: "Niet toegestaan",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Niet acceptabel",
    409: "Conflict",
    410: "Niet meer beschikbaar",
    411: "Lengte vereist",
    412: "Voorwaarde niet vervuld",
    413: "Te groot",
    415: "Mediatype niet ondersteund",
    416: "Bereik niet beschikbaar",
    422: "Niet verwerkbaar",
    423: "Vergrendeld",
    429: "Te veel verzoeken",
    500: "Serverfout",
    503: "Dienst niet beschikbaar",
}


def problem_body(status_code: int, code: str, detail: str, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": f"urn:samen:problem:{code}",
        "title": _TITLES.get(status_code, "Fout"),
        "status": status_code,
        "detail": str(detail),
        "code": code,
    }
    body.update(extra)
    return body


def problem(
    status_code: int,
    code: str,
    detail: str,
    *,
    invalid_params: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    if invalid_params:
        extra["invalidParams"] = invalid_params
    body = problem_body(status_code, code, detail, **extra)
    response = Response(body, status=status_code, headers=headers)
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


def _flatten(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    if isinstance(detail, dict):
        params = []
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            params.extend(_flatten(value, "" if key == "non_field_errors" and not prefix else name))
        return params
    if isinstance(detail, list):
        return [p for item in detail for p in _flatten(item, prefix)]
    code = getattr(detail, "code", "invalid")
    return [{"name": prefix or "nonFieldErrors", "code": str(code), "reason": str(detail)}]


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        params = (
            [{"name": exc.field, "code": exc.code, "reason": exc.message}] if exc.field else None
        )
        return problem(exc.status, exc.code, exc.message, invalid_params=params)
    if isinstance(exc, RequestDataTooBig):
        return problem(413, "too_large", _("The request is too large."))
    if isinstance(exc, SuspiciousOperation):
        logger.warning("Suspicious API request refused: %s", type(exc).__name__)
        return problem(400, "bad_request", _("The request could not be understood."))
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = exception_handler(exc, context)
    if response is None:
        return None

    if isinstance(exc, exceptions.ValidationError):
        params = _flatten(exc.detail)
        if len(params) == 1:
            # One mistake: its own code and reason say more than a summary.
            code, detail = params[0]["code"], params[0]["reason"]
        else:
            code, detail = "invalid", _("The request contains invalid values.")
        return problem(status.HTTP_400_BAD_REQUEST, code, detail, invalid_params=params)

    if not isinstance(exc, exceptions.APIException):  # DRF answers only its own exceptions
        return response
    codes = exc.get_codes()
    code = codes if isinstance(codes, str) else exc.default_code
    headers = {
        k: v
        for k, v in response.headers.items()
        if k in ("WWW-Authenticate", "Retry-After", "Allow")
    }
    return problem(response.status_code, str(code), str(exc.detail), headers=headers)
