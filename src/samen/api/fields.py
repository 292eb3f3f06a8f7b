"""Serializer fields shared by every API resource."""

from collections.abc import Callable
from datetime import UTC
from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


class UtcDateTimeField(serializers.DateTimeField):
    """A date-time rendered in UTC with a Z, whatever the installation's time zone."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("default_timezone", UTC)
        super().__init__(**kwargs)


@extend_schema_field({"type": "string", "format": "uri", "readOnly": True})
class AbsoluteUrlField(serializers.Field):
    """The absolute URL of a resource, built from a URL name and the object's kwargs.

    The host comes from the request, so that the links work through whatever
    name the caller used (SECURE_PROXY_SSL_HEADER gives the right scheme).
    """

    def __init__(self, view_name: str, kwargs_of: Callable[[Any], dict[str, Any]]) -> None:
        self.view_name = view_name
        self.kwargs_of = kwargs_of
        super().__init__(read_only=True, source="*")

    def to_representation(self, value: Any) -> str:
        path = reverse(self.view_name, kwargs=self.kwargs_of(value))
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class CodedChoiceField(serializers.ChoiceField):
    """A choice whose refusal carries a domain code (`role_unknown`), not `invalid_choice`.

    The same codes come from the actions, so a client sees one code for one
    mistake whichever layer notices it first.
    """

    def __init__(self, *, code: str, **kwargs: Any) -> None:
        self.refusal_code = code
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        if data == "" and self.allow_blank:
            return ""
        try:
            return self.choice_strings_to_values[str(data)]
        except KeyError:
            raise serializers.ValidationError(
                self.error_messages["invalid_choice"].format(input=data), code=self.refusal_code
            ) from None
