"""Writes of criteria: sets and their versions, indicator values, their review and evidence.

- ``sets``: import set files as versions, derive a provincial variant, change its thresholds
  (``criteria_set_*``, ``load_national_sets``);
- ``values``: a commune enters, corrects or clears one value and attaches evidence
  (``indicator_value_submit``, ``indicator_value_clear``, ``evidence_add``);
- ``review``: the district returns or accepts a value (``indicator_value_return``, ``_accept``);
- ``value_sets``: data value sets of one or many units, all or nothing (checked in
  ``value_set_check``, reported with the types of ``rows``);
- ``rules``: what every value write checks; ``cache``: the cached evaluations a write drops.

One module a concern; this package is their one import path. Every write records the actor
(``by``) in the history; reads are in ``criteria.selectors``.
"""

from __future__ import annotations

from .cache import drop_unit_evaluations, invalidate_evaluations
from .review import indicator_value_accept, indicator_value_return
from .rows import ImportSummary, ValueConflict, ValueRow
from .sets import (
    criteria_set_derive,
    criteria_set_import,
    criteria_set_override_threshold,
    load_national_sets,
)
from .value_sets import data_value_set_import, data_value_sets_import
from .values import evidence_add, indicator_value_clear, indicator_value_submit

__all__ = [
    "ImportSummary",
    "ValueConflict",
    "ValueRow",
    "criteria_set_derive",
    "criteria_set_import",
    "criteria_set_override_threshold",
    "data_value_set_import",
    "data_value_sets_import",
    "drop_unit_evaluations",
    "evidence_add",
    "indicator_value_accept",
    "indicator_value_clear",
    "indicator_value_return",
    "indicator_value_submit",
    "invalidate_evaluations",
    "load_national_sets",
]
