from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "samen.documents"
    verbose_name = "Documenten"

    def ready(self) -> None:
        # Connects the receiver that gives a new workspace its template folders,
        # and tells the activity feed how to say what happened to documents.
        from samen.documents import feed, signals  # noqa: F401

        feed.register()
