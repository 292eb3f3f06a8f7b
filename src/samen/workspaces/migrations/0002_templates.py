from django.db import migrations

from samen.workspaces.template_data import TEMPLATES


def load_templates(apps, schema_editor):
    Template = apps.get_model("workspaces", "Template")
    for data in TEMPLATES:
        values = {key: value for key, value in data.items() if key != "slug"}
        Template.objects.get_or_create(slug=data["slug"], defaults=values)


class Migration(migrations.Migration):
    dependencies = [("workspaces", "0001_initial")]
    operations = [migrations.RunPython(load_templates, migrations.RunPython.noop)]
