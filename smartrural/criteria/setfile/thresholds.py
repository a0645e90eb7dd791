"""The thresholds of an indicator in a set file: each case (region, group, year) once."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from smartrural.geo.models import Region

from ..definition import CONFIRMED, PROVENANCES, SECONDARY, UNCONFIRMED, Threshold
from .problems import Problems
from .threshold_values import Kind, parse_threshold_value

THRESHOLD_KEYS = ("value", "region", "commune_group", "year", "provenance", "source", "placeholder")


def parse_thresholds(
    raws: list[Any], loc: str, p: Problems, kind: Kind | None, period: tuple[int, int] | None
) -> tuple[Threshold, ...]:
    """Thresholds of one indicator; the value is checked against ``kind`` when it is known."""
    out: list[Threshold] = []
    seen: set[tuple[str | None, int | None, int | None]] = set()
    for ti, raw in enumerate(raws):
        t = _parse_threshold(raw, f"{loc}[{ti}]", p, kind, period)
        if t is None:
            continue
        selector = (t.region, t.commune_group, t.year)
        if selector in seen:
            p.add(f"{loc}[{ti}]", _("another threshold has the same region, group and year"))
        seen.add(selector)
        out.append(t)
    return tuple(out)


def _parse_threshold(
    raw: Any, loc: str, p: Problems, kind: Kind | None, period: tuple[int, int] | None
) -> Threshold | None:
    if not isinstance(raw, dict):
        p.add(loc, _("must be a mapping (value, provenance…)"))
        return None
    before = len(p.problems)
    p.keys(raw, loc, THRESHOLD_KEYS)
    region = p.choice(raw, "region", loc, tuple(Region.values), required=False)
    group = p.get(raw, "commune_group", loc, int, required=False)
    if group is not None and group not in (1, 2, 3):
        p.add(f"{loc}.commune_group", _("must be 1, 2 or 3, not %(value)s") % {"value": group})
    year = p.get(raw, "year", loc, int, required=False)
    if year is not None and period and not period[0] <= year <= period[1]:
        p.add(
            f"{loc}.year",
            _("%(year)s is outside the period %(start)s–%(end)s")
            % {"year": year, "start": period[0], "end": period[1]},
        )
    provenance = p.choice(raw, "provenance", loc, PROVENANCES)
    source = p.get(raw, "source", loc, str, required=False) or ""
    placeholder = p.get(raw, "placeholder", loc, bool, required=False) or False
    if provenance in (SECONDARY, UNCONFIRMED):
        if not placeholder:
            p.add(
                f"{loc}.placeholder",
                _("a %(provenance)s value must be marked 'placeholder: true' (never official)")
                % {"provenance": provenance},
            )
        if not source:
            p.add(
                f"{loc}.source",
                _("a %(provenance)s value needs a source note") % {"provenance": provenance},
            )
    elif provenance == CONFIRMED and placeholder:
        p.add(f"{loc}.placeholder", _("a confirmed value is not a placeholder"))
    value = parse_threshold_value(raw, loc, p, kind)
    if len(p.problems) > before or value is None:
        return None
    assert provenance is not None
    return Threshold(
        value=value,
        region=region,
        commune_group=group,
        year=year,
        provenance=provenance,
        source=source,
        placeholder=placeholder,
    )
