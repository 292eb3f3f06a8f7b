"""Base serializers for request bodies."""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers


class InputSerializer(serializers.Serializer):
    """A request body that refuses properties it does not know.

    A misspelt property (`name` for `naam`) would otherwise be dropped
    silently and the request would seem to work; refusing it tells the client.
    """

    def to_internal_value(self, data: Any) -> Any:
        unknown = sorted(set(data) - set(self.fields)) if isinstance(data, dict) else []
        errors: dict[str, Any] = {
            name: [serializers.ErrorDetail(_("This property is unknown."), code="unknown_property")]
            for name in unknown
        }
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if not isinstance(exc.detail, dict):
                raise
            errors = {**exc.detail, **errors}
        if errors:
            raise serializers.ValidationError(errors)
        return value
