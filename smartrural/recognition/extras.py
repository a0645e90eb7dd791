"""Sections shown on the dossier page by the apps above recognition (surveys: the public
consultation on the self-assessment and its counts).

recognition sits below those apps and must not import them: an app registers a section in its
``AppConfig.ready()`` with ``add_dossier_section``; the dossier page renders each registered
section whose ``context`` answers something (``None``: nothing to show for this dossier), in the
order registered. Without any, the page shows nothing extra.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from smartrural.accounts.actor import Actor

from .models import Dossier

SectionContext = Callable[[Dossier, Actor], dict[str, Any] | None]


@dataclass(frozen=True)
class DossierSection:
    """A template included in the dossier page with ``section`` set to ``context``'s answer
    for the dossier and the reader (who may be read-only)."""

    template: str
    context: SectionContext


@dataclass(frozen=True)
class RenderedSection:
    template: str
    context: dict[str, Any]


_SECTIONS: list[DossierSection] = []


def add_dossier_section(section: DossierSection) -> None:
    if section not in _SECTIONS:
        _SECTIONS.append(section)


def dossier_sections(dossier: Dossier, user: Actor) -> list[RenderedSection]:
    rendered = []
    for section in _SECTIONS:
        context = section.context(dossier, user)
        if context is not None:
            rendered.append(RenderedSection(section.template, context))
    return rendered
