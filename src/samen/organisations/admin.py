"""The platform administrator's view of organisations, people and tokens."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from samen.organisations.models import ApiToken, Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "oin", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name", "oin"]


class PersonCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ["email", "name", "organisation"]


class PersonChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class PersonAdmin(UserAdmin):
    """Django's user admin, for accounts that log in with an e-mail address."""

    form = PersonChangeForm
    add_form = PersonCreationForm
    ordering = ["name"]
    list_display = ["name", "email", "organisation", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "organisation"]
    search_fields = ["name", "email"]
    readonly_fields = ["date_joined", "last_login"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["name", "organisation", "language"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "name", "organisation", "password1", "password2"],
            },
        ),
    ]

    def user_change_password(self, request: Any, id: str, form_url: str = "") -> Any:
        # Django saves the new password and logs it outside a transaction;
        # its audit entry (samen.audit.admin_log) belongs in the same one.
        with transaction.atomic():
            return super().user_change_password(request, id, form_url)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made by their owner; the administrator can only see and revoke them."""

    list_display = ["hint", "user", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["hint", "user__email", "user__name"]
    readonly_fields = ["user", "key_hash", "hint", "created_at", "last_used_at"]

    def has_add_permission(self, request: object) -> bool:
        return False
