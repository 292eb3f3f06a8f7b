"""Audit entries for what is added, changed and deleted in the Django admin (/beheer/).

The admin logs each change through its ModelAdmin hooks (log_addition,
log_change, log_deletions), inside the transaction of the change itself.
AuditedAdmin records the audit entry in those same hooks, so the admin's own
history and the audit log cannot disagree, and a change whose audit entry
cannot be written is not made either. AuditedAdminSite gives every
ModelAdmin registered with the site these hooks, the ones of other packages
(axes, the task queue, auth's groups) included.

The values before a change are taken when the admin fetches the object
(get_object). Secrets are never written to the log: a changed password or
key shows as changed, without its value.
"""

import hashlib
from typing import Any
from weakref import WeakKeyDictionary

from django.contrib import admin
from django.db import models, router, transaction
from django.http import HttpRequest

HIDDEN = "(verborgen)"
SENSITIVE = {"password", "key_hash", "token_hash", "secret", "private_pem"}

# Per request, the values of the objects the admin fetched, until logged.
_before: "WeakKeyDictionary[HttpRequest, dict[str, dict[str, Any]]]" = WeakKeyDictionary()


def object_type(obj: models.Model) -> str:
    return obj._meta.label_lower


def _key(obj: models.Model) -> str:
    return f"{object_type(obj)}:{obj.pk}"


def _workspace_of(obj: models.Model) -> Any:
    # An entry about a workspace, or a thing in one, shows in its audit trail.
    if obj._meta.label_lower == "workspaces.workspace":
        return obj.pk
    return getattr(obj, "workspace_id", None)


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The object's field values as the audit log keeps them; secrets as a fingerprint."""
    values: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        value = field.value_from_object(obj)
        if field.name in SENSITIVE:
            value = hashlib.sha256(str(value).encode()).hexdigest() if value else ""
        values[field.name] = value
    if obj.pk is not None:
        for field in obj._meta.many_to_many:
            related = getattr(obj, field.name).values_list("pk", flat=True)
            values[field.name] = sorted(str(pk) for pk in related)
    return values


def _hide_secrets(changes: dict[str, Any]) -> dict[str, Any]:
    for name in SENSITIVE & set(changes):
        changes[name] = {key: HIDDEN if value else value for key, value in changes[name].items()}
    return changes


def _related_changes(message: Any) -> list[Any]:
    """Inline objects added, changed or deleted, from the admin's change message."""
    if not isinstance(message, list):
        return []
    return [item for item in message if "changed" not in item]


class AuditedAdmin(admin.ModelAdmin):
    def get_object(self, request: HttpRequest, object_id: str, from_field: Any = None) -> Any:
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            _before.setdefault(request, {})[_key(obj)] = snapshot(obj)
        return obj

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        from samen.audit.actions import created

        logged = super().log_addition(request, obj, message)
        changes = created(snapshot(obj))
        self._record(request, "admin.added", obj, _hide_secrets(changes), message)
        return logged

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        from samen.audit.actions import diff

        logged = super().log_change(request, obj, message)
        before = _before.get(request, {}).pop(_key(obj), None)
        # An object changed in the list (list_editable) was not fetched one by
        # one: its old values are not known, only which fields changed.
        changes = diff(before, snapshot(obj)) if before is not None else {}
        self._record(request, "admin.changed", obj, _hide_secrets(changes), message)
        return logged

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        from samen.audit.actions import Entry, diff, record_many

        logged = super().log_deletions(request, queryset)
        record_many(
            [
                Entry(
                    actor=request.user,
                    action="admin.deleted",
                    object_type=object_type(obj),
                    object_id=obj.pk,
                    workspace_id=_workspace_of(obj),
                    changes=_hide_secrets(diff(snapshot(obj), {})),
                )
                for obj in queryset
            ]
        )
        return logged

    def response_action(
        self, request: HttpRequest, queryset: Any, *args: Any, **kwargs: Any
    ) -> Any:
        # Django runs admin actions (delete selected) outside a transaction;
        # the deletions and their audit entries belong in one.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().response_action(request, queryset, *args, **kwargs)

    def _record(
        self, request: HttpRequest, action: str, obj: Any, changes: dict[str, Any], message: Any
    ) -> None:
        from samen.audit.actions import record

        related = _related_changes(message)
        if related:
            changes["related"] = {"old": None, "new": related}
        record(
            actor=request.user,
            action=action,
            object_type=object_type(obj),
            object_id=obj.pk,
            workspace_id=_workspace_of(obj),
            changes=changes,
        )


def audited(admin_class: type[admin.ModelAdmin]) -> type[admin.ModelAdmin]:
    """The admin class with the audit hooks; unchanged when it has them already."""
    if issubclass(admin_class, AuditedAdmin):
        return admin_class
    return type(admin_class.__name__, (AuditedAdmin, admin_class), {"__module__": __name__})


class AuditedAdminSite(admin.AdminSite):
    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        super().register(model_or_iterable, audited(admin_class or admin.ModelAdmin), **options)
