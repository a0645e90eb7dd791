"""The categories a new installation starts with (``feedback/data/categories.yaml``)."""

from pathlib import Path

import yaml
from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "categories.yaml"


def load(apps, schema_editor):
    Category = apps.get_model("feedback", "Category")
    if Category.objects.exists():
        return

    def add(entries, parent):
        for position, entry in enumerate(entries):
            category = Category.objects.create(
                code=entry["code"],
                name=entry["name"],
                description=entry.get("description", ""),
                parent=parent,
                level=entry.get("level", "commune"),
                role=entry.get("role", "commune_officer"),
                deadline_days=entry.get("deadline_days", 10),
                keywords=entry.get("keywords", ""),
                attributes=entry.get("attributes", []),
                position=position,
            )
            add(entry.get("children", []), category)

    add(yaml.safe_load(DATA.read_text(encoding="utf-8"))["categories"], None)


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
