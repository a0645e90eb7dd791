"""Administrative units over time.

A unit row never changes parent: a unit that moves or is merged gets a new row with its own
validity, and a ``Succession`` records old -> new. GSO codes are reused by successor units, so a
code names a unit only together with a date.

Validity is inclusive on both ends: a unit is valid on ``d`` when
``valid_from <= d <= valid_to``; an empty bound is open (before our records / still valid).

``path`` is the materialised path of row ids (fixed-width base-36 segments, one per level, the
unit's own segment last). Because rows never change parent, the path never changes either, and
"descendants of X" is an index range scan ``X.path <= path < path_upper_bound(X.path)``.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartrural.core.dates import today, year_of_units
from smartrural.core.textcheck import validate_free_text, validate_name
from smartrural.core.versioning import Versioned

PATH_SEGMENT = 7  # base-36 digits per level: room for 78 billion rows
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def path_segment(pk: int) -> str:
    out = ""
    n = pk
    while n:
        n, rem = divmod(n, 36)
        out = _DIGITS[rem] + out
    return out.rjust(PATH_SEGMENT, "0")


def path_upper_bound(path: str) -> str:
    """The smallest string above every path that starts with ``path``.

    ``path`` read as one base-36 number, plus one, at the same width: "00000az" -> "00000b0".
    Only digits and lower-case letters are compared, so the range holds under any database
    collation (a punctuation sentinel such as "~" would not: many locales ignore punctuation).
    """
    digits = list(path)
    for i in range(len(digits) - 1, -1, -1):
        value = _DIGITS.index(digits[i]) + 1
        if value < len(_DIGITS):
            digits[i] = _DIGITS[value]
            return "".join(digits)
        digits[i] = "0"
    raise ValueError(f"no upper bound for the path {path!r}")


def path_ids(path: str) -> list[int]:
    """Row ids from the root to the unit itself."""
    return [int(path[i : i + PATH_SEGMENT], 36) for i in range(0, len(path), PATH_SEGMENT)]


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")
    HAMLET = "hamlet", _("Hamlet")


LEVEL_DEPTH = {Level.PROVINCE: 0, Level.DISTRICT: 1, Level.COMMUNE: 2, Level.HAMLET: 3}


class Kind(models.TextChoices):
    PROVINCE = "tinh", _("Province (tỉnh)")
    CENTRAL_CITY = "tp_tw", _("Centrally-run city (thành phố trực thuộc TW)")
    RURAL_DISTRICT = "huyen", _("Rural district (huyện)")
    URBAN_DISTRICT = "quan", _("Urban district (quận)")
    TOWN = "thi_xa", _("Town (thị xã)")
    PROVINCIAL_CITY = "tp_tinh", _("Provincial city (thành phố thuộc tỉnh)")
    COMMUNE = "xa", _("Commune (xã)")
    WARD = "phuong", _("Ward (phường)")
    TOWNSHIP = "thi_tran", _("Township (thị trấn)")
    SPECIAL_ZONE = "dac_khu", _("Special zone (đặc khu)")
    HAMLET = "ap", _("Hamlet (ấp)")
    VILLAGE = "thon", _("Village (thôn)")
    URBAN_HAMLET = "khom", _("Urban hamlet (khóm)")


KINDS_BY_LEVEL: dict[str, set[str]] = {
    Level.PROVINCE: {Kind.PROVINCE, Kind.CENTRAL_CITY},
    Level.DISTRICT: {Kind.RURAL_DISTRICT, Kind.URBAN_DISTRICT, Kind.TOWN, Kind.PROVINCIAL_CITY},
    Level.COMMUNE: {Kind.COMMUNE, Kind.WARD, Kind.TOWNSHIP, Kind.SPECIAL_ZONE},
    Level.HAMLET: {Kind.HAMLET, Kind.VILLAGE, Kind.URBAN_HAMLET},
}

# Short Vietnamese prefixes as they stand in front of a unit's proper name.
KIND_PREFIX = {
    Kind.PROVINCE: "Tỉnh",
    Kind.CENTRAL_CITY: "Thành phố",
    Kind.RURAL_DISTRICT: "Huyện",
    Kind.URBAN_DISTRICT: "Quận",
    Kind.TOWN: "Thị xã",
    Kind.PROVINCIAL_CITY: "Thành phố",
    Kind.COMMUNE: "Xã",
    Kind.WARD: "Phường",
    Kind.TOWNSHIP: "Thị trấn",
    Kind.SPECIAL_ZONE: "Đặc khu",
    Kind.HAMLET: "Ấp",
    Kind.VILLAGE: "Thôn",
    Kind.URBAN_HAMLET: "Khóm",
}


class Region(models.TextChoices):
    """The seven socio-economic regions used by the NTM criteria thresholds."""

    NORTHERN_MOUNTAINS = "tdmnpb", _("Northern midlands and mountains")
    RED_RIVER_DELTA = "dbsh", _("Red River Delta")
    NORTH_CENTRAL = "btb", _("North Central Coast")
    SOUTH_CENTRAL = "dhntb", _("South Central Coast")
    CENTRAL_HIGHLANDS = "tn", _("Central Highlands")
    SOUTHEAST = "dnb", _("Southeast")
    MEKONG_DELTA = "dbscl", _("Mekong Delta")


def valid_on_q(as_of: dt.date, prefix: str = "") -> Q:
    return (
        Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": as_of})
    ) & (Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": as_of}))


class UnitQuerySet(models.QuerySet["AdministrativeUnit"]):
    def valid_on(self, as_of: dt.date) -> UnitQuerySet:
        return self.filter(valid_on_q(as_of))

    def under(self, path: str, *, include_self: bool = True) -> UnitQuerySet:
        qs = self.filter(path__gte=path, path__lt=path_upper_bound(path))
        return qs if include_self else qs.exclude(path=path)


class AdministrativeUnit(Versioned):
    code = models.CharField(_("GSO code"), max_length=10, db_index=True)
    name = models.CharField(_("name"), max_length=200, validators=[validate_name])
    search_name = models.CharField(max_length=200, db_index=True, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    region = models.CharField(_("region"), max_length=10, choices=Region.choices, blank=True)
    commune_group = models.PositiveSmallIntegerField(
        _("NTM commune group (2026–2030)"), null=True, blank=True
    )
    # An especially difficult commune (xã đặc biệt khó khăn) by a decision, for a period of
    # years: the NTM criteria apply the northern midlands and mountains' thresholds to it
    # (QĐ 318), whatever its region. History keeps earlier designations.
    especially_difficult = models.BooleanField(_("especially difficult commune"), default=False)
    especially_difficult_basis = models.CharField(
        _("legal basis of the especially difficult status"),
        max_length=200,
        blank=True,
        validators=[validate_name],
    )
    especially_difficult_from = models.PositiveSmallIntegerField(
        _("especially difficult from (year)"), null=True, blank=True
    )
    especially_difficult_to = models.PositiveSmallIntegerField(
        _("especially difficult until (year)"), null=True, blank=True
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    path = models.CharField(max_length=64, db_index=True, editable=False, default="")

    history = HistoricalRecords(excluded_fields=["search_name", "path"])
    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="geo_unit_code_from_uniq"),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_from__lte=models.F("valid_to")),
                name="geo_unit_validity_order",
            ),
            models.CheckConstraint(
                condition=Q(commune_group__isnull=True) | Q(commune_group__in=[1, 2, 3]),
                name="geo_unit_commune_group_range",
            ),
            models.CheckConstraint(
                condition=Q(especially_difficult=False)
                | (Q(especially_difficult_from__isnull=False) & ~Q(especially_difficult_basis="")),
                name="geo_unit_difficult_has_basis",
            ),
            models.CheckConstraint(
                condition=Q(especially_difficult_to__isnull=True)
                | Q(especially_difficult_from__lte=models.F("especially_difficult_to")),
                name="geo_unit_difficult_period_order",
            ),
        ]
        indexes = [models.Index(fields=["level", "code"], name="geo_unit_level_code")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def is_valid_on(self, as_of: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= as_of) and (
            self.valid_to is None or as_of <= self.valid_to
        )

    @property
    def last_year(self) -> int | None:
        """The last year whose units (taken on 1 July) include this one; None while valid."""
        return None if self.valid_to is None else year_of_units(self.valid_to)

    def is_especially_difficult_in(self, year: int) -> bool:
        """Whether the unit is an especially difficult commune in ``year``."""
        if not self.especially_difficult:
            return False
        first, last = self.especially_difficult_from, self.especially_difficult_to
        return (first is None or first <= year) and (last is None or year <= last)

    @property
    def reference_date(self) -> dt.date:
        """A date on which this row is valid, to link to it by code unambiguously."""
        if self.valid_to is not None:
            return self.valid_to
        if self.valid_from is not None:
            return max(self.valid_from, today())
        return today()

    @property
    def depth(self) -> int:
        return len(self.path) // PATH_SEGMENT - 1

    def ancestor_ids(self) -> list[int]:
        return path_ids(self.path)[:-1]


class SuccessionKind(models.TextChoices):
    WHOLE = "whole", _("Whole unit merged in")
    PART = "part", _("Part of the unit")
    UNCHANGED = "unchanged", _("Kept unchanged (new parent)")


class Succession(models.Model):
    """Old unit -> new unit, on a date, by a legal act."""

    predecessor = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("predecessor"),
        on_delete=models.PROTECT,
        related_name="successions_out",
    )
    successor = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("successor"),
        on_delete=models.PROTECT,
        related_name="successions_in",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=SuccessionKind.choices)
    effective_date = models.DateField(_("effective date"))
    legal_basis = models.CharField(
        _("legal basis"), max_length=200, blank=True, validators=[validate_name]
    )
    note = models.CharField(_("note"), max_length=300, blank=True, validators=[validate_free_text])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        ordering = ["effective_date", "predecessor__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="geo_succession_pair_uniq"
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")), name="geo_succession_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.effective_date:%d/%m/%Y})"
