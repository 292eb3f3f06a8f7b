from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "samen.api"
    verbose_name = "API"

    def ready(self) -> None:
        # Registers the OpenAPI description of the token authentication.
        from samen.api import schema  # noqa: F401
