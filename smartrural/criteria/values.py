"""Writes of indicator values: one value, a whole data value set (all or nothing), review.

Values are validated against the set's *current* version, stored against the family's root
set (so a provincial variant evaluates the same values), keep their history
(django-simple-history, including bulk writes) and invalidate the cached evaluations they feed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from smartrural.core.errors import Conflict, ValidationFailed
from smartrural.core.textcheck import clean_free_text
from smartrural.geo.models import AdministrativeUnit, path_ids

from .definition import SetDefinition
from .engine import InvalidValue, parse_value
from .models import CriteriaSet, Evaluation, IndicatorValue, ValueStatus
from .selectors import compiled, current_version, root_id


@dataclass(frozen=True)
class ValueConflict:
    indicator: str
    value: str
    message: str


@dataclass
class ImportSummary:
    imported: int = 0
    updated: int = 0
    ignored: int = 0
    conflicts: list[ValueConflict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.conflicts


@dataclass(frozen=True)
class ValueRow:
    indicator: str
    value: str
    comment: str = ""


def invalidate_evaluations(*, unit: AdministrativeUnit, year: int) -> None:
    """Drop cached evaluations of ``unit`` for ``year`` for every set (all families: cheap and
    never stale), and those of the units above it, whose evaluations derive from it."""
    Evaluation.objects.filter(unit_id__in=path_ids(unit.path) or [unit.pk], year=year).delete()


def _definition(criteria_set: CriteriaSet) -> SetDefinition:
    version = current_version(criteria_set)
    if version is None:
        raise ValidationFailed(
            _("The criteria set %(code)s has no version yet.") % {"code": criteria_set.code}
        )
    return compiled(version).definition


def _check_scope(
    definition: SetDefinition, criteria_set: CriteriaSet, unit: AdministrativeUnit, year: int
) -> None:
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


def _locked_message(code: str) -> str:
    return _("Indicator %(code)s is locked: its dossier has been submitted.") % {"code": code}


@transaction.atomic
def indicator_value_submit(
    *,
    unit: AdministrativeUnit,
    criteria_set: CriteriaSet,
    year: int,
    indicator_code: str,
    value: str,
    comment: str = "",
    by: Any,
) -> IndicatorValue:
    """Enter or correct one value. Raises ``ValidationFailed`` (unknown indicator, malformed
    value, year or unit outside the set) or ``Conflict`` (locked value)."""
    definition = _definition(criteria_set)
    _check_scope(definition, criteria_set, unit, year)
    indicator = definition.indicators().get(indicator_code)
    if indicator is None:
        raise ValidationFailed(
            _("The set %(set)s has no indicator %(code)s.")
            % {"set": criteria_set.code, "code": indicator_code},
            field="indicator",
        )
    try:
        parsed = parse_value(indicator, value)
    except InvalidValue as exc:
        raise ValidationFailed(exc.message, field="value") from exc
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
    if row is not None and row.status == ValueStatus.LOCKED:
        raise Conflict(_locked_message(indicator_code), field="value")
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
def data_value_set_import(
    *,
    criteria_set: CriteriaSet,
    year: int,
    unit: AdministrativeUnit,
    rows: Iterable[ValueRow],
    by: Any,
) -> ImportSummary:
    """Import a data value set for one unit and year, all or nothing.

    Every row is validated first (unknown indicator, malformed value, an indicator twice, a
    locked value; a year outside the set's period or a unit of another level is one conflict
    for the whole set); with any conflict nothing is written and the summary lists them all.
    Otherwise new values are imported, changed ones updated and identical ones ignored.
    """
    definition = _definition(criteria_set)
    try:
        _check_scope(definition, criteria_set, unit, year)
    except ValidationFailed as exc:
        return ImportSummary(conflicts=[ValueConflict("", str(year), exc.message)])
    indicators = definition.indicators()
    root = root_id(criteria_set)
    existing = {
        v.indicator_code: v
        for v in IndicatorValue.objects.select_for_update().filter(
            unit=unit, criteria_set_id=root, year=year
        )
    }
    summary = ImportSummary()
    seen: set[str] = set()
    parsed_rows = []
    for row in rows:
        code, raw = row.indicator.strip(), row.value
        indicator = indicators.get(code)
        if indicator is None:
            message = _("The set %(set)s has no indicator %(code)s.") % {
                "set": criteria_set.code,
                "code": code,
            }
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
        if current is not None and current.status == ValueStatus.LOCKED:
            summary.conflicts.append(ValueConflict(code, raw, _locked_message(code)))
            continue
        try:
            comment = clean_free_text(row.comment, label=_("The comment"))
        except ValidationError as exc:
            summary.conflicts.append(ValueConflict(code, raw, exc.messages[0]))
            continue
        parsed_rows.append((code, parsed.text, parsed.number, comment))
    if summary.conflicts:
        return summary
    to_create: list[IndicatorValue] = []
    to_update: list[IndicatorValue] = []
    for code, text, number, comment in parsed_rows:
        current = existing.get(code)
        if current is None:
            to_create.append(
                IndicatorValue(
                    unit=unit,
                    criteria_set_id=root,
                    year=year,
                    indicator_code=code,
                    value=text,
                    number=number,
                    comment=comment,
                    entered_by=by,
                )
            )
        elif current.value == text and current.comment == comment:
            summary.ignored += 1
        else:
            current.value, current.number, current.comment = text, number, comment
            current.status, current.entered_by = ValueStatus.ENTERED, by
            to_update.append(current)
    if to_create:
        bulk_create_with_history(to_create, IndicatorValue, default_user=by)
    if to_update:
        fields = ["value", "number", "comment", "status", "entered_by", "entered_at"]
        for value in to_update:
            value.entered_at = timezone.now()
        bulk_update_with_history(to_update, IndicatorValue, fields, default_user=by)
    summary.imported, summary.updated = len(to_create), len(to_update)
    if to_create or to_update:
        invalidate_evaluations(unit=unit, year=year)
    return summary


@transaction.atomic
def indicator_value_return(*, value: IndicatorValue, comment: str, by: Any) -> IndicatorValue:
    """District review: send a value back to the commune with a comment."""
    if value.status == ValueStatus.LOCKED:
        raise Conflict(_locked_message(value.indicator_code))
    if not comment.strip():
        raise ValidationFailed(_("Say why the value is returned."), field="comment")
    value.status = ValueStatus.RETURNED
    value.review_comment = comment.strip()
    value._history_user = by  # type: ignore[attr-defined]
    value.save(update_fields=["status", "review_comment"])
    return value


def as_rows(items: Iterable[dict[str, Any]]) -> list[ValueRow]:
    return [
        ValueRow(
            indicator=str(i.get("indicator", "")),
            value="" if i.get("value") is None else str(i.get("value")),
            comment=str(i.get("comment") or ""),
        )
        for i in items
    ]


@transaction.atomic
def indicator_value_accept(*, value: IndicatorValue, by: Any) -> IndicatorValue:
    """District review: accept a value as entered (a later correction makes it entered again)."""
    if value.status == ValueStatus.LOCKED:
        raise Conflict(_locked_message(value.indicator_code))
    value.status = ValueStatus.ACCEPTED
    value.review_comment = ""
    value._history_user = by  # type: ignore[attr-defined]
    value.save(update_fields=["status", "review_comment"])
    return value


@transaction.atomic
def evidence_add(
    *, value: IndicatorValue, upload: Any, name: str, size: int, content_type: str, by: Any
) -> Any:
    """Attach an evidence file (already checked by type and size) to a value; history keeps
    who added it and when."""
    from .models import Evidence

    if value.status == ValueStatus.LOCKED:
        raise Conflict(_locked_message(value.indicator_code))
    evidence = Evidence(
        value=value, original_name=name[:255], size=size, content_type=content_type, uploaded_by=by
    )
    evidence.file.save(name, upload, save=False)
    evidence._history_user = by  # type: ignore[attr-defined]
    evidence.save()
    return evidence


@transaction.atomic
def data_value_sets_import(
    *,
    criteria_set: CriteriaSet,
    year: int,
    batches: Iterable[tuple[AdministrativeUnit, list[ValueRow]]],
    by: Any,
) -> dict[int, ImportSummary]:
    """``data_value_set_import`` for several units at once, all or nothing across them:
    unit id -> summary; when any unit has a conflict, nothing at all is written."""
    out: dict[int, ImportSummary] = {}
    for unit, rows in batches:
        out[unit.pk] = data_value_set_import(
            criteria_set=criteria_set, year=year, unit=unit, rows=rows, by=by
        )
    if any(not s.ok for s in out.values()):
        transaction.set_rollback(True)
    return out
