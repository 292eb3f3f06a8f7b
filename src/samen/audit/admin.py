"""The audit log in the admin: to read and search, never to change."""

from typing import Any

from django.contrib import admin

from samen.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["position", "occurred_at", "actor_name", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_name", "object_id", "workspace_id", "request_id"]
    date_hierarchy = "occurred_at"

    def get_readonly_fields(self, request: Any, obj: Any = None) -> list[str]:
        return [field.name for field in AuditEntry._meta.fields]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        # Viewing goes through the view permission; nothing can be saved.
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
