"""Smart pilot pages through the test client (English pages): candidates, the score sheet and
the selection, plans and milestones, the province's configuration, smart hamlets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from smartrural.geo.services import unit_create
from smartrural.testing import TV_END, Personas
from smartrural.transformation.models import (
    HamletAssessment,
    PilotCandidate,
    PilotMilestone,
    ScoringCriterion,
    SmartHamletItem,
)
from smartrural.transformation.pilots.services import (
    Answer,
    ScoreInput,
    candidate_decide,
    candidate_propose,
    candidate_scores_set,
    hamlet_assess,
    load_defaults,
    pilot_milestone_create,
    pilot_plan_save,
)

P = "/transformation/pilots"
YEAR = 2023


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def en(personas: Personas, user: Any) -> Client:
    client = personas.client(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def html(response: Any) -> str:
    return response.content.decode()


def propose(p: Personas, unit: str = "29479", by: Any = None, **extra: Any) -> PilotCandidate:
    values: dict[str, Any] = {"kind": "smart_commune", "year": YEAR, "field": "production"}
    values |= extra
    return candidate_propose(unit_code=unit, **values, by=by or p.district)


def full_scores(p: Personas, candidate: PilotCandidate, value: int = 10) -> None:
    criteria = ScoringCriterion.objects.filter(kind=candidate.kind, active=True)
    scores = {c.pk: ScoreInput(min(value, c.max_score)) for c in criteria}
    candidate_scores_set(candidate=candidate, scores=scores, by=p.province)


def selected_with_plan(p: Personas) -> PilotCandidate:
    load_defaults()
    candidate = propose(p)
    full_scores(p, candidate)
    candidate_decide(candidate=candidate, selected=True, decision="QĐ 1", by=p.province)
    pilot_plan_save(
        candidate=candidate,
        goal="Smart production",
        start=dt.date(2023, 4, 1),
        end=dt.date(2024, 12, 31),
        by=p.province,
    )
    return candidate


class CandidateListTests:
    def test_lists_are_scoped_with_scores_and_filters(self, personas: Personas) -> None:
        load_defaults()
        a = propose(personas)
        full_scores(personas, a, value=10)  # 60 of 100
        propose(personas, "29482", field="tourism")
        page = html(en(personas, personas.commune_a).get(f"{P}/"))
        assert "Xã Ngãi Xuyên" in page and "Xã Kim Sơn" not in page
        assert "60 / 100 (60.0%)" in page
        assert "1 candidate." in page
        page = html(en(personas, personas.district).get(f"{P}/?field=tourism&year=2023"))
        assert "Xã Kim Sơn" in page and "Xã Ngãi Xuyên" not in page
        page = html(en(personas, personas.district).get(f"{P}/?status=selected"))
        assert "No candidate matches these filters." in page
        page = html(en(personas, personas.other_district).get(f"{P}/"))
        assert "No candidate has been proposed in your units yet." in page

    def test_bad_filters_and_pages_do_not_fail(self, personas: Personas) -> None:
        client = en(personas, personas.province)
        for query in ("year=abc", "kind=x", "page=999", "page=-1", "status=x"):
            assert client.get(f"{P}/?{query}").status_code == 200
        assert client.get(f"{P}/?status=%00").status_code == 400  # core.middleware

    def test_the_list_reads_a_bounded_number_of_queries(
        self, personas: Personas, django_assert_max_num_queries: Any
    ) -> None:
        load_defaults()
        for code in ("29479", "29482", "29269"):
            full_scores(personas, propose(personas, code, by=personas.province))
        propose(personas, "2947901", kind="smart_hamlet", by=personas.province)
        client = en(personas, personas.province)
        client.get(f"{P}/")  # warm the session
        with django_assert_max_num_queries(8):
            response = client.get(f"{P}/")
        assert html(response).count("/ 100 (") == 4


class ProposeTests:
    def test_a_commune_officer_proposes_and_lands_on_the_candidate(
        self, personas: Personas
    ) -> None:
        client = en(personas, personas.commune_a)
        assert client.get(f"{P}/new/").status_code == 200
        response = client.post(
            f"{P}/new/",
            {
                "kind": "smart_hamlet",
                "year": "2023",
                "unit": "2947901",
                "field": "digital_transformation",
                "description": "Active technology team",
            },
            follow=True,
        )
        candidate = PilotCandidate.objects.get()
        assert response.redirect_chain[-1][0] == f"{P}/{candidate.pk}/"
        assert "Ấp Chợ was proposed as a smart hamlet for 2023." in html(response)

    @pytest.mark.parametrize(
        ("body", "message"),
        [
            ({"unit": "29482"}, "No unit with code “29482” on 01/07/2023 among your units."),
            ({"unit": "2947901"}, "A smart commune candidate is a commune; Ấp Chợ is not one."),
            ({"year": "1999"}, "Ensure this value is greater than or equal to 2010."),
            ({"year": "abc"}, "Enter a whole number."),
            ({"field": "mining"}, "Select a valid choice."),
            ({"unit": ""}, "This field is required."),
        ],
    )
    def test_wrong_input_shows_a_message(
        self, personas: Personas, body: dict[str, str], message: str
    ) -> None:
        data = {"kind": "smart_commune", "year": "2023", "unit": "29479", "field": "production"}
        response = en(personas, personas.commune_a).post(f"{P}/new/", data | body)
        assert response.status_code == 422
        assert message in html(response)
        assert not PilotCandidate.objects.exists()

    def test_a_duplicate_is_explained(self, personas: Personas) -> None:
        propose(personas)
        data = {"kind": "smart_commune", "year": "2023", "unit": "29479", "field": "tourism"}
        response = en(personas, personas.commune_a).post(f"{P}/new/", data)
        assert response.status_code == 422
        assert "already a smart commune candidate for 2023 (status: proposed)" in html(response)


class CandidatePageTests:
    def test_the_province_office_scores_and_selects(self, personas: Personas) -> None:
        load_defaults()
        candidate = propose(personas)
        client = en(personas, personas.province)
        url = f"{P}/{candidate.pk}/"
        page = html(client.get(url))
        assert "Save the scores" in page and "Select as a pilot" in page
        criteria = list(ScoringCriterion.objects.filter(kind="smart_commune"))
        versions = {f"version_{c.pk}": "0" for c in criteria}  # none stored yet
        bad = {f"score_{c.pk}": "5" for c in criteria} | {f"score_{criteria[0].pk}": "16"}
        bad |= versions
        response = client.post(f"{url}scores/", bad)
        assert response.status_code == 422
        assert "Ensure this value is less than or equal to 15." in html(response)
        response = client.post(
            f"{url}decide/", {"action": "select", "decision": "QĐ 5", "version": "1"}
        )
        assert response.status_code == 422
        assert "Score every criterion before selecting" in html(response)
        scores = {f"score_{c.pk}": "12" for c in criteria} | {f"comment_{criteria[0].pk}": "ok"}
        scores |= versions
        response = client.post(f"{url}scores/", scores, follow=True)
        assert "Scores saved." in html(response)
        assert "72 / 100" in html(response)
        response = client.post(
            f"{url}decide/", {"action": "select", "decision": "", "version": "1"}
        )
        assert "Give the reference of the decision." in html(response)
        decision = "QĐ 123/QĐ-UBND ngày 01/03/2023"
        response = client.post(
            f"{url}decide/", {"action": "select", "decision": decision, "version": "1"}, follow=True
        )
        page = html(response)
        assert "The candidate was selected as a pilot." in page
        assert decision in page and "Create the plan" in page and "Save the scores" not in page
        # Deciding again is a conflict, shown on the page.
        response = client.post(
            f"{url}decide/", {"action": "reject", "decision": "x", "version": "2"}
        )
        assert response.status_code == 409
        assert "this one is selected" in html(response)

    def test_the_proposer_sees_no_scoring_form_and_may_withdraw(self, personas: Personas) -> None:
        load_defaults()
        candidate = propose(personas)
        client = en(personas, personas.commune_a)
        page = html(client.get(f"{P}/{candidate.pk}/"))
        assert "Save the scores" not in page and "Select as a pilot" not in page
        assert "Withdraw the candidate" in page
        assert "6 criteria not scored" in page
        response = client.post(f"{P}/{candidate.pk}/withdraw/", {"version": "1"}, follow=True)
        assert "The candidate was withdrawn." in html(response)
        response = client.post(f"{P}/{candidate.pk}/withdraw/", {"version": "2"})
        assert response.status_code == 409
        viewer = html(en(personas, personas.viewer_a).get(f"{P}/{candidate.pk}/"))
        assert "Withdraw the candidate" not in viewer

    def test_history_pages_show_who_changed_what(self, personas: Personas) -> None:
        load_defaults()
        candidate = propose(personas)
        full_scores(personas, candidate)
        candidate_decide(candidate=candidate, selected=False, decision="QĐ 9", by=personas.province)
        client = en(personas, personas.commune_a)
        page = html(client.get(f"{P}/{candidate.pk}/history/"))
        assert "QĐ 9" in page and "Not selected" in page
        score: Any = candidate.scores.first()
        assert client.get(f"{P}/scores/{score.pk}/history/").status_code == 200
        assert (
            en(personas, personas.commune_b).get(f"{P}/{candidate.pk}/history/").status_code == 404
        )


class PlanPageTests:
    def test_the_commune_officer_writes_the_plan_with_dd_mm_yyyy_dates(
        self, personas: Personas
    ) -> None:
        load_defaults()
        candidate = propose(personas)
        full_scores(personas, candidate)
        candidate_decide(candidate=candidate, selected=True, decision="QĐ 1", by=personas.province)
        client = en(personas, personas.commune_a)
        url = f"{P}/{candidate.pk}/plan/"
        first = {"goal": "g", "start": "01/04/2023", "end": "31/03/2023", "version": "0"}
        response = client.post(url, first)
        assert response.status_code == 422
        assert "The end cannot be before the start." in html(response)
        response = client.post(url, first | {"start": "2023-04-01", "end": "32/12/2024"})
        assert "Enter a date as dd/mm/yyyy." in html(response)
        body = {"goal": "Smart production", "start": "01/04/2023", "end": "31/12/2024"}
        response = client.post(url, body | {"version": "0"}, follow=True)
        assert "Plan saved." in html(response)
        assert "01/04/2023 – 31/12/2024" in html(response)
        assert 'value="01/04/2023"' in html(client.get(url))

    def test_milestones_show_progress_and_overdue(self, personas: Personas) -> None:
        candidate = selected_with_plan(personas)
        client = en(personas, personas.commune_a)
        add = f"{P}/{candidate.pk}/plan/milestones/add/"
        response = client.post(add, {"title": "Survey", "due": "30/06/2023", "progress": "101"})
        assert response.status_code == 422
        assert "Ensure this value is less than or equal to 100." in html(response)
        response = client.post(add, {"title": "Survey", "due": "30/06/2025", "progress": "10"})
        assert "The due date must fall within the plan (01/04/2023–31/12/2024)." in html(response)
        body = {"title": "Survey", "due": "30/06/2023", "progress": "20", "done_on": "20/06/2023"}
        response = client.post(add, body, follow=True)
        assert "Milestone added." in html(response)
        client.post(add, {"title": "E-commerce", "due": "30/06/2024", "progress": "40"})
        page = html(client.get(f"{P}/{candidate.pk}/"))
        assert "70.0%" in page  # (100 + 40) / 2
        assert page.count("badge badge-err") == 2  # the overdue milestone and the count badge
        assert "1 milestone overdue" in page
        late = PilotMilestone.objects.get(title="E-commerce")
        edit = f"{P}/milestones/{late.pk}/"
        assert 'value="30/06/2024"' in html(client.get(edit))
        body = {"title": "E-commerce", "due": "30/06/2024", "progress": "100", "done_on": ""}
        client.post(edit, body | {"version": "1"})
        late.refresh_from_db()
        assert late.progress == 100 and late.done_on is not None
        response = client.post(f"{edit}delete/", follow=True)
        assert "Milestone deleted." in html(response)
        assert en(personas, personas.commune_b).get(edit).status_code == 404

    def test_a_plan_page_of_a_candidate_not_selected_is_refused(self, personas: Personas) -> None:
        candidate = propose(personas)
        response = en(personas, personas.commune_a).get(f"{P}/{candidate.pk}/plan/")
        assert response.status_code == 409
        assert "Only a selected pilot has a plan." in html(response)
        missing = en(personas, personas.commune_a).get(f"{P}/{candidate.pk}/plan/milestones/add/")
        assert missing.status_code == 404


class SettingsPageTests:
    def test_the_office_loads_the_defaults_from_an_empty_configuration(
        self, personas: Personas
    ) -> None:
        client = en(personas, personas.province)
        page = html(client.get(f"{P}/settings/"))
        assert "Load the defaults" in page and "No checklist item yet." in page
        response = client.post(f"{P}/settings/defaults/", follow=True)
        page = html(response)
        assert "11 scoring criteria and 6 checklist items added" in page
        assert "Load the defaults" not in page
        assert "maximum total in use 100" in page

    def test_the_office_adds_and_edits_lines_with_checks(self, personas: Personas) -> None:
        client = en(personas, personas.province)
        body = {"kind": "smart_commune", "code": "XA-01", "name": "Leadership", "max_score": "0"}
        response = client.post(f"{P}/settings/criteria/add/", body | {"order": "1"})
        assert response.status_code == 422
        assert "Ensure this value is greater than or equal to 1." in html(response)
        response = client.post(
            f"{P}/settings/criteria/add/",
            body | {"max_score": "15", "order": "1", "active": "on"},
            follow=True,
        )
        assert "Scoring criterion added." in html(response)
        response = client.post(
            f"{P}/settings/criteria/add/", body | {"max_score": "10", "order": "2"}
        )
        assert "The smart commune sheet already has a criterion with code “XA-01”." in html(
            response
        )
        criterion = ScoringCriterion.objects.get()
        response = client.post(
            f"{P}/settings/criteria/{criterion.pk}/",
            body | {"max_score": "20", "order": "1", "version": "1"},
            follow=True,
        )
        criterion.refresh_from_db()
        assert (criterion.max_score, criterion.active) == (20, False)
        page = html(client.get(f"{P}/settings/criteria/{criterion.pk}/history/"))
        assert "maximum score" in page and "20" in page
        response = client.post(
            f"{P}/settings/checklist/add/", {"code": "TM-01", "name": "", "order": "1"}
        )
        assert response.status_code == 422
        client.post(
            f"{P}/settings/checklist/add/", {"code": "TM-01", "name": "Fibre", "order": "1"}
        )
        item = SmartHamletItem.objects.get()
        assert client.get(f"{P}/settings/checklist/{item.pk}/").status_code == 200
        assert client.get(f"{P}/settings/checklist/999999/").status_code == 404

    def test_others_are_refused(self, personas: Personas) -> None:
        for user in (personas.district, personas.commune_a):
            assert en(personas, user).get(f"{P}/settings/").status_code == 403
        assert en(personas, personas.resident).get(f"{P}/settings/").status_code == 404


class HamletPageTests:
    @pytest.fixture
    def assessed(self, personas: Personas) -> list[Any]:
        load_defaults()
        items = list(SmartHamletItem.objects.filter(active=True))
        hamlets = [personas.hamlet_a_unit]
        for number in range(2, 6):
            hamlets.append(
                unit_create(
                    code=f"29479{number:02d}",
                    name=f"Ấp {number}",
                    kind="ap",
                    level="hamlet",
                    parent=personas.commune_a_unit,
                    valid_to=TV_END,
                )
            )
        hamlets.append(
            unit_create(
                code="2948201",
                name="Ấp Kim",
                kind="ap",
                level="hamlet",
                parent=personas.commune_b_unit,
                valid_to=TV_END,
            )
        )
        for index, hamlet in enumerate(hamlets):
            answers = {i.pk: Answer(index % 2 == 0 or i.code != "TM-06") for i in items}
            hamlet_assess(hamlet=hamlet, year=YEAR, answers=answers, by=personas.province)
        return hamlets

    def test_the_list_shows_items_met_and_the_badge(
        self, personas: Personas, assessed: list[Any]
    ) -> None:
        client = en(personas, personas.commune_a)
        page = html(client.get(f"{P}/hamlets/"))  # the latest assessed year by default
        assert "Smart hamlets in 2023" in page
        assert "3 smart hamlets among 5 hamlets." in page
        assert page.count("6 / 6") == 3 and page.count("5 / 6") == 2
        assert "Ấp Kim" not in page
        page = html(en(personas, personas.district).get(f"{P}/hamlets/?commune=29482&year=2023"))
        assert "Ấp Kim" in page and "Ấp Chợ" not in page
        page = html(client.get(f"{P}/hamlets/?smart=no&year=2023"))
        assert page.count("5 / 6") == 2 and "6 / 6" not in page
        page = html(client.get(f"{P}/hamlets/?year=2022"))
        assert "not assessed" in page and "0 smart hamlets among 5 hamlets." in page
        assert client.get(f"{P}/hamlets/?year=abc&commune=zzz&page=x").status_code == 200

    def test_the_list_reads_a_bounded_number_of_queries(
        self, personas: Personas, assessed: list[Any], django_assert_max_num_queries: Any
    ) -> None:
        client = en(personas, personas.district)
        client.get(f"{P}/hamlets/")
        # 10: the header names the province valid on the page's date (one query)
        with django_assert_max_num_queries(10):
            response = client.get(f"{P}/hamlets/?year=2023")
        assert html(response).count("/ 6") == 6

    def test_a_commune_officer_assesses_their_hamlet(self, personas: Personas) -> None:
        load_defaults()
        items = list(SmartHamletItem.objects.filter(active=True))
        client = en(personas, personas.commune_a)
        url = f"{P}/hamlets/{personas.hamlet_a_unit.pk}/{YEAR}/"
        assert "Save the assessment" in html(client.get(url))
        partial = {f"met_{i.pk}": "yes" for i in items[:-1]}
        partial |= {f"version_{i.pk}": "0" for i in items}  # none assessed yet
        response = client.post(url, partial)
        assert response.status_code == 422
        assert "Say whether this item is met." in html(response)
        assert not HamletAssessment.objects.exists()
        body = partial | {f"met_{items[-1].pk}": "yes", f"comment_{items[0].pk}": "all households"}
        response = client.post(url, body, follow=True)
        page = html(response)
        assert "Assessment saved." in page and "Smart hamlet 2023" in page
        assert "6 of 6 items met." in page
        viewer = html(en(personas, personas.viewer_a).get(url))
        assert "Save the assessment" not in viewer and "all households" in viewer

    def test_wrong_years_and_hamlets_are_not_found(self, personas: Personas) -> None:
        client = en(personas, personas.commune_a)
        hamlet = personas.hamlet_a_unit.pk
        assert client.get(f"{P}/hamlets/{hamlet}/2025/").status_code == 404  # no longer existed
        assert client.get(f"{P}/hamlets/{hamlet}/2999/").status_code == 404
        assert client.get(f"{P}/hamlets/{personas.commune_a_unit.pk}/2023/").status_code == 404
        assert (
            en(personas, personas.commune_b).get(f"{P}/hamlets/{hamlet}/2023/").status_code == 404
        )

    def test_assessment_history(self, personas: Personas) -> None:
        load_defaults()
        items = list(SmartHamletItem.objects.filter(active=True))
        rows = hamlet_assess(
            hamlet=personas.hamlet_a_unit,
            year=YEAR,
            answers={i.pk: Answer(True) for i in items},
            by=personas.commune_a,
        )
        page = html(en(personas, personas.district).get(f"{P}/assessments/{rows[0].pk}/history/"))
        assert "Ấp Chợ 2023" in page and "xa-29479" in page


class MilestoneFixtureTests:
    def test_a_milestone_created_by_service_is_listed(self, personas: Personas) -> None:
        candidate = selected_with_plan(personas)
        pilot_milestone_create(
            plan=candidate.plan, title="Cameras", due=dt.date(2024, 9, 30), by=personas.province
        )
        page = html(en(personas, personas.viewer_a).get(f"{P}/{candidate.pk}/"))
        assert "Cameras" in page and "overdue" in page and "Update" not in page
        assert en(personas, personas.resident).get(f"{P}/{candidate.pk}/").status_code == 404
