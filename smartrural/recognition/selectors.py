"""Reads of recognitions and dossiers for summaries and dashboards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import Count, Q

from .models import IN_PROGRESS, Dossier, Recognition


def recognised_levels(*, unit_ids: Sequence[int], year: int) -> dict[int, set[str]]:
    """Per unit, the levels it holds by decision for ``year`` or earlier (not revoked by the end
    of ``year``)."""
    end = dt.date(year, 12, 31)
    rows = (
        Recognition.objects.filter(unit_id__in=unit_ids, year__lte=year)
        .filter(Q(revoked_at__isnull=True) | Q(revoked_at__gt=end))
        .values_list("unit_id", "level")
    )
    levels: dict[int, set[str]] = {}
    for unit_id, level in rows:
        levels.setdefault(unit_id, set()).add(level)
    return levels


def dossiers_in_progress(
    *, unit_ids: Sequence[int], year: int, criteria_set_id: int
) -> dict[str, int]:
    """Dossiers of ``year`` under a criteria set still in progress, counted by stage."""
    rows = (
        Dossier.objects.filter(
            unit_id__in=unit_ids,
            year=year,
            criteria_set_id=criteria_set_id,
            stage__in=IN_PROGRESS,
        )
        .values("stage")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["stage"]: row["n"] for row in rows}
