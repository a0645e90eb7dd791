"""Where a report's position may be: the province's published latitude/longitude extent.

The extents are bounding boxes (south, north, west, east in decimal degrees), not the outline:
a position in the box but across the border is let through and triaged by the province office.
Sources:

- Trà Vinh (84, until 30/06/2025): the province portal's "Vị trí địa lý" (travinh.gov.vn):
  9°31'46"–10°04'05" N, 105°57'16"–106°36'04" E.
- Vĩnh Long (86, from 01/07/2025, Resolution 202/2025/QH15 merging Vĩnh Long, Bến Tre and Trà
  Vinh): the union of the three former provinces' published extents, ≈ 9°31'–10°20' N,
  105°41'–106°48' E.

A province without an extent here accepts any position inside Viet Nam's box (8.2–23.4 N,
102.1–109.5 E; the mainland and near islands, not the Trường Sa archipelago).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from smartrural.geo.models import AdministrativeUnit


@dataclass(frozen=True)
class Extent:
    south: float
    north: float
    west: float
    east: float

    def contains(self, lat: float, lng: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lng <= self.east


def _dms(degrees: int, minutes: int, seconds: int = 0) -> float:
    return degrees + minutes / 60 + seconds / 3600


VIET_NAM = Extent(south=8.2, north=23.4, west=102.1, east=109.5)

EXTENTS: dict[str, Extent] = {
    "84": Extent(
        south=_dms(9, 31, 46), north=_dms(10, 4, 5), west=_dms(105, 57, 16), east=_dms(106, 36, 4)
    ),
    "86": Extent(south=_dms(9, 31), north=_dms(10, 20), west=_dms(105, 41), east=_dms(106, 48)),
}


def extent_of(province: AdministrativeUnit | None) -> Extent:
    if province is None:
        return VIET_NAM
    return EXTENTS.get(province.code, VIET_NAM)


def position_problem(
    province: AdministrativeUnit | None, lat: float | Decimal, lng: float | Decimal
) -> str | None:
    """Why (latitude, longitude) cannot be a position in ``province``, or None when it can."""
    la, lo = float(lat), float(lng)
    if not (-90 <= la <= 90 and -180 <= lo <= 180):
        return _("This is not a position on Earth (latitude −90 to 90, longitude −180 to 180).")
    extent = extent_of(province)
    if extent.contains(la, lo):
        return None
    if province is None or extent is VIET_NAM:
        return _("The position %(lat).5f, %(lng).5f is outside Viet Nam.") % {"lat": la, "lng": lo}
    return _(
        "The position %(lat).5f, %(lng).5f is outside %(province)s: choose a place in the "
        "province, or leave the position out."
    ) % {"lat": la, "lng": lo, "province": province.name}
