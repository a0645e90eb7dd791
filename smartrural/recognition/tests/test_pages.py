"""Dossier pages through the test client: list, registration, the dossier page and its moves,
documents."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from smartrural.criteria.models import CriteriaSet
from smartrural.recognition.models import Dossier, DossierDocument, Recognition, Stage
from smartrural.recognition.services import dossier_move
from smartrural.recognition.tests.satisfaction_support import surveyed_outside
from smartrural.testing import Personas

from .pages_support import YEAR, en_client, met_set, register

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"


@pytest.fixture(autouse=True)
def _english_and_media(settings: Any, tmp_path: Path) -> Any:
    settings.MEDIA_ROOT = tmp_path
    with translation.override("en"):
        yield


@pytest.fixture
def criteria_set(personas: Personas) -> CriteriaSet:
    return met_set(personas)


@pytest.fixture
def dossier(personas: Personas, criteria_set: CriteriaSet) -> Dossier:
    return register(personas, criteria_set)


def submitted(personas: Personas, dossier: Dossier) -> Dossier:
    dossier = dossier_move(dossier=dossier, action_name="self_assess", by=personas.commune_a)
    surveyed_outside(dossier, by=personas.commune_a)
    return dossier_move(dossier=dossier, action_name="submit", by=personas.commune_a)


def version(dossier: Dossier) -> str:
    """The version of the dossier a page loaded now carries."""
    return str(Dossier.objects.get(pk=dossier.pk).version)


def page(personas: Personas, user: Any, dossier: Dossier) -> str:
    response = en_client(personas, user).get(f"/dossiers/{dossier.pk}/")
    assert response.status_code == 200
    return response.content.decode()


class DossierListTests:
    def test_a_commune_officer_sees_only_their_communes_dossiers(
        self, personas: Personas, criteria_set: CriteriaSet, dossier: Dossier
    ) -> None:
        register(personas, criteria_set, unit=personas.commune_b_unit)
        html = en_client(personas, personas.commune_a).get("/dossiers/").content.decode()
        assert "Xã Ngãi Xuyên" in html
        assert "Xã Kim Sơn" not in html
        html = en_client(personas, personas.province).get("/dossiers/").content.decode()
        assert "Xã Kim Sơn" in html

    def test_overdue_dossiers_are_flagged_and_filtered(
        self, personas: Personas, criteria_set: CriteriaSet, dossier: Dossier
    ) -> None:
        late = register(personas, criteria_set, unit=personas.commune_b_unit)
        Dossier.objects.filter(pk=late.pk).update(
            stage=Stage.SUBMITTED, stage_entered_at=timezone.now() - dt.timedelta(days=40)
        )
        client = en_client(personas, personas.province)
        html = client.get("/dossiers/?overdue=on").content.decode()
        assert "Xã Kim Sơn" in html
        assert "overdue" in html
        assert "Xã Ngãi Xuyên" not in html

    def test_filters_by_unit_name_without_diacritics_and_stage(
        self, personas: Personas, criteria_set: CriteriaSet, dossier: Dossier
    ) -> None:
        register(personas, criteria_set, unit=personas.commune_b_unit)
        client = en_client(personas, personas.province)
        html = client.get("/dossiers/?q=kim+son").content.decode()
        assert "Xã Kim Sơn" in html and "Xã Ngãi Xuyên" not in html
        assert "Xã Kim Sơn" not in client.get("/dossiers/?stage=submitted").content.decode()

    def test_the_list_costs_the_same_queries_for_many_dossiers(
        self, personas: Personas, criteria_set: CriteriaSet, django_assert_max_num_queries: Any
    ) -> None:
        for year in range(2021, 2026):
            for unit in (personas.commune_a_unit, personas.commune_b_unit):
                Dossier.objects.create(
                    unit=unit,
                    target_level="ntm",
                    criteria_set=criteria_set,
                    year=year,
                    stage_entered_at=timezone.now(),
                )
        client = en_client(personas, personas.province)
        with django_assert_max_num_queries(8):
            response = client.get("/dossiers/?year=")  # every year
        assert response.content.decode().count("/dossiers/") >= 10

    def test_anonymous_is_sent_to_log_in(self, personas: Personas) -> None:
        response = en_client(personas, None).get("/dossiers/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


class DossierRegisterTests:
    def test_a_commune_officer_registers_their_communes_dossier(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        body = {"unit": "29479", "target_level": "ntm", "year": YEAR, "criteria_set": "T-XA"}
        response = en_client(personas, personas.commune_a).post("/dossiers/new/", body)
        dossier = Dossier.objects.get(unit=personas.commune_a_unit)
        assert response["Location"] == f"/dossiers/{dossier.pk}/"
        assert dossier.stage == Stage.REGISTERED

    def test_another_communes_officer_gets_404(
        self, personas: Personas, criteria_set: CriteriaSet
    ) -> None:
        body = {"unit": "29479", "target_level": "ntm", "year": YEAR, "criteria_set": "T-XA"}
        response = en_client(personas, personas.commune_b).post("/dossiers/new/", body)
        assert response.status_code == 404
        assert not Dossier.objects.exists()

    def test_a_second_dossier_for_the_same_year_is_refused_with_the_reason(
        self, personas: Personas, criteria_set: CriteriaSet, dossier: Dossier
    ) -> None:
        body = {"unit": "29479", "target_level": "ntm", "year": YEAR, "criteria_set": "T-XA"}
        response = en_client(personas, personas.commune_a).post("/dossiers/new/", body)
        assert response.status_code == 409
        assert "already exists" in response.content.decode()

    def test_the_form_offers_only_the_officers_own_unit(self, personas: Personas) -> None:
        html = en_client(personas, personas.commune_a).get("/dossiers/new/").content.decode()
        assert "Xã Ngãi Xuyên" in html
        assert "Xã Kim Sơn" not in html

    def test_a_viewer_cannot_open_the_form(self, personas: Personas) -> None:
        assert en_client(personas, personas.viewer_a).get("/dossiers/new/").status_code == 403


class DossierPageTests:
    def test_it_shows_the_dossier_and_its_evaluation(
        self, personas: Personas, dossier: Dossier
    ) -> None:
        html = page(personas, personas.commune_a, dossier)
        assert "Xã Ngãi Xuyên" in html
        assert "T-XA" in html
        assert "4 of 4 criteria met" in html
        assert "Publish the self-assessment" in html

    def test_unmet_criteria_are_listed(self, personas: Personas) -> None:
        criteria_set = met_set(personas, values={"3.1": "70"})
        html = page(personas, personas.commune_a, register(personas, criteria_set))
        assert "0 of 4 criteria met" in html
        assert "Criterion 3: Thủy lợi" in html

    def test_submission_is_disabled_with_its_blockers_as_the_reason(
        self, personas: Personas, dossier: Dossier
    ) -> None:
        dossier_move(dossier=dossier, action_name="self_assess", by=personas.commune_a)
        html = page(personas, personas.commune_a, dossier)
        assert "No closed residents&#x27; satisfaction survey of 2023 on SmartRural." in html
        assert 'disabled aria-describedby="submit-blockers"' in html
        response = en_client(personas, personas.commune_a).post(
            f"/dossiers/{dossier.pk}/move/", {"action": "submit", "version": version(dossier)}
        )
        assert response.status_code == 422
        assert "No closed residents&#x27; satisfaction survey" in response.content.decode()

    def test_a_commune_officer_cannot_move_their_own_dossier_past_submission(
        self, personas: Personas, dossier: Dossier
    ) -> None:
        dossier = submitted(personas, dossier)
        html = page(personas, personas.commune_a, dossier)
        for label in ("Confirm the inspection", "Confirm the appraisal", "Record the recognition"):
            assert label not in html
        client = en_client(personas, personas.commune_a)
        for action in ("inspect", "appraise"):
            body = {"action": action, "version": version(dossier)}
            response = client.post(f"/dossiers/{dossier.pk}/move/", body)
            assert response.status_code == 403
        dossier.refresh_from_db()
        assert dossier.stage == Stage.SUBMITTED

    def test_every_transition_is_on_the_page_through_to_the_decision(
        self, personas: Personas, dossier: Dossier
    ) -> None:
        dossier = submitted(personas, dossier)
        en_client(personas, personas.district).post(
            f"/dossiers/{dossier.pk}/move/", {"action": "inspect", "version": version(dossier)}
        )
        province = en_client(personas, personas.province)
        province.post(
            f"/dossiers/{dossier.pk}/move/", {"action": "appraise", "version": version(dossier)}
        )
        scan = SimpleUploadedFile("qd.pdf", PDF, content_type="application/pdf")
        response = province.post(
            f"/dossiers/{dossier.pk}/move/",
            {
                "action": "decide",
                "version": version(dossier),
                "decision_number": "1234/QĐ-UBND",
                "decision_date": "2023-12-20",
                "decision_signer": "Chủ tịch UBND tỉnh",
                "decision_file": scan,
            },
        )
        assert response.status_code == 302
        html = page(personas, personas.viewer_a, dossier)
        for stage in (
            "Registered",
            "Self-assessed",
            "Submitted",
            "Inspected by the district",
            "Appraised by the province",
            "Recognised by decision",
        ):
            assert stage in html
        assert "1234/QĐ-UBND" in html
        assert Recognition.objects.filter(unit=personas.commune_a_unit, year=YEAR).exists()
        assert DossierDocument.objects.filter(dossier=dossier, kind="decision_scan").exists()

    def test_returning_needs_the_reasons(self, personas: Personas, dossier: Dossier) -> None:
        dossier = submitted(personas, dossier)
        client = en_client(personas, personas.district)
        url = f"/dossiers/{dossier.pk}/move/"
        response = client.post(url, {"action": "return", "version": version(dossier)})
        assert response.status_code == 422
        body = {"action": "return", "comment": "Thiếu biên bản", "version": version(dossier)}
        response = client.post(url, body)
        assert response.status_code == 302
        assert "Thiếu biên bản" in page(personas, personas.commune_a, dossier)

    def test_a_move_the_stage_does_not_allow_is_a_conflict(
        self, personas: Personas, dossier: Dossier
    ) -> None:
        response = en_client(personas, personas.province).post(
            f"/dossiers/{dossier.pk}/move/", {"action": "announce", "version": version(dossier)}
        )
        assert response.status_code == 409

    def test_satisfaction_is_recorded_and_checked(
        self, personas: Personas, dossier: Dossier
    ) -> None:
        client = en_client(personas, personas.commune_a)
        url = f"/dossiers/{dossier.pk}/satisfaction/"
        assert client.post(url, {"satisfaction_rate": "120", "version": "1"}).status_code == 422
        assert client.post(url, {"satisfaction_rate": "95", "version": "1"}).status_code == 302
        dossier.refresh_from_db()
        assert dossier.satisfaction_rate == 95

    def test_a_viewer_gets_403_and_another_commune_404(
        self, personas: Personas, dossier: Dossier
    ) -> None:
        url = f"/dossiers/{dossier.pk}/move/"
        assert (
            en_client(personas, personas.viewer_a).post(url, {"action": "self_assess"}).status_code
            == 403
        )
        assert (
            en_client(personas, personas.commune_b).get(f"/dossiers/{dossier.pk}/").status_code
            == 404
        )
        assert (
            en_client(personas, personas.commune_b).post(url, {"action": "self_assess"}).status_code
            == 404
        )

    def test_the_history_page_lists_the_changes(self, personas: Personas, dossier: Dossier) -> None:
        dossier_move(dossier=dossier, action_name="self_assess", by=personas.commune_a)
        response = en_client(personas, personas.commune_a).get(f"/dossiers/{dossier.pk}/history/")
        assert response.status_code == 200
        assert "Self-assessed" in response.content.decode()


class DocumentTests:
    def url(self, dossier: Dossier) -> str:
        return f"/dossiers/{dossier.pk}/documents/"

    def test_an_upload_is_listed_and_downloads_for_the_units_readers(
        self, personas: Personas, dossier: Dossier
    ) -> None:
        upload = SimpleUploadedFile("tờ trình.pdf", PDF, content_type="application/pdf")
        response = en_client(personas, personas.commune_a).post(
            self.url(dossier), {"kind": "submission_letter", "file": upload}
        )
        assert response.status_code == 302
        document = DossierDocument.objects.get(dossier=dossier)
        assert "tờ trình.pdf" in page(personas, personas.viewer_a, dossier)
        download = f"/dossiers/{dossier.pk}/documents/{document.pk}/"
        response = en_client(personas, personas.viewer_a).get(download)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
        assert en_client(personas, personas.commune_b).get(download).status_code == 404

    def test_the_type_is_read_from_the_content_not_the_name(
        self, personas: Personas, dossier: Dossier
    ) -> None:
        fake = SimpleUploadedFile(
            "report.pdf", b"#!/bin/sh\necho hi\n", content_type="application/pdf"
        )
        response = en_client(personas, personas.commune_a).post(
            self.url(dossier), {"kind": "other", "file": fake}
        )
        assert response.status_code == 422
        assert "is not a PDF, JPEG, PNG, Word or Excel file" in response.content.decode()
        assert not DossierDocument.objects.exists()

    def test_files_over_10_mb_are_refused(self, personas: Personas, dossier: Dossier) -> None:
        big = SimpleUploadedFile("big.pdf", PDF + b"0" * (10 * 1024 * 1024), "application/pdf")
        response = en_client(personas, personas.commune_a).post(
            self.url(dossier), {"kind": "other", "file": big}
        )
        assert response.status_code == 422
        assert "files may be at most 10" in response.content.decode()

    def test_after_submission_documents_are_frozen(
        self, personas: Personas, dossier: Dossier
    ) -> None:
        dossier = submitted(personas, dossier)
        upload = SimpleUploadedFile("late.pdf", PDF, content_type="application/pdf")
        response = en_client(personas, personas.commune_a).post(
            self.url(dossier), {"kind": "other", "file": upload}
        )
        assert response.status_code == 409
