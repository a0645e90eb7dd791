"""What every write of an indicator value checks: the set's current definition, the year and
unit in its scope, the indicator in it, a locked value, a value changed since it was read."""

from __future__ import annotations

from django.utils.translation import gettext as _

from smartrural.core.errors import ValidationFailed
from smartrural.core.versioning import FieldConflict, row_conflicts
from smartrural.geo.models import AdministrativeUnit

from ..definition import Indicator, SetDefinition
from ..models import CriteriaSet, IndicatorValue
from ..selectors import compiled, current_version, root_id


def indicator_label(code: str) -> str:
    return _("Indicator %(code)s") % {"code": code}


def locked_message(code: str) -> str:
    return _("Indicator %(code)s is locked: its dossier has been submitted.") % {"code": code}


def edited_meanwhile(
    current: IndicatorValue | None,
    version: int | None,
    *,
    code: str,
    sent: dict[str, str],
) -> list[FieldConflict]:
    """The fields of ``current`` changed since the writer read it at ``version``."""
    return row_conflicts(
        IndicatorValue, current, version, sent=sent, row=code, row_label=indicator_label(code)
    )


def set_definition(criteria_set: CriteriaSet) -> SetDefinition:
    """The definition values are checked against: the set's current version's."""
    version = current_version(criteria_set)
    if version is None:
        raise ValidationFailed(
            _("The criteria set %(code)s has no version yet.") % {"code": criteria_set.code}
        )
    return compiled(version).definition


def check_scope(
    definition: SetDefinition, criteria_set: CriteriaSet, unit: AdministrativeUnit, year: int
) -> None:
    """``ValidationFailed`` when ``year`` is outside the set's period or ``unit`` is not of
    the set's level."""
    if not definition.valid_from_year <= year <= definition.valid_to_year:
        raise ValidationFailed(
            _("The criteria set %(code)s applies to %(start)s–%(end)s, not %(year)s.")
            % {
                "code": criteria_set.code,
                "start": definition.valid_from_year,
                "end": definition.valid_to_year,
                "year": year,
            },
            field="period",
        )
    if unit.level != definition.unit_level:
        raise ValidationFailed(
            _("The criteria set %(code)s is for %(level)s units; %(unit)s is not one.")
            % {"code": criteria_set.code, "level": definition.unit_level, "unit": unit.name},
            field="orgUnit",
        )


def no_indicator_message(criteria_set: CriteriaSet, code: str) -> str:
    return _("The set %(set)s has no indicator %(code)s.") % {
        "set": criteria_set.code,
        "code": code,
    }


def value_to_write(
    *, criteria_set: CriteriaSet, unit: AdministrativeUnit, year: int, indicator_code: str
) -> tuple[Indicator, IndicatorValue | None]:
    """The indicator ``indicator_code`` of the set and its stored value of ``unit`` and
    ``year``, locked for the write (None: no value yet). ``ValidationFailed`` when the year or
    unit is outside the set or the set has no such indicator."""
    definition = set_definition(criteria_set)
    check_scope(definition, criteria_set, unit, year)
    indicator = definition.indicators().get(indicator_code)
    if indicator is None:
        raise ValidationFailed(
            no_indicator_message(criteria_set, indicator_code), field="indicator"
        )
    row = (
        IndicatorValue.objects.select_for_update()
        .filter(
            unit=unit,
            criteria_set_id=root_id(criteria_set),
            year=year,
            indicator_code=indicator_code,
        )
        .first()
    )
    return indicator, row
