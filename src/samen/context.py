"""Per-request context that deeper layers need without passing it around."""

from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("samen_request_id", default="")
