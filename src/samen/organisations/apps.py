from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "samen.organisations"
    verbose_name = "Organisaties en personen"
