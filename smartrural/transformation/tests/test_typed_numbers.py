"""A target is typed with a decimal comma or point (the one parser of ``core.numbers``)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from smartrural.transformation.work_records.forms import TargetForm


@pytest.mark.parametrize(("typed", "kept"), [("22,5", Decimal("22.5")), ("22.5", Decimal("22.5"))])
def test_a_target_accepts_a_comma_or_a_point(typed: str, kept: Decimal) -> None:
    with translation.override("vi"):
        assert TargetForm.base_fields["value"].clean(typed) == kept


def test_a_target_that_is_no_number_gets_its_own_message() -> None:
    with translation.override("en"):
        with pytest.raises(forms.ValidationError) as exc:
            TargetForm.base_fields["value"].clean("1,234.5")
        assert exc.value.messages == ["Enter the target as a number between 0 and 100."]


def test_a_stored_target_is_shown_with_the_decimal_comma() -> None:
    with translation.override("vi"):
        form = TargetForm(initial={"value": Decimal("22.50")})
        assert 'value="22,5"' in str(form["value"])
