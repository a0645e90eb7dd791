"""A hamlet's smart-hamlet checklist for a year: every item in use with its assessment, if any."""

from __future__ import annotations

from dataclasses import dataclass

from smartrural.geo.models import AdministrativeUnit

from ...models import HamletAssessment, SmartHamletItem


@dataclass(frozen=True)
class ChecklistLine:
    item: SmartHamletItem
    assessment: HamletAssessment | None


@dataclass(frozen=True)
class HamletChecklist:
    hamlet: AdministrativeUnit
    year: int
    lines: list[ChecklistLine]

    @property
    def total(self) -> int:
        return len(self.lines)

    @property
    def met(self) -> int:
        return sum(1 for line in self.lines if line.assessment is not None and line.assessment.met)

    @property
    def assessed(self) -> int:
        return sum(1 for line in self.lines if line.assessment is not None)

    @property
    def smart(self) -> bool:
        """A smart hamlet that year: every item in use is met."""
        return self.total > 0 and self.met == self.total


def hamlet_checklist(hamlet: AdministrativeUnit, year: int) -> HamletChecklist:
    items = SmartHamletItem.objects.filter(active=True)
    found = {
        a.item_id: a
        for a in HamletAssessment.objects.filter(hamlet=hamlet, year=year).select_related(
            "assessed_by"
        )
    }
    return HamletChecklist(hamlet, year, [ChecklistLine(i, found.get(i.pk)) for i in items])


def hamlet_is_smart(hamlet: AdministrativeUnit, year: int) -> bool:
    return hamlet_checklist(hamlet, year).smart
