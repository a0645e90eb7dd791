"""One number style (decimal comma, "34,09%") and one parser for typed numbers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from smartrural.core.numbers import (
    DecimalCommaField,
    format_number,
    format_percent,
    parse_decimal,
)


class ParseDecimalTests:
    @pytest.mark.parametrize(
        ("typed", "expected"),
        [
            ("79,9", Decimal("79.9")),
            ("79.9", Decimal("79.9")),
            (" 79,9 ", Decimal("79.9")),
            ("1 250", Decimal("1250")),
            ("1\u00a0250,5", Decimal("1250.5")),
            ("-3,5", Decimal("-3.5")),
            ("+2", Decimal("2")),
            ("0", Decimal("0")),
            ("50.000", Decimal("50")),  # one point is always the decimal mark
            ("50,000", Decimal("50")),
        ],
    )
    def test_it_reads_a_comma_or_a_point(self, typed: str, expected: Decimal) -> None:
        assert parse_decimal(typed) == expected

    @pytest.mark.parametrize(
        "typed",
        [
            "",
            "  ",
            "abc",
            "1,234.5",
            "1.2.3",
            "1,2,3",
            "1e5",
            ".",
            "-",
            "NaN",
            "Infinity",
            "٣",
            "12%",
        ],
    )
    def test_anything_else_is_no_number(self, typed: str) -> None:
        assert parse_decimal(typed) is None


class FormatTests:
    @pytest.mark.parametrize(
        ("value", "decimals", "vi", "en"),
        [
            ("87.5", None, "87,5", "87.5"),
            (Decimal("87.5000"), None, "87,5", "87.5"),
            (87.5, 2, "87,50", "87.50"),
            (Decimal("34.0866"), 2, "34,09", "34.09"),
            (Decimal("35"), "-2", "35", "35"),
            (Decimal("35.456"), "-2", "35,46", "35.46"),
            (2023, None, "2023", "2023"),  # years: no thousands separator
            (Decimal("-0.001"), 1, "0,0", "0.0"),  # no "-0"
        ],
    )
    def test_the_decimal_mark_follows_the_language(
        self, value: Any, decimals: Any, vi: str, en: str
    ) -> None:
        with translation.override("vi"):
            assert format_number(value, decimals) == vi
        with translation.override("en"):
            assert format_number(value, decimals) == en

    def test_one_percent_style_without_a_space(self) -> None:
        with translation.override("vi"):
            assert format_percent(Decimal("34.0866")) == "34,09%"
            assert format_percent(30.5) == "30,50%"
            assert format_percent(Decimal("35"), "-2") == "35%"
            assert format_percent(None) == ""
        with translation.override("en"):
            assert format_percent(30.5, 1) == "30.5%"

    @pytest.mark.parametrize("value", [None, "", "abc", True, float("nan")])
    def test_no_number_formats_as_nothing(self, value: Any) -> None:
        assert format_number(value) == ""

    def test_template_filters(self) -> None:
        template = Template(
            "{% load numbers %}{{ a|vn_number }} {{ b|vn_number:2 }} {{ c|vn_percent }} "
            "{{ d|vn_percent:'-2' }} {{ e|vn_number }}"
        )
        context = Context(
            {"a": "87.5", "b": 3, "c": Decimal("30.5"), "d": Decimal("35.00"), "e": None}
        )
        with translation.override("vi"):
            assert template.render(context) == "87,5 3,00 30,50% 35% —"


class DecimalCommaFieldTests:
    class Form(forms.Form):
        rate = DecimalCommaField(required=False)

    @pytest.mark.parametrize("typed", ["79,9", "79.9", " 79,9"])
    def test_it_accepts_a_comma_or_a_point_in_any_language(self, typed: str) -> None:
        for language in ("vi", "en"):
            with translation.override(language):
                form = self.Form({"rate": typed})
                assert form.is_valid(), form.errors
                assert form.cleaned_data["rate"] == Decimal("79.9")

    def test_a_wrong_number_gets_a_clear_message(self) -> None:
        with translation.override("vi"):
            form = self.Form({"rate": "1,234.5"})
            assert not form.is_valid()
            assert "79,9" in form.errors["rate"][0]

    def test_it_shows_its_value_with_the_decimal_comma(self) -> None:
        with translation.override("vi"):
            form = self.Form(initial={"rate": Decimal("79.90")})
            html = str(form["rate"])
            assert 'value="79,9"' in html and 'inputmode="decimal"' in html
