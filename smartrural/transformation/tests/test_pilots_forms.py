"""The pilot forms check the input the services take as given (types, ranges, choices, lengths)."""

from __future__ import annotations

from typing import Any

import pytest

from smartrural.core.dates import today
from smartrural.transformation.pilots.forms import (
    CandidateForm,
    CriterionForm,
    MilestoneForm,
    PlanForm,
)

CRITERION = {"kind": "smart_commune", "code": "XA-01", "name": "Leadership", "max_score": "10"}
CRITERION |= {"order": "0"}
CANDIDATE = {"kind": "smart_commune", "year": "2023", "unit": "29479", "field": "production"}
MILESTONE = {"title": "Survey", "due": "30/06/2023", "progress": "0"}


def errors(form: Any) -> set[str]:
    assert not form.is_valid()
    return set(form.errors)


class CriterionFormTests:
    @pytest.mark.parametrize("max_score", ["1", "1000"])
    def test_the_maximum_score_limits_are_accepted(self, max_score: str) -> None:
        form = CriterionForm(CRITERION | {"max_score": max_score})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["max_score"] == int(max_score)

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("max_score", "0"),
            ("max_score", "1001"),
            ("max_score", "ten"),
            ("code", "  "),
            ("code", "x" * 21),
            ("name", "x" * 301),
            ("kind", "smart_city"),
            ("order", "-1"),
            ("order", "32768"),
        ],
    )
    def test_bad_input_is_a_form_error(self, field: str, value: str) -> None:
        assert errors(CriterionForm(CRITERION | {field: value})) == {field}

    def test_the_code_is_trimmed(self) -> None:
        form = CriterionForm(CRITERION | {"code": " XA-01 "})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["code"] == "XA-01"


class CandidateFormTests:
    def test_next_year_is_the_latest(self) -> None:
        next_year = str(today().year + 1)
        assert CandidateForm(CANDIDATE | {"year": next_year}).is_valid()
        assert errors(CandidateForm(CANDIDATE | {"year": str(today().year + 2)})) == {"year"}

    @pytest.mark.parametrize(
        ("field", "value"),
        [("year", "abc"), ("year", "2009"), ("field", "mining"), ("kind", "smart_city")],
    )
    def test_bad_input_is_a_form_error(self, field: str, value: str) -> None:
        assert errors(CandidateForm(CANDIDATE | {field: value})) == {field}


class PlanFormTests:
    def test_a_goal_is_required(self) -> None:
        form = PlanForm({"goal": " ", "start": "01/04/2023", "end": "01/04/2023"})
        assert errors(form) == {"goal"}

    def test_the_end_is_not_before_the_start(self) -> None:
        assert PlanForm({"goal": "g", "start": "01/04/2023", "end": "01/04/2023"}).is_valid()
        form = PlanForm({"goal": "g", "start": "01/04/2023", "end": "31/03/2023"})
        assert errors(form) == {"end"}


class MilestoneFormTests:
    @pytest.mark.parametrize("progress", ["0", "100"])
    def test_the_progress_limits_are_accepted(self, progress: str) -> None:
        assert MilestoneForm(MILESTONE | {"progress": progress}).is_valid()

    @pytest.mark.parametrize(
        ("field", "value"),
        [("progress", "101"), ("progress", "-1"), ("progress", "half"), ("title", " ")],
    )
    def test_bad_input_is_a_form_error(self, field: str, value: str) -> None:
        assert errors(MilestoneForm(MILESTONE | {field: value})) == {field}
