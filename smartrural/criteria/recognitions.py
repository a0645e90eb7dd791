"""What criteria reads of recognitions, provided by the recognition app.

Recognitions are decided in the recognition app, which sits above criteria: criteria must not
import it. recognition hands its readers over in ``AppConfig.ready()`` (``provide_recognitions``);
until then (criteria alone) no unit holds a recognition and no dossier is in progress.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


class RecognisedLevels(Protocol):
    def __call__(self, *, unit_ids: Sequence[int], year: int) -> dict[int, set[str]]: ...


class DossiersInProgress(Protocol):
    def __call__(
        self, *, unit_ids: Sequence[int], year: int, criteria_set_id: int
    ) -> dict[str, int]: ...


def _no_levels(*, unit_ids: Sequence[int], year: int) -> dict[int, set[str]]:
    return {}


def _no_dossiers(*, unit_ids: Sequence[int], year: int, criteria_set_id: int) -> dict[str, int]:
    return {}


@dataclass
class _Provider:
    recognised_levels: RecognisedLevels = _no_levels
    dossiers_in_progress: DossiersInProgress = _no_dossiers


_PROVIDER = _Provider()


def provide_recognitions(
    *, recognised_levels: RecognisedLevels, dossiers_in_progress: DossiersInProgress
) -> None:
    """Set the readers: per unit, the levels it holds by decision for a year or earlier; per
    stage, the dossiers of a year under a criteria set still in progress."""
    _PROVIDER.recognised_levels = recognised_levels
    _PROVIDER.dossiers_in_progress = dossiers_in_progress


def recognised_levels(*, unit_ids: Sequence[int], year: int) -> dict[int, set[str]]:
    return _PROVIDER.recognised_levels(unit_ids=unit_ids, year=year)


def dossiers_in_progress(
    *, unit_ids: Sequence[int], year: int, criteria_set_id: int
) -> dict[str, int]:
    return _PROVIDER.dossiers_in_progress(
        unit_ids=unit_ids, year=year, criteria_set_id=criteria_set_id
    )
