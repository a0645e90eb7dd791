"""Writes of the monthly work record counts: one month of one unit, or an import all or
nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartrural.accounts.access import scope_for_user
from smartrural.core.bulk import prepare_bulk_write, run_bulk_write
from smartrural.core.deadline import check_deadline
from smartrural.core.errors import ValidationFailed
from smartrural.core.imports import changed_meanwhile_message, require_import_size
from smartrural.core.versioning import NOT_STORED, EditConflict, FieldConflict, row_conflicts
from smartrural.geo.models import AdministrativeUnit, Level

from ..models import Source, WorkRecordStat

STAT_LEVELS = frozenset({Level.PROVINCE, Level.DISTRICT, Level.COMMUNE})
DEADLINE_CHECK_ROWS = 500  # an import's check loop looks at the request's deadline this often


@dataclass(frozen=True)
class RowConflict:
    row: int
    unit: str
    message: str
    # A figure changed since the writer read it: its fields stored now and sent.
    fields: list[FieldConflict] = field(default_factory=list)
    current_version: int | None = None


@dataclass
class ImportSummary:
    imported: int = 0
    updated: int = 0
    conflicts: list[RowConflict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.conflicts


@dataclass(frozen=True)
class WorkRecordRow:
    unit: str
    month: str
    total: Any
    online: Any
    # The version of the stored figure the writer read (NOT_STORED: none; None: not checked).
    version: int | None = None


def parse_month(text: str) -> dt.date:
    """``YYYY-MM`` as the first day of that month (``ValidationFailed`` otherwise)."""
    try:
        year, month = (int(part) for part in str(text).strip().split("-"))
        return dt.date(year, month, 1)
    except (ValueError, TypeError) as exc:
        raise ValidationFailed(
            _("The month must be written YYYY-MM, not “%(value)s”.") % {"value": text},
            field="month",
        ) from exc


def _count(value: Any, name: str) -> int:
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except ValueError as exc:
        raise ValidationFailed(
            _("%(name)s must be a whole number, not “%(value)s”.") % {"name": name, "value": value},
            field=name,
        ) from exc
    if isinstance(number, bool) or number < 0:
        raise ValidationFailed(
            _("%(name)s cannot be negative.") % {"name": name.capitalize()}, field=name
        )
    return number


def _validate(
    *, unit: AdministrativeUnit, month: dt.date, total: Any, online: Any
) -> tuple[int, int]:
    if unit.level not in STAT_LEVELS:
        raise ValidationFailed(
            _(
                "Work records are counted for provinces, districts and communes; "
                "%(unit)s is not one."
            )
            % {"unit": unit.name},
            field="unit",
        )
    if month.day != 1:
        raise ValidationFailed(_("The month must be the first day of a month."), field="month")
    if month > timezone.localdate().replace(day=1):
        raise ValidationFailed(
            _("The month %(month)s is in the future.") % {"month": month.strftime("%Y-%m")},
            field="month",
        )
    total_n, online_n = _count(total, "total"), _count(online, "online")
    if online_n > total_n:
        raise ValidationFailed(
            _("Records processed online (%(online)s) cannot exceed the total (%(total)s).")
            % {"online": online_n, "total": total_n},
            field="online",
        )
    return total_n, online_n


def _check_source(source: str) -> None:
    if source not in Source.values:
        raise ValidationFailed(
            _("Unknown source “%(source)s”.") % {"source": source}, field="source"
        )


def _stat_conflicts(
    row: WorkRecordStat | None, version: int | None, *, total: int, online: int, key: str
) -> list[FieldConflict]:
    """The fields of a monthly figure changed since the writer read it at ``version``."""
    return row_conflicts(
        WorkRecordStat,
        row,
        version,
        sent={"total": total, "online": online},
        row=key,
        row_label=key,
    )


def _save(
    row: WorkRecordStat | None,
    *,
    unit: AdministrativeUnit,
    month: dt.date,
    total: int,
    online: int,
    source: str,
    by: Any,
) -> WorkRecordStat:
    """Store the figure into ``row`` (the one locked by the caller), or a new row."""
    if row is None:
        row = WorkRecordStat(unit=unit, month=month)
    row.total, row.online, row.source = total, online, source
    row.entered_by = by if getattr(by, "pk", None) else None
    row._history_user = row.entered_by  # type: ignore[attr-defined]
    row.save()
    return row


def _locked(unit: AdministrativeUnit, month: dt.date) -> WorkRecordStat | None:
    return WorkRecordStat.objects.select_for_update().filter(unit=unit, month=month).first()


@transaction.atomic
def work_record_submit(
    *,
    unit: AdministrativeUnit,
    month: dt.date,
    total: Any,
    online: Any,
    source: str = Source.ENTERED,
    version: int | None = None,
    by: Any,
) -> WorkRecordStat:
    """Enter or correct one unit's count for one month (``ValidationFailed``); ``source`` says
    where the current figure came from. ``version``: the one of the figure the writer read
    (``NOT_STORED``: there was none); ``EditConflict`` when it changed since."""
    _check_source(source)
    total_n, online_n = _validate(unit=unit, month=month, total=total, online=online)
    stored = _locked(unit, month)
    key = f"{unit.code} {month:%m/%Y}"
    meanwhile = _stat_conflicts(stored, version, total=total_n, online=online_n, key=key)
    if meanwhile:
        raise EditConflict(meanwhile, current_version=stored.version if stored else NOT_STORED)
    return _save(
        stored, unit=unit, month=month, total=total_n, online=online_n, source=source, by=by
    )


def work_records_import(
    *, rows: Iterable[WorkRecordRow], by: Any, source: str = Source.IMPORTED
) -> ImportSummary:
    """Import counts of many units and months, all or nothing.

    At most ``IMPORT_MAX_ROWS`` rows (``TooManyRows``, a 413). Every row is checked first
    without holding the write lock (unit valid that month and inside ``by``'s scope, numbers,
    month, no unit and month twice, the figure unchanged since the row's ``version`` when it has
    one); with any conflict nothing is written and the summary lists
    every conflict. Otherwise ``work_records_write`` writes all rows in one short transaction
    (the two phases are described in ``smartrural.core.imports``).
    """
    _check_source(source)
    rows = list(rows)
    require_import_size(len(rows))
    summary, checked = _work_records_check(rows, by=by)
    if summary.conflicts:
        return summary
    return work_records_write(checked, by=by, source=source)


@dataclass(frozen=True)
class CheckedWorkRecord:
    row: int
    unit: AdministrativeUnit
    month: dt.date
    total: int
    online: int


def _work_records_check(
    rows: list[WorkRecordRow], *, by: Any
) -> tuple[ImportSummary, list[CheckedWorkRecord]]:
    """The check phase: reads only, outside any transaction."""
    scope = scope_for_user(by)
    summary = ImportSummary()
    checked: list[CheckedWorkRecord] = []
    versioned: list[tuple[CheckedWorkRecord, str, int]] = []
    seen: set[tuple[str, dt.date]] = set()
    # every unit that ever had one of the codes, read once; the one valid that month is picked
    candidates: dict[str, list[AdministrativeUnit]] = {}
    codes = {str(row.unit).strip() for row in rows}
    for found in AdministrativeUnit.objects.filter(code__in=codes):
        candidates.setdefault(found.code, []).append(found)
    for number, row in enumerate(rows, start=1):
        if number % DEADLINE_CHECK_ROWS == 0:
            check_deadline()
        code = str(row.unit).strip()
        try:
            month = parse_month(row.month)
            unit = next((u for u in candidates.get(code, []) if u.is_valid_on(month)), None)
            if unit is None or not scope.contains(unit):
                raise ValidationFailed(
                    _("No administrative unit has code %(code)s in %(month)s within your units.")
                    % {"code": code, "month": month.strftime("%Y-%m")}
                )
            if (code, month) in seen:
                raise ValidationFailed(
                    _("Unit %(code)s appears twice for %(month)s.")
                    % {"code": code, "month": month.strftime("%Y-%m")}
                )
            seen.add((code, month))
            total, online = _validate(unit=unit, month=month, total=row.total, online=row.online)
        except ValidationFailed as exc:
            summary.conflicts.append(RowConflict(row=number, unit=code, message=exc.message))
            continue
        item = CheckedWorkRecord(number, unit, month, total, online)
        if row.version is None:
            checked.append(item)
        else:
            versioned.append((item, code, row.version))
    _check_versions(versioned, summary, checked)
    summary.conflicts.sort(key=lambda conflict: conflict.row)
    checked.sort(key=lambda item: item.row)
    return summary, checked


def _check_versions(
    versioned: list[tuple[CheckedWorkRecord, str, int]],
    summary: ImportSummary,
    checked: list[CheckedWorkRecord],
) -> None:
    """Rows sent with the ``version`` they read: a conflict where the stored figure changed
    since, else checked. The stored figures are read in one plain query (the check phase holds
    no transaction, so no row lock; the write phase checks again under lock)."""
    if not versioned:
        return
    stored = {
        (stat.unit_id, stat.month): stat
        for stat in WorkRecordStat.objects.filter(
            unit_id__in={item.unit.pk for item, _code, _version in versioned},
            month__in={item.month for item, _code, _version in versioned},
        )
    }
    for item, code, version in versioned:
        current = stored.get((item.unit.pk, item.month))
        key = f"{code} {item.month:%m/%Y}"
        meanwhile = _stat_conflicts(current, version, total=item.total, online=item.online, key=key)
        if not meanwhile:
            checked.append(item)
            continue
        summary.conflicts.append(
            RowConflict(
                row=item.row,
                unit=code,
                message=_(
                    "The figure of %(code)s for %(month)s changed since you read it: "
                    "%(online)s of %(total)s online are stored now (version %(version)s)."
                )
                % {
                    "code": code,
                    "month": item.month.strftime("%Y-%m"),
                    "online": current.online if current else 0,
                    "total": current.total if current else 0,
                    "version": current.version if current else NOT_STORED,
                },
                fields=meanwhile,
                current_version=current.version if current else NOT_STORED,
            )
        )


_UNIT_FIELDS = ("level", "valid_from", "valid_to", "path")


def work_records_write(checked: list[CheckedWorkRecord], *, by: Any, source: str) -> ImportSummary:
    """The write phase of ``work_records_import``: every row created or updated (with history)
    in one short transaction.

    The statements are prepared first (``smartrural.core.bulk``), from the stored rows of the
    units and months read now. Inside the transaction the units the check picked and those
    stored rows are read again: a unit whose validity or place changed since (they decide
    which unit a code means in a month, and whether it is in ``by``'s scope), or a unit and
    month entered or removed since, makes its rows conflicts and nothing is written.
    """
    units = {item.unit.pk: item.unit for item in checked}
    months = {item.month for item in checked}
    stored = _stored_work_records(units, months)
    user = by if getattr(by, "pk", None) else None
    to_create: list[WorkRecordStat] = []
    to_update: list[WorkRecordStat] = []
    for item in checked:
        pk, version = stored.get((item.unit.pk, item.month), (None, 0))
        stat = WorkRecordStat(
            pk=pk,
            version=version + 1,  # a bulk write: no save() to count it
            unit=item.unit,
            month=item.month,
            total=item.total,
            online=item.online,
            source=source,
            entered_by=user,
        )
        (to_create if pk is None else to_update).append(stat)
    prepared = prepare_bulk_write(
        WorkRecordStat,
        create=to_create,
        update=to_update,
        update_fields=("total", "online", "source", "entered_by", "entered_at", "version"),
    )
    with transaction.atomic():
        now_units = {u.pk: u for u in AdministrativeUnit.objects.filter(pk__in=units)}
        changed = {
            pk
            for pk, unit in units.items()
            if pk not in now_units
            or any(getattr(now_units[pk], f) != getattr(unit, f) for f in _UNIT_FIELDS)
        }
        now_stored = _stored_work_records(units, months, lock=True)
        moved = {
            key
            for key in stored.keys() | now_stored.keys()
            if stored.get(key) != now_stored.get(key)
        }
        conflicts = [
            RowConflict(row=item.row, unit=item.unit.code, message=changed_meanwhile_message())
            for item in checked
            if item.unit.pk in changed or (item.unit.pk, item.month) in moved
        ]
        if conflicts:
            return ImportSummary(conflicts=conflicts)
        run_bulk_write(prepared, history_user_id=getattr(user, "pk", None))
    return ImportSummary(imported=len(to_create), updated=len(to_update))


def _stored_work_records(
    units: Iterable[int], months: Iterable[dt.date], *, lock: bool = False
) -> dict[tuple[int, dt.date], tuple[int, int]]:
    """(unit id, month) -> (id, version) of the stored rows among ``units`` × ``months``."""
    rows = WorkRecordStat.objects.filter(unit_id__in=list(units), month__in=list(months))
    if lock:
        rows = rows.select_for_update()
    return {
        (unit, month): (pk, version)
        for pk, unit, month, version in rows.values_list("pk", "unit_id", "month", "version")
    }
