"""A set's versions as the engine reads them, and the facts a unit is evaluated on.

Below ``selectors`` and ``derived`` (both read them), so neither imports the other for them.
"""

from __future__ import annotations

from smartrural.geo.models import AdministrativeUnit

from .engine import CompiledSet, UnitFacts
from .models import CriteriaSet, CriteriaSetVersion
from .setfile import definition_from_json

_COMPILED: dict[tuple[int, str], CompiledSet] = {}


def current_version(criteria_set: CriteriaSet) -> CriteriaSetVersion | None:
    return criteria_set.versions.order_by("-number").first()


def compiled(version: CriteriaSetVersion) -> CompiledSet:
    """The parsed definition of ``version``, parsed once per process (versions are immutable;
    the key includes ``created_at`` so a reused id in a fresh test database is not confused)."""
    key = (version.pk, version.created_at.isoformat())
    found = _COMPILED.get(key)
    if found is None:
        found = _COMPILED[key] = CompiledSet(definition_from_json(version.definition))
    return found


# Fields of a unit its evaluation reads (``facts_of``): load them with ``.only(...)``.
FACT_FIELDS = (
    "kind",
    "region",
    "commune_group",
    "especially_difficult",
    "especially_difficult_from",
    "especially_difficult_to",
)


def facts_of(unit: AdministrativeUnit) -> UnitFacts:
    difficult = (
        (unit.especially_difficult_from, unit.especially_difficult_to)
        if unit.especially_difficult
        else None
    )
    return UnitFacts(
        kind=unit.kind,
        region=unit.region,
        commune_group=unit.commune_group,
        difficult_years=difficult,
    )
