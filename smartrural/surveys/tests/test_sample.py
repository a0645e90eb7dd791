"""The sample page: per hamlet counts, the draw (reproducible, sized per hamlet, refused once
a household answered), the households drawn with their codes (writers only), and the printable
answer sheets with each household's code and QR code."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from smartrural.geo.models import AdministrativeUnit
from smartrural.geo.services import unit_create
from smartrural.testing import TV_END, Personas

from ..models import Channel, Choice, SampleFrame, SampleMember, Survey
from ..services.responses import response_record
from ..services.sampling import sample_draw
from ..services.surveys import question_add, survey_create
from .factories import CLOSES, OPENS, households, open_survey, satisfaction

pytestmark = pytest.mark.django_db


def second_hamlet(personas: Personas) -> AdministrativeUnit:
    return unit_create(
        code="2947902",
        name="Ấp Mới",
        kind="ap",
        level="hamlet",
        parent=personas.commune_a_unit,
        valid_to=TV_END,
    )


def draft(personas: Personas, *, share: Decimal = Decimal(70), seed: int | None = None) -> Survey:
    survey = survey_create(
        unit=personas.commune_a_unit,
        year=2023,
        title="Khảo sát Ngãi Xuyên 2023",
        organiser="Ủy ban MTTQ xã Ngãi Xuyên",
        opens_on=OPENS,
        closes_on=CLOSES,
        rules={"sample_share": share},
        by=personas.commune_a,
    )
    question_add(survey=survey, spec=satisfaction("c1", 1), by=None)
    if seed is not None:
        Survey.objects.filter(pk=survey.pk).update(sample_seed=seed)
        survey.refresh_from_db()
    return survey


def drawn_ids(survey: Survey) -> set[int]:
    return set(SampleMember.objects.filter(survey=survey).values_list("household_id", flat=True))


def url(survey: Survey, suffix: str = "") -> str:
    return f"/surveys/work/{survey.pk}/sample/{suffix}"


class SampleDrawTests:
    def test_each_hamlet_gets_its_share_rounded_up(self, personas: Personas) -> None:
        households(personas.hamlet_a_unit, 10)
        other = second_hamlet(personas)
        households(other, 11)
        survey = draft(personas, share=Decimal(70))
        response = personas.client(personas.commune_a).post(url(survey, "draw/"))
        assert response.status_code == 302
        frames = {f.hamlet_id: (f.households, f.sampled) for f in SampleFrame.objects.all()}
        assert frames == {personas.hamlet_a_unit.pk: (10, 7), other.pk: (11, 8)}
        assert SampleMember.objects.filter(hamlet=personas.hamlet_a_unit).count() == 7
        assert SampleMember.objects.filter(hamlet=other).count() == 8

    def test_the_same_seed_draws_the_same_households(self, personas: Personas) -> None:
        households(personas.hamlet_a_unit, 30)
        first = draft(personas, share=Decimal(50), seed=1234)
        client = personas.client(personas.commune_a)
        client.post(url(first, "draw/"))
        drawn = drawn_ids(first)
        codes = set(SampleMember.objects.values_list("code", flat=True))
        client.post(url(first, "draw/"))  # drawn again: the same households, new codes
        assert drawn_ids(first) == drawn
        assert set(SampleMember.objects.values_list("code", flat=True)).isdisjoint(codes)
        second = draft(personas, share=Decimal(50), seed=1234)
        sample_draw(survey=second, by=None)
        assert drawn_ids(second) == drawn
        third = draft(personas, share=Decimal(50), seed=99)
        sample_draw(survey=third, by=None)
        assert drawn_ids(third) != drawn  # 1 chance in C(30, 15) of failing by luck

    def test_inactive_households_are_not_drawn(self, personas: Personas) -> None:
        rows = households(personas.hamlet_a_unit, 4)
        rows[0].active = False
        rows[0].save()
        survey = draft(personas, share=Decimal(100))
        sample_draw(survey=survey, by=None)
        assert drawn_ids(survey) == {h.pk for h in rows[1:]}

    def test_a_draw_is_refused_once_a_household_answered(self, personas: Personas) -> None:
        households(personas.hamlet_a_unit, 4)
        survey = open_survey(personas.commune_a_unit, share=Decimal(100))
        member = survey.members.all()[0]
        response_record(
            member=member,
            answers={"c1": "satisfied", "c2": "satisfied"},
            channel=Channel.WEB,
            on=OPENS,
        )
        codes = set(SampleMember.objects.values_list("code", flat=True))
        client = personas.client(personas.commune_a)
        response = client.post(url(survey, "draw/"), follow=True)
        assert response.status_code == 200
        assert [m.level_tag for m in response.context["messages"]] == ["error"]
        assert set(SampleMember.objects.values_list("code", flat=True)) == codes
        page = client.get(url(survey))
        assert page.context["may_draw"] is False

    def test_a_unit_without_households_is_told_to_import_them(self, personas: Personas) -> None:
        survey = draft(personas)
        response = personas.client(personas.commune_a).post(url(survey, "draw/"), follow=True)
        assert [m.level_tag for m in response.context["messages"]] == ["error"]
        assert not SampleMember.objects.exists()

    def test_a_viewer_may_not_draw(self, personas: Personas) -> None:
        households(personas.hamlet_a_unit, 4)
        survey = draft(personas)
        assert personas.client(personas.viewer_a).post(url(survey, "draw/")).status_code == 403
        assert not SampleMember.objects.exists()


class SamplePageTests:
    def test_before_the_draw_it_shows_what_a_draw_would_take(self, personas: Personas) -> None:
        households(personas.hamlet_a_unit, 11)
        survey = draft(personas, share=Decimal(70))
        response = personas.client(personas.commune_a).get(url(survey))
        assert response.status_code == 200
        assert [
            (line.households, line.sampled, line.drawn) for line in response.context["lines"]
        ] == [(11, 8, False)]

    def test_counts_per_hamlet_and_codes_for_writers_only(self, personas: Personas) -> None:
        households(personas.hamlet_a_unit, 5)
        survey = open_survey(personas.commune_a_unit, share=Decimal(100))
        member = survey.members.all()[0]
        response_record(
            member=member,
            answers={"c1": "satisfied", "c2": "satisfied"},
            channel=Channel.WEB,
            on=OPENS,
        )
        officer = personas.client(personas.commune_a).get(url(survey))
        line = officer.context["lines"][0]
        assert (line.households, line.sampled, line.answered) == (5, 5, 1)
        assert member.code in officer.content.decode()
        viewer = personas.client(personas.viewer_a).get(url(survey))
        assert viewer.status_code == 200
        assert member.code not in viewer.content.decode()

    def test_the_list_is_filtered_per_hamlet(self, personas: Personas) -> None:
        households(personas.hamlet_a_unit, 3)
        other = second_hamlet(personas)
        households(other, 2, start=10)
        survey = open_survey(personas.commune_a_unit, share=Decimal(100))
        response = personas.client(personas.commune_a).get(url(survey), {"hamlet": other.pk})
        assert {m.hamlet_id for m in response.context["page"].object_list} == {other.pk}
        assert len(response.context["page"].object_list) == 2

    def test_the_page_costs_the_same_queries_for_3_or_40_households(
        self, personas: Personas
    ) -> None:
        def count() -> int:
            survey = open_survey(personas.commune_a_unit, share=Decimal(100))
            client = personas.client(personas.commune_a)
            client.get(url(survey))  # the session's first request costs its own queries
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url(survey)).status_code == 200
            return len(queries)

        households(personas.hamlet_a_unit, 3)
        few = count()
        households(personas.hamlet_a_unit, 37, start=4)
        assert count() == few

    def test_another_communes_survey_is_not_found(self, personas: Personas) -> None:
        households(personas.hamlet_a_unit, 3)
        survey = open_survey(personas.commune_a_unit, share=Decimal(100))
        assert personas.client(personas.commune_b).get(url(survey)).status_code == 404
        assert personas.client(personas.commune_b).get(url(survey, "sheets/")).status_code == 404


class SheetTests:
    def sheets(self, personas: Personas, survey: Survey, user: Any = None, **params: Any) -> Any:
        client = personas.client(user or personas.commune_a)
        return client.get(url(survey, "sheets/"), params)

    def test_each_household_drawn_gets_a_sheet_with_its_code_and_qr(
        self, personas: Personas
    ) -> None:
        households(personas.hamlet_a_unit, 4)
        survey = open_survey(personas.commune_a_unit, share=Decimal(100))
        other_survey = open_survey(personas.commune_a_unit, share=Decimal(100))
        response = self.sheets(personas, survey, hamlet=personas.hamlet_a_unit.pk)
        assert response.status_code == 200
        body = response.content.decode()
        for member in survey.members.all():
            assert member.code in body
            assert f"http://testserver/khao-sat/{member.code}/" in body
        for member in other_survey.members.all():
            assert member.code not in body
        assert body.count("<svg") == 4
        assert body.count('class="answer-sheet"') == 4
        assert "Mức độ hài lòng về nội dung 1" in body  # the questions, with tick boxes
        choices = Choice.objects.filter(question__survey=survey).count()
        assert choices and body.count("☐") == 4 * choices  # every choice on every sheet

    def test_text_on_a_sheet_is_escaped(self, personas: Personas) -> None:
        from ..services.households import household_update

        (household,) = households(personas.hamlet_a_unit, 1)
        household_update(household=household, version=None, by=None, head_name="An <i>x</i>")
        survey = open_survey(personas.commune_a_unit, share=Decimal(100))
        body = self.sheets(personas, survey, hamlet=personas.hamlet_a_unit.pk).content.decode()
        assert "An &lt;i&gt;x&lt;/i&gt;" in body
        assert "<i>x</i>" not in body

    def test_a_household_that_answered_gets_no_sheet(self, personas: Personas) -> None:
        households(personas.hamlet_a_unit, 3)
        survey = open_survey(personas.commune_a_unit, share=Decimal(100))
        member = survey.members.all()[0]
        response_record(
            member=member,
            answers={"c1": "satisfied", "c2": "satisfied"},
            channel=Channel.WEB,
            on=OPENS,
        )
        body = self.sheets(personas, survey, hamlet=personas.hamlet_a_unit.pk).content.decode()
        assert member.code not in body
        assert body.count('class="answer-sheet"') == 2

    def test_without_a_hamlet_it_lists_the_hamlets_to_print(self, personas: Personas) -> None:
        households(personas.hamlet_a_unit, 3)
        survey = open_survey(personas.commune_a_unit, share=Decimal(100))
        response = self.sheets(personas, survey)
        assert response.status_code == 200
        assert [line.hamlet.pk for line in response.context["lines"]] == [personas.hamlet_a_unit.pk]

    def test_a_hamlet_outside_the_sample_is_not_found(self, personas: Personas) -> None:
        households(personas.hamlet_a_unit, 3)
        survey = open_survey(personas.commune_a_unit, share=Decimal(100))
        other = second_hamlet(personas)  # created after the draw: not in the sample
        assert self.sheets(personas, survey, hamlet=other.pk).status_code == 404
        assert self.sheets(personas, survey, hamlet="x").status_code == 404
        assert self.sheets(personas, survey, hamlet="9" * 30).status_code == 404

    def test_a_viewer_may_not_print_the_codes(self, personas: Personas) -> None:
        households(personas.hamlet_a_unit, 3)
        survey = open_survey(personas.commune_a_unit, share=Decimal(100))
        response = self.sheets(
            personas, survey, personas.viewer_a, hamlet=personas.hamlet_a_unit.pk
        )
        assert response.status_code == 403

    def test_the_sheets_cost_the_same_queries_for_3_or_40_households(
        self, personas: Personas
    ) -> None:
        def count(share_count: int) -> int:
            survey = open_survey(personas.commune_a_unit, share=Decimal(100))
            assert survey.members.count() == share_count
            client = personas.client(personas.commune_a)
            client.get(url(survey))  # the session's first request costs its own queries
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url(survey, "sheets/"), {"hamlet": personas.hamlet_a_unit.pk})
                assert response.status_code == 200
            return len(queries)

        households(personas.hamlet_a_unit, 3)
        few = count(3)
        households(personas.hamlet_a_unit, 37, start=4)
        assert count(40) == few
