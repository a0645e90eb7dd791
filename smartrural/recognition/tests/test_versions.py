"""Two officers acting on one dossier from pages opened at the same time: the second gets a
conflict naming the stage the dossier is in now, never a second transition."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from smartrural.criteria.models import CriteriaSet, IndicatorValue, ValueStatus
from smartrural.recognition.models import Dossier, DossierTransition, Stage
from smartrural.recognition.services import dossier_move
from smartrural.recognition.tests.satisfaction_support import surveyed_outside
from smartrural.testing import Personas, posted_form

from .pages_support import en_client, met_set, register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_and_media(settings: Any, tmp_path: Path) -> Any:
    settings.MEDIA_ROOT = str(tmp_path)
    with translation.override("en"):
        yield


@pytest.fixture
def criteria_set(personas: Personas) -> CriteriaSet:
    return met_set(personas)


@pytest.fixture
def submitted(personas: Personas, criteria_set: CriteriaSet) -> Dossier:
    dossier = register(personas, criteria_set)
    dossier = dossier_move(dossier=dossier, action_name="self_assess", by=personas.commune_a)
    surveyed_outside(dossier, by=personas.commune_a)
    return dossier_move(dossier=dossier, action_name="submit", by=personas.commune_a)


def shown_version(client: Any, dossier: Dossier) -> str:
    """The version the dossier page's step buttons carry."""
    html = client.get(f"/dossiers/{dossier.pk}/").content.decode()
    marker = 'name="version" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


class DossierMoveConflictTests:
    def test_the_step_buttons_carry_the_dossiers_version(
        self, personas: Personas, submitted: Dossier
    ) -> None:
        client = en_client(personas, personas.district)
        assert shown_version(client, submitted) == str(submitted.version)

    def test_a_second_officer_acting_from_a_stale_page_gets_a_conflict_not_a_transition(
        self, personas: Personas, submitted: Dossier
    ) -> None:
        url = f"/dossiers/{submitted.pk}/move/"
        district = en_client(personas, personas.district)
        province = en_client(personas, personas.province)
        seen_by_province = shown_version(province, submitted)
        seen_by_district = shown_version(district, submitted)
        # The district returns the dossier; the commune corrects and submits it again.
        body = {"action": "return", "comment": "Thiếu biên bản", "version": seen_by_district}
        assert district.post(url, body).status_code == 302
        dossier_move(dossier=submitted, action_name="self_assess", by=personas.commune_a)
        dossier_move(dossier=submitted, action_name="submit", by=personas.commune_a)
        transitions = DossierTransition.objects.filter(dossier=submitted).count()

        # The province, from the page it opened before all this, acts on the first submission.
        response = province.post(
            url, {"action": "return", "comment": "x", "version": seen_by_province}
        )

        assert response.status_code == 409
        html = response.content.decode()
        assert "Someone changed this since you opened the page." in html
        block = html[html.index('id="edit-conflict"') :]
        assert "Submitted" in block and "Returned with reasons" in block  # stored / the step's
        assert DossierTransition.objects.filter(dossier=submitted).count() == transitions
        assert Dossier.objects.get(pk=submitted.pk).stage == Stage.SUBMITTED
        # Reloaded, the province acts on what it sees now.
        body = {"action": "return", "comment": "x", "version": shown_version(province, submitted)}
        assert province.post(url, body).status_code == 302

    def test_a_double_click_is_one_transition(self, personas: Personas, submitted: Dossier) -> None:
        client = en_client(personas, personas.district)
        body = {"action": "inspect", "version": shown_version(client, submitted)}
        url = f"/dossiers/{submitted.pk}/move/"
        assert client.post(url, body).status_code == 302
        second = client.post(url, body)
        assert second.status_code == 409
        assert (
            DossierTransition.objects.filter(dossier=submitted, to_stage=Stage.INSPECTED).count()
            == 1
        )

    def test_a_step_without_the_version_is_refused(
        self, personas: Personas, submitted: Dossier
    ) -> None:
        client = en_client(personas, personas.district)
        response = client.post(f"/dossiers/{submitted.pk}/move/", {"action": "inspect"})
        assert response.status_code == 422
        assert Dossier.objects.get(pk=submitted.pk).stage == Stage.SUBMITTED

    def test_submission_locks_the_values_and_moves_their_versions_on(
        self, personas: Personas, submitted: Dossier
    ) -> None:
        values = IndicatorValue.objects.filter(unit=personas.commune_a_unit)
        assert {v.status for v in values} == {ValueStatus.LOCKED}
        assert {v.version for v in values} == {2}  # entered, then locked


class SatisfactionConflictTests:
    def test_two_officers_recording_the_rate_the_second_sees_both_values(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        dossier = register(personas, criteria_set)
        url = f"/dossiers/{dossier.pk}/satisfaction/"
        first = en_client(personas, personas.commune_a)
        second = en_client(personas, personas.province)
        form_first = first.get(f"/dossiers/{dossier.pk}/").context["satisfaction_form"]
        form_second = second.get(f"/dossiers/{dossier.pk}/").context["satisfaction_form"]
        assert first.post(url, posted_form(form_first, satisfaction_rate="92")).status_code == 302

        response = second.post(url, posted_form(form_second, satisfaction_rate="97"))

        assert response.status_code == 409
        block = response.content.decode()
        block = block[block.index('id="edit-conflict"') :]
        assert "92" in block and "97" in block
        assert Dossier.objects.get(pk=dossier.pk).satisfaction_rate == 92
        again = posted_form(response.context["satisfaction_form"])
        assert second.post(url, again).status_code == 302
        assert Dossier.objects.get(pk=dossier.pk).satisfaction_rate == 97
