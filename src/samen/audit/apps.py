from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "samen.audit"
    verbose_name = "Audittrail"
