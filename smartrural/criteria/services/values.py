"""A commune's writes of one indicator value: enter or correct it, clear it, attach evidence.

Values are validated against the set's *current* version, stored against the family's root
set (so a provincial variant evaluates the same values), keep their history
(django-simple-history) and drop the cached evaluations they feed.
"""

from __future__ import annotations

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from smartrural.accounts.actor import Actor
from smartrural.core.errors import Conflict, ValidationFailed
from smartrural.core.versioning import NOT_STORED, EditConflict
from smartrural.geo.models import AdministrativeUnit

from ..models import CriteriaSet, Evidence, IndicatorValue, ValueStatus
from ..parsing import InvalidValue, parse_value
from ..selectors import root_id
from .cache import invalidate_evaluations
from .rules import edited_meanwhile, locked_message, value_to_write


@transaction.atomic
def indicator_value_submit(
    *,
    unit: AdministrativeUnit,
    criteria_set: CriteriaSet,
    year: int,
    indicator_code: str,
    value: str,
    comment: str = "",
    version: int | None = None,
    by: Actor,
) -> IndicatorValue:
    """Enter or correct one value. Raises ``ValidationFailed`` (unknown indicator, malformed
    value, year or unit outside the set) or ``Conflict`` (locked value; ``EditConflict`` when
    the value changed since the writer read it at ``version``, ``NOT_STORED`` for none)."""
    indicator, row = value_to_write(
        criteria_set=criteria_set, unit=unit, year=year, indicator_code=indicator_code
    )
    try:
        parsed = parse_value(indicator, value)
    except InvalidValue as exc:
        raise ValidationFailed(exc.message, field="value") from exc
    if row is not None and row.status == ValueStatus.LOCKED:
        raise Conflict(locked_message(indicator_code), field="value")
    meanwhile = edited_meanwhile(
        row, version, code=indicator_code, sent={"value": parsed.text, "comment": comment}
    )
    if meanwhile:
        raise EditConflict(meanwhile, current_version=row.version if row else NOT_STORED)
    if row is None:
        row = IndicatorValue(
            unit=unit,
            criteria_set_id=root_id(criteria_set),
            year=year,
            indicator_code=indicator_code,
        )
    row.value = parsed.text
    row.number = parsed.number
    row.comment = comment
    row.status = ValueStatus.ENTERED
    row.entered_by = by
    row._history_user = by  # type: ignore[attr-defined]
    row.save()
    invalidate_evaluations(unit=unit, year=year)
    return row


@transaction.atomic
def indicator_value_clear(
    *,
    unit: AdministrativeUnit,
    criteria_set: CriteriaSet,
    year: int,
    indicator_code: str,
    version: int | None = None,
    by: Actor,
) -> IndicatorValue | None:
    """Clear one value: the indicator has no data again ("chưa có số liệu" in evaluations).

    The stored value is removed with its evidence records (their files stay in storage); the
    history keeps who cleared it, when, and the value and evidence before. Returns the removed
    value, or ``None`` when there was none (nothing to clear: someone cleared it meanwhile, or
    it was never entered). Raises ``ValidationFailed`` (unknown or computed indicator, year or
    unit outside the set) or ``Conflict`` (a locked value; ``EditConflict`` when the value
    changed since the writer read it at ``version``).
    """
    indicator, row = value_to_write(
        criteria_set=criteria_set, unit=unit, year=year, indicator_code=indicator_code
    )
    if indicator.derived:
        raise ValidationFailed(
            _("Indicator %(code)s is computed by the platform; it cannot be cleared.")
            % {"code": indicator_code},
            field="indicator",
        )
    if row is None:
        return None  # already without a value: nothing would be lost
    if row.status == ValueStatus.LOCKED:
        raise Conflict(locked_message(indicator_code), field="value")
    meanwhile = edited_meanwhile(row, version, code=indicator_code, sent={"value": ""})
    if meanwhile:
        raise EditConflict(meanwhile, current_version=row.version)
    for evidence in row.evidence.all():
        evidence._history_user = by  # type: ignore[attr-defined]
        evidence.delete()
    row._history_user = by  # type: ignore[attr-defined]
    row.delete()
    invalidate_evaluations(unit=unit, year=year)
    return row


@transaction.atomic
def evidence_add(
    *, value: IndicatorValue, upload: File, name: str, size: int, content_type: str, by: Actor
) -> Evidence:
    """Attach an evidence file (already checked by type and size) to a value; history keeps
    who added it and when."""
    if value.status == ValueStatus.LOCKED:
        raise Conflict(locked_message(value.indicator_code))
    evidence = Evidence(
        value=value, original_name=name[:255], size=size, content_type=content_type, uploaded_by=by
    )
    evidence.file.save(name, upload, save=False)
    evidence._history_user = by  # type: ignore[attr-defined]
    evidence.save()
    return evidence
