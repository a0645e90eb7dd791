"""The headline counts (communes NTM, advanced, model; district-level units) of a unit and a
year, as the dashboard, the home page and the public results show them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from smartrural.accounts.actor import Actor
from smartrural.criteria.selectors import summary
from smartrural.geo.models import AdministrativeUnit
from smartrural.recognition.models import TargetLevel

from .sets import headline_sets


@dataclass(frozen=True)
class Headline:
    key: str
    label: str
    recognised: int
    total: int
    meeting_not_recognised: int
    in_progress: int


def headline_labels() -> dict[str, str]:
    return {
        "ntm": _("Communes meeting the NTM standard"),
        "advanced": _("Communes meeting the advanced NTM standard"),
        "model": _("Model NTM communes"),
        "districts": _("District-level units meeting the NTM standard or completing the NTM task"),
    }


def headline_of(key: str, label: str, data: dict[str, Any], levels: tuple[str, ...]) -> Headline:
    """The headline read from a ``criteria.selectors.summary``."""
    return Headline(
        key=key,
        label=label,
        recognised=sum(data["recognised"].get(level, 0) for level in levels),
        total=data["total"],
        meeting_not_recognised=data["meetingNotRecognised"],
        in_progress=sum(data["dossiersInProgress"].values()),
    )


def headline_summaries(
    *, unit: AdministrativeUnit, year: int, user: Actor | None = None
) -> list[tuple[Headline, dict[str, Any]]]:
    """Each headline of ``unit`` and ``year`` with the ``criteria.selectors.summary`` it is read
    from (the dashboard's counts); ``user=None``: over every unit, the public figures (counts of
    evaluations and decisions: no value, comment or document)."""
    labels = headline_labels()
    out = []
    for key, levels, criteria_set in headline_sets(year):
        data = summary(criteria_set=criteria_set, year=year, parent=unit, user=user)
        if data["total"]:
            out.append((headline_of(key, labels[key], data, levels), data))
    return out


def reached(levels: set[str]) -> str:
    """The highest commune level held: model, advanced, ntm or none."""
    for level in (TargetLevel.MODEL, TargetLevel.ADVANCED, TargetLevel.NTM):
        if level in levels:
            return str(level)
    return "none"
