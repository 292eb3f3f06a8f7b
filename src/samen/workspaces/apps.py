from django.apps import AppConfig


class WorkspacesConfig(AppConfig):
    name = "samen.workspaces"
    verbose_name = "Samenwerkingsruimtes"
