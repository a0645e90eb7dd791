"""The demo is built through the services: every write of the story goes through a service,
its values have history, the values under a submitted dossier are locked, recognitions come from
the decide step, and a page opened today (02/12/2026) has figures (2026 QĐ 51 values of the
successor communes)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from smartrural.criteria.models import CriteriaSet, IndicatorValue
from smartrural.criteria.selectors import evaluate_units
from smartrural.criteria.services import ValueRow, data_value_set_import
from smartrural.demo.accounts import Actors
from smartrural.demo.models import DemoStamp
from smartrural.demo.testing import recording_writes, writes_of_the_demo
from smartrural.geo.models import AdministrativeUnit, Kind, Level
from smartrural.recognition.models import Dossier, Recognition
from smartrural.recognition.services import dossier_move
from smartrural.recognition.tests.satisfaction_support import surveyed_outside

TODAY = dt.date(2026, 12, 2)


class WritesTests:
    def test_the_demo_writes_no_model_directly(self) -> None:
        writes = writes_of_the_demo()
        assert writes["seen"] > 10_000
        assert writes["direct"] == []

    @pytest.mark.django_db
    def test_the_recorder_sees_a_write_made_by_demo_code(self) -> None:
        # This test module is demo code: a write from here is a direct one.
        with recording_writes() as log:
            DemoStamp.objects.create(content_hash="x", loaded_at=dt.datetime.now(dt.UTC), seconds=1)
        assert log.seen >= 1
        assert len(log.direct) == 1 and "DemoStamp" in log.direct[0]


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_db")
class StoryTests:
    def test_every_value_has_its_history(self) -> None:
        values = IndicatorValue.objects.all()
        assert values.count() > 10_000
        with_history = IndicatorValue.history.values("id")
        assert not values.exclude(pk__in=with_history).exists()
        assert not IndicatorValue.history.filter(history_user__isnull=True).exists()

    def test_a_dossier_moved_through_the_workflow_locks_its_values(self) -> None:
        dossier = Dossier.objects.select_related("unit", "criteria_set").get(
            unit__code="29308", year=2026
        )
        assert dossier.stage == "self_assessed"
        value = IndicatorValue.objects.filter(unit=dossier.unit, year=2026).first()
        assert value is not None
        actors = Actors()
        officer = actors.officer_for(dossier.unit)
        dossier = surveyed_outside(dossier, by=officer, rate=Decimal("93.2"))
        dossier_move(dossier=dossier, action_name="submit", by=officer)
        summary = data_value_set_import(
            criteria_set=dossier.criteria_set,
            year=2026,
            unit=dossier.unit,
            rows=[ValueRow(value.indicator_code, "0")],
            by=actors.office,
        )
        assert [c.indicator for c in summary.conflicts] == [value.indicator_code]
        value.refresh_from_db()
        assert value.value != "0"

    def test_values_under_the_2023_dossiers_of_tra_cu_stayed_locked(self) -> None:
        dossier = Dossier.objects.get(unit__code="29479", year=2023, target_level="ntm")
        summary = data_value_set_import(
            criteria_set=dossier.criteria_set,
            year=2023,
            unit=dossier.unit,
            rows=[ValueRow("3.1", "50")],
            by=Actors().office,
        )
        assert summary.conflicts

    def test_recognitions_are_made_by_the_decide_step_with_the_satisfaction_recorded(
        self,
    ) -> None:
        for recognition in Recognition.objects.select_related("dossier"):
            dossier = recognition.dossier
            assert dossier is not None
            assert dossier.transitions.filter(to_stage="decided").exists()
        rates = set(Dossier.objects.values_list("satisfaction_rate", flat=True))
        assert len(rates) > 20 and all(r is None or Decimal(80) <= r <= 100 for r in rates)

    def test_the_district_level_units_are_recognised_with_tra_cu_for_2023(self) -> None:
        tra_cu = Recognition.objects.get(unit__code="849", year=2023)
        assert (tra_cu.decision_number, tra_cu.decision_date) == (
            "288/QĐ-TTg",
            dt.date(2024, 4, 8),
        )
        for code in ("29479", "29482", "29488"):
            assert Recognition.objects.filter(unit__code=code, year=2023).exists(), code

    def test_today_the_successor_communes_have_2026_values_under_qd_51(self) -> None:
        qd51 = CriteriaSet.objects.get(code="QD51-XA")
        communes = list(
            AdministrativeUnit.objects.valid_on(TODAY).filter(
                level=Level.COMMUNE, kind=Kind.COMMUNE, parent__code="86"
            )
        )
        assert len(communes) > 30
        entered = set(
            IndicatorValue.objects.filter(criteria_set=qd51, year=2026).values_list(
                "unit_id", flat=True
            )
        )
        assert entered == {c.pk for c in communes}
        results = evaluate_units(criteria_set=qd51, year=2026, units=communes, store=False)
        met = [r for r in results.values() if all(c.met for c in r.criteria)]
        assert 0 < len(met) < len(communes)

    def test_the_successor_units_have_their_commune_groups(self) -> None:
        units = AdministrativeUnit.objects.valid_on(TODAY).filter(
            level=Level.COMMUNE, parent__code="86"
        )
        assert units.count() == 41
        groups = {u.code: u.commune_group for u in units}
        assert set(groups.values()) == {1, 2, 3}
        assert groups["29461"] == 1  # Xã Trà Cú, around the former district town
