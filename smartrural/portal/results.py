"""The live NTM results a portal shows, from the apps above (a hook: ``reports`` registers the
provider in its ``ready()``; without one the section is not shown).

A provider takes the portal's unit and the day, and returns the template to include and its
context, or None when it has nothing for the unit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from smartrural.geo.models import AdministrativeUnit


@dataclass(frozen=True)
class ResultsSection:
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)


ResultsProvider = Callable[[AdministrativeUnit, dt.date], ResultsSection | None]
_provider: list[ResultsProvider] = []


def register_results_provider(provider: ResultsProvider) -> None:
    _provider[:] = [provider]


def portal_results(unit: AdministrativeUnit, as_of: dt.date) -> ResultsSection | None:
    return _provider[0](unit, as_of) if _provider else None
