"""Residents' satisfaction is typed with a decimal comma or point (``core.numbers``)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from smartrural.recognition.forms import SatisfactionForm

FIELD = SatisfactionForm.base_fields["satisfaction_rate"]


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("92,5", Decimal("92.5")), ("92.5", Decimal("92.5")), ("100", Decimal("100"))],
)
def test_satisfaction_accepts_a_comma_or_a_point(typed: str, kept: Decimal) -> None:
    with translation.override("vi"):
        assert FIELD.clean(typed) == kept


@pytest.mark.parametrize("typed", ["100,01", "-0,5", "92,555", "abc"])
def test_satisfaction_outside_0_to_100_or_with_3_decimals_is_refused(typed: str) -> None:
    with translation.override("vi"), pytest.raises(forms.ValidationError):
        FIELD.clean(typed)
