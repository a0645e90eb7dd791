"""A cluster's forms sent again (the browser posts them again when the token page is
reloaded, an officer clicks twice): no twin cluster, no second token, nothing changed."""

from __future__ import annotations

import re
from typing import Any

import pytest

from smartrural.testing import Personas

from ..models import Cluster
from ..services.stations import token_hash
from .station_support import cluster, station

pytestmark = pytest.mark.django_db
BASE = "/outreach/work"


def en(client: Any) -> Any:
    client.cookies["django_language"] = "en"
    return client


def shown_token(response: Any) -> str | None:
    found = re.search(r'<code id="device-token">([\w-]+)</code>', response.content.decode())
    return found.group(1) if found else None


class ClusterFormsSentAgainTests:
    def test_adding_the_same_cluster_twice_adds_one(self, personas: Personas) -> None:
        st = station(personas.commune_a_unit)
        client = en(personas.client(personas.commune_a))
        form = {"name": "Cụm loa ấp Chợ", "hamlet": personas.hamlet_a_unit.pk, "speakers": "4"}
        first = client.post(f"{BASE}/stations/{st.pk}/clusters/add/", form)
        assert first.status_code == 200 and shown_token(first)
        again = client.post(f"{BASE}/stations/{st.pk}/clusters/add/", form)
        assert again.status_code == 422
        assert shown_token(again) is None
        assert "This station already has a loudspeaker cluster named" in again.content.decode()
        assert Cluster.objects.count() == 1

    def test_a_name_is_taken_once_per_station_only(self, personas: Personas) -> None:
        mine, other = station(personas.commune_a_unit), station(personas.commune_b_unit)
        cluster(other, name="Cụm loa trung tâm")
        taken = cluster(mine, name="Cụm loa trung tâm").cluster
        renamed = cluster(mine, name="Cụm loa Chợ").cluster
        client = en(personas.client(personas.commune_a))
        edit = {"name": "cụm loa TRUNG TÂM", "speakers": "1", "active": "on", "version": "1"}
        response = client.post(f"{BASE}/clusters/{renamed.pk}/edit/", edit)
        assert response.status_code == 422
        renamed.refresh_from_db()
        assert renamed.name == "Cụm loa Chợ"
        # Its own name, kept on an edit, is no clash.
        edit = {"name": "Cụm loa trung tâm", "speakers": "3", "active": "on", "version": "1"}
        assert client.post(f"{BASE}/clusters/{taken.pk}/edit/", edit).status_code == 302

    def test_a_rotation_sent_again_issues_no_third_token(self, personas: Personas) -> None:
        issued = cluster(station(personas.commune_a_unit))
        client = en(personas.client(personas.commune_a))
        url = f"{BASE}/clusters/{issued.cluster.pk}/rotate/"
        new = shown_token(client.post(url, {"version": "1"}))
        assert new is not None and new != issued.token
        again = client.post(url, {"version": "1"}, follow=True)
        assert shown_token(again) is None
        assert "changed after the page was opened" in again.content.decode()
        assert Cluster.objects.get().token_hash == token_hash(new)

    def test_a_revocation_from_an_old_page_is_refused(self, personas: Personas) -> None:
        issued = cluster(station(personas.commune_a_unit))
        client = en(personas.client(personas.commune_a))
        rotated = shown_token(
            client.post(f"{BASE}/clusters/{issued.cluster.pk}/rotate/", {"version": "1"})
        )
        response = client.post(f"{BASE}/clusters/{issued.cluster.pk}/revoke/", {"version": "1"})
        assert response.status_code == 302
        stored = Cluster.objects.get()
        assert stored.token_revoked_at is None
        assert rotated is not None and stored.token_hash == token_hash(rotated)
