"""Whose threshold it is (region, commune group, year, or national) and where it comes from
(confirmed, a secondary source, a provincial placeholder)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from smartrural.geo.models import Region

from .definition import CONFIRMED, SECONDARY, Threshold


def threshold_scope(threshold: Threshold) -> str:
    """Whose threshold it is: region, commune group, year, or national."""
    parts: list[str] = []
    if threshold.region:
        labels = dict(Region.choices)
        parts.append(str(labels.get(threshold.region, threshold.region)))
    if threshold.commune_group is not None:
        parts.append(_("commune group %(group)s") % {"group": threshold.commune_group})
    if threshold.year is not None:
        parts.append(_("year %(year)s") % {"year": threshold.year})
    return ", ".join(parts) if parts else _("national")


def threshold_origin(threshold: Threshold, *, provincial: bool = False) -> str:
    """Where a threshold comes from, in one phrase (one badge; never "national" and
    "provincial placeholder" at once): confirmed national (or, ``provincial``, the province's
    own confirmed threshold), national from a secondary source, or a provincial placeholder
    for a value not confirmed."""
    if threshold.provenance == CONFIRMED:
        if provincial:
            return _("Provincial threshold, confirmed")
        return _("National threshold, confirmed")
    if threshold.provenance == SECONDARY:
        return _("National threshold from a secondary source, not yet checked")
    return _("Provincial placeholder, unconfirmed: not an official value")


def narrow_scope(threshold: Threshold) -> str:
    """The region, commune group or year a threshold is limited to ("" when it is not)."""
    return threshold_scope(threshold) if threshold.specificity else ""
