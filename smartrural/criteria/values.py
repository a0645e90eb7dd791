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
from django.utils.translation import gettext as _

from smartrural.core.bulk import prepare_bulk_write, run_bulk_write
from smartrural.core.deadline import check_deadline
from smartrural.core.errors import Conflict, ValidationFailed
from smartrural.core.imports import changed_meanwhile_message, require_import_size
from smartrural.core.textcheck import clean_free_text
from smartrural.core.versioning import (
    NOT_STORED,
    EditConflict,
    FieldConflict,
    check_version,
    row_conflicts,
)
from smartrural.geo.models import AdministrativeUnit, path_ids

from .definition import SetDefinition
from .engine import InvalidValue, parse_value
from .models import CriteriaSet, Evaluation, Evidence, IndicatorValue, ValueStatus
from .selectors import compiled, current_version, root_id


@dataclass(frozen=True)
class ValueConflict:
    indicator: str
    value: str
    message: str
    # A value changed since the writer read it: what is stored now, and its version.
    current: str | None = None
    current_version: int | None = None


@dataclass
class ImportSummary:
    imported: int = 0
    updated: int = 0
    ignored: int = 0
    conflicts: list[ValueConflict] = field(default_factory=list)
    # The fields of the values changed since the writer read them (shown with both values).
    edited_meanwhile: list[FieldConflict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.conflicts


@dataclass(frozen=True)
class ValueRow:
    indicator: str
    value: str
    comment: str = ""
    # The version of the stored value the writer read (NOT_STORED: there was none; None: the
    # writer did not say, and the row is written over whatever is stored).
    version: int | None = None


def indicator_label(code: str) -> str:
    return _("Indicator %(code)s") % {"code": code}


def _edited_meanwhile(
    current: IndicatorValue | None, version: int | None, *, code: str, value: str, comment: str
) -> list[FieldConflict]:
    """The fields of ``current`` changed since the writer read it at ``version``."""
    return row_conflicts(
        IndicatorValue,
        current,
        version,
        sent={"value": value, "comment": comment},
        row=code,
        row_label=indicator_label(code),
    )


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


DEADLINE_CHECK_ROWS = 500  # an import's check loop looks at the request's deadline this often


def invalidate_evaluations(*, unit: AdministrativeUnit, year: int) -> None:
    """Drop cached evaluations of ``unit`` for ``year`` for every set (all families: cheap and
    never stale), and those of the units above it, whose evaluations derive from it."""
    Evaluation.objects.filter(unit_id__in=path_ids(unit.path) or [unit.pk], year=year).delete()


def drop_unit_evaluations(unit: AdministrativeUnit) -> None:
    """Drop every cached evaluation of ``unit`` (all sets and years): its region, commune group
    or especially difficult status changed, so the thresholds that apply to it did."""
    Evaluation.objects.filter(unit=unit).delete()


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
    version: int | None = None,
    by: Any,
) -> IndicatorValue:
    """Enter or correct one value. Raises ``ValidationFailed`` (unknown indicator, malformed
    value, year or unit outside the set) or ``Conflict`` (locked value; ``EditConflict`` when
    the value changed since the writer read it at ``version``, ``NOT_STORED`` for none)."""
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
    meanwhile = _edited_meanwhile(
        row, version, code=indicator_code, value=parsed.text, comment=comment
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
    by: Any,
) -> IndicatorValue | None:
    """Clear one value: the indicator has no data again ("chưa có số liệu" in evaluations).

    The stored value is removed with its evidence records (their files stay in storage); the
    history keeps who cleared it, when, and the value and evidence before. Returns the removed
    value, or ``None`` when there was none (nothing to clear: someone cleared it meanwhile, or
    it was never entered). Raises ``ValidationFailed`` (unknown or computed indicator, year or
    unit outside the set) or ``Conflict`` (a locked value; ``EditConflict`` when the value
    changed since the writer read it at ``version``).
    """
    definition = _definition(criteria_set)
    _check_scope(definition, criteria_set, unit, year)
    indicator = definition.indicators().get(indicator_code)
    if indicator is None:
        raise ValidationFailed(
            _("The set %(set)s has no indicator %(code)s.")
            % {"set": criteria_set.code, "code": indicator_code},
            field="indicator",
        )
    if indicator.derived:
        raise ValidationFailed(
            _("Indicator %(code)s is computed by the platform; it cannot be cleared.")
            % {"code": indicator_code},
            field="indicator",
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
    if row is None:
        return None  # already without a value: nothing would be lost
    if row.status == ValueStatus.LOCKED:
        raise Conflict(_locked_message(indicator_code), field="value")
    meanwhile = row_conflicts(
        IndicatorValue,
        row,
        version,
        sent={"value": ""},
        row=indicator_code,
        row_label=indicator_label(indicator_code),
    )
    if meanwhile:
        raise EditConflict(meanwhile, current_version=row.version)
    for evidence in row.evidence.all():
        evidence._history_user = by  # type: ignore[attr-defined]
        evidence.delete()
    row._history_user = by  # type: ignore[attr-defined]
    row.delete()
    invalidate_evaluations(unit=unit, year=year)
    return row


@dataclass
class ValueSetPlan:
    """A checked data value set of one unit and year: what the write phase will do, and the
    stored values the check saw (``seen``: code -> pk, value, comment, status)."""

    unit: AdministrativeUnit
    root: int
    year: int
    summary: ImportSummary
    to_create: list[tuple[str, str, Any, str]] = field(default_factory=list)
    to_update: list[tuple[IndicatorValue, str, Any, str]] = field(default_factory=list)
    seen: dict[str, tuple[int, str, str, str] | None] = field(default_factory=dict)
    sent: dict[str, str] = field(default_factory=dict)


def _value_set_check(
    *, criteria_set: CriteriaSet, year: int, unit: AdministrativeUnit, rows: list[ValueRow]
) -> ValueSetPlan:
    """The check phase of a data value set: reads only, outside any transaction."""
    definition = _definition(criteria_set)
    root = root_id(criteria_set)
    plan = ValueSetPlan(unit=unit, root=root, year=year, summary=ImportSummary())
    summary = plan.summary
    try:
        _check_scope(definition, criteria_set, unit, year)
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
        plan.seen[code], plan.sent[code] = _snapshot(current), raw
        if current is not None and current.status == ValueStatus.LOCKED:
            summary.conflicts.append(ValueConflict(code, raw, _locked_message(code)))
            continue
        try:
            comment = clean_free_text(row.comment, label=_("The comment"))
        except ValidationError as exc:
            summary.conflicts.append(ValueConflict(code, raw, exc.messages[0]))
            continue
        meanwhile = _edited_meanwhile(
            current, row.version, code=code, value=parsed.text, comment=comment
        )
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


def _snapshot(value: IndicatorValue | None) -> tuple[int, str, str, str] | None:
    if value is None:
        return None
    return (value.pk, value.value, value.comment, value.status)


def value_sets_write(plans: list[ValueSetPlan], *, by: Any) -> bool:
    """The write phase of data value set imports: every plan written with history in one
    short transaction, and the evaluations it feeds dropped; ``True``.

    The statements are prepared first (``smartrural.core.bulk``). Inside the transaction the
    stored values the check saw are read again: a value created, changed or locked since is a
    conflict of its plan, and nothing is written (``False``).
    """
    to_create: list[IndicatorValue] = []
    to_update: list[IndicatorValue] = []
    for plan in plans:
        for code, text, number, comment in plan.to_create:
            to_create.append(
                IndicatorValue(
                    unit=plan.unit,
                    criteria_set_id=plan.root,
                    year=plan.year,
                    indicator_code=code,
                    value=text,
                    number=number,
                    comment=comment,
                    entered_by=by,
                )
            )
        for current, text, number, comment in plan.to_update:
            current.value, current.number, current.comment = text, number, comment
            current.status, current.entered_by = ValueStatus.ENTERED, by
            current.version += 1  # a bulk write: no save() to count it
            to_update.append(current)
    prepared = prepare_bulk_write(
        IndicatorValue,
        create=to_create,
        update=to_update,
        update_fields=(
            "value",
            "number",
            "comment",
            "status",
            "entered_by",
            "entered_at",
            "version",
        ),
    )
    with transaction.atomic():
        changed = False
        for plan in plans:
            now = {
                v.indicator_code: v
                for v in IndicatorValue.objects.select_for_update().filter(
                    unit=plan.unit, criteria_set_id=plan.root, year=plan.year
                )
            }
            for code, before in plan.seen.items():
                if _snapshot(now.get(code)) != before:
                    message = changed_meanwhile_message()
                    plan.summary.conflicts.append(ValueConflict(code, plan.sent[code], message))
                    changed = True
        if changed:
            for plan in plans:
                plan.summary.imported = plan.summary.updated = plan.summary.ignored = 0
            return False
        run_bulk_write(prepared, history_user_id=getattr(by, "pk", None))
        for plan in plans:
            if plan.to_create or plan.to_update:
                invalidate_evaluations(unit=plan.unit, year=plan.year)
    return True


def data_value_set_import(
    *,
    criteria_set: CriteriaSet,
    year: int,
    unit: AdministrativeUnit,
    rows: Iterable[ValueRow],
    by: Any,
) -> ImportSummary:
    """Import a data value set for one unit and year, all or nothing.

    Every row is validated first, without holding the write lock (unknown indicator, malformed
    value, an indicator twice, a locked value; a year outside the set's period or a unit of
    another level is one conflict for the whole set); with any conflict nothing is written and
    the summary lists them all. Otherwise new values are imported, changed ones updated and
    identical ones ignored, in one short transaction (``value_sets_write``; the two phases are
    described in ``smartrural.core.imports``). More than ``IMPORT_MAX_ROWS`` rows:
    ``TooManyRows``.
    """
    rows = list(rows)
    require_import_size(len(rows))
    plan = _value_set_check(criteria_set=criteria_set, year=year, unit=unit, rows=rows)
    if not plan.summary.conflicts:
        value_sets_write([plan], by=by)
    return plan.summary


@transaction.atomic
def indicator_value_return(
    *, value: IndicatorValue, comment: str, version: int | None = None, by: Any
) -> IndicatorValue:
    """District review: send a value back to the commune with a comment (``EditConflict`` when
    the value changed since the reviewer read it at ``version``)."""
    check_version(value, version, sent={"status": ValueStatus.RETURNED})
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
def indicator_value_accept(
    *, value: IndicatorValue, version: int | None = None, by: Any
) -> IndicatorValue:
    """District review: accept a value as entered (a later correction makes it entered again;
    ``EditConflict`` when it changed since the reviewer read it at ``version``)."""
    check_version(value, version, sent={"status": ValueStatus.ACCEPTED})
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
    if value.status == ValueStatus.LOCKED:
        raise Conflict(_locked_message(value.indicator_code))
    evidence = Evidence(
        value=value, original_name=name[:255], size=size, content_type=content_type, uploaded_by=by
    )
    evidence.file.save(name, upload, save=False)
    evidence._history_user = by  # type: ignore[attr-defined]
    evidence.save()
    return evidence


def data_value_sets_import(
    *,
    criteria_set: CriteriaSet,
    year: int,
    batches: Iterable[tuple[AdministrativeUnit, list[ValueRow]]],
    by: Any,
) -> dict[int, ImportSummary]:
    """``data_value_set_import`` for several units at once, all or nothing across them:
    unit id -> summary; when any unit has a conflict, nothing at all is written. At most
    ``IMPORT_MAX_ROWS`` rows in all (``TooManyRows``)."""
    batches = list(batches)
    require_import_size(sum(len(rows) for _unit, rows in batches))
    plans = [
        _value_set_check(criteria_set=criteria_set, year=year, unit=unit, rows=rows)
        for unit, rows in batches
    ]
    if not any(plan.summary.conflicts for plan in plans):
        value_sets_write(plans, by=by)
    return {plan.unit.pk: plan.summary for plan in plans}
