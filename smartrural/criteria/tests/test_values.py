"""Value services and the bulk evaluation selectors, against the database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from smartrural.core.errors import Conflict, ValidationFailed
from smartrural.criteria import selectors
from smartrural.criteria.models import Evaluation, IndicatorValue, ValueStatus
from smartrural.criteria.services import (
    ValueRow,
    data_value_set_import,
    indicator_value_return,
    indicator_value_submit,
)
from smartrural.geo.services import unit_create
from smartrural.testing import Personas

from .factories import ALL_MET, small_definition, stored_set

YEAR = 2023


def fill(personas: Personas, unit, criteria_set, values: dict[str, str]) -> None:
    summary = data_value_set_import(
        criteria_set=criteria_set,
        year=YEAR,
        unit=unit,
        rows=[ValueRow(code, value) for code, value in values.items()],
        by=personas.commune_a,
    )
    assert summary.ok, summary.conflicts


class IndicatorValueSubmitTests:
    def test_it_stores_the_normalised_value_against_the_root_set(self, personas: Personas) -> None:
        national = stored_set()
        variant = stored_set(small_definition("T-XA-TV"), base=national)
        row = indicator_value_submit(
            unit=personas.commune_a_unit,
            criteria_set=variant,
            year=YEAR,
            indicator_code="3.1",
            value="85,2",
            by=personas.commune_a,
        )
        row.refresh_from_db()
        assert (row.criteria_set_id, row.value, row.number) == (
            national.pk,
            "85.2",
            Decimal("85.2"),
        )

    def test_history_keeps_every_change_with_its_author(self, personas: Personas) -> None:
        cs = stored_set()
        for value in ("70", "81"):
            row = indicator_value_submit(
                unit=personas.commune_a_unit,
                criteria_set=cs,
                year=YEAR,
                indicator_code="3.1",
                value=value,
                by=personas.commune_a,
            )
        history = list(row.history.order_by("history_date"))
        assert [h.value for h in history] == ["70", "81"]
        assert {h.history_user_id for h in history} == {personas.commune_a.pk}

    def test_a_change_invalidates_the_cached_evaluation(self, personas: Personas) -> None:
        cs = stored_set()
        unit = personas.commune_a_unit
        fill(personas, unit, cs, ALL_MET)
        assert selectors.evaluation_for(unit, cs, YEAR).met  # type: ignore[union-attr]
        assert Evaluation.objects.filter(unit=unit, year=YEAR).count() == 1
        indicator_value_submit(
            unit=unit,
            criteria_set=cs,
            year=YEAR,
            indicator_code="3.1",
            value="79.9",
            by=personas.commune_a,
        )
        assert not Evaluation.objects.filter(unit=unit, year=YEAR).exists()
        summary = selectors.evaluation_for(unit, cs, YEAR)
        assert summary is not None and not summary.met
        assert summary.criteria["3"] is False

    def test_a_locked_value_is_refused(self, personas: Personas) -> None:
        cs = stored_set()
        row = indicator_value_submit(
            unit=personas.commune_a_unit,
            criteria_set=cs,
            year=YEAR,
            indicator_code="3.1",
            value="85",
            by=personas.commune_a,
        )
        IndicatorValue.objects.filter(pk=row.pk).update(status=ValueStatus.LOCKED)
        with pytest.raises(Conflict):
            indicator_value_submit(
                unit=personas.commune_a_unit,
                criteria_set=cs,
                year=YEAR,
                indicator_code="3.1",
                value="90",
                by=personas.commune_a,
            )

    @pytest.mark.parametrize(
        ("code", "value", "year"), [("9.9", "1", YEAR), ("3.1", "abc", YEAR), ("3.1", "90", 2030)]
    )
    def test_it_refuses_unknown_indicators_malformed_values_and_years_outside_the_set(
        self, personas: Personas, code: str, value: str, year: int
    ) -> None:
        with pytest.raises(ValidationFailed):
            indicator_value_submit(
                unit=personas.commune_a_unit,
                criteria_set=stored_set(),
                year=year,
                indicator_code=code,
                value=value,
                by=personas.commune_a,
            )

    def test_district_can_return_a_value_with_a_comment(self, personas: Personas) -> None:
        row = indicator_value_submit(
            unit=personas.commune_a_unit,
            criteria_set=stored_set(),
            year=YEAR,
            indicator_code="3.1",
            value="85",
            by=personas.commune_a,
        )
        indicator_value_return(value=row, comment="Thiếu biên bản", by=personas.district)
        row.refresh_from_db()
        assert (row.status, row.review_comment) == (ValueStatus.RETURNED, "Thiếu biên bản")


class DataValueSetImportTests:
    def test_it_counts_imported_updated_and_ignored(self, personas: Personas) -> None:
        cs = stored_set()
        unit = personas.commune_a_unit
        first = data_value_set_import(
            criteria_set=cs,
            year=YEAR,
            unit=unit,
            rows=[ValueRow("3.1", "85"), ValueRow("3.2", "Đạt")],
            by=personas.commune_a,
        )
        assert (first.imported, first.updated, first.ignored) == (2, 0, 0)
        second = data_value_set_import(
            criteria_set=cs,
            year=YEAR,
            unit=unit,
            rows=[ValueRow("3.1", "85.0"), ValueRow("3.2", "khong dat"), ValueRow("7.1", "1")],
            by=personas.commune_a,
        )
        assert (second.imported, second.updated, second.ignored) == (1, 1, 1)
        row = IndicatorValue.objects.get(unit=unit, indicator_code="3.2")
        assert row.history.count() == 2

    def test_any_conflict_writes_nothing_and_lists_every_problem(self, personas: Personas) -> None:
        cs = stored_set()
        summary = data_value_set_import(
            criteria_set=cs,
            year=YEAR,
            unit=personas.commune_a_unit,
            rows=[
                ValueRow("3.1", "85"),
                ValueRow("99.1", "1"),
                ValueRow("3.2", "perhaps"),
                ValueRow("3.1", "86"),
            ],
            by=personas.commune_a,
        )
        assert [c.indicator for c in summary.conflicts] == ["99.1", "3.2", "3.1"]
        assert IndicatorValue.objects.count() == 0

    def test_a_year_outside_the_set_is_a_conflict(self, personas: Personas) -> None:
        summary = data_value_set_import(
            criteria_set=stored_set(),
            year=2019,
            unit=personas.commune_a_unit,
            rows=[ValueRow("3.1", "85")],
            by=personas.commune_a,
        )
        assert len(summary.conflicts) == 1
        assert "2019" in summary.conflicts[0].message


class BulkEvaluationTests:
    def test_evaluate_units_loads_values_in_one_query_and_caches_in_bulk(
        self, personas: Personas, django_assert_max_num_queries
    ) -> None:
        cs = stored_set()
        units = [personas.commune_a_unit, personas.commune_b_unit, personas.other_commune_unit]
        fill(personas, units[0], cs, ALL_MET)
        fill(personas, units[1], cs, {**ALL_MET, "3.1": "79"})
        # version, values, existing cache rows, bulk insert (+ savepoint on some backends)
        with django_assert_max_num_queries(6):
            results = selectors.evaluate_units(criteria_set=cs, year=YEAR, units=units)
        assert [results[u.pk].met for u in units] == [True, False, False]
        assert Evaluation.objects.filter(criteria_set=cs, year=YEAR).count() == 3

    def test_a_new_version_makes_cached_rows_stale(self, personas: Personas) -> None:
        from .factories import add_version

        cs = stored_set()
        unit = personas.commune_a_unit
        fill(personas, unit, cs, {**ALL_MET, "3.1": "82"})
        assert selectors.evaluation_for(unit, cs, YEAR).met  # type: ignore[union-attr]
        stricter = small_definition()
        criteria = list(stricter.criteria)
        ind = criteria[0].indicators[0]
        from dataclasses import replace

        from smartrural.criteria.definition import Threshold

        criteria[0] = replace(
            criteria[0],
            indicators=(
                replace(ind, thresholds=(Threshold(value=Decimal(90)),)),
                *criteria[0].indicators[1:],
            ),
        )
        add_version(cs, replace(stricter, criteria=tuple(criteria)))
        assert not selectors.evaluation_for(unit, cs, YEAR).met  # type: ignore[union-attr]


class SummaryTests:
    def test_counts_three_communes_per_district_and_per_criterion(
        self, personas: Personas, django_assert_max_num_queries
    ) -> None:
        cs = stored_set()
        fill(personas, personas.commune_a_unit, cs, ALL_MET)
        fill(personas, personas.commune_b_unit, cs, {**ALL_MET, "3.1": "79"})
        fill(personas, personas.other_commune_unit, cs, {**ALL_MET, "7.1": "0", "3.2": "0"})
        with django_assert_max_num_queries(11):  # + recognitions and dossiers
            data = selectors.summary(
                criteria_set=cs, year=YEAR, parent=personas.province_unit, user=personas.province
            )
        assert (data["total"], data["meetingAll"], data["notMeeting"]) == (3, 1, 2)
        assert data["recognised"] == {}
        children = {c["code"]: (c["total"], c["meetingAll"]) for c in data["children"]}
        assert children == {"849": (2, 1), "844": (1, 0)}
        heat = {c["number"]: c["met"] for c in data["criteria"]}
        assert heat == {3: 1, 7: 2, 10: 3, 13: 3}
        # A second call reads the cache only: no insert.
        with django_assert_max_num_queries(7):  # + recognitions and dossiers
            selectors.summary(criteria_set=cs, year=YEAR, parent=personas.province_unit)

    def test_units_not_valid_on_1_july_are_left_out(self, personas: Personas) -> None:
        import datetime as dt

        unit_create(
            code="29499",
            name="Xã Mới",
            kind="xa",
            level="commune",
            parent=personas.district_unit,
            valid_from=dt.date(2023, 8, 1),
            valid_to=dt.date(2025, 6, 30),
        )
        data = selectors.summary(
            criteria_set=stored_set(), year=YEAR, parent=personas.district_unit
        )
        assert data["total"] == 2
