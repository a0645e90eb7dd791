"""The check phase of a data value set import: every row validated against the set's current
version and the stored values, reading only, outside any transaction (the two phases are
described in ``smartrural.core.imports``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from smartrural.core.deadline import check_deadline
from smartrural.core.errors import ValidationFailed
from smartrural.core.textcheck import clean_free_text
from smartrural.core.versioning import NOT_STORED
from smartrural.geo.models import AdministrativeUnit

from ..models import CriteriaSet, IndicatorValue, ValueStatus
from ..parsing import InvalidValue, parse_value
from ..selectors import root_id
from .rows import ImportSummary, ValueConflict, ValueRow, ValueSetPlan, snapshot
from .rules import (
    check_scope,
    edited_meanwhile,
    locked_message,
    no_indicator_message,
    set_definition,
)

DEADLINE_CHECK_ROWS = 500  # an import's check loop looks at the request's deadline this often


def _meanwhile_message(code: str, current: IndicatorValue | None, sent: str) -> str:
    if current is None:
        return _("Indicator %(code)s has no value any more; you sent “%(sent)s”.") % {
            "code": code,
            "sent": sent,
        }
    return _(
        "Indicator %(code)s changed since you read it: “%(current)s” is stored now "
        "(version %(version)s); you sent “%(sent)s”."
    ) % {"code": code, "current": current.value, "version": current.version, "sent": sent}


def value_set_check(
    *, criteria_set: CriteriaSet, year: int, unit: AdministrativeUnit, rows: list[ValueRow]
) -> ValueSetPlan:
    """The plan of one unit's rows: what to create, update and ignore, or every conflict
    (unknown indicator, malformed value, an indicator twice, a locked value, a bad comment, a
    value changed since it was read; a year or unit outside the set is one conflict)."""
    definition = set_definition(criteria_set)
    root = root_id(criteria_set)
    plan = ValueSetPlan(unit=unit, root=root, year=year, summary=ImportSummary())
    summary = plan.summary
    try:
        check_scope(definition, criteria_set, unit, year)
    except ValidationFailed as exc:
        summary.conflicts.append(ValueConflict("", str(year), exc.message))
        return plan
    indicators = definition.indicators()
    existing = {
        v.indicator_code: v
        for v in IndicatorValue.objects.filter(unit=unit, criteria_set_id=root, year=year)
    }
    seen: set[str] = set()
    for number, row in enumerate(rows, start=1):
        if number % DEADLINE_CHECK_ROWS == 0:
            check_deadline()
        code, raw = row.indicator.strip(), row.value
        indicator = indicators.get(code)
        if indicator is None:
            message = no_indicator_message(criteria_set, code)
            summary.conflicts.append(ValueConflict(code, raw, message))
            continue
        if code in seen:
            message = _("Indicator %(code)s appears more than once.") % {"code": code}
            summary.conflicts.append(ValueConflict(code, raw, message))
            continue
        seen.add(code)
        try:
            parsed = parse_value(indicator, raw)
        except InvalidValue as exc:
            summary.conflicts.append(ValueConflict(code, raw, exc.message))
            continue
        current = existing.get(code)
        plan.seen[code], plan.sent[code] = snapshot(current), raw
        if current is not None and current.status == ValueStatus.LOCKED:
            summary.conflicts.append(ValueConflict(code, raw, locked_message(code)))
            continue
        try:
            comment = clean_free_text(row.comment, label=_("The comment"))
        except ValidationError as exc:
            summary.conflicts.append(ValueConflict(code, raw, exc.messages[0]))
            continue
        sent = {"value": parsed.text, "comment": comment}
        meanwhile = edited_meanwhile(current, row.version, code=code, sent=sent)
        if meanwhile:
            summary.edited_meanwhile.extend(meanwhile)
            summary.conflicts.append(
                ValueConflict(
                    code,
                    raw,
                    _meanwhile_message(code, current, parsed.text),
                    current=current.value if current else None,
                    current_version=current.version if current else NOT_STORED,
                )
            )
            continue
        if current is None:
            plan.to_create.append((code, parsed.text, parsed.number, comment))
        elif current.value == parsed.text and current.comment == comment:
            summary.ignored += 1
        else:
            plan.to_update.append((current, parsed.text, parsed.number, comment))
    if not summary.conflicts:
        summary.imported, summary.updated = len(plan.to_create), len(plan.to_update)
    return plan
