from django.apps import AppConfig


class DocumentTextConfig(AppConfig):
    name = "samen.documents.text"
    label = "documents_text"
    verbose_name = "Documenttekst"

    def ready(self) -> None:
        # Connects the receiver that queues extraction for each new version.
        from samen.documents.text import receivers  # noqa: F401
