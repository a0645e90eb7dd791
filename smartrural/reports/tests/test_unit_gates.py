"""Every unit gate answers a code not valid on the date asked with when it was valid (and its
successors), in the API's ``detail`` and on pages; a unit valid but outside the reader's scope
stays a plain "no unit" answer (its figures are not open data)."""

from __future__ import annotations

from smartrural.criteria.tests.factories import stored_set
from smartrural.testing import Personas

GONE_IN_2026 = (
    "Mã 29479 không thuộc đơn vị nào vào ngày 01/07/2026. Xã Ngãi Xuyên (29479) có hiệu lực "
    "đến 30/06/2025."
)


class UnitGateTests:
    def test_the_criteria_summary_names_when_the_parent_was_valid(self, personas: Personas) -> None:
        criteria_set = stored_set()
        client = personas.client(personas.province)
        url = f"/api/v1/summary?criteriaSet={criteria_set.code}&parent=29479&year="
        response = client.get(url + "2026")
        assert response.status_code == 404
        assert response.json() == {"detail": GONE_IN_2026}
        assert client.get(url + "2023").status_code == 200

    def test_the_transformation_kpis_name_it_too(self, personas: Personas) -> None:
        client = personas.client(personas.province)
        response = client.get("/api/v1/transformation/kpis?parent=29479&year=2026")
        assert response.status_code == 404
        assert response.json() == {"detail": GONE_IN_2026}

    def test_the_reports_dashboard_page_says_it(self, personas: Personas) -> None:
        client = personas.client(personas.province)
        response = client.get("/dashboard/?unit=29479&year=2026")
        assert response.status_code == 404
        assert GONE_IN_2026 in response.content.decode()

    def test_a_unit_outside_the_scope_is_not_described(self, personas: Personas) -> None:
        client = personas.client(personas.commune_b)
        response = client.get("/api/v1/transformation/kpis?parent=29479&year=2023")
        assert response.status_code == 404
        detail = response.json()["detail"]
        assert "Ngãi Xuyên" not in detail and "29479" in detail
