from django.db import migrations

from samen.workspaces import template_data


def load_templates(apps, schema_editor):
    template_data.install(apps.get_model("workspaces", "Template"))


class Migration(migrations.Migration):
    dependencies = [("workspaces", "0001_initial")]
    operations = [migrations.RunPython(load_templates, migrations.RunPython.noop)]
