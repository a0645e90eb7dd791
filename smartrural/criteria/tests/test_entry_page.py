"""The entry page as an officer uses it (Vietnamese, as served by default): Đạt / Không đạt
choices, numbers with a decimal comma, clearing a value, the error summary of a failed save,
the save bar, "chưa có số liệu" apart from "chưa đạt", one threshold badge."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from smartrural.criteria.definition import CHOICE, PASS_FAIL, Indicator, Threshold
from smartrural.criteria.forms import EntryForm
from smartrural.criteria.models import CriteriaSet, IndicatorValue, ValueStatus
from smartrural.testing import Personas, posted_form

from .factories import stored_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def criteria_set(personas: Personas) -> CriteriaSet:
    return stored_set()


def url(p: Personas, suffix: str = "") -> str:
    return f"/criteria/T-XA/2023/{p.commune_a_unit.code}/{suffix}"


def stored(p: Personas) -> dict[str, str]:
    return dict(
        IndicatorValue.objects.filter(unit=p.commune_a_unit, year=2023).values_list(
            "indicator_code", "value"
        )
    )


def open_page(client: Client, p: Personas) -> Any:
    response = client.get(url(p))
    assert response.status_code == 200
    return response


def post(client: Client, p: Personas, values: dict[str, str]) -> Any:
    form = open_page(client, p).context["form"]
    return client.post(url(p), {**posted_form(form, **values), "action": "save"})


class PassFailChoiceTests:
    def test_a_pass_fail_indicator_is_three_radio_buttons_not_a_text_box(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        text = open_page(personas.client(personas.commune_a), personas).content.decode()
        radios = re.findall(r'<input type="radio" name="value_3\.2" value="([^"]*)"', text)
        assert radios == ["true", "false", ""]
        assert "Đạt" in text and "Không đạt" in text and "Chưa nhập" in text
        assert not re.search(r'<input type="text" name="value_3\.2"', text)
        # a group with a legend names the choice
        assert "<legend>Giá trị của 3.2</legend>" in text

    def test_choosing_khong_dat_is_saved_and_shown_checked_never_as_raw_false(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        client = personas.client(personas.commune_a)
        response = post(client, personas, {"value_3.2": "false"})
        assert response.status_code == 302, response.content[:800]
        assert stored(personas) == {"3.2": "false"}
        text = open_page(client, personas).content.decode()
        assert re.search(r'value="false"[^>]*checked', text)
        assert ">false<" not in text and ">true<" not in text

    @pytest.mark.parametrize(("sent", "kept"), [("Đạt", "true"), ("khong dat", "false")])
    def test_a_script_posting_the_words_is_read_as_the_engine_reads_them(
        self, personas: Personas, criteria_set: CriteriaSet, sent: str, kept: str
    ) -> None:
        client = personas.client(personas.commune_a)
        response = post(client, personas, {"value_3.2": sent})
        assert response.status_code == 302, response.content[:800]
        assert stored(personas) == {"3.2": kept}

    def test_a_choice_indicator_is_a_select_with_not_entered_first(self) -> None:
        indicator = Indicator(
            code="1.1",
            name="Plan",
            value_type=CHOICE,
            comparator="in",
            choices=("Có", "Không"),
            thresholds=(Threshold(value="Có"),),
        )
        form = EntryForm(indicators=[indicator], stored={})
        html = str(form["value_1.1"])
        assert html.startswith("<select")
        assert re.findall(r'<option value="([^"]*)"', html) == ["", "Có", "Không"]
        bound = EntryForm(
            {"value_1.1": "Có", "version_1.1": "0"}, indicators=[indicator], stored={}
        )
        assert bound.is_valid(), bound.errors
        bad = EntryForm(
            {"value_1.1": "Có lẽ", "version_1.1": "0"}, indicators=[indicator], stored={}
        )
        assert not bad.is_valid()

    def test_an_unknown_pass_fail_answer_is_refused(self) -> None:
        indicator = Indicator(
            code="3.2",
            name="x",
            value_type=PASS_FAIL,
            comparator="==",
            thresholds=(Threshold(value="Đạt"),),
        )
        good = EntryForm(
            {"value_3.2": "false", "version_3.2": "0"}, indicators=[indicator], stored={}
        )
        assert good.is_valid(), good.errors
        form = EntryForm(
            {"value_3.2": "maybe", "version_3.2": "0"}, indicators=[indicator], stored={}
        )
        assert not form.is_valid()
        assert "value_3.2" in form.errors


class DecimalCommaTests:
    @pytest.mark.parametrize("typed_value", ["79,9", "79.9"])
    def test_a_comma_or_a_point_is_stored_as_the_engine_wants_and_shown_with_a_comma(
        self, personas: Personas, criteria_set: CriteriaSet, typed_value: str
    ) -> None:
        client = personas.client(personas.commune_a)
        response = post(client, personas, {"value_3.1": typed_value})
        assert response.status_code == 302, response.content[:800]
        row = IndicatorValue.objects.get(indicator_code="3.1")
        assert (row.value, row.number) == ("79.9", Decimal("79.9"))
        text = open_page(client, personas).content.decode()
        assert re.search(r'name="value_3\.1" value="79,9"', text)
        assert "79.9" not in text
        assert "79,9%" in text  # the explanation, one percent style

    def test_saving_the_page_again_does_not_change_a_value_shown_with_a_comma(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        client = personas.client(personas.commune_a)
        post(client, personas, {"value_3.1": "79,9"})
        version = IndicatorValue.objects.get(indicator_code="3.1").version
        response = post(client, personas, {})
        assert response.status_code == 302
        assert IndicatorValue.objects.get(indicator_code="3.1").version == version

    def test_numbers_are_text_boxes_with_a_decimal_keyboard(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        text = open_page(personas.client(personas.commune_a), personas).content.decode()
        field = re.search(r'<input type="text" name="value_3\.1"[^>]*>', text)
        assert field is not None and 'inputmode="decimal"' in field.group(0)


class ClearingTests:
    def test_emptying_a_stored_value_clears_it_with_history(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        client = personas.client(personas.commune_a)
        post(client, personas, {"value_3.1": "85", "value_3.2": "true"})
        response = post(client, personas, {"value_3.1": "", "value_3.2": ""})
        assert response.status_code == 302, response.content[:800]
        assert stored(personas) == {}
        page = client.get(response["Location"]).content.decode()
        assert "0 mới, 0 thay đổi, 0 không đổi, 2 đã xóa." in page
        history = client.get(url(personas, "3.1/history/"))
        assert history.status_code == 200
        assert "85" in history.content.decode()
        records = getattr(IndicatorValue, "history").filter(indicator_code="3.1")  # noqa: B009
        assert [r.history_type for r in records.order_by("history_date")] == ["+", "-"]
        assert records.order_by("history_date").last().history_user_id == personas.commune_a.pk

    def test_a_cleared_value_reads_chua_co_so_lieu_not_chua_dat(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        client = personas.client(personas.commune_a)
        post(client, personas, {"value_3.1": "85"})
        post(client, personas, {"value_3.1": ""})
        text = open_page(client, personas).content.decode()
        result = re.search(r'<div id="result-3-1".*?</div>', text, re.S)
        assert result is not None and "Chưa có số liệu" in result.group(0)
        assert "Chưa đạt" not in result.group(0)

    def test_a_value_changed_meanwhile_is_not_cleared(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        client = personas.client(personas.commune_a)
        post(client, personas, {"value_3.1": "85"})
        form = open_page(client, personas).context["form"]  # loaded with 85
        post(personas.client(personas.commune_a), personas, {"value_3.1": "90"})  # meanwhile
        response = client.post(
            url(personas), {**posted_form(form, **{"value_3.1": ""}), "action": "save"}
        )
        assert response.status_code == 409
        assert stored(personas) == {"3.1": "90"}

    def test_a_locked_value_offers_no_field_to_clear(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        client = personas.client(personas.commune_a)
        post(client, personas, {"value_3.1": "85"})
        IndicatorValue.objects.update(status=ValueStatus.LOCKED)
        form = open_page(client, personas).context["form"]
        assert "value_3.1" not in form.fields
        # a hand-made post for it is ignored: the value stays
        data = {**posted_form(form), "value_3.1": "", "version_3.1": "1", "action": "save"}
        assert client.post(url(personas), data).status_code == 302
        assert stored(personas) == {"3.1": "85"}


class FailedSaveTests:
    def test_the_summary_is_at_the_top_and_links_to_each_field(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        client = personas.client(personas.commune_a)
        response = post(client, personas, {"value_3.1": "abc", "value_10.1": "1,2,3"})
        assert response.status_code == 422
        text = response.content.decode()
        summary_at = text.index('id="error-summary"')
        assert summary_at < text.index('class="criterion"')
        assert "Chưa lưu: 2 lỗi" in text
        links = re.findall(
            r'<a href="#([^"]+)">', text[summary_at : text.index("</div>", summary_at)]
        )
        assert links == ["id_value_3.1", "id_value_10.1"]
        for field_id in links:
            field = re.search(rf'<input[^>]*id="{re.escape(field_id)}"[^>]*>', text)
            assert field is not None, field_id
            assert 'aria-invalid="true"' in field.group(0)
            described = re.search(r'aria-describedby="([^"]+)"', field.group(0))
            assert described is not None and f'id="{described.group(1)}"' in text
        assert "core/error-summary.js" in text
        assert stored(personas) == {}  # nothing half-written

    def test_a_radio_group_error_links_to_its_first_button(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        client = personas.client(personas.commune_a)
        response = post(client, personas, {"value_3.2": "maybe"})
        assert response.status_code == 422
        text = response.content.decode()
        assert '<a href="#id_value_3.2_0">' in text
        assert 'id="id_value_3.2_0"' in text
        assert "Chưa lưu: 1 lỗi" in text

    def test_a_good_page_has_no_summary_and_one_save_bar(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        text = open_page(personas.client(personas.commune_a), personas).content.decode()
        assert "error-summary" not in text
        assert text.count('class="save-bar"') == 1
        bar = text[text.index('class="save-bar"') :]
        assert bar.index('value="save"') < bar.index("</div>")
        assert bar.index('value="check"') < bar.index("</div>")

    def test_the_save_bar_sticks_to_the_bottom(self) -> None:
        from pathlib import Path

        css = Path("static/css/smartrural.css").read_text()
        rule = css[css.index(".save-bar") :]
        rule = rule[: rule.index("}")]
        assert "position: sticky" in rule and "bottom: 0" in rule


class NoDataTests:
    def test_an_empty_year_reads_chua_co_so_lieu_not_chua_dat(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        text = open_page(personas.client(personas.commune_a), personas).content.decode()
        assert "Chưa có số liệu: chưa tiêu chí nào được nhập giá trị cho năm này." in text
        statuses = re.findall(r'id="criterion-\d+-status" class="badge ([^"]+)">([^<]+)<', text)
        assert statuses and all(s == ("badge-none", "Chưa có số liệu") for s in statuses)
        assert "Chưa đạt" not in text

    def test_one_value_entered_counts_only_its_criterion(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        client = personas.client(personas.commune_a)
        post(client, personas, {"value_3.1": "70"})
        text = open_page(client, personas).content.decode()
        assert "Đạt 0/4 tiêu chí. 3 tiêu chí chưa có số liệu." in text
        badge = re.search(r'id="criterion-3-status" class="badge ([^"]+)"', text)
        assert badge is not None and badge.group(1) == "badge-err"


class ThresholdBadgeTests:
    def test_one_provenance_per_threshold(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        text = open_page(personas.client(personas.commune_a), personas).content.decode()
        cards = re.findall(r'<li class="card" id="indicator-[^"]+">.*?</li>', text, re.S)
        assert cards
        for card in cards:
            badges = re.findall(r'class="badge badge-(?:info|warn)">([^<]+)<', card)
            assert len(badges) <= 1, badges
            joined = " ".join(badges).lower()
            assert not ("quốc gia" in joined and "tạm" in joined), badges
