"""An import of many units' and months' counts, all or nothing: the check phase (reads only,
outside any transaction), then ``write.work_records_write``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext as _

from smartrural.accounts.access import scope_for_user
from smartrural.accounts.actor import Actor
from smartrural.core.deadline import check_deadline
from smartrural.core.errors import ValidationFailed
from smartrural.core.imports import require_import_size
from smartrural.core.versioning import NOT_STORED
from smartrural.geo.models import AdministrativeUnit

from ...models import Source, WorkRecordStat
from .rows import CheckedWorkRecord, ImportSummary, RowConflict, WorkRecordRow
from .rules import check_source, parse_month, stat_conflicts, validate
from .write import work_records_write

DEADLINE_CHECK_ROWS = 500  # an import's check loop looks at the request's deadline this often


def work_records_import(
    *, rows: Iterable[WorkRecordRow], by: Actor, source: str = Source.IMPORTED
) -> ImportSummary:
    """Import counts of many units and months, all or nothing.

    At most ``IMPORT_MAX_ROWS`` rows (``TooManyRows``, a 413). Every row is checked first
    without holding the write lock (unit valid that month and inside ``by``'s scope, numbers,
    month, no unit and month twice, the figure unchanged since the row's ``version`` when it has
    one); with any conflict nothing is written and the summary lists
    every conflict. Otherwise ``work_records_write`` writes all rows in one short transaction
    (the two phases are described in ``smartrural.core.imports``).
    """
    check_source(source)
    rows = list(rows)
    require_import_size(len(rows))
    summary, checked = _work_records_check(rows, by=by)
    if summary.conflicts:
        return summary
    return work_records_write(checked, by=by, source=source)


def _work_records_check(
    rows: list[WorkRecordRow], *, by: Actor
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
            total, online = validate(unit=unit, month=month, total=row.total, online=row.online)
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
        meanwhile = stat_conflicts(current, version, total=item.total, online=item.online, key=key)
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
