"""Dropping the cached evaluations (``Evaluation`` rows) a change makes stale; the selectors
compute them again on demand."""

from __future__ import annotations

from smartrural.geo.models import AdministrativeUnit, path_ids

from ..models import Evaluation


def invalidate_evaluations(*, unit: AdministrativeUnit, year: int) -> None:
    """Drop cached evaluations of ``unit`` for ``year`` for every set (all families: cheap and
    never stale), and those of the units above it, whose evaluations derive from it."""
    Evaluation.objects.filter(unit_id__in=path_ids(unit.path) or [unit.pk], year=year).delete()


def drop_unit_evaluations(unit: AdministrativeUnit) -> None:
    """Drop every cached evaluation of ``unit`` (all sets and years): its region, commune group
    or especially difficult status changed, so the thresholds that apply to it did."""
    Evaluation.objects.filter(unit=unit).delete()
