from django.apps import AppConfig


class WorkerConfig(AppConfig):
    name = "samen.worker"
    verbose_name = "Achtergrondwerk"
