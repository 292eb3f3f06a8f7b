"""Workspaces, their members and invitations, and the templates as editable data."""

from django.contrib import admin

from samen.workspaces.models import Invitation, Membership, Template, Workspace


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user", "organisation"]


@admin.register(Workspace)
class WorkspaceAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "template", "phase", "status", "created_at"]
    list_filter = ["status", "phase", "template"]
    search_fields = ["name"]
    readonly_fields = ["created_at", "created_by"]
    inlines = [MembershipInline]


@admin.register(Template)
class TemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "slug", "default_phase", "position"]
    ordering = ["position"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["workspace", "user", "organisation", "role", "max_confidentiality"]
    list_filter = ["role", "max_confidentiality"]
    search_fields = ["workspace__name", "user__name", "user__email", "organisation__name"]
    autocomplete_fields = ["workspace", "user", "organisation"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Invitations are sent from the members page; here they can be seen and revoked."""

    list_display = ["email", "workspace", "role", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["role"]
    search_fields = ["email", "workspace__name"]
    readonly_fields = [
        "workspace",
        "email",
        "token_hash",
        "invited_by",
        "created_at",
        "accepted_at",
    ]

    def has_add_permission(self, request: object) -> bool:
        return False
