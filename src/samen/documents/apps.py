from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "samen.documents"
    verbose_name = "Documenten"

    def ready(self) -> None:
        # Connects the receiver that gives a new workspace its template folders.
        from samen.documents import signals  # noqa: F401
