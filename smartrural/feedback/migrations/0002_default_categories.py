"""The categories a new installation starts with (``feedback/data/categories.yaml``)."""

from django.db import migrations

from smartrural.feedback.shipped import load_default_categories


def load(apps, schema_editor):
    load_default_categories(apps.get_model("feedback", "Category"))


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
