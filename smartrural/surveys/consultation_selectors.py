"""Reads of the consultations for other apps' pages: the section of a recognition dossier's page
(registered in ``SurveysConfig.ready`` through ``recognition.extras``)."""

from __future__ import annotations

from typing import Any

from smartrural.accounts.actor import Actor
from smartrural.recognition.models import Dossier, Stage
from smartrural.recognition.permissions import is_unit_actor

from .models import Consultation
from .services.consultations import Counts, counts_by_consultation


def dossier_section(dossier: Dossier, user: Actor) -> dict[str, Any] | None:
    """The consultations on the dossier's self-assessment with their counts; with none, an
    offer to open one for an officer who may (the dossier self-assessed, published for
    opinions), else None: the page shows nothing."""
    consultations = Consultation.objects.filter(dossier=dossier).order_by("opens_on", "pk")
    counts = counts_by_consultation(consultations)
    rows = [(c, counts.get(c.pk, Counts())) for c in consultations]
    may_open = (
        not rows
        and dossier.stage == Stage.SELF_ASSESSED
        and bool(getattr(user, "can_write", False))
        and is_unit_actor(user, dossier.unit)
    )
    if not rows and not may_open:
        return None
    return {"dossier": dossier, "rows": rows, "may_open": may_open}
