"""The demo pilots: two selected pilots with plans, one not selected, one proposed, all scored;
2023 smart-hamlet assessments of Ngãi Xuyên and Kim Sơn."""

from __future__ import annotations

import datetime as dt

import pytest

from smartrural.geo.models import AdministrativeUnit
from smartrural.transformation.models import (
    HamletAssessment,
    PilotCandidate,
    PilotPlan,
    ScoringCriterion,
    SmartHamletItem,
)
from smartrural.transformation.pilots import selectors


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_db")
class DemoTests:
    def test_the_demo_is_complete(self) -> None:
        assert (ScoringCriterion.objects.count(), SmartHamletItem.objects.count()) == (11, 6)

        by_code = {c.unit.code: c for c in PilotCandidate.objects.select_related("unit")}
        assert {code: c.status for code, c in by_code.items()} == {
            "29479": "selected",
            "2948201": "selected",
            "29488": "not_selected",
            "29491": "proposed",
        }
        ngai_xuyen = by_code["29479"]
        assert (ngai_xuyen.kind, ngai_xuyen.field) == ("smart_commune", "production")
        assert by_code["2948201"].field == "digital_transformation"
        for candidate in by_code.values():
            assert selectors.score_sheet(candidate).complete
        plan = PilotPlan.objects.get(candidate=ngai_xuyen)
        assert (plan.start, plan.end) == (dt.date(2023, 4, 1), dt.date(2024, 12, 31))
        progress = [m.progress for m in plan.milestones.all()]
        assert len(progress) == 5 and len(set(progress)) >= 3
        assert PilotPlan.objects.filter(candidate=by_code["2948201"]).exists()
        assert PilotPlan.objects.count() == 2

        on = dt.date(2023, 7, 1)
        hamlets = AdministrativeUnit.objects.valid_on(on).filter(
            level="hamlet", parent__code__in=["29479", "29482"]
        )
        assessed = set(HamletAssessment.objects.values_list("hamlet__code", flat=True))
        assert assessed == {h.code for h in hamlets}
        smart = {h.code for h in hamlets if selectors.hamlet_is_smart(h, 2023)}
        assert {"2948201", "2947901"} == smart
        assert len(assessed) > len(smart)
