"""Work records that SmartRural itself handles, counted automatically (never stored).

A unit's recognition dossier (``smartrural.recognition``) is work done online on this platform,
at every level it passes through. The rule:

- each dossier counts as one work record processed online
  (a) for the dossier's own unit, in the month of its first transition (its registration);
  (b) for the district-level parent of the dossier's unit, when that unit is a commune, in the
      month of its first transition to ``inspected``;
  (c) for the province-level ancestor of the dossier's unit, in the month of its first
      transition to ``appraised``.
- A dossier returned and moved again counts once per step: only the first transition to a stage
  is counted.
- Work of the apps above transformation comes through the ``core.platform_work`` hook: each
  registered counter's counts are added (feedback: each resolved or closed report counts for
  its responsible unit in the month of its resolution; see ``feedback.selectors.platform_work``).
- Months are those of the local time in Asia/Ho_Chi_Minh (``timezone.localtime``): a transition
  at 2023-05-31 18:00 UTC (01:00 on 1 June in Viet Nam) counts in June.

These counts are shown apart from the figures units enter, import or post by API, and never
added to them: a dossier is also a paper record in the unit's own e-office statistics.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection

from django.db.models import Max, Min, Q
from django.utils import timezone

from smartrural.core.platform_work import platform_work_counters
from smartrural.geo.models import LEVEL_DEPTH, Level, path_ids
from smartrural.recognition.models import DossierTransition, Stage


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def platform_counts(
    *, start: dt.date, end: dt.date, unit_ids: Collection[int] | None = None
) -> dict[tuple[int, dt.date], int]:
    """Work records handled on the platform per (unit id, first day of month).

    Whole months: ``start`` and ``end`` may be any day of their month; every month from
    ``start``'s to ``end``'s, both included, is counted. Only months with at least one record
    appear. With ``unit_ids``, only those units' counts are returned. One query per source
    (dossiers, then each registered ``core.platform_work`` counter), whatever the number of
    records (ancestors are read from the unit's ``path``).
    """
    first, last = month_of(start), month_of(end)
    if last < first:
        return {}
    since, until = _local_midnight(first), _local_midnight(next_month(last))
    # Transitions after the period cannot be a first one inside it, so they are left out; a
    # dossier whose last transition before ``until`` is older than ``since`` has none inside.
    rows = (
        DossierTransition.objects.filter(at__lt=until)
        .values("dossier_id", "dossier__unit_id", "dossier__unit__path", "dossier__unit__level")
        .annotate(
            registered=Min("at"),
            inspected=Min("at", filter=Q(to_stage=Stage.INSPECTED)),
            appraised=Min("at", filter=Q(to_stage=Stage.APPRAISED)),
            latest=Max("at"),
        )
        .filter(latest__gte=since)
        .order_by()
    )
    wanted = None if unit_ids is None else set(unit_ids)
    counts: Counter[tuple[int, dt.date]] = Counter()

    def count(unit_id: int, at: dt.datetime | None) -> None:
        if at is None or (wanted is not None and unit_id not in wanted):
            return
        month = month_of(timezone.localtime(at).date())
        if first <= month <= last:
            counts[(unit_id, month)] += 1

    for row in rows:
        ancestors = path_ids(row["dossier__unit__path"])
        level = row["dossier__unit__level"]
        count(row["dossier__unit_id"], row["registered"])
        if level == Level.COMMUNE and len(ancestors) >= 2:
            count(ancestors[-2], row["inspected"])
        if len(ancestors) == LEVEL_DEPTH.get(level, -1) + 1:
            count(ancestors[0], row["appraised"])
    for counter in platform_work_counters().values():
        for (unit_id, month), number in counter(start=first, end=last, unit_ids=wanted).items():
            if first <= month <= last and (wanted is None or unit_id in wanted):
                counts[(unit_id, month)] += number
    return dict(counts)
