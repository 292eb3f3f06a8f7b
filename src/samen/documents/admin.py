"""Read-mostly admin views for operators; changes go through the API and pages."""

from django.contrib import admin

from samen.documents.models import Document, Folder, Upload, Version


class ReadOnlyAdmin(admin.ModelAdmin):
    # Edits here would bypass the actions and therefore the audit log.
    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Folder)
class FolderAdmin(ReadOnlyAdmin):
    list_display = ["name", "workspace", "parent"]
    search_fields = ["name"]


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = [
        "title",
        "workspace",
        "confidentiality",
        "status",
        "version_count",
        "deleted_at",
    ]
    list_filter = ["confidentiality", "status"]
    search_fields = ["title"]


@admin.register(Version)
class VersionAdmin(ReadOnlyAdmin):
    list_display = ["document", "number", "file_name", "size", "mime_type", "sha256"]


@admin.register(Upload)
class UploadAdmin(ReadOnlyAdmin):
    list_display = ["file_name", "workspace", "size", "created_at", "completed_at", "expires_at"]
