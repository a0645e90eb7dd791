"""Stage deadlines (``RECOGNITION_STAGE_DAYS``): whether a stay in a stage overran."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from .models import Dossier


def stage_overran(
    stage: str,
    entered_at: dt.datetime,
    *,
    ended_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> bool:
    """Whether a stay in ``stage`` from ``entered_at`` went past the stage's deadline: the
    deadline is compared with the moment the stage ended (the next transition) or, only while
    the stage is still open (``ended_at`` None), with now. A dossier decided in 2023 within its
    deadlines is therefore never overdue later."""
    days = settings.RECOGNITION_STAGE_DAYS.get(stage)
    if days is None:
        return False
    end = ended_at if ended_at is not None else (now or timezone.now())
    return end - entered_at > dt.timedelta(days=days)


def is_overdue(dossier: Dossier, *, now: dt.datetime | None = None) -> bool:
    """Whether the dossier's current (still open) stage is past its deadline."""
    return stage_overran(dossier.stage, dossier.stage_entered_at, now=now)
