from __future__ import annotations

import pytest
from django.urls import reverse

from smartrural.geo.models import AdministrativeUnit

AS_OF = "?as_of=2024-01-01"


def detail(code: str) -> str:
    return reverse("geo:unit-detail", args=[code]) + AS_OF


def hamlet_add(code: str) -> str:
    return reverse("geo:hamlet-add", args=[code]) + AS_OF


def edit(code: str) -> str:
    return reverse("geo:unit-edit", args=[code]) + AS_OF


class UnitListPageTests:
    def test_it_shows_the_tree_on_the_chosen_date(self, personas):
        response = personas.client(None).get(reverse("geo:unit-list") + AS_OF)
        assert response.status_code == 200
        content = response.content.decode()
        assert "<details" in content and 'type="date"' in content
        assert 'value="2024-01-01"' in content
        assert "Xã Ngãi Xuyên" in content and "Huyện Càng Long" in content

    def test_a_date_with_no_unit_shows_an_empty_tree(self, personas):
        response = personas.client(None).get(reverse("geo:unit-list") + "?as_of=2026-01-01")
        assert response.status_code == 200
        assert response.context["tree"] == []
        assert "Xã Ngãi Xuyên" not in response.content.decode()

    def test_search_without_diacritics_finds_the_commune(self, personas):
        url = reverse("geo:unit-list") + AS_OF + "&q=ngai+xuyen"
        response = personas.client(None).get(url)
        assert [u.code for u in response.context["page"].object_list] == ["29479"]
        assert "Xã Ngãi Xuyên" in response.content.decode()

    def test_search_with_no_result_has_an_empty_page(self, personas):
        response = personas.client(None).get(reverse("geo:unit-list") + AS_OF + "&q=hanoi")
        assert response.status_code == 200
        assert list(response.context["page"].object_list) == []
        assert "hanoi" in response.content.decode()

    def test_a_bad_date_is_explained_and_today_is_used(self, personas):
        response = personas.client(None).get(reverse("geo:unit-list") + "?as_of=31/02/2024")
        assert response.status_code == 200
        assert response.context["as_of_error"]
        assert 'aria-invalid="true"' in response.content.decode()

    @pytest.mark.usefixtures("reference_with_hamlets")
    def test_query_count_is_bounded_on_the_full_province(
        self, client, django_assert_max_num_queries
    ):
        with django_assert_max_num_queries(4):
            response = client.get(reverse("geo:unit-list") + "?as_of=2023-06-01")
        assert response.content.decode().count("<details") == 10  # province + 9 districts
        with django_assert_max_num_queries(4):
            response = client.get(reverse("geo:unit-list") + "?as_of=2023-06-01&q=ap")
        assert response.context["page"].paginator.count > 50


class UnitDetailPageTests:
    def test_it_shows_the_unit_its_hamlets_and_breadcrumbs(self, personas):
        response = personas.client(None).get(detail("29479"))
        assert response.status_code == 200
        content = response.content.decode()
        assert "Xã Ngãi Xuyên" in content and "Ấp Chợ" in content
        assert "Huyện Trà Cú" in content and "Tỉnh Trà Vinh" in content
        assert "30/06/2025" in content
        assert reverse("geo:unit-history", args=["29479"]) in content

    def test_officers_see_the_links_they_may_use(self, personas):
        content = personas.client(personas.district).get(detail("29479")).content.decode()
        assert reverse("geo:unit-edit", args=["29479"]) in content
        assert reverse("geo:hamlet-add", args=["29479"]) in content
        content = personas.client(personas.viewer_a).get(detail("29479")).content.decode()
        assert reverse("geo:hamlet-add", args=["29479"]) not in content

    def test_a_code_without_unit_on_the_date_lists_where_it_existed(self, personas):
        response = personas.client(None).get(
            reverse("geo:unit-detail", args=["29479"]) + "?as_of=2025-08-01"
        )
        assert response.status_code == 404
        content = response.content.decode()
        assert "Xã Ngãi Xuyên" in content and "as_of=2025-06-30" in content

    def test_an_unknown_code_is_404(self, personas):
        assert personas.client(None).get(detail("99999")).status_code == 404

    @pytest.mark.usefixtures("reference")
    def test_a_merged_unit_links_its_predecessors_with_the_legal_basis(self, client):
        url = reverse("geo:unit-detail", args=["29489"]) + "?as_of=2025-08-01"
        content = client.get(url).content.decode()
        assert "Xã Kim Sơn" in content and "Xã Hàm Tân" in content
        assert "Nghị quyết 1687/NQ-UBTVQH15" in content
        assert reverse("geo:unit-detail", args=["29482"]) + "?as_of=2025-06-30" in content


