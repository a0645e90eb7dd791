"""The categories a new installation starts with (``feedback/data/categories.yaml``).

``load_default_categories(Category)`` takes the model as a parameter so that the data migration
(``0002_default_categories``, with the historical model) and tests that emptied the tables (a
browser test's flush) load the same file the same way. It does nothing when any category exists:
the province office's own tree is never touched.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent / "data" / "categories.yaml"


def load_default_categories(category_model: Any) -> int:
    """Create the shipped tree when there is no category yet; the number created."""
    if category_model.objects.exists():
        return 0
    created = 0

    def add(entries: list[dict[str, Any]], parent: Any) -> None:
        nonlocal created
        for position, entry in enumerate(entries):
            category = category_model.objects.create(
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
            created += 1
            add(entry.get("children", []), category)

    add(yaml.safe_load(DATA.read_text(encoding="utf-8"))["categories"], None)
    return created
