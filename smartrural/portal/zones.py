"""A plan's land-use zones: GeoJSON typed (or pasted) by an editor, checked within limits and
read back as a list of zones with their approximate areas.

The text is a GeoJSON ``FeatureCollection`` (RFC 7946) of at most ``MAX_BYTES`` bytes and
``MAX_FEATURES`` features. Each feature is a ``Polygon`` or ``MultiPolygon`` whose rings are
closed and have at least four positions, every position ``[longitude, latitude]`` inside Viet
Nam's box (``VIET_NAM``), with a ``name`` and a ``use`` (the land-use kind: đất ở, đất trồng lúa,
đất giáo dục…) among its properties. Each problem names the feature by its number (1 for the
first), so an editor finds it in the file.

Areas are computed on a sphere of the WGS 84 equatorial radius (the method of Chamberlain and
Duquette, "Some algorithms for polygons on a sphere", JPL 2007; what Leaflet.draw and
OpenLayers use): within a few tenths of a percent of the ellipsoidal area at Viet Nam's
latitudes, enough for a plan's list ("≈ 12,4 ha").
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from smartrural.core.textcheck import clean_name

MAX_BYTES = 200 * 1024
MAX_FEATURES = 500
NAME_MAX_CHARS = 200
USE_MAX_CHARS = 100
# Problems listed at most (one per feature); the rest are counted.
MAX_PROBLEMS = 10
EARTH_RADIUS_M = 6_378_137.0
SQUARE_METRES_PER_HECTARE = 10_000
GEOMETRY_TYPES = ("Polygon", "MultiPolygon")


@dataclass(frozen=True)
class Box:
    south: float
    north: float
    west: float
    east: float

    def contains(self, lng: float, lat: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lng <= self.east


# Viet Nam's mainland and near islands span 8.2–23.4 N, 102.1–109.5 E (Lũng Cú, Mũi Cà Mau, A
# Pa Chải, Mũi Đôi); the box is widened south and east to hold the island communes of the
# Hoàng Sa and Trường Sa archipelagos (to about 112.8 E and 114.4 E, 7.9 N), with a margin.
VIET_NAM = Box(south=6.0, north=23.5, west=102.0, east=117.5)


@dataclass(frozen=True)
class Zone:
    """One checked feature: its number in the file (from 1), name, land use, geometry and area."""

    number: int
    name: str
    use: str
    geometry: dict[str, Any]
    area_ha: float


class _Problem(Exception):
    """One feature's first problem (its message, already translated)."""


def _refuse_constant(name: str) -> Any:
    # ``json`` reads NaN and Infinity, which are no JSON and no coordinate.
    raise ValueError(name)


def _load(text: str) -> Any:
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise ValidationError(
            _("The zones must be at most %(max)s KB of GeoJSON; this text is %(size)s KB.")
            % {"max": MAX_BYTES // 1024, "size": math.ceil(size / 1024)},
            code="too_large",
        )
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            _("The zones are not valid JSON (line %(line)d, column %(column)d).")
            % {"line": exc.lineno, "column": exc.colno},
            code="invalid_json",
        ) from None
    except ValueError:
        raise ValidationError(
            _("The zones hold NaN or Infinity, which are not numbers in JSON."),
            code="invalid_json",
        ) from None
    except RecursionError:
        raise ValidationError(
            _("The zones are nested too deeply to be GeoJSON."), code="invalid_json"
        ) from None


def _features(data: Any) -> list[Any]:
    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(data.get("features"), list)
    ):
        raise ValidationError(
            _(
                "The zones must be a GeoJSON FeatureCollection: an object with “type”: "
                "“FeatureCollection” and a list of “features”."
            ),
            code="not_collection",
        )
    features: list[Any] = data["features"]
    if len(features) > MAX_FEATURES:
        raise ValidationError(
            _("At most %(max)d zones in a plan; this text has %(count)d.")
            % {"max": MAX_FEATURES, "count": len(features)},
            code="too_many",
        )
    return features


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _ring(ring: Any, n: int) -> list[tuple[float, float]]:
    if not isinstance(ring, list) or not all(
        isinstance(p, list) and len(p) in (2, 3) and all(_number(c) for c in p) for p in ring
    ):
        raise _Problem(
            _(
                "Zone %(n)d: its coordinates are not lists of rings of [longitude, latitude] "
                "positions."
            )
            % {"n": n}
        )
    if len(ring) < 4:
        raise _Problem(
            _("Zone %(n)d: a ring has %(count)d positions; it needs at least 4.")
            % {"n": n, "count": len(ring)}
        )
    if ring[0][:2] != ring[-1][:2]:
        raise _Problem(
            _("Zone %(n)d: a ring is not closed (its last position must repeat its first).")
            % {"n": n}
        )
    positions = [(float(p[0]), float(p[1])) for p in ring]
    for lng, lat in positions:
        if not VIET_NAM.contains(lng, lat):
            raise _Problem(
                _(
                    "Zone %(n)d: the position [%(lng)s, %(lat)s] is outside Viet Nam. GeoJSON "
                    "gives the longitude first (102 to 117 in Viet Nam), then the latitude (6 "
                    "to 23)."
                )
                % {"n": n, "lng": _coordinate(lng), "lat": _coordinate(lat)}
            )
    return positions


