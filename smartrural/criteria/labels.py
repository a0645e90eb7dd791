"""Words for the codes of a criteria set definition, as pages show them.

A set file speaks in codes (``awards: ntm``, ``provenance: secondary``, ``region: dbscl``,
``unit_level: commune``); a page never shows one of them, only these labels.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from smartrural.geo.models import Level, Region

from .definition import CONFIRMED, SECONDARY, UNCONFIRMED

PROVENANCE_LABELS: dict[str, Promise] = {
    CONFIRMED: gettext_lazy("confirmed"),
    SECONDARY: gettext_lazy("secondary source"),
    UNCONFIRMED: gettext_lazy("unconfirmed"),
}

# The level a set awards when every criterion is met (definition.LEVELS, DISTRICT_LEVELS).
AWARD_LABELS: dict[str, Promise] = {
    "ntm": gettext_lazy("New rural commune (NTM)"),
    "advanced": gettext_lazy("Advanced NTM commune"),
    "model": gettext_lazy("Model NTM commune"),
    "district_ntm": gettext_lazy("NTM district"),
    "district_advanced": gettext_lazy("Advanced NTM district"),
}


def _label(labels: dict[str, Promise], code: str | None) -> str:
    if not code:
        return ""
    return str(labels.get(code, code))


def provenance_label(code: str | None) -> str:
    return _label(PROVENANCE_LABELS, code)


def award_label(code: str | None) -> str:
    return _label(AWARD_LABELS, code)


def region_label(code: str | None) -> str:
    return _label(dict(Region.choices), code)


def unit_level_label(code: str | None) -> str:
    return _label(dict(Level.choices), code)
