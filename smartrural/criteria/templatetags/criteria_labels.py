"""Template filters naming criteria set codes: ``{{ t.provenance|provenance_label }}``."""

from __future__ import annotations

from django import template

from smartrural.criteria import labels
from smartrural.criteria.shipped import shipped_set_names

register = template.Library()

register.filter("provenance_label", labels.provenance_label)
register.filter("award_label", labels.award_label)
register.filter("region_label", labels.region_label)
register.filter("unit_level_label", labels.unit_level_label)


@register.filter
def shipped_set_name(code: str) -> str:
    """A shipped national set's name and legal basis by its code (the code if not shipped)."""
    return shipped_set_names().get(code, code)


@register.filter
def shipped_set_names_of(codes: list[str]) -> list[str]:
    return [shipped_set_name(code) for code in codes]
