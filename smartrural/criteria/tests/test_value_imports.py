"""Data value set imports (API, entry form, workbook): the row limit and what changed meanwhile."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest

from smartrural.criteria.models import CriteriaSet, IndicatorValue, ValueStatus
from smartrural.criteria.services import value_sets
from smartrural.testing import Personas

from .factories import stored_set
from .test_api import payload, post
from .test_excel import download, fill, send

LIMIT_TEXT = "Lần nhập này có 3 dòng; mỗi lần chỉ nhận tối đa 2 dòng."


@pytest.fixture
def criteria_set(personas: Personas) -> CriteriaSet:
    return stored_set()


@pytest.mark.django_db
class RowLimitTests:
    def test_a_set_at_the_limit_is_imported(
        self, personas: Personas, criteria_set: CriteriaSet, settings: Any
    ) -> None:
        settings.IMPORT_MAX_ROWS = 2
        response = post(personas.client(personas.commune_a), payload({"3.1": "85", "7.1": "Đạt"}))
        assert response.status_code == 200, response.content
        assert IndicatorValue.objects.count() == 2

    def test_one_value_over_the_limit_is_a_413(
        self, personas: Personas, criteria_set: CriteriaSet, settings: Any
    ) -> None:
        settings.IMPORT_MAX_ROWS = 2
        body = payload({"3.1": "85", "7.1": "Đạt", "10.1": "60"})
        response = post(personas.client(personas.commune_a), body)
        assert response.status_code == 413
        assert response.json()["detail"].startswith(LIMIT_TEXT)
        assert not IndicatorValue.objects.exists()

    def test_a_workbook_over_the_limit_is_refused_with_the_limit(
        self, personas: Personas, criteria_set: CriteriaSet, settings: Any
    ) -> None:
        settings.IMPORT_MAX_ROWS = 2
        client = personas.client(personas.district)
        wb = download(client, "849")
        fill(wb, "29479", {"3.1": 81, "10.1": 60})
        fill(wb, "29482", {"3.1": 90})
        response = send(client, "849", wb)
        assert response.status_code == 422
        assert LIMIT_TEXT in response.content.decode()
        assert not IndicatorValue.objects.exists()


@pytest.mark.django_db
class WritePhaseTests:
    def test_a_value_locked_meanwhile_is_a_conflict_and_nothing_is_written(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        client = personas.client(personas.commune_a)
        assert post(client, payload({"3.1": "70"})).status_code == 200
        real = value_sets.prepare_bulk_write

        def prepare(*args: Any, **kwargs: Any) -> Any:
            prepared = real(*args, **kwargs)
            # the commune's dossier is submitted between the check and the write
            IndicatorValue.objects.filter(indicator_code="3.1").update(status=ValueStatus.LOCKED)
            return prepared

        with mock.patch.object(value_sets, "prepare_bulk_write", prepare):
            response = post(client, payload({"3.1": "85", "7.1": "Đạt"}))
        assert response.status_code == 409
        conflicts = response.json()["conflicts"]
        assert [(c["indicator"], c["value"]) for c in conflicts] == [("3.1", "85")]
        assert "vừa được người khác thay đổi" in conflicts[0]["message"]
        assert list(IndicatorValue.objects.values_list("indicator_code", "value")) == [
            ("3.1", "70")
        ]

    def test_history_of_a_bulk_write_names_the_author(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        client = personas.client(personas.commune_a)
        post(client, payload({"3.1": "70"}))
        post(client, payload({"3.1": "75"}))
        value = IndicatorValue.objects.get()
        history = value.history.order_by("history_date", "history_id")
        assert [(h.history_type, h.value, h.history_user) for h in history] == [
            ("+", "70", personas.commune_a),
            ("~", "75", personas.commune_a),
        ]
