"""Reads of criteria: sets and their versions, stored values, evaluations through their cache,
summaries. One module a concern; this package is their one import path.

- ``sets``: a set by code, its current version and definition, its period, its root set, the
  thresholds a province set itself;
- ``units``: the units a year concerns (valid on 1 July of the year, ``as_of_for_year``);
- ``values``: stored values of many units at once, and of one unit for the export;
- ``evaluations`` and ``cache``: evaluations from the values, cached per unit, set and year;
- ``summary``: counts under a parent unit, per child and per criterion.

The versions and the facts a unit is evaluated on are in ``criteria.versions`` (below the
derived figures, which read them too), offered here as well.
"""

from __future__ import annotations

from ..versions import FACT_FIELDS, compiled, current_version, facts_of
from .cache import EvaluationSummary
from .evaluations import (
    cached_summaries,
    evaluate_summaries,
    evaluate_units,
    evaluation_detail,
    evaluation_for,
)
from .sets import (
    covers_year,
    criteria_set_by_code,
    current_definition,
    provincial_thresholds,
    root_id,
    version_required,
)
from .summary import summary
from .units import RURAL_COMMUNE_KINDS, as_of_for_year, units_for_set
from .values import values_by_unit, values_of_unit

__all__ = [
    "FACT_FIELDS",
    "RURAL_COMMUNE_KINDS",
    "EvaluationSummary",
    "as_of_for_year",
    "cached_summaries",
    "compiled",
    "covers_year",
    "criteria_set_by_code",
    "current_definition",
    "current_version",
    "evaluate_summaries",
    "evaluate_units",
    "evaluation_detail",
    "evaluation_for",
    "facts_of",
    "provincial_thresholds",
    "root_id",
    "summary",
    "units_for_set",
    "values_by_unit",
    "values_of_unit",
    "version_required",
]
