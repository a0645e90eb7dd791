from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from smartrural.criteria.models import CriteriaSet
from smartrural.criteria.selectors import current_definition
from smartrural.criteria.services import load_national_sets
from smartrural.testing import Personas

VARIANT = """\
code: TV-QD318-XA-2023
name: Bộ tiêu chí xã NTM tỉnh Trà Vinh 2023
base: QD318-XA
overrides:
  - indicator: "3.1"
    thresholds:
      - {value: 82, region: dbscl, provenance: confirmed, source: "QĐ của UBND tỉnh"}
"""


@pytest.fixture
def national(db: None) -> CriteriaSet:
    load_national_sets()
    return CriteriaSet.objects.get(code="QD318-XA")


@pytest.mark.django_db
class SetPagesTests:
    def test_anyone_logged_in_reads_a_set_with_its_placeholders_marked(
        self, personas: Personas, national: CriteriaSet
    ) -> None:
        client = personas.client(personas.commune_a)
        client.cookies["django_language"] = "en"
        response = client.get("/criteria-sets/QD318-XA/")
        assert response.status_code == 200
        content = response.content.decode()
        assert "Thủy lợi và phòng, chống thiên tai" in content
        assert "provincial placeholder" in content
        assert "Derive a provincial variant" not in content

    def test_the_province_office_derives_a_variant_and_sets_a_threshold(
        self, personas: Personas, national: CriteriaSet
    ) -> None:
        client = personas.client(personas.province)
        response = client.post(
            "/criteria-sets/QD318-XA/derive/", {"code": "TV-XA", "name": "Biến thể tỉnh"}
        )
        assert response.status_code == 302
        variant = CriteriaSet.objects.get(code="TV-XA")
        assert variant.base == national
        client.post(
            "/criteria-sets/TV-XA/threshold/",
            {"indicator_code": "3.1", "value": "82", "region": "dbscl", "note": "QĐ tỉnh"},
        )
        assert variant.versions.count() == 2
        indicator = current_definition(variant).indicators()["3.1"]
        threshold = indicator.threshold_for(region="dbscl", commune_group=None, year=2023)
        assert threshold is not None and str(threshold.value) == "82"
        # The national set is untouched.
        national_31 = current_definition(national).indicators()["3.1"]
        kept = national_31.threshold_for(region="dbscl", commune_group=None, year=2023)
        assert kept is not None and str(kept.value) == "80"

    def test_a_national_set_is_not_edited(self, personas: Personas, national: CriteriaSet) -> None:
        client = personas.client(personas.province)
        client.post(
            "/criteria-sets/QD318-XA/threshold/",
            {"indicator_code": "3.1", "value": "70", "note": "x"},
        )
        assert national.versions.count() == 1

    def test_a_variant_file_is_imported(self, personas: Personas, national: CriteriaSet) -> None:
        upload = SimpleUploadedFile("tv.yaml", VARIANT.encode(), content_type="application/x-yaml")
        response = personas.client(personas.province).post(
            "/criteria-sets/import/", {"file": upload, "note": "QĐ 1234/QĐ-UBND"}
        )
        assert response.status_code == 302
        variant = CriteriaSet.objects.get(code="TV-QD318-XA-2023")
        assert variant.base == national

    def test_a_broken_file_lists_every_problem_and_imports_nothing(
        self, personas: Personas, national: CriteriaSet
    ) -> None:
        broken = "code: X\nunit_level: hamlet\ncriteria: []\n"
        upload = SimpleUploadedFile("x.yaml", broken.encode())
        client = personas.client(personas.province)
        client.cookies["django_language"] = "en"
        response = client.post("/criteria-sets/import/", {"file": upload})
        assert response.status_code == 422
        assert "unit_level" in response.content.decode()
        assert not CriteriaSet.objects.filter(code="X").exists()

    def test_other_roles_cannot_change_sets(
        self, personas: Personas, national: CriteriaSet
    ) -> None:
        for user in (personas.district, personas.commune_a, personas.viewer_a):
            response = personas.client(user).post(
                "/criteria-sets/QD318-XA/derive/", {"code": "Y", "name": "Y"}
            )
            assert response.status_code == 403
        assert not CriteriaSet.objects.filter(code="Y").exists()
