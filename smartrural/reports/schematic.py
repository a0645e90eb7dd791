"""The schematic map's data: units placed on a plain grid, not on real geography.

No coordinates ship with the project, so the map is a diagram (Leaflet ``L.CRS.Simple``):
district-level units are clusters on a grid, their communes points around the district's label
(Vogel's sunflower spiral, in code order). Nothing here pretends to be a location.
"""

from __future__ import annotations

import math
from typing import Any

from django.utils.translation import gettext as _

from .selectors import Dashboard

CELL = 100.0  # grid cell size in map units
SPREAD = 9.0  # sunflower spacing: 20 communes stay inside a 40-unit radius
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))

# Reached level -> colour (a hint only: every point has its level in words as well).
COLOURS = {"model": "#5b2c83", "advanced": "#1a6b35", "ntm": "#7cc47f", "none": "#c62828"}


def level_labels() -> dict[str, str]:
    return {
        "model": _("Model NTM"),
        "advanced": _("Advanced NTM"),
        "ntm": _("NTM"),
        "none": _("Not yet recognised"),
    }


def _spiral(index: int) -> tuple[float, float]:
    radius = SPREAD * math.sqrt(index + 0.5)
    angle = index * GOLDEN_ANGLE
    return radius * math.sin(angle), radius * math.cos(angle)


def schematic_map(dashboard: Dashboard) -> dict[str, Any]:
    """JSON for static/reports/map.js: clusters with their points and the legend."""
    labels = level_labels()
    names = {code: name for code, name, _recognised in dashboard.map_groups}
    recognised = {code: flag for code, _name, flag in dashboard.map_groups}
    names.setdefault(dashboard.unit.code, dashboard.unit.name)
    by_group: dict[str, list[dict[str, Any]]] = {}
    for unit in dashboard.map_units:
        by_group.setdefault(unit.parent_code, []).append(
            {"code": unit.code, "name": unit.name, "level": unit.level, "label": labels[unit.level]}
        )
    columns = max(1, math.ceil(math.sqrt(len(by_group))))
    clusters = []
    for i, (code, points) in enumerate(by_group.items()):
        row, col = divmod(i, columns)
        centre = (-(row + 0.5) * CELL, (col + 0.5) * CELL)
        for j, point in enumerate(sorted(points, key=lambda p: p["code"])):
            dy, dx = _spiral(j)
            point["at"] = [round(centre[0] + dy, 2), round(centre[1] + dx, 2)]
        clusters.append(
            {
                "code": code,
                "name": names.get(code, code),
                "recognised": recognised.get(code, False),
                "at": list(centre),
                "points": points,
            }
        )
    rows = math.ceil(len(by_group) / columns) if by_group else 1
    return {
        "bounds": [[-rows * CELL, 0], [0, columns * CELL]],
        "clusters": clusters,
        "legend": [{"level": k, "label": labels[k], "colour": c} for k, c in COLOURS.items()],
        "title": _("Schematic layout — not to geographic scale"),
    }
