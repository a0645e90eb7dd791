"""A survey's questions built in a real headless Chromium (English pages), then a resident
answering with the household's code on a 360 px phone without JavaScript (Vietnamese pages)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from smartrural.core.dates import today
from smartrural.surveys.models import Response, SampleMember, Survey
from smartrural.surveys.services.surveys import survey_create
from smartrural.surveys.tests.factories import households, open_survey
from smartrural.testing import Personas

from .helpers import assert_accessible, log_in, use_english

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def submit(page: Any, label: str) -> None:
    page.get_by_role("button", name=label, exact=True).click()
    page.wait_for_load_state()


class SurveyBuilderTests:
    def test_an_officer_adds_and_orders_questions(
        self, live_server: Any, page: Any, personas: Personas
    ) -> None:
        survey = survey_create(
            unit=personas.commune_a_unit,
            year=2023,
            title="Khảo sát sự hài lòng 2023",
            organiser="Ủy ban MTTQ Việt Nam xã Ngãi Xuyên",
            opens_on=dt.date(2023, 5, 1),
            closes_on=dt.date(2023, 6, 30),
            by=personas.commune_a,
        )
        base = live_server.url
        use_english(page, base)
        log_in(page, base, personas.commune_a.username, language="en")
        page.goto(f"{base}/surveys/work/{survey.pk}/")
        page.get_by_role("link", name="0 questions").click()
        expect(page.get_by_text("No question yet.")).to_be_visible()

        # A single choice without answers is refused, then saved with two answers.
        page.get_by_role("link", name="Add a question").click()
        page.get_by_label("Question:", exact=True).fill("Đường giao thông có tốt không?")
        page.get_by_label("Type").select_option("single")
        submit(page, "Save")
        expect(page.get_by_text("Write the answers, one per line.")).to_be_visible()
        assert_accessible(page)
        page.get_by_label("Choices").fill("Tốt\nChưa tốt")
        submit(page, "Save")
        expect(page.get_by_text("Question “Đường giao thông có tốt không?” saved.")).to_be_visible()

        # A satisfaction scale gets its three answers without typing them.
        page.get_by_role("link", name="Add a question").click()
        page.get_by_label("Question:", exact=True).fill("Mức độ hài lòng chung")
        page.get_by_label("Type").select_option("scale")
        submit(page, "Save")
        expect(page.get_by_text("Very satisfied")).to_be_visible()

        # Moved up: it comes first.
        page.get_by_role("button", name="Move “Mức độ hài lòng chung” up").click()
        page.wait_for_load_state()
        labels = page.locator("ol.questions > li > strong").all_inner_texts()
        assert labels == ["Mức độ hài lòng chung", "Đường giao thông có tốt không?"]
        assert_accessible(page)


class ResidentAnswerTests:
    def test_a_resident_answers_on_a_phone_without_javascript(
        self, live_server: Any, browser: Any, page: Any, personas: Personas
    ) -> None:
        households(personas.hamlet_a_unit, 2)
        survey = open_survey(personas.commune_a_unit, by=personas.province)
        Survey.objects.filter(pk=survey.pk).update(
            opens_on=today() - dt.timedelta(days=1), closes_on=today() + dt.timedelta(days=10)
        )
        member = SampleMember.objects.filter(survey=survey).first()
        assert member is not None

        # The form on a 360 px phone: nothing wider than the screen, accessible.
        page.goto(f"{live_server.url}/khao-sat/{member.code}/")
        expect(page.locator("h1")).to_have_text(survey.title)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert_accessible(page)

        # Answered with JavaScript off: typed code, form, thanks.
        context = browser.new_context(
            viewport={"width": 360, "height": 740}, locale="vi-VN", java_script_enabled=False
        )
        phone = context.new_page()
        phone.set_default_timeout(15_000)
        try:
            phone.goto(f"{live_server.url}/khao-sat/")
            phone.locator("input[name=code]").fill(f"{member.code[:4].lower()} {member.code[4:]}")
            phone.locator("form.code-form button[type=submit]").click()
            phone.wait_for_load_state()
            expect(phone.locator("h1")).to_have_text(survey.title)
            expect(phone.get_by_text("Ấp Chợ", exact=True)).to_be_visible()
            assert member.household.head_name not in phone.content()
            phone.locator("input[name=c1][value=satisfied]").check()
            phone.locator("input[name=c2][value=very_satisfied]").check()
            phone.locator("form.survey-form button[type=submit]").click()
            phone.wait_for_load_state()
            expect(phone.locator("#thanks")).to_be_visible()
            assert Response.objects.filter(survey=survey).count() == 1
        finally:
            context.close()
