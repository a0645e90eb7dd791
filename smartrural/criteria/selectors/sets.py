"""Reads of criteria sets: by code, their current version and definition, their period, the
root set their values are stored against, the thresholds a province set itself."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from smartrural.core.errors import ValidationFailed

from ..definition import SetDefinition, Threshold
from ..models import CriteriaSet, CriteriaSetVersion
from ..setfile import definition_from_json
from ..versions import compiled, current_version


def criteria_set_by_code(code: str) -> CriteriaSet | None:
    return CriteriaSet.objects.select_related("base").filter(code=code).first()


def root_id(criteria_set: CriteriaSet) -> int:
    return criteria_set.pk if criteria_set.base_id is None else criteria_set.root.pk


def version_required(criteria_set: CriteriaSet) -> CriteriaSetVersion:
    """The newest version of the set; ``ValidationFailed`` when it has none (every set stored
    through the services has one)."""
    version = current_version(criteria_set)
    if version is None:
        raise ValidationFailed(_("The set %(code)s has no version.") % {"code": criteria_set.code})
    return version


def current_definition(criteria_set: CriteriaSet) -> SetDefinition:
    """The definition of the set's newest version, parsed afresh (the caller may change it)."""
    return definition_from_json(version_required(criteria_set).definition)


def covers_year(criteria_set: CriteriaSet, year: int) -> bool | None:
    """Whether the set's period (its current version's) holds ``year``; None: no version."""
    version = current_version(criteria_set)
    if version is None:
        return None
    definition = compiled(version).definition
    return definition.valid_from_year <= year <= definition.valid_to_year


def provincial_thresholds(criteria_set: CriteriaSet) -> Callable[[str, Threshold], bool]:
    """Whether a threshold of ``criteria_set`` is the province's own: for a provincial variant,
    one that its national (root) set does not have; for a national set, none."""
    if criteria_set.base_id is None:
        return lambda _code, _threshold: False
    version = current_version(criteria_set.root)
    national = compiled(version).definition.indicators() if version is not None else {}

    def provincial(code: str, threshold: Threshold) -> bool:
        base = national.get(code)
        return base is None or threshold not in base.thresholds

    return provincial
