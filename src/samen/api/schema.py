"""Post-processing of the generated OpenAPI document for the API Design Rules.

drf-spectacular describes what each view returns when it works. The rest is
the same for every endpoint and is added here, once, rather than per view:
the API-Version header on every response, the problem+json error responses,
the Idempotency-Key header on the POSTs that honour it, and Location on 201.
"""

from typing import Any

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension

from samen.api import idempotency

HTTP_METHODS = ("get", "put", "post", "patch", "delete")
_PROBLEM = "application/problem+json"
_WRITES = ("put", "post", "patch", "delete")

_ERRORS = {
    "400": "Ongeldige invoer; invalidParams noemt de velden.",
    "401": "Niet geauthenticeerd.",
    "403": "Niet toegestaan met uw rol.",
    "404": "Niet gevonden, of niet zichtbaar voor u.",
    "409": "In strijd met de huidige toestand.",
    "422": "Idempotency-Key eerder gebruikt voor een ander verzoek.",
    "500": "Fout op de server.",
}


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    target_class = "samen.api.authentication.PersonalTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <token>` of `Bearer <token>`, met een persoonlijk API-token.",
        }


def postprocess(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    components = result.setdefault("components", {})
    components.setdefault("schemas", {}).update(_problem_schemas())
    components["headers"] = _headers()
    components.setdefault("parameters", {})[idempotency.HEADER] = _idempotency_parameter()
    idempotent = _idempotent_operations(generator)

    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            _add_error_responses(operation, method, (path, method) in idempotent)
            _add_headers(operation)
            if (path, method) in idempotent:
                operation.setdefault("parameters", []).append(
                    {"$ref": f"#/components/parameters/{idempotency.HEADER}"}
                )
    return result


def _idempotent_operations(generator: Any) -> set[tuple[str, str]]:
    """(path, method) of every view method decorated with @idempotent, as in the document."""
    prefix = str(settings.SPECTACULAR_SETTINGS["SCHEMA_PATH_PREFIX"])
    found = set()
    for path, _regex, method, callback in generator.endpoints or []:
        # A viewset's callback maps methods to its actions; a view's handler is the method.
        actions = getattr(callback, "actions", None) or {}
        name = actions.get(method.lower(), method.lower())
        handler = getattr(getattr(callback, "cls", None), name, None)
        if getattr(handler, "idempotent", False):
            trimmed = path[len(prefix) :] if path.startswith(prefix) else path
            found.add((trimmed, method.lower()))
    return found


def _add_error_responses(operation: dict[str, Any], method: str, idempotent: bool) -> None:
    wanted = ["400", "404", "500"]
    if operation.get("security") != [{}]:
        wanted += ["401", "403"]
    if method in _WRITES:
        wanted.append("409")
    if idempotent:
        wanted.append("422")

    responses = operation.setdefault("responses", {})
    for status in wanted:
        responses.setdefault(status, {"description": _ERRORS[status]})
    # Every error is a problem, also one a view declared itself (a 416, say).
    for status, response in responses.items():
        if status[0] in "45" and _PROBLEM not in response.get("content", {}):
            response["content"] = {_PROBLEM: {"schema": {"$ref": "#/components/schemas/Fout"}}}
            response.setdefault("description", _ERRORS.get(status, "Fout."))
    operation["responses"] = dict(sorted(responses.items()))


def _add_headers(operation: dict[str, Any]) -> None:
    for status, response in operation.get("responses", {}).items():
        headers = response.setdefault("headers", {})
        headers["API-Version"] = {"$ref": "#/components/headers/API-Version"}
        if status == "201":
            headers["Location"] = {"$ref": "#/components/headers/Location"}


def _headers() -> dict[str, Any]:
    return {
        "API-Version": {
            "description": "De volledige versie van de API.",
            "schema": {"type": "string", "example": settings.API_VERSION},
        },
        "Location": {
            "description": "De URL van de aangemaakte resource.",
            "schema": {"type": "string", "format": "uri"},
        },
    }


def _idempotency_parameter() -> dict[str, Any]:
    return {
        "name": idempotency.HEADER,
        "in": "header",
        "required": False,
        "description": (
            f"Een unieke sleutel per verzoek. Een herhaling met dezelfde sleutel binnen "
            f"{idempotency.IDEMPOTENCY_HOURS} uur krijgt het eerste antwoord terug, met "
            f"`{idempotency.REPLAYED_HEADER}: true`, en verandert niets."
        ),
        "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    }


def _problem_schemas() -> dict[str, Any]:
    return {
        "Fout": {
            "type": "object",
            "description": "Een fout als application/problem+json (RFC 9457).",
            "required": ["type", "title", "status", "detail", "code"],
            "properties": {
                "type": {"type": "string", "example": "urn:samen:problem:name_required"},
                "title": {"type": "string", "example": "Ongeldige invoer"},
                "status": {"type": "integer", "example": 400},
                "detail": {"type": "string", "example": "A name is required."},
                "code": {
                    "type": "string",
                    "description": "Een vaste code, voor programma's.",
                    "example": "name_required",
                },
                "invalidParams": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/OngeldigeParameter"},
                },
            },
        },
        "OngeldigeParameter": {
            "type": "object",
            "required": ["name", "code", "reason"],
            "properties": {
                "name": {"type": "string", "example": "naam"},
                "code": {"type": "string", "example": "name_required"},
                "reason": {"type": "string", "example": "A name is required."},
            },
        },
    }
