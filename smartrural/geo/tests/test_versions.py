"""Two officers editing one unit: the second is told what changed (page and API), and nothing
of theirs is written until they save again."""

from __future__ import annotations

import json

from django.urls import reverse

from smartrural.geo.models import AdministrativeUnit

EDIT = reverse("geo:unit-edit", args=["29479"]) + "?as_of=2024-01-01"
API = "/api/v1/units/29479?as_of=2024-01-01"


def unit() -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(code="29479")


def form(version: int, **changes: str) -> dict[str, str]:
    data = {"name": "Xã Ngãi Xuyên", "region": "dbscl", "commune_group": ""}
    return data | {"version": str(version)} | changes


def patch(client, data, **headers):
    return client.patch(API, json.dumps(data), content_type="application/json", headers=headers)


class UnitEditPageConflictTests:
    def test_the_page_carries_the_version_it_was_loaded_with(self, personas):
        response = personas.client(personas.district).get(EDIT)
        assert response.context["form"]["version"].value() == 1
        assert 'name="version" value="1"' in response.content.decode()

    def test_a_matching_version_saves_and_moves_on_by_exactly_one(self, personas):
        client = personas.client(personas.district)
        assert client.post(EDIT, form(1, name="Xã Ngãi Xuyên A")).status_code == 302
        assert (unit().name, unit().version) == ("Xã Ngãi Xuyên A", 2)

    def test_the_second_officer_gets_a_conflict_with_both_values(self, personas):
        first, second = personas.client(personas.district), personas.client(personas.province)
        loaded = second.get(EDIT).context["form"]["version"].value()
        assert first.post(EDIT, form(1, name="Xã Ngãi Xuyên A")).status_code == 302

        response = second.post(EDIT, form(loaded, name="Xã Ngãi Xuyên B"))

        assert response.status_code == 409
        text = response.content.decode()
        assert "Ai đó đã thay đổi mục này sau khi bạn mở trang" in text
        block = text[text.index('id="edit-conflict"') :]
        assert "Xã Ngãi Xuyên A" in block and "Xã Ngãi Xuyên B" in block
        assert personas.district.display_name in block
        assert unit().name == "Xã Ngãi Xuyên A"  # nothing of the second officer's is written
        assert unit().version == 2
        # the form shows what they typed, ready to be saved again over the stored version
        assert response.context["form"]["name"].value() == "Xã Ngãi Xuyên B"
        assert response.context["form"]["version"].value() == "2"

    def test_saving_again_after_the_conflict_keeps_the_second_officers_value(self, personas):
        first, second = personas.client(personas.district), personas.client(personas.province)
        first.post(EDIT, form(1, name="Xã Ngãi Xuyên A"))
        conflict = second.post(EDIT, form(1, name="Xã Ngãi Xuyên B"))
        again = dict(conflict.context["form"].data.items())

        assert second.post(EDIT, again).status_code == 302
        assert (unit().name, unit().version) == ("Xã Ngãi Xuyên B", 3)

    def test_the_same_value_typed_by_both_is_no_conflict(self, personas):
        first, second = personas.client(personas.district), personas.client(personas.province)
        first.post(EDIT, form(1, name="Xã Ngãi Xuyên A"))
        assert second.post(EDIT, form(1, name="Xã Ngãi Xuyên A")).status_code == 302

    def test_a_form_without_its_version_is_refused(self, personas):
        client = personas.client(personas.district)
        data = form(1, name="Xã Ngãi Xuyên A")
        del data["version"]
        response = client.post(EDIT, data)
        assert "tải lại trang" in str(response.context["form"].non_field_errors())
        assert unit().name == "Xã Ngãi Xuyên"
        assert client.post(EDIT, {**data, "version": "v1"}).context["form"].errors

    def test_the_history_does_not_list_the_version(self, personas):
        client = personas.client(personas.district)
        client.post(EDIT, form(1, name="Xã Ngãi Xuyên A"))
        history = client.get(reverse("geo:unit-history", args=["29479"]) + "?as_of=2024-01-01")
        fields = [c.field for e in history.context["page"].object_list for c in e.changes]
        assert "tên" in fields
        assert "phiên bản" not in fields


