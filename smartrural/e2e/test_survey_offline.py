"""Door-to-door collection without signal, in a real headless Chromium at 360 px (English pages):
the officer opens the collection page, loses the network, fills three households' answers (they
wait on the phone; the page opens again from the phone), gets the network back, and the three
answers are counted once each; the same answer sent again still counts once. A household that
answered meanwhile on paper is refused with the server's reason, shown to the officer."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from playwright.sync_api import expect

from smartrural.surveys.models import Answer, Channel, Response, SampleMember
from smartrural.surveys.services.responses import member_for_household, response_record
from smartrural.surveys.tests.factories import OPENS, households, open_survey
from smartrural.testing import Personas

from .helpers import PageProblems, assert_accessible, log_in, use_english

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The choices are stored with the form, in the language it was made in (Vietnamese).
ANSWERS = {"c1": "Hài lòng", "c2": "Rất hài lòng"}


def _fill(page: Any, household: int) -> None:
    form = page.locator("#collect-form")
    form.get_by_label("Household").select_option(str(household))
    for question, label in (("c1", ANSWERS["c1"]), ("c2", ANSWERS["c2"])):
        form.locator(f'[data-question="{question}"]').get_by_label(label, exact=True).check()
    form.get_by_label("Ý kiến khác").fill("<b>Đường</b> đẹp")
    form.get_by_role("button", name="Save the answers").click()


class OfflineCollectionTests:
    def test_three_answers_filled_offline_are_counted_once_each(
        self, live_server: Any, page: Any, personas: Personas
    ) -> None:
        households(personas.hamlet_a_unit, 6)
        # Open today (the period runs on): the live server takes answers on the real day.
        survey = open_survey(
            personas.commune_a_unit, by=personas.commune_a, closes_on=dt.date(2099, 12, 31)
        )
        assert survey.opens_on == OPENS
        drawn = list(survey.members.order_by("household__number"))
        chosen = [member.household_id for member in drawn[:3]]
        later_on_paper = drawn[3].household_id
        base = live_server.url
        url = f"{base}/surveys/work/{survey.pk}/collect/"
        problems = PageProblems(page)
        use_english(page, base)
        log_in(page, base, personas.commune_a.username, language="en")

        page.goto(url)
        expect(
            page.get_by_role("heading", name="Door-to-door collection", exact=False)
        ).to_be_visible()
        expect(page.locator("#collect-queue-count")).to_have_text(
            "No answer is waiting on this phone."
        )
        # The service worker keeps the page and its files; the page says so.
        page.wait_for_selector("body[data-offline-ready='true']")
        expect(page.get_by_text("This page is saved on this phone")).to_be_visible()
        assert_accessible(page)
        problems.check()

        page.context.set_offline(True)
        page.reload()  # no network: the page comes from the phone
        expect(page.locator("#collect-queue-count")).to_have_text(
            "No answer is waiting on this phone."
        )
        for count, household in enumerate([*chosen, later_on_paper], start=1):
            _fill(page, household)
            expect(page.locator("#collect-queue-count")).to_have_text(
                f"Answers waiting to be sent: {count}."
            )
        row = page.locator(f'#collect-households tr[data-household="{chosen[0]}"]')
        expect(row.get_by_text("Waiting to be sent")).to_be_visible()
        # A household chosen is not offered again.
        option = page.locator(f'#collect-form option[value="{chosen[0]}"]')
        expect(option).to_be_disabled()
        assert not Response.objects.exists()
        queued = page.evaluate(f"localStorage.getItem('smartrural:collect:{survey.pk}')")
        items = json.loads(queued)
        assert [item["household"] for item in items] == [*chosen, later_on_paper]
        assert len({item["key"] for item in items}) == 4
        assert items[0]["answers"] == {
            "c1": "satisfied",
            "c2": "very_satisfied",
            "y_kien": "<b>Đường</b> đẹp",
        }

        page.reload()  # still offline: the queue is on the phone, not in the page
        expect(page.locator("#collect-queue-count")).to_have_text("Answers waiting to be sent: 4.")

        # Meanwhile the fourth household's paper sheet was entered at the office.
        response_record(
            member=member_for_household(survey, later_on_paper),
            answers={"c1": "not_satisfied", "c2": "satisfied"},
            channel=Channel.PAPER,
            by=personas.commune_a,
        )

        page.context.set_offline(False)
        expect(page.locator("#collect-queue-count")).to_have_text(
            "No answer is waiting on this phone.", timeout=30_000
        )
        refused = page.locator("#collect-refused li")
        expect(refused).to_have_count(1)
        expect(refused).to_contain_text("already answered")
        expect(row.get_by_text("Sent")).to_be_visible()

        door = Response.objects.filter(survey=survey, channel=Channel.DOOR)
        assert door.count() == 3
        answered = SampleMember.objects.filter(survey=survey, channel=Channel.DOOR)
        assert sorted(answered.values_list("household_id", flat=True)) == sorted(chosen)
        assert {m.idempotency_key for m in answered} == {i["key"] for i in items[:3]}
        assert SampleMember.objects.filter(survey=survey, answered_on__isnull=False).count() == 4

        # The same queued answer sent again (a reply lost on the way back): counted once.
        replay = page.evaluate(
            """async ([api, item]) => {
                const token = document.cookie.split("; ").find(c => c.startsWith("csrftoken="));
                const response = await fetch(api, {
                    method: "POST",
                    headers: {"Content-Type": "application/json", "Idempotency-Key": item.key,
                              "X-CSRFToken": token.split("=")[1]},
                    body: JSON.stringify({household: item.household, answers: item.answers,
                                          channel: "door"}),
                });
                return [response.status, await response.json()];
            }""",
            [f"/api/v1/surveys/{survey.pk}/responses", items[0]],
        )
        assert replay[0] == 200
        assert replay[1]["created"] is False
        assert door.count() == 3
        texts = Answer.objects.filter(survey=survey, question__name="y_kien", response__in=door)
        assert list(texts.values_list("text", flat=True)) == ["<b>Đường</b> đẹp"] * 3
        # The officer's text went into the page as text, never as HTML.
        assert page.locator("#collect-refused b").count() == 0

    def test_an_answer_the_server_could_not_take_stays_on_the_phone_until_it_can(
        self, live_server: Any, page: Any, personas: Personas
    ) -> None:
        households(personas.hamlet_a_unit, 2)
        survey = open_survey(
            personas.commune_a_unit, by=personas.commune_a, closes_on=dt.date(2099, 12, 31)
        )
        household = survey.members.order_by("household__number")[0].household_id
        base = live_server.url
        use_english(page, base)
        log_in(page, base, personas.commune_a.username, language="en")
        api = f"**/api/v1/surveys/{survey.pk}/responses"
        calls: list[str] = []

        def unavailable(route: Any) -> None:
            calls.append(route.request.headers["idempotency-key"])
            route.fulfill(status=503, json={"detail": "Busy, try again later."})

        page.route(api, unavailable)
        page.goto(f"{base}/surveys/work/{survey.pk}/collect/")
        _fill(page, household)
        expect(page.locator("#collect-network")).to_have_text(
            "No signal: the answers are kept on this phone and sent when there is signal."
        )
        expect(page.locator("#collect-queue-count")).to_have_text("Answers waiting to be sent: 1.")
        assert len(calls) == 1
        assert not Response.objects.exists()

        page.unroute(api)
        page.get_by_role("button", name="Send now").click()
        expect(page.locator("#collect-queue-count")).to_have_text(
            "No answer is waiting on this phone."
        )
        member = SampleMember.objects.get(survey=survey, household_id=household)
        assert member.idempotency_key == calls[0]  # the same key, tried again
        assert Response.objects.filter(survey=survey).count() == 1
