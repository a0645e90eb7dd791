"""The home page's sections, registered by the apps that own their figures.

The home page shows each reader the figures of their units and what waits for them. Those come
from apps above core (reports, with the criteria, recognition and transformation figures), so
core offers a hook instead of importing them: an app registers a section provider in its
``AppConfig.ready()``; the home view asks every provider, in ``order``, for the section it has for
this request (or None), and includes each section's template with its context.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class HomeSection:
    """One part of the home page: ``template`` rendered with ``context`` (as ``section``)."""

    template: str
    context: Mapping[str, Any] = field(default_factory=dict)


SectionProvider = Callable[[HttpRequest], HomeSection | None]
_providers: dict[str, tuple[int, SectionProvider]] = {}


def register_home_section(name: str, provider: SectionProvider, *, order: int) -> None:
    """Add (or replace, by ``name``) a provider of a home page section; lower ``order`` first."""
    _providers[name] = (order, provider)


def home_sections(request: HttpRequest) -> list[HomeSection]:
    """The sections every registered provider has for ``request``, in order."""
    ranked = sorted(_providers.items(), key=lambda item: (item[1][0], item[0]))
    sections = (provider(request) for _name, (_order, provider) in ranked)
    return [section for section in sections if section is not None]
