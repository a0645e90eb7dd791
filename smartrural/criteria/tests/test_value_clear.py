"""Clearing an indicator value: the service, its checks and its history."""

from __future__ import annotations

import pytest

from smartrural.core.errors import Conflict, ValidationFailed
from smartrural.core.versioning import EditConflict
from smartrural.criteria import selectors
from smartrural.criteria.engine import MISSING
from smartrural.criteria.models import CriteriaSet, IndicatorValue, ValueStatus
from smartrural.criteria.services import indicator_value_clear, indicator_value_submit
from smartrural.testing import Personas

from .factories import stored_set

pytestmark = pytest.mark.django_db

YEAR = 2023


@pytest.fixture
def criteria_set(personas: Personas) -> CriteriaSet:
    return stored_set()


def submit(p: Personas, cs: CriteriaSet, code: str, value: str) -> IndicatorValue:
    return indicator_value_submit(
        unit=p.commune_a_unit,
        criteria_set=cs,
        year=YEAR,
        indicator_code=code,
        value=value,
        by=p.commune_a,
    )


def clear(p: Personas, cs: CriteriaSet, code: str, version: int | None) -> IndicatorValue | None:
    return indicator_value_clear(
        unit=p.commune_a_unit,
        criteria_set=cs,
        year=YEAR,
        indicator_code=code,
        version=version,
        by=p.commune_a,
    )


class IndicatorValueClearTests:
    def test_it_removes_the_value_and_the_evaluation_has_no_data_for_it(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        row = submit(personas, criteria_set, "3.1", "85")
        summary = selectors.evaluation_for(personas.commune_a_unit, criteria_set, YEAR)
        assert summary is not None and summary.criteria["3"] is False  # 3.2 still missing
        removed = clear(personas, criteria_set, "3.1", row.version)
        assert removed is not None and removed.value == "85"
        assert not IndicatorValue.objects.filter(indicator_code="3.1").exists()
        detail = selectors.evaluation_detail(personas.commune_a_unit, criteria_set, YEAR)
        assert detail is not None
        result, _version = detail
        by_code = {i.code: i for c in result.criteria for i in c.indicators}
        assert by_code["3.1"].status == MISSING
        assert "3.1" in result.missing

    def test_history_keeps_who_cleared_it_and_the_value_before(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        row = submit(personas, criteria_set, "3.1", "85")
        clear(personas, criteria_set, "3.1", row.version)
        history = getattr(IndicatorValue, "history")  # noqa: B009 - added by simple_history
        records = list(history.filter(indicator_code="3.1").order_by("history_date"))
        assert [(r.history_type, r.value) for r in records] == [("+", "85"), ("-", "85")]
        assert records[-1].history_user_id == personas.commune_a.pk

    def test_a_locked_value_is_refused(self, personas: Personas, criteria_set: CriteriaSet) -> None:
        row = submit(personas, criteria_set, "3.1", "85")
        IndicatorValue.objects.filter(pk=row.pk).update(status=ValueStatus.LOCKED)
        with pytest.raises(Conflict) as exc:
            clear(personas, criteria_set, "3.1", row.version)
        assert not isinstance(exc.value, EditConflict)
        assert IndicatorValue.objects.filter(pk=row.pk).exists()

    def test_a_value_changed_since_it_was_read_is_not_cleared(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        first = submit(personas, criteria_set, "3.1", "85")
        submit(personas, criteria_set, "3.1", "90")  # someone else, meanwhile
        with pytest.raises(EditConflict) as exc:
            clear(personas, criteria_set, "3.1", first.version)
        assert exc.value.conflicts[0].current == "90"
        assert IndicatorValue.objects.get(indicator_code="3.1").value == "90"

    def test_the_version_just_read_clears(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        submit(personas, criteria_set, "3.1", "85")
        row = submit(personas, criteria_set, "3.1", "90")
        assert clear(personas, criteria_set, "3.1", row.version) is not None

    def test_nothing_stored_is_nothing_to_clear(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        assert clear(personas, criteria_set, "3.1", None) is None

    @pytest.mark.parametrize(("code", "year"), [("9.9", YEAR), ("3.1", 2030)])
    def test_an_unknown_indicator_or_a_year_outside_the_set_is_refused(
        self, personas: Personas, criteria_set: CriteriaSet, code: str, year: int
    ) -> None:
        with pytest.raises((ValidationFailed, Conflict)):
            indicator_value_clear(
                unit=personas.commune_a_unit,
                criteria_set=criteria_set,
                year=year,
                indicator_code=code,
                by=personas.commune_a,
            )
