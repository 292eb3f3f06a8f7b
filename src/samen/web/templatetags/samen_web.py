from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def minutes(value: timedelta | None) -> int:
    """A duration in whole minutes, for sentences such as the lock-out's."""
    if value is None:
        return 0
    return int(value.total_seconds() // 60)