class UnitApiEtagTests:
    def test_a_read_carries_a_strong_etag_of_the_version(self, personas):
        response = personas.client(personas.district).get(API)
        assert response["ETag"] == '"v1"'
        assert response.json()["version"] == 1

    def test_a_matching_if_match_saves_and_answers_the_new_etag(self, personas):
        client = personas.client(personas.district)
        response = patch(client, {"name": "Xã Ngãi Xuyên A"}, **{"If-Match": '"v1"'})
        assert response.status_code == 200
        assert response["ETag"] == '"v2"'
        assert response.json()["version"] == 2 == unit().version

    def test_a_stale_if_match_is_409_with_both_values_and_nothing_written(self, personas):
        first, second = personas.client(personas.district), personas.client(personas.province)
        tag = second.get(API)["ETag"]
        assert patch(first, {"name": "Xã Ngãi Xuyên A"}, **{"If-Match": tag}).status_code == 200

        sent = {"name": "Xã Ngãi Xuyên B", "commune_group": 2}
        response = patch(second, sent, **{"If-Match": tag})

        assert response.status_code == 409
        body = response.json()
        assert body["current_version"] == 2
        assert body["conflicts"] == [
            {"field": "name", "current": "Xã Ngãi Xuyên A", "sent": "Xã Ngãi Xuyên B"},
            {"field": "commune_group", "current": None, "sent": 2},
        ]
        assert body["detail"]
        assert (unit().name, unit().commune_group, unit().version) == ("Xã Ngãi Xuyên A", None, 2)
        # read again, send again: saved
        tag = second.get(API)["ETag"]
        assert patch(second, {"name": "Xã Ngãi Xuyên B"}, **{"If-Match": tag}).status_code == 200
        assert unit().name == "Xã Ngãi Xuyên B"

    def test_a_stale_if_match_reports_only_the_fields_sent(self, personas):
        # The first officer renamed the unit; the second, with the old tag, sets the group only:
        # still a conflict (the tag is stale), naming the group, not the name.
        first, second = personas.client(personas.district), personas.client(personas.province)
        patch(first, {"name": "Xã Ngãi Xuyên A"}, **{"If-Match": '"v1"'})
        response = patch(second, {"commune_group": 2}, **{"If-Match": '"v1"'})
        assert response.status_code == 409
        assert response.json()["conflicts"] == [
            {"field": "commune_group", "current": None, "sent": 2}
        ]

    def test_without_if_match_the_last_writer_wins_on_the_fields_sent_only(self, personas):
        first, second = personas.client(personas.district), personas.client(personas.province)
        patch(first, {"name": "Xã Ngãi Xuyên A"})
        assert patch(second, {"commune_group": 2}).status_code == 200
        assert (unit().name, unit().commune_group, unit().version) == ("Xã Ngãi Xuyên A", 2, 3)

    def test_star_matches_any_version(self, personas):
        client = personas.client(personas.district)
        assert patch(client, {"name": "X"}, **{"If-Match": "*"}).status_code == 200

    def test_a_malformed_if_match_is_422(self, personas):
        client = personas.client(personas.district)
        for tag in ("v1", 'W/"v1"', '"1"', '"v1", "v2"'):
            response = patch(client, {"name": "X"}, **{"If-Match": tag})
            assert response.status_code == 422, tag
            assert "If-Match" in response.json()["detail"]
        assert unit().name == "Xã Ngãi Xuyên"

    def test_the_conflict_is_declared_in_the_openapi(self, personas):
        spec = personas.client(None).get("/api/v1/openapi.json").json()
        patch_op = spec["paths"]["/api/v1/units/{code}"]["patch"]
        assert "409" in patch_op["responses"]
        assert "If-Match" in patch_op["description"]
