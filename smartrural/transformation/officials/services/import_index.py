"""The officials of the units an import touches: by identifier and by name (to match rows), and
as read (to see a change made meanwhile)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from smartrural.core.errors import ValidationFailed
from smartrural.geo.models import AdministrativeUnit

from ...models import Official
from .officials import name_key


def _snapshots(units: Iterable[int], *, lock: bool = False) -> dict[int, tuple[Any, ...]]:
    """Official id -> what an import relies on, for the officials of ``units``."""
    officials = Official.objects.filter(unit_id__in=list(units))
    if lock:
        officials = officials.select_for_update()
    return {
        pk: tuple(rest)
        for pk, *rest in officials.values_list(
            "pk", "unit_id", "full_name", "position", "identifier", "active"
        )
    }


class _Index:
    """The officials of the units an import touches, by identifier and by name."""

    def __init__(self, units: Iterable[AdministrativeUnit]) -> None:
        self.by_id: dict[tuple[int, str], Official] = {}
        self.by_name: dict[tuple[int, str], list[Official]] = defaultdict(list)
        self.seen: dict[int, tuple[Any, ...]] = {}
        for official in Official.objects.filter(unit__in=list(units)).order_by("pk"):
            self.seen[official.pk] = (
                official.unit_id,
                official.full_name,
                official.position,
                official.identifier,
                official.active,
            )
            if official.identifier:
                self.by_id[(official.unit_id, official.identifier.casefold())] = official
            self.by_name[(official.unit_id, name_key(official.full_name))].append(official)

    def match(self, unit: AdministrativeUnit, full_name: str, identifier: str) -> Official | None:
        """By (unit, identifier); else the one namesake of the unit without an identifier.
        ``ValidationFailed`` when several namesakes could be meant."""
        namesakes = self.by_name.get((unit.pk, name_key(full_name)), [])
        if identifier:
            found = self.by_id.get((unit.pk, identifier.casefold()))
            if found is not None:
                return found
            plain = [o for o in namesakes if not o.identifier]
            return plain[0] if len(plain) == 1 else None
        if len(namesakes) > 1:
            raise ValidationFailed(
                _(
                    "Several officials named %(name)s work in %(unit)s: give the identifier "
                    "of the one meant."
                )
                % {"name": full_name, "unit": unit.name},
                field="identifier",
            )
        return namesakes[0] if namesakes else None
