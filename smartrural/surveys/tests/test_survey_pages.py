"""The officers' survey pages: the scoped list with its filters, a new survey, the survey's page
with its sample per hamlet, the edit page with its conflict, opening and closing, history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from smartrural.criteria.models import CriteriaSet
from smartrural.criteria.services.sets import load_national_sets
from smartrural.testing import Personas

from ..models import Channel, Survey, SurveyStatus
from ..services.responses import response_record
from ..services.sampling import sample_draw
from ..services.surveys import question_add, survey_create, survey_update
from .factories import OPENS, households, open_survey, satisfaction

pytestmark = pytest.mark.django_db

LIST = "/surveys/work/"
NEW = "/surveys/work/new/"


def _client(p: Personas, user: Any) -> Client:
    client = p.client(user)
    client.cookies["django_language"] = "en"
    return client


def _text(response: Any) -> str:
    return response.content.decode()


def _draft(p: Personas, unit: Any = None, *, year: int = 2023, title: str = "") -> Survey:
    unit = unit or p.commune_a_unit
    return survey_create(
        unit=unit,
        year=year,
        title=title or f"Khảo sát {unit.name} {year}",
        organiser="Ủy ban MTTQ Việt Nam xã",
        opens_on=dt.date(year, 5, 1),
        closes_on=dt.date(year, 6, 30),
        by=p.province,
    )


def _create_body(**overrides: str) -> dict[str, str]:
    return {
        "year": "2023",
        "unit": "",
        "title": "Khảo sát sự hài lòng 2023",
        "organiser": "",
        "criteria_set": "",
        "opens_on": "01/05/2023",
        "closes_on": "30/06/2023",
        **overrides,
    }


class SurveyListTests:
    def test_it_lists_the_surveys_of_the_officers_units_only(self, personas: Personas) -> None:
        _draft(personas, title="Khảo sát Ngãi Xuyên")
        _draft(personas, personas.commune_b_unit, title="Khảo sát Kim Sơn")
        page = _text(_client(personas, personas.commune_a).get(LIST))
        assert "Khảo sát Ngãi Xuyên" in page
        assert "Khảo sát Kim Sơn" not in page
        district_page = _text(_client(personas, personas.district).get(LIST))
        assert "Khảo sát Ngãi Xuyên" in district_page and "Khảo sát Kim Sơn" in district_page

    def test_it_filters_by_year_status_and_unit(self, personas: Personas) -> None:
        _draft(personas, title="Khảo sát 2023")
        _draft(personas, year=2024, title="Khảo sát 2024")
        kim_son = _draft(personas, personas.commune_b_unit, title="Khảo sát Kim Sơn")
        client = _client(personas, personas.district)
        page = _text(client.get(LIST, {"year": "2024"}))
        assert "Khảo sát 2024" in page and "Khảo sát 2023" not in page
        page = _text(client.get(LIST, {"unit": str(personas.commune_b_unit.pk)}))
        assert "Khảo sát Kim Sơn" in page and "Khảo sát 2024" not in page
        Survey.objects.filter(pk=kim_son.pk).update(status=SurveyStatus.CLOSED)
        page = _text(client.get(LIST, {"status": "closed"}))
        assert "Khảo sát Kim Sơn" in page and "Khảo sát 2023" not in page

    def test_a_unit_outside_the_scope_is_no_filter_choice(self, personas: Personas) -> None:
        _draft(personas, personas.commune_b_unit)
        response = _client(personas, personas.commune_a).get(
            LIST, {"unit": str(personas.commune_b_unit.pk)}
        )
        assert response.status_code == 200
        assert "Khảo sát Xã Kim Sơn" not in _text(response)

    def test_an_empty_list_says_so(self, personas: Personas) -> None:
        page = _text(_client(personas, personas.commune_a).get(LIST))
        assert 'id="empty"' in page

    def test_it_shows_answered_against_drawn_and_pages(self, personas: Personas) -> None:
        households(personas.hamlet_a_unit, 3)
        survey = open_survey(personas.commune_a_unit, by=personas.province)
        member = survey.members.first()
        assert member is not None
        response_record(
            member=member,
            answers={"c1": "satisfied", "c2": "satisfied"},
            channel=Channel.WEB,
            on=OPENS,
        )
        for year in range(2000, 2026):
            _draft(personas, year=year)
        client = _client(personas, personas.commune_a)
        page = _text(client.get(LIST))
        assert "Page 1 of 2" in page
        assert "<td>1 / 3</td>" in page  # the open survey of 2023: 1 of its 3 households
        page = _text(client.get(LIST, {"page": "2", "year": ""}))
        assert "<td>2000</td>" in page and "<td>2025</td>" not in page

    def test_the_list_costs_the_same_queries_for_many_surveys(self, personas: Personas) -> None:
        client = _client(personas, personas.commune_a)
        _draft(personas)
        client.get(LIST)
        with CaptureQueriesContext(connection) as few:
            client.get(LIST)
        for year in range(2010, 2022):
            _draft(personas, year=year)
        with CaptureQueriesContext(connection) as many:
            client.get(LIST)
        assert len(many) == len(few)


class SurveyCreateTests:
    def test_a_commune_officer_creates_a_draft_with_the_default_organiser_and_rules(
        self, personas: Personas, settings: Any
    ) -> None:
        settings.SURVEY_COMMUNE_OVERALL_MIN = 85
        client = _client(personas, personas.commune_a)
        form = client.get(NEW, {"year": "2023"})
        assert form.status_code == 200
        assert 'value="85"' in _text(form)  # the rule of a commune, prefilled
        response = client.post(NEW, _create_body(unit=str(personas.commune_a_unit.pk)))
        assert response.status_code == 302
        survey = Survey.objects.get()
        assert response["Location"] == f"/surveys/work/{survey.pk}/"
        assert survey.organiser == "Ủy ban Mặt trận Tổ quốc Việt Nam xã Ngãi Xuyên"
        assert survey.status == SurveyStatus.DRAFT
        assert survey.overall_min == Decimal(85)

    def test_a_district_survey_gets_the_district_rules_and_organiser(
        self, personas: Personas
    ) -> None:
        response = _client(personas, personas.district).post(
            NEW, _create_body(unit=str(personas.district_unit.pk), overall_min="")
        )
        assert response.status_code == 302
        survey = Survey.objects.get()
        assert survey.organiser == "Ủy ban Mặt trận Tổ quốc Việt Nam huyện Trà Cú"
        assert survey.overall_min == Decimal(90)

    def test_units_offered_are_those_of_the_scope_valid_in_the_year(
        self, personas: Personas
    ) -> None:
        client = _client(personas, personas.district)
        page = _text(client.get(NEW, {"year": "2023"}))
        assert "Xã Ngãi Xuyên" in page and "Xã Kim Sơn" in page
        assert "Mỹ Cẩm" not in page and "Ấp Chợ" not in page
        # The persona units ended on 30/06/2025.
        assert "Xã Ngãi Xuyên" not in _text(client.get(NEW, {"year": "2026"}))

    def test_a_unit_outside_the_scope_or_the_period_is_refused(self, personas: Personas) -> None:
        client = _client(personas, personas.commune_a)
        response = client.post(NEW, _create_body(unit=str(personas.commune_b_unit.pk)))
        assert response.status_code == 422
        response = client.post(
            NEW,
            _create_body(
                unit=str(personas.commune_a_unit.pk), opens_on="01/06/2025", closes_on="01/07/2025"
            ),
        )
        assert response.status_code == 422
        assert "does not exist for the whole period" in _text(response)
        assert not Survey.objects.exists()

    def test_a_set_of_another_level_is_refused(self, personas: Personas) -> None:
        load_national_sets()
        district_set = CriteriaSet.objects.filter(unit_level="district").first()
        assert district_set is not None
        response = _client(personas, personas.district).post(
            NEW,
            _create_body(unit=str(personas.commune_a_unit.pk), criteria_set=str(district_set.pk)),
        )
        assert response.status_code == 422
        assert "for another level of unit" in _text(response)
        assert not Survey.objects.exists()

    def test_a_period_that_ends_before_it_starts_is_refused(self, personas: Personas) -> None:
        response = _client(personas, personas.commune_a).post(
            NEW,
            _create_body(
                unit=str(personas.commune_a_unit.pk), opens_on="30/06/2023", closes_on="29/06/2023"
            ),
        )
        assert response.status_code == 422
        assert not Survey.objects.exists()

    def test_a_viewer_may_not_create(self, personas: Personas) -> None:
        client = _client(personas, personas.viewer_a)
        assert client.get(NEW).status_code == 403
        response = client.post(NEW, _create_body(unit=str(personas.commune_a_unit.pk)))
        assert response.status_code == 403
        assert not Survey.objects.exists()


class SurveyDetailTests:
    def test_it_shows_the_sample_and_answers_per_hamlet(self, personas: Personas) -> None:
        households(personas.hamlet_a_unit, 5)
        survey = open_survey(personas.commune_a_unit, by=personas.province, share=Decimal(60))
        member = survey.members.first()
        assert member is not None
        response_record(
            member=member,
            answers={"c1": "satisfied", "c2": "satisfied"},
            channel=Channel.WEB,
            on=OPENS,
        )
        page = _text(_client(personas, personas.viewer_a).get(f"/surveys/work/{survey.pk}/"))
        assert "<tr><td>Ấp Chợ</td><td>5</td><td>3</td><td>1</td></tr>" in page
        assert "Chủ hộ" not in page  # no household's head on the page
        assert "Open for answers" not in page and "Close the survey" not in page

    def test_links_go_only_to_pages_that_exist(self, personas: Personas) -> None:
        survey = _draft(personas)
        page = _text(_client(personas, personas.commune_a).get(f"/surveys/work/{survey.pk}/"))
        assert f'href="/surveys/work/{survey.pk}/questions/"' in page
        assert 'id="survey-pages"' in page

    def test_another_communes_survey_is_not_found(self, personas: Personas) -> None:
        survey = _draft(personas)
        client = _client(personas, personas.commune_b)
        assert client.get(f"/surveys/work/{survey.pk}/").status_code == 404


class SurveyEditTests:
    def test_it_saves_the_changes(self, personas: Personas) -> None:
        survey = _draft(personas)
        client = _client(personas, personas.commune_a)
        url = f"/surveys/work/{survey.pk}/edit/"
        assert client.get(url).status_code == 200
        response = client.post(
            url,
            {
                "title": "Khảo sát mới",
                "organiser": "Ủy ban MTTQ xã Ngãi Xuyên",
                "criteria_set": "",
                "opens_on": "02/05/2023",
                "closes_on": "30/06/2023",
                "sample_share": "75",
                "coverage_min": "70",
                "overall_min": "90",
                "content_min": "80",
                "version": str(survey.version),
            },
        )
        assert response.status_code == 302
        survey.refresh_from_db()
        assert (survey.title, survey.opens_on, survey.sample_share) == (
            "Khảo sát mới",
            dt.date(2023, 5, 2),
            Decimal(75),
        )

    def test_a_change_made_meanwhile_is_shown_as_a_conflict(self, personas: Personas) -> None:
        survey = _draft(personas)
        loaded = survey.version
        survey_update(survey=survey, version=loaded, by=personas.district, title="Đổi tên")
        response = _client(personas, personas.commune_a).post(
            f"/surveys/work/{survey.pk}/edit/",
            {
                "title": "Tên của tôi",
                "organiser": "Ủy ban MTTQ",
                "opens_on": "01/05/2023",
                "closes_on": "30/06/2023",
                "version": str(loaded),
            },
        )
        assert response.status_code == 409
        assert 'id="edit-conflict"' in _text(response)
        survey.refresh_from_db()
        assert survey.title == "Đổi tên"

    def test_a_viewer_gets_403(self, personas: Personas) -> None:
        survey = _draft(personas)
        client = _client(personas, personas.viewer_a)
        assert client.get(f"/surveys/work/{survey.pk}/edit/").status_code == 403


class SurveyStatusTests:
    def test_a_survey_without_questions_or_sample_is_not_opened(self, personas: Personas) -> None:
        survey = _draft(personas)
        response = _client(personas, personas.commune_a).post(
            f"/surveys/work/{survey.pk}/open/", {"version": str(survey.version)}
        )
        assert response.status_code == 422
        assert "no questions yet" in _text(response)
        survey.refresh_from_db()
        assert survey.status == SurveyStatus.DRAFT

    def test_it_opens_then_closes(self, personas: Personas) -> None:
        households(personas.hamlet_a_unit, 2)
        survey = _draft(personas)
        question_add(survey=survey, spec=satisfaction("c1", None), by=personas.province)
        sample_draw(survey=survey, by=personas.province)
        survey.refresh_from_db()
        client = _client(personas, personas.commune_a)
        response = client.post(f"/surveys/work/{survey.pk}/open/", {"version": str(survey.version)})
        assert response.status_code == 302
        survey.refresh_from_db()
        assert survey.status == SurveyStatus.OPEN
        again = client.post(f"/surveys/work/{survey.pk}/open/", {"version": str(survey.version)})
        assert again.status_code == 409
        assert "Only a draft survey is opened." in _text(again)
        closed = client.post(f"/surveys/work/{survey.pk}/close/", {"version": str(survey.version)})
        assert closed.status_code == 302
        survey.refresh_from_db()
        assert survey.status == SurveyStatus.CLOSED

    def test_a_stale_version_is_refused_with_409(self, personas: Personas) -> None:
        households(personas.hamlet_a_unit, 2)
        survey = open_survey(personas.commune_a_unit, by=personas.province)
        response = _client(personas, personas.commune_a).post(
            f"/surveys/work/{survey.pk}/close/", {"version": str(survey.version - 1)}
        )
        assert response.status_code == 409
        survey.refresh_from_db()
        assert survey.status == SurveyStatus.OPEN

    def test_a_viewer_gets_403(self, personas: Personas) -> None:
        survey = _draft(personas)
        client = _client(personas, personas.viewer_a)
        assert client.post(f"/surveys/work/{survey.pk}/open/").status_code == 403


class SurveyHistoryTests:
    def test_it_shows_the_changes(self, personas: Personas) -> None:
        survey = _draft(personas)
        survey_update(survey=survey, version=survey.version, by=personas.province, title="Đổi tên")
        page = _text(
            _client(personas, personas.commune_a).get(f"/surveys/work/{survey.pk}/history/")
        )
        assert "Đổi tên" in page
        assert "sample seed" not in page.lower()


class MenuTests:
    def test_officials_have_surveys_in_the_menu_and_residents_not(self, personas: Personas) -> None:
        link = 'href="/surveys/work/"'
        assert link in _text(_client(personas, personas.viewer_a).get("/surveys/work/"))
        assert link not in _text(_client(personas, personas.resident).get("/accounts/me/"))


class SurveyCreateFormTests:
    def test_a_district_officer_gets_the_rules_common_to_both_levels(
        self, personas: Personas
    ) -> None:
        page = _text(_client(personas, personas.district).get(NEW, {"year": "2023"}))
        assert 'name="content_min" value="80"' in page
        assert 'name="overall_min" value' not in page
        assert "Empty: " in page and "for a district" in page

    def test_only_sets_of_the_levels_of_the_officers_units_are_offered(
        self, personas: Personas
    ) -> None:
        load_national_sets()
        commune_page = _text(_client(personas, personas.commune_a).get(NEW, {"year": "2023"}))
        assert "QD320-HUYEN" not in commune_page and "(districts)" not in commune_page
        assert "(communes)" in commune_page
        district_page = _text(_client(personas, personas.district).get(NEW, {"year": "2023"}))
        assert "(districts)" in district_page and "(communes)" in district_page
