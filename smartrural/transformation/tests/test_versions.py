"""Two officers editing one digital transformation record: the second is shown both values (page)
or gets a 409 with both (API), nothing of theirs is written, and saving again works. Forms that
edit many records at once write only the records the officer changed."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from smartrural.accounts.models import Role, User
from smartrural.accounts.services import user_create
from smartrural.testing import PASSWORD, Personas, posted_form
from smartrural.transformation.models import (
    CandidateScore,
    CandidateStatus,
    CommunityTechTeam,
    HamletAssessment,
    PilotCandidate,
    ScoringCriterion,
    SmartHamletItem,
    Target,
    TrainingParticipant,
    WorkRecordStat,
)
from smartrural.transformation.officials.services import (
    official_create,
    participants_add,
    training_create,
)
from smartrural.transformation.pilots.services import candidate_propose, load_defaults
from smartrural.transformation.teams.services import team_create
from smartrural.transformation.work_records.services import work_record_submit

pytestmark = pytest.mark.django_db
MAY = dt.date(2023, 5, 1)
API = "/api/v1/work-records"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def en(personas: Personas, user: Any) -> Client:
    client = personas.client(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def second_office(personas: Personas) -> User:
    """Another officer of the province office."""
    return user_create(username="vpdp-2", role=Role.PROVINCE_OFFICE, units=[], password=PASSWORD)


def conflict_block(response: Any) -> str:
    html = response.content.decode()
    assert "Someone changed this since you opened the page." in html
    return html[
        html.index('id="edit-conflict"') : html.index("</table>", html.index("edit-conflict"))
    ]


def stat() -> WorkRecordStat:
    return WorkRecordStat.objects.get(month=MAY)


def api_post(client: Client, body: Any) -> Any:
    return client.post(API, json.dumps(body), content_type="application/json")


class WorkRecordApiTests:
    def record(self, **changes: Any) -> dict[str, Any]:
        return {"unit": "29479", "month": "2023-05", "total": 100, "online": 40} | changes

    def test_the_reply_carries_the_version_which_moves_on_by_exactly_one(
        self, personas: Personas
    ) -> None:
        client = personas.client(personas.commune_a)
        first = api_post(client, self.record(version=0))
        assert first.status_code == 201, first.content
        assert first.json()["version"] == 1
        second = api_post(client, self.record(online=45, version=1))
        assert second.status_code == 201
        assert second.json()["version"] == 2 == stat().version

    def test_a_figure_changed_since_it_was_read_is_409_with_both_values(
        self, personas: Personas
    ) -> None:
        officer_a = personas.client(personas.commune_a)
        officer_b = personas.client(personas.district)
        api_post(officer_a, self.record(version=0))
        assert api_post(officer_a, self.record(online=50, version=1)).status_code == 201

        response = api_post(officer_b, self.record(online=30, version=1))

        assert response.status_code == 409
        body = response.json()
        assert body["current_version"] == 2
        assert body["conflicts"] == [
            {"field": "online", "current": 50, "sent": 30, "row": "29479 05/2023"}
        ]
        assert stat().online == 50

    def test_a_list_with_a_stale_row_writes_nothing_and_names_it(self, personas: Personas) -> None:
        client = personas.client(personas.district)
        work_record_submit(
            unit=personas.commune_a_unit, month=MAY, total=100, online=40, by=personas.commune_a
        )
        work_record_submit(
            unit=personas.commune_a_unit, month=MAY, total=100, online=50, by=personas.commune_a
        )
        rows = [
            self.record(unit="29482", online=10, version=0),
            self.record(online=30, version=1),
        ]

        response = api_post(client, rows)

        assert response.status_code == 409
        report = response.json()
        assert report["status"] == "ERROR"
        (conflict,) = report["conflicts"]
        assert (conflict["row"], conflict["unit"], conflict["current_version"]) == (2, "29479", 2)
        assert conflict["fields"] == [
            {"field": "online", "current": 50, "sent": 30, "row": "29479 05/2023"}
        ]
        assert WorkRecordStat.objects.count() == 1 and stat().online == 50

    def test_without_a_version_the_last_writer_wins_as_before(self, personas: Personas) -> None:
        client = personas.client(personas.commune_a)
        api_post(client, self.record())
        assert api_post(client, self.record(online=10)).status_code == 201
        assert stat().online == 10

    def test_the_conflicts_are_declared_in_the_openapi(self, personas: Personas) -> None:
        spec = personas.client(None).get("/api/v1/openapi.json").json()
        operation = spec["paths"]["/api/v1/work-records"]["post"]
        assert "409" in operation["responses"]
        assert "version" in operation["description"]


class WorkRecordPageTests:
    URL = "/transformation/work-records/?unit=29479&year=2023"

    def test_a_month_opened_carries_its_version_and_a_stale_save_is_a_conflict(
        self, personas: Personas
    ) -> None:
        work_record_submit(
            unit=personas.commune_a_unit, month=MAY, total=100, online=40, by=personas.commune_a
        )
        officer_a = en(personas, personas.commune_a)
        officer_b = en(personas, personas.district)
        opened_b = officer_b.get(f"{self.URL}&month=2023-05").context["form"]
        assert opened_b["version"].value() == 1
        opened_a = officer_a.get(f"{self.URL}&month=2023-05").context["form"]
        assert officer_a.post(self.URL, posted_form(opened_a, online="50")).status_code == 302

        response = officer_b.post(self.URL, posted_form(opened_b, online="30"))

        assert response.status_code == 409
        block = conflict_block(response)
        assert "50" in block and "30" in block
        assert stat().online == 50
        again = posted_form(response.context["form"])
        assert officer_b.post(self.URL, again).status_code == 302
        assert (stat().online, stat().version) == (30, 3)

    def test_a_blank_form_carries_no_version_and_corrects_the_month(
        self, personas: Personas
    ) -> None:
        work_record_submit(
            unit=personas.commune_a_unit, month=MAY, total=100, online=40, by=personas.commune_a
        )
        client = en(personas, personas.commune_a)
        blank = client.get(self.URL).context["form"]
        assert blank["version"].value() in (None, "")
        data = posted_form(blank, month="05/2023", total="100", online="41")
        assert client.post(self.URL, data).status_code == 302
        assert stat().online == 41


class TargetPageTests:
    URL = "/transformation/targets/set/?year=2023&indicator=work_records_online&level=commune"

    def test_a_target_changed_since_the_page_was_opened_is_a_conflict(
        self, personas: Personas
    ) -> None:
        other = second_office(personas)
        office_a, office_b = en(personas, personas.province), en(personas, other)
        opened_a = office_a.get(self.URL).context["form"]
        opened_b = office_b.get(self.URL).context["form"]
        assert opened_a["version"].value() == 0  # no target yet
        assert office_a.post(self.URL, posted_form(opened_a, value="30")).status_code == 302

        response = office_b.post(self.URL, posted_form(opened_b, value="25"))

        assert response.status_code == 409
        assert "30" in conflict_block(response) and "25" in conflict_block(response)
        assert Target.objects.get().value_percent == 30


class TeamPageTests:
    def test_the_second_officer_sees_both_names_and_may_save_again(
        self, personas: Personas
    ) -> None:
        team = team_create(
            unit_code="2947901", name="Tổ CNS Ấp Chợ", established=MAY, by=personas.province
        )
        url = f"/transformation/teams/{team.pk}/edit/"
        officer_a, officer_b = en(personas, personas.commune_a), en(personas, personas.district)
        opened_b = officer_b.get(url).context["form"]
        opened_a = officer_a.get(url).context["form"]
        assert officer_a.post(url, posted_form(opened_a, name="Tổ A")).status_code == 302

        response = officer_b.post(url, posted_form(opened_b, name="Tổ B"))

        assert response.status_code == 409
        block = conflict_block(response)
        assert "Tổ A" in block and "Tổ B" in block
        assert personas.commune_a.display_name in block
        assert CommunityTechTeam.objects.get().name == "Tổ A"
        assert officer_b.post(url, posted_form(response.context["form"])).status_code == 302
        team.refresh_from_db()
        assert (team.name, team.version) == ("Tổ B", 3)


class AttendanceTests:
    def test_a_page_opened_earlier_does_not_put_back_an_attendance(
        self, personas: Personas
    ) -> None:
        officials = [
            official_create(
                unit=personas.commune_a_unit,
                full_name=name,
                position="Công chức",
                by=personas.province,
            )
            for name in ("Lê Văn Một", "Lê Văn Hai")
        ]
        event = training_create(
            unit=personas.district_unit,
            kind="course",
            title="Tập huấn",
            date=MAY,
            by=personas.province,
        )
        participants_add(
            event=event, officials=officials, attendance="attended", by=personas.province
        )
        one, two = (TrainingParticipant.objects.get(official=o) for o in officials)
        url = f"/transformation/trainings/{event.pk}/"
        stale = en(personas, personas.district).get(url).content.decode()
        assert f'name="version-{one.pk}" value="1"' in stale
        officer_a = en(personas, personas.province)
        body = {f"attendance-{one.pk}": "absent", f"shown-{one.pk}": "attended"}
        body |= {f"version-{one.pk}": "1", f"attendance-{two.pk}": "attended"}
        body |= {f"shown-{two.pk}": "attended", f"version-{two.pk}": "1"}
        assert officer_a.post(f"{url}participants/attendance/", body).status_code == 302

        # B's page still shows one "attended"; B marks two absent only.
        body_b = {f"attendance-{one.pk}": "attended", f"shown-{one.pk}": "attended"}
        body_b |= {f"version-{one.pk}": "1", f"attendance-{two.pk}": "absent"}
        body_b |= {f"shown-{two.pk}": "attended", f"version-{two.pk}": "1"}
        officer_b = en(personas, personas.district)
        assert officer_b.post(f"{url}participants/attendance/", body_b).status_code == 302
        one.refresh_from_db()
        two.refresh_from_db()
        assert (one.attendance, two.attendance) == ("absent", "absent")

        # C, from the same stale page, marks one "invited": a conflict with both values.
        body_c = body_b | {f"attendance-{one.pk}": "invited", f"attendance-{two.pk}": "attended"}
        response = officer_b.post(f"{url}participants/attendance/", body_c)
        assert response.status_code == 409
        block = conflict_block(response)
        assert "Lê Văn Một" in block and "Absent" in block and "Invited" in block
        one.refresh_from_db()
        two.refresh_from_db()
        assert (one.attendance, two.attendance) == ("absent", "absent")


def propose(personas: Personas) -> PilotCandidate:
    return candidate_propose(
        unit_code="29479",
        kind="smart_commune",
        year=2023,
        field="production",
        by=personas.district,
    )


def sheet_form(client: Client, candidate: PilotCandidate) -> Any:
    return client.get(f"/transformation/pilots/{candidate.pk}/").context["score_form"]


class ScoreSheetTests:
    def test_scores_the_second_officer_did_not_touch_are_left_alone(
        self, personas: Personas
    ) -> None:
        load_defaults()
        candidate = candidate_propose(
            unit_code="29479",
            kind="smart_commune",
            year=2023,
            field="production",
            by=personas.district,
        )
        first, second = ScoringCriterion.objects.filter(kind="smart_commune").order_by("order")[:2]
        office_a = en(personas, personas.province)
        office_b = en(personas, second_office(personas))
        url = f"/transformation/pilots/{candidate.pk}/scores/"
        opened_b = sheet_form(office_b, candidate)
        opened_a = sheet_form(office_a, candidate)
        assert (
            office_a.post(url, posted_form(opened_a, **{f"score_{first.pk}": "7"})).status_code
            == 302
        )

        response = office_b.post(url, posted_form(opened_b, **{f"score_{second.pk}": "9"}))

        assert response.status_code == 302
        scores = dict(CandidateScore.objects.values_list("criterion_id", "score"))
        assert scores == {first.pk: 7, second.pk: 9}

    def test_a_score_changed_meanwhile_is_a_conflict_and_nothing_is_written(
        self, personas: Personas
    ) -> None:
        load_defaults()
        candidate = candidate_propose(
            unit_code="29479",
            kind="smart_commune",
            year=2023,
            field="production",
            by=personas.district,
        )
        first, second = ScoringCriterion.objects.filter(kind="smart_commune").order_by("order")[:2]
        office_a = en(personas, personas.province)
        office_b = en(personas, second_office(personas))
        url = f"/transformation/pilots/{candidate.pk}/scores/"
        opened_b = sheet_form(office_b, candidate)
        office_a.post(
            url, posted_form(sheet_form(office_a, candidate), **{f"score_{first.pk}": "7"})
        )

        typed = {f"score_{first.pk}": "3", f"score_{second.pk}": "9"}
        response = office_b.post(url, posted_form(opened_b, **typed))

        assert response.status_code == 409
        block = conflict_block(response)
        assert first.code in block and "7" in block and "3" in block
        assert dict(CandidateScore.objects.values_list("criterion_id", "score")) == {first.pk: 7}
        again = office_b.post(url, posted_form(response.context["score_form"]))
        assert again.status_code == 302
        scores = dict(CandidateScore.objects.values_list("criterion_id", "score"))
        assert scores == {first.pk: 3, second.pk: 9}


class DecisionTests:
    def test_a_second_decision_from_a_stale_page_is_a_conflict(self, personas: Personas) -> None:
        load_defaults()
        candidate = candidate_propose(
            unit_code="29479",
            kind="smart_commune",
            year=2023,
            field="production",
            by=personas.district,
        )
        office_a = en(personas, personas.province)
        office_b = en(personas, second_office(personas))
        page = f"/transformation/pilots/{candidate.pk}/"
        opened_b = office_b.get(page).context["decision_form"]
        opened_a = office_a.get(page).context["decision_form"]
        body = posted_form(opened_a, decision="QĐ 9", action="reject")
        assert office_a.post(f"{page}decide/", body).status_code == 302

        body = posted_form(opened_b, decision="QĐ 10", action="reject")
        response = office_b.post(f"{page}decide/", body)

        assert response.status_code == 409
        block = conflict_block(response)
        assert "QĐ 9" in block and "QĐ 10" in block
        candidate.refresh_from_db()
        assert (candidate.status, candidate.decision) == (CandidateStatus.NOT_SELECTED, "QĐ 9")


class HamletAssessmentTests:
    def test_items_the_second_officer_did_not_touch_are_left_alone(
        self, personas: Personas
    ) -> None:
        load_defaults()
        items = list(SmartHamletItem.objects.filter(active=True))
        url = f"/transformation/pilots/hamlets/{personas.hamlet_a_unit.pk}/2023/"
        officer_a = en(personas, personas.commune_a)
        everything = {f"met_{item.pk}": "yes" for item in items}
        first = posted_form(officer_a.get(url).context["form"], **everything)
        assert officer_a.post(url, first).status_code == 302
        officer_b = en(personas, personas.district)
        opened_b = officer_b.get(url).context["form"]
        opened_a = officer_a.get(url).context["form"]
        assert (
            officer_a.post(url, posted_form(opened_a, **{f"met_{items[0].pk}": "no"})).status_code
            == 302
        )

        response = officer_b.post(url, posted_form(opened_b, **{f"met_{items[1].pk}": "no"}))

        assert response.status_code == 302
        met = dict(HamletAssessment.objects.values_list("item_id", "met"))
        assert (met[items[0].pk], met[items[1].pk]) == (False, False)

        stale = posted_form(
            opened_b, **{f"met_{items[0].pk}": "yes", f"comment_{items[0].pk}": "x"}
        )
        response = officer_b.post(url, stale)
        assert response.status_code == 409
        assert items[0].code in conflict_block(response)
        assert not HamletAssessment.objects.get(item=items[0]).met