def _coordinate(value: float) -> str:
    """A coordinate as typed, without a trailing ``.0``."""
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _polygons(geometry: dict[str, Any], n: int) -> list[list[list[tuple[float, float]]]]:
    coordinates = geometry.get("coordinates")
    polygons = [coordinates] if geometry["type"] == "Polygon" else coordinates
    if not isinstance(polygons, list) or not polygons:
        raise _Problem(_("Zone %(n)d has no coordinates.") % {"n": n})
    checked = []
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            raise _Problem(
                _(
                    "Zone %(n)d: its coordinates are not lists of rings of [longitude, "
                    "latitude] positions."
                )
                % {"n": n}
            )
        checked.append([_ring(ring, n) for ring in polygon])
    return checked


def ring_area_m2(ring: list[tuple[float, float]]) -> float:
    """The area enclosed by a closed ring of (longitude, latitude), in square metres."""
    total = 0.0
    for (lng1, lat1), (lng2, lat2) in pairwise(ring):
        total += math.radians(lng2 - lng1) * (
            2 + math.sin(math.radians(lat1)) + math.sin(math.radians(lat2))
        )
    return abs(total) * EARTH_RADIUS_M**2 / 2


def _area_ha(polygons: list[list[list[tuple[float, float]]]]) -> float:
    # The first ring of a polygon is its outline, the others are holes in it.
    m2 = sum(
        ring_area_m2(rings[0]) - sum(ring_area_m2(hole) for hole in rings[1:]) for rings in polygons
    )
    return max(m2, 0.0) / SQUARE_METRES_PER_HECTARE


def _property(properties: dict[str, Any], key: str, n: int, max_length: int) -> str:
    value = properties.get(key)
    if not isinstance(value, str) or not value.strip():
        if key == "name":
            message = _("Zone %(n)d needs a “name” property: the name of the zone.")
        else:
            message = _("Zone %(n)d needs a “use” property: its land use (đất ở, đất trồng lúa…).")
        raise _Problem(message % {"n": n})
    label = _("Zone %(n)d: its “%(key)s”") % {"n": n, "key": key}
    try:
        return clean_name(value, max_length=max_length, label=label)
    except ValidationError as exc:
        raise _Problem(exc.messages[0]) from None


def _zone(feature: Any, n: int) -> Zone:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise _Problem(_("Zone %(n)d is not a GeoJSON Feature.") % {"n": n})
    geometry = feature.get("geometry")
    if not isinstance(geometry, dict):
        raise _Problem(_("Zone %(n)d has no geometry.") % {"n": n})
    kind = geometry.get("type")
    if kind not in GEOMETRY_TYPES:
        raise _Problem(
            _("Zone %(n)d is a %(type)s: only Polygon and MultiPolygon zones are accepted.")
            % {"n": n, "type": str(kind)[:40]}
        )
    properties = feature.get("properties")
    if not isinstance(properties, dict):
        properties = {}
    name = _property(properties, "name", n, NAME_MAX_CHARS)
    use = _property(properties, "use", n, USE_MAX_CHARS)
    polygons = _polygons(geometry, n)
    return Zone(
        number=n,
        name=name,
        use=use,
        geometry={"type": kind, "coordinates": geometry["coordinates"]},
        area_ha=_area_ha(polygons),
    )


def parse_zones(text: str) -> list[Zone]:
    """The zones of ``text`` (empty: none), or ``ValidationError`` listing the problems (one per
    feature, the first ``MAX_PROBLEMS``)."""
    if not text or not text.strip():
        return []
    features = _features(_load(text))
    zones: list[Zone] = []
    problems: list[str] = []
    for n, feature in enumerate(features, start=1):
        try:
            zones.append(_zone(feature, n))
        except _Problem as problem:
            problems.append(str(problem))
    if problems:
        shown = problems[:MAX_PROBLEMS]
        if len(problems) > MAX_PROBLEMS:
            shown.append(
                _("… and %(count)d more zones with problems.")
                % {"count": len(problems) - MAX_PROBLEMS}
            )
        raise ValidationError([ValidationError(message, code="invalid_zone") for message in shown])
    return zones


def validate_zones(text: str) -> None:
    """Model field validator of a plan's zones (``parse_zones``)."""
    parse_zones(text)


def zones_geojson(zones: list[Zone], uses: dict[str, int]) -> dict[str, Any]:
    """The checked zones as a FeatureCollection for the map: geometry, name, use and the colour
    of the use (its index in ``uses``), nothing else the file held."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": zone.geometry,
                "properties": {"name": zone.name, "use": zone.use, "colour": uses[zone.use]},
            }
            for zone in zones
        ],
    }
