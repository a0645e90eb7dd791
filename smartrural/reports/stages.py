"""The dashboard's dossiers still in progress, by stage, with the overdue ones."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from smartrural.geo.models import AdministrativeUnit, path_upper_bound
from smartrural.recognition.deadlines import is_overdue
from smartrural.recognition.models import IN_PROGRESS, Dossier, Stage


@dataclass(frozen=True)
class StageRow:
    stage: str
    label: str
    count: int
    overdue: int


def stages(unit: AdministrativeUnit, year: int) -> list[StageRow]:
    """Dossiers of ``year`` under ``unit`` still in progress, by stage, with the overdue ones."""
    dossiers = (
        Dossier.objects.filter(
            unit__path__gte=unit.path,
            unit__path__lt=path_upper_bound(unit.path),
            year=year,
            stage__in=IN_PROGRESS,
        )
        .only("pk", "stage", "stage_entered_at")
        .order_by()
    )
    counts: dict[str, list[int]] = {}
    now = timezone.now()
    for dossier in dossiers:
        entry = counts.setdefault(dossier.stage, [0, 0])
        entry[0] += 1
        entry[1] += is_overdue(dossier, now=now)
    labels = dict(Stage.choices)
    return [
        StageRow(stage, str(labels[stage]), *counts[stage])
        for stage in IN_PROGRESS
        if stage in counts
    ]