class UnitHistoryPageTests:
    def test_it_shows_the_history(self, personas):
        url = reverse("geo:unit-history", args=["29479"]) + AS_OF
        response = personas.client(None).get(url)
        assert response.status_code == 200
        assert "Xã Ngãi Xuyên" in response.content.decode()

    def test_unknown_unit_is_404(self, personas):
        url = reverse("geo:unit-history", args=["99999"]) + AS_OF
        assert personas.client(None).get(url).status_code == 404


class HamletAddPageTests:
    data = {"name": "Ấp Mới", "code": "2947902", "kind": "ap"}

    def test_the_commune_officer_adds_a_hamlet(self, personas):
        client = personas.client(personas.commune_a)
        assert client.get(hamlet_add("29479")).status_code == 200
        response = client.post(hamlet_add("29479"), self.data)
        assert response.status_code == 302
        assert response["Location"] == detail("29479")
        hamlet = AdministrativeUnit.objects.get(code="2947902")
        assert hamlet.parent == personas.commune_a_unit
        assert hamlet.valid_to == personas.commune_a_unit.valid_to
        assert "Ấp Mới" in client.get(response["Location"]).content.decode()

    def test_the_district_officer_can_too(self, personas):
        response = personas.client(personas.district).post(hamlet_add("29479"), self.data)
        assert response.status_code == 302

    def test_a_service_error_is_shown_on_the_field(self, personas):
        client = personas.client(personas.commune_a)
        response = client.post(hamlet_add("29479"), {**self.data, "code": "2947901"})
        assert response.status_code == 422
        assert response.context["form"].errors["code"]
        response = client.post(hamlet_add("29479"), {**self.data, "code": "1234567"})
        assert response.context["form"].errors["code"]
        assert not AdministrativeUnit.objects.filter(name="Ấp Mới").exists()

    def test_officer_of_other_commune_gets_404(self, personas):
        response = personas.client(personas.commune_b).post(hamlet_add("29479"), self.data)
        assert response.status_code == 404

    def test_read_only_viewer_gets_403(self, personas):
        response = personas.client(personas.viewer_a).post(hamlet_add("29479"), self.data)
        assert response.status_code == 403

    def test_anonymous_is_sent_to_login(self, personas):
        response = personas.client(None).get(hamlet_add("29479"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))

    def test_hamlets_go_under_communes_only(self, personas):
        response = personas.client(personas.district).get(hamlet_add("849"))
        assert response.status_code == 404


class UnitEditPageTests:
    def test_the_district_officer_corrects_a_commune(self, personas):
        client = personas.client(personas.district)
        assert client.get(edit("29479")).status_code == 200
        response = client.post(
            edit("29479"),
            {"name": "Xã Ngãi Xuyên A", "region": "dbscl", "commune_group": "2", "version": "1"},
        )
        assert response.status_code == 302
        unit = AdministrativeUnit.objects.get(pk=personas.commune_a_unit.pk)
        assert (unit.name, unit.search_name, unit.commune_group) == (
            "Xã Ngãi Xuyên A",
            "xa ngai xuyen a",
            2,
        )
        assert unit.history.first().history_user == personas.district

    def test_closing_validity_after_the_parent_is_refused_on_the_field(self, personas):
        client = personas.client(personas.district)
        response = client.post(
            edit("29482"),
            {"name": "Xã Kim Sơn", "region": "", "valid_to": "2030-01-01", "version": "1"},
        )
        assert response.status_code == 422
        assert response.context["form"].errors["valid_to"]

    def test_a_commune_officer_cannot_edit_their_own_commune(self, personas):
        assert personas.client(personas.commune_a).get(edit("29479")).status_code == 403

    def test_officer_of_other_district_gets_404(self, personas):
        assert personas.client(personas.other_district).get(edit("29479")).status_code == 404

    def test_read_only_viewer_gets_403(self, personas):
        assert personas.client(personas.viewer_a).get(edit("2947901")).status_code == 403

    def test_anonymous_is_sent_to_login(self, personas):
        response = personas.client(None).post(edit("29479"), {"name": "X"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
        assert AdministrativeUnit.objects.get(code="29479").name == "Xã Ngãi Xuyên"
