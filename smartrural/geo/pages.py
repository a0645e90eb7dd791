"""Sections that higher apps add to a unit's page (recognition adds its decisions).

geo sits below those apps and must not import them: an app registers its section in its
``AppConfig.ready()`` with ``add_unit_section``; the unit page renders every registered section,
in the order registered, after geo's own content.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .models import AdministrativeUnit

SectionContext = Callable[[AdministrativeUnit, Sequence[AdministrativeUnit]], dict[str, Any]]


@dataclass(frozen=True)
class UnitSection:
    """A template included in the unit page, given ``unit`` and ``section`` (``context``'s
    answer for the unit and its predecessors, earliest last)."""

    template: str
    context: SectionContext


@dataclass(frozen=True)
class RenderedSection:
    template: str
    context: dict[str, Any]


_UNIT_SECTIONS: list[UnitSection] = []


def add_unit_section(section: UnitSection) -> None:
    if section not in _UNIT_SECTIONS:
        _UNIT_SECTIONS.append(section)


def unit_sections(
    *, unit: AdministrativeUnit, predecessors: Sequence[AdministrativeUnit]
) -> list[RenderedSection]:
    return [RenderedSection(s.template, s.context(unit, predecessors)) for s in _UNIT_SECTIONS]
