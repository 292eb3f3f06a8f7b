from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "samen.api"
    verbose_name = "API"
