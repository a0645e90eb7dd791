"""The residents' satisfaction survey behind a dossier, from the surveys app above (a hook:
``surveys`` registers the provider in its ``ready()``; without one no dossier has a survey and
only a survey held outside SmartRural can satisfy the condition).

A provider takes a dossier and returns the closed survey of the dossier's unit and year (one
that meets its rules when there are several), with whether it meets its rules, the reasons it
does not, its overall rate, and the link to its results; None when there is no such survey.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from .models import Dossier


@dataclass(frozen=True)
class RuleLine:
    label: str
    met: bool
    reason: str = ""


@dataclass(frozen=True)
class SurveyOutcome:
    title: str
    met: bool
    rate: str  # the overall share with its interval, as printed: "92,4% (95% CI: …)"
    rate_value: Decimal | None
    url: str
    rules: list[RuleLine] = field(default_factory=list)

    @property
    def reasons(self) -> list[str]:
        return [rule.reason for rule in self.rules if not rule.met]


SatisfactionProvider = Callable[[Dossier], SurveyOutcome | None]
_provider: list[SatisfactionProvider] = []


def register_satisfaction_provider(provider: SatisfactionProvider) -> None:
    _provider[:] = [provider]


def dossier_survey(dossier: Dossier) -> SurveyOutcome | None:
    return _provider[0](dossier) if _provider else None
