"""A commune dossier's satisfaction condition through the workflow's pages: submission is
refused, with the reason shown, until a closed survey of the commune and year meets its rules;
a survey held outside SmartRural counts only marked so and with its minutes attached."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from smartrural.recognition.models import Dossier, Stage
from smartrural.recognition.services import dossier_move
from smartrural.recognition.tests.pages_support import en_client, met_set, register
from smartrural.testing import Personas

from ..models import Survey
from ..services.surveys import survey_close
from .factories import households, open_survey
from .results_support import NO, YES, answer, rules, scale

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"


@pytest.fixture(autouse=True)
def _english_and_media(settings: Any, tmp_path: Path) -> Any:
    settings.MEDIA_ROOT = tmp_path
    with translation.override("en"):
        yield


@pytest.fixture
def dossier(personas: Personas) -> Dossier:
    dossier = register(personas, met_set(personas))
    return dossier_move(dossier=dossier, action_name="self_assess", by=personas.commune_a)


def survey_of_commune_a(personas: Personas, *, satisfied_on_2: int) -> Survey:
    """A 2023 survey of Ngãi Xuyên: 10 households answer, content 1 all satisfied, content 2
    ``satisfied_on_2`` of 10; rules 90% overall, 80% per content, 70% coverage (recognition's
    own: the settings' defaults)."""
    survey = open_survey(personas.commune_a_unit, by=personas.commune_a)
    rules(survey, overall_min="90", content_min="80", coverage_min="70")
    answer(
        survey,
        personas.hamlet_a_unit,
        [scale(YES, YES)] * satisfied_on_2 + [scale(YES, NO)] * (10 - satisfied_on_2),
    )
    return survey


def close(survey: Survey, personas: Personas) -> None:
    survey.refresh_from_db()
    survey_close(survey=survey, version=survey.version, by=personas.commune_a)


def submit(client: Client, dossier: Dossier) -> Any:
    version = Dossier.objects.get(pk=dossier.pk).version
    return client.post(f"/dossiers/{dossier.pk}/move/", {"action": "submit", "version": version})


class SurveyConditionTests:
    def test_a_dossier_cannot_be_submitted_until_its_survey_meets_the_rules(
        self, personas: Personas, dossier: Dossier
    ) -> None:
        households(personas.hamlet_a_unit, 10)
        client = en_client(personas, personas.commune_a)
        failing = survey_of_commune_a(personas, satisfied_on_2=7)

        refused = submit(client, dossier)  # the survey is still open
        assert refused.status_code == 422
        assert "No closed residents&#x27; satisfaction survey of 2023" in refused.content.decode()

        close(failing, personas)
        refused = submit(client, dossier)
        html = refused.content.decode()
        assert refused.status_code == 422
        assert "does not meet its rules: " in html
        assert "content 2: 70.0% &lt; 80%" in html
        assert Dossier.objects.get(pk=dossier.pk).stage == Stage.SELF_ASSESSED
        # The dossier page shows the survey's result and links to it.
        page = client.get(f"/dossiers/{dossier.pk}/").content.decode()
        assert f"/surveys/work/{failing.pk}/results/" in page
        assert "not met" in page

        # Surveyed again (households answer a new survey), closed: 8 of 10 is exactly 80% on
        # content 2, and 18 of 20 exactly 90% overall.
        passing = survey_of_commune_a(personas, satisfied_on_2=8)
        close(passing, personas)
        accepted = submit(client, dossier)
        assert accepted.status_code == 302
        assert Dossier.objects.get(pk=dossier.pk).stage == Stage.SUBMITTED

    def test_a_survey_held_to_a_lower_bar_than_recognition_does_not_count(
        self, personas: Personas, dossier: Dossier
    ) -> None:
        households(personas.hamlet_a_unit, 10)
        client = en_client(personas, personas.commune_a)
        survey = survey_of_commune_a(personas, satisfied_on_2=8)
        rules(survey, overall_min="50", content_min="80", coverage_min="70")
        close(survey, personas)
        refused = submit(client, dossier)
        assert refused.status_code == 422
        assert "recognition requires 90%" in refused.content.decode()
        assert Dossier.objects.get(pk=dossier.pk).stage == Stage.SELF_ASSESSED

    def test_an_outside_survey_counts_only_marked_so_and_with_its_minutes(
        self, personas: Personas, dossier: Dossier
    ) -> None:
        client = en_client(personas, personas.commune_a)
        url = f"/dossiers/{dossier.pk}/satisfaction/"
        version = Dossier.objects.get(pk=dossier.pk).version
        # A typed-in rate alone does not count.
        assert client.post(url, {"satisfaction_rate": "95", "version": version}).status_code == 302
        refused = submit(client, dossier)
        assert refused.status_code == 422
        assert "No closed residents&#x27; satisfaction survey" in refused.content.decode()

        version = Dossier.objects.get(pk=dossier.pk).version
        body = {"satisfaction_rate": "95,5", "surveyed_outside": "on", "version": version}
        assert client.post(url, body).status_code == 302
        stored = Dossier.objects.get(pk=dossier.pk)
        assert stored.surveyed_outside and str(stored.satisfaction_rate) == "95.50"
        refused = submit(client, dossier)
        assert refused.status_code == 422
        assert "needs its minutes attached" in refused.content.decode()

        upload = SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")
        response = client.post(
            f"/dossiers/{dossier.pk}/documents/", {"kind": "meeting_minutes", "file": upload}
        )
        assert response.status_code == 302
        assert submit(client, dossier).status_code == 302
        assert Dossier.objects.get(pk=dossier.pk).stage == Stage.SUBMITTED

    def test_an_outside_survey_below_the_threshold_is_refused(
        self, personas: Personas, dossier: Dossier
    ) -> None:
        client = en_client(personas, personas.commune_a)
        upload = SimpleUploadedFile("kq.pdf", PDF, content_type="application/pdf")
        client.post(
            f"/dossiers/{dossier.pk}/documents/", {"kind": "satisfaction_result", "file": upload}
        )
        version = Dossier.objects.get(pk=dossier.pk).version
        body = {"satisfaction_rate": "85", "surveyed_outside": "on", "version": version}
        assert client.post(f"/dossiers/{dossier.pk}/satisfaction/", body).status_code == 302
        refused = submit(client, dossier)
        assert refused.status_code == 422
        assert "below the required" in refused.content.decode()

    def test_an_outside_survey_needs_its_rate(self, personas: Personas, dossier: Dossier) -> None:
        client = en_client(personas, personas.commune_a)
        version = Dossier.objects.get(pk=dossier.pk).version
        body = {"satisfaction_rate": "", "surveyed_outside": "on", "version": version}
        response = client.post(f"/dossiers/{dossier.pk}/satisfaction/", body)
        assert response.status_code == 422
        assert "Give the rate of the survey held outside SmartRural." in response.content.decode()
