from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AuditConfig(AppConfig):
    name = "samen.audit"
    verbose_name = "Audittrail"


class AuditedAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, with an `admin.site` whose every change is audited."""

    default = False  # named in INSTALLED_APPS; AuditConfig stays this module's app
    default_site = "samen.audit.admin_log.AuditedAdminSite"
