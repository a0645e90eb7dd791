"""Reads of recognitions and dossiers for summaries and dashboards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from smartrural.geo.models import AdministrativeUnit

from .deadlines import stage_overran
from .models import IN_PROGRESS, Dossier, DossierTransition, Recognition
from .workflow import DISTRICT_UNIT_LEVELS


def recognised_levels(*, unit_ids: Sequence[int], year: int) -> dict[int, set[str]]:
    """Per unit, the levels it holds by decision for ``year`` or earlier (not revoked by the end
    of ``year``)."""
    rows = _in_force(unit_ids=unit_ids, year=year).values_list("unit_id", "level")
    levels: dict[int, set[str]] = {}
    for unit_id, level in rows:
        levels.setdefault(unit_id, set()).add(level)
    return levels


def _in_force(*, unit_ids: Sequence[int], year: int) -> QuerySet[Recognition]:
    end = dt.date(year, 12, 31)
    return Recognition.objects.filter(unit_id__in=unit_ids, year__lte=year).filter(
        Q(revoked_at__isnull=True) | Q(revoked_at__gt=end)
    )


def district_recognitions(*, unit_ids: Sequence[int], year: int) -> dict[int, Recognition]:
    """Per district-level unit, its recognition as "huyện đạt chuẩn NTM" or "thị xã / thành phố
    hoàn thành nhiệm vụ xây dựng NTM" held for ``year`` (the latest; one query)."""
    rows = _in_force(unit_ids=unit_ids, year=year).filter(level__in=DISTRICT_UNIT_LEVELS)
    found: dict[int, Recognition] = {}
    for recognition in rows.order_by("year", "decision_date"):
        found[recognition.unit_id] = recognition
    return found


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


def overdue_q(*, now: dt.datetime | None = None) -> Q:
    """Dossiers in a stage with a deadline, entered before the deadline's start (see
    ``deadlines.is_overdue``, the same rule for one dossier)."""
    now = now or timezone.now()
    condition = Q(pk__in=[])
    for stage, days in settings.RECOGNITION_STAGE_DAYS.items():
        condition |= Q(stage=stage, stage_entered_at__lt=now - dt.timedelta(days=days))
    return condition


def late_transitions(transitions: Sequence[DossierTransition]) -> set[int]:
    """Ids of the ``transitions`` (one dossier's, in order) that ended a stay in a stage after
    that stage's deadline (``deadlines.stage_overran`` with the moment the stage ended)."""
    late: set[int] = set()
    for before, after in pairwise(transitions):
        if stage_overran(before.to_stage, before.at, ended_at=after.at):
            late.add(after.pk)
    return late


def deadline_of(dossier: Dossier) -> dt.datetime | None:
    """When the dossier's current stage is due (None: the stage has no deadline)."""
    days = settings.RECOGNITION_STAGE_DAYS.get(dossier.stage)
    return None if days is None else dossier.stage_entered_at + dt.timedelta(days=days)


@dataclass(frozen=True)
class UnitRecognition:
    recognition: Recognition
    via: AdministrativeUnit | None  # the predecessor that holds it; None: the unit itself


def recognitions_of_unit(
    *, unit: AdministrativeUnit, predecessors: Sequence[AdministrativeUnit] = ()
) -> list[UnitRecognition]:
    """The unit's recognitions, then its predecessors' (one query for all of them)."""
    by_id = {p.pk: p for p in predecessors}
    rows = list(
        Recognition.objects.filter(unit_id__in=[unit.pk, *by_id]).order_by(
            "-year", "unit__code", "level"
        )
    )
    own = [UnitRecognition(r, None) for r in rows if r.unit_id == unit.pk]
    inherited = [UnitRecognition(r, by_id[r.unit_id]) for r in rows if r.unit_id != unit.pk]
    return own + inherited


def unit_page_section(
    unit: AdministrativeUnit, predecessors: Sequence[AdministrativeUnit]
) -> dict[str, Any]:
    """The context of the recognitions section of the unit page (``geo.pages``)."""
    return {"recognitions": recognitions_of_unit(unit=unit, predecessors=predecessors)}
