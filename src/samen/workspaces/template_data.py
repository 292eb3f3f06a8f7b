"""The built-in workspace templates, loaded into the Template table by a migration.

Kept as data so that an installation can add or change templates in the
admin without a code change; the migration only fills an empty slot.
"""

from typing import Any

ALL_PHASES = ["initiatief", "verkenning", "planuitwerking", "realisatie", "beheer"]

TEMPLATES: list[dict[str, object]] = [
    {
        "slug": "bodemsanering",
        "position": 1,
        "name": "Bodemsanering",
        "name_en": "Soil remediation",
        "description": "Voor saneringsprojecten: onderzoek, saneringsplan, uitvoering en nazorg.",
        "description_en": "For remediation projects: investigation, remediation plan, "
        "execution and aftercare.",
        "guide": (
            "Zet onderzoeksrapporten in Onderzoek, het saneringsplan en de beschikking in "
            "Besluitvorming, en verslagen van de uitvoering in Uitvoering. Meetgegevens uit het "
            "informatiehuis bodem horen in Meetgegevens. Markeer rapporten over "
            "verontreinigde percelen als zaakvertrouwelijk."
        ),
        "guide_en": (
            "Put investigation reports in Onderzoek, the remediation plan and the decision in "
            "Besluitvorming, and reports of the works in Uitvoering. Measurements from the soil "
            "information hub belong in Meetgegevens. Mark reports on contaminated plots as "
            "case confidential."
        ),
        "folders": [
            "Onderzoek/Historisch onderzoek",
            "Onderzoek/Verkennend en nader onderzoek",
            "Meetgegevens",
            "Saneringsplan",
            "Besluitvorming",
            "Uitvoering",
            "Nazorg",
        ],
        "phases": ALL_PHASES,
        "default_phase": "verkenning",
        "default_guest_role": "lezer",
    },
    {
        "slug": "omgevingsvisie",
        "position": 2,
        "name": "Omgevingsvisie",
        "name_en": "Environmental vision",
        "description": "Voor het actualiseren van een omgevingsvisie met partners en participatie.",
        "description_en": "For updating an environmental vision with partners and public "
        "participation.",
        "guide": (
            "Begin met de Notitie reikwijdte en detailniveau in Startfase. Bijdragen van "
            "partners komen in Bouwstenen, reacties uit de participatie in Participatie. "
            "Het ontwerp en de vastgestelde visie staan in Besluitvorming."
        ),
        "guide_en": (
            "Start with the scope note in Startfase. Partners' contributions go into "
            "Bouwstenen, responses from participation into Participatie. The draft and the "
            "adopted vision live in Besluitvorming."
        ),
        "folders": [
            "Startfase",
            "Bouwstenen/Thema's",
            "Bouwstenen/Gebieden",
            "Participatie",
            "Milieueffectrapportage",
            "Besluitvorming",
        ],
        "phases": ["initiatief", "verkenning", "planuitwerking", "beheer"],
        "default_phase": "verkenning",
        "default_guest_role": "bijdrager",
    },
    {
        "slug": "gebiedsontwikkeling",
        "position": 3,
        "name": "Gebiedsontwikkeling",
        "name_en": "Area development",
        "description": "Voor gebiedsontwikkeling met gemeenten, waterschap, Rijk en marktpartijen.",
        "description_en": "For area development with municipalities, water board, national "
        "government and market parties.",
        "guide": (
            "Afspraken tussen partners staan in Overeenkomsten, ontwerpen en kaarten in "
            "Ontwerp, en de planning en het risicodossier in Projectbeheersing. Houd "
            "grondposities en financiële gegevens vertrouwelijk."
        ),
        "guide_en": (
            "Agreements between partners are in Overeenkomsten, designs and maps in Ontwerp, "
            "and the schedule and risk file in Projectbeheersing. Keep land positions and "
            "financial data confidential."
        ),
        "folders": [
            "Overeenkomsten",
            "Ontwerp/Kaarten",
            "Ontwerp/Schetsen",
            "Onderzoek",
            "Projectbeheersing/Planning",
            "Projectbeheersing/Risico's",
            "Besluitvorming",
            "Communicatie",
        ],
        "phases": ALL_PHASES,
        "default_phase": "planuitwerking",
        "default_guest_role": "bijdrager",
    },
    {
        "slug": "programma",
        "position": 4,
        "name": "Programma",
        "name_en": "Programme",
        "description": "Voor een programma dat meerdere projecten samen aanstuurt.",
        "description_en": "For a programme that steers several projects together.",
        "guide": (
            "Het programmaplan en de roadmap staan in Programmasturing. Voortgangsrapportages "
            "komen per kwartaal in Rapportages; besluiten van de stuurgroep in Stuurgroep."
        ),
        "guide_en": (
            "The programme plan and roadmap are in Programmasturing. Progress reports go into "
            "Rapportages each quarter; steering-group decisions into Stuurgroep."
        ),
        "folders": ["Programmasturing", "Rapportages", "Stuurgroep", "Financiën"],
        "phases": ALL_PHASES,
        "default_phase": "realisatie",
        "default_guest_role": "lezer",
    },
    {
        "slug": "leeg",
        "position": 5,
        "name": "Leeg",
        "name_en": "Empty",
        "description": "Een lege ruimte zonder mappen, om zelf in te richten.",
        "description_en": "An empty workspace without folders, to arrange yourself.",
        "guide": "Deze ruimte is leeg. Maak zelf mappen aan en nodig leden uit.",
        "guide_en": "This workspace is empty. Create folders and invite members yourself.",
        "folders": [],
        "phases": ALL_PHASES,
        "default_phase": "initiatief",
        "default_guest_role": "lezer",
    },
]


def install(template_model: Any) -> None:
    """Add the built-in templates that are missing; existing rows stay as edited.

    Takes the model class, so that the migration can pass its historical model.
    """
    for data in TEMPLATES:
        values = {key: value for key, value in data.items() if key != "slug"}
        template_model.objects.get_or_create(slug=data["slug"], defaults=values)
