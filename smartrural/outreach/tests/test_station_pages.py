"""Officers' commune radio pages: scoped lists, status and last contact, the token shown once,
revoking, the programme with the clusters' reports, the play log, query counts."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from smartrural.testing import LOCAL, TODAY, Personas

from ..api_devices import heartbeat_bucket
from ..models import Cluster, ClusterStatus, Heartbeat, PlayLog, Priority, Station
from ..programmes import programme_build
from ..services.stations import token_hash
from .station_support import bulletin, cluster, local, station

DAY = TODAY
BASE = "/outreach/work"


@pytest.fixture
def at_noon() -> Any:
    with time_machine.travel(local(DAY, 12), tick=False) as traveller:
        yield traveller


def en(client: Any) -> Any:
    client.cookies["django_language"] = "en"
    return client


def seen(cl: Cluster, when: dt.datetime, status: str = ClusterStatus.OK) -> None:
    Cluster.objects.filter(pk=cl.pk).update(last_contact_at=when, reported_status=status)


@pytest.mark.django_db
class StationListTests:
    def test_it_shows_the_stations_of_the_officers_units_with_cluster_states(
        self, personas: Personas, at_noon: Any
    ) -> None:
        st = station(personas.commune_a_unit, name="Đài Ngãi Xuyên")
        station(personas.commune_b_unit, name="Đài Kim Sơn")
        working = cluster(st, name="Cụm Chợ").cluster
        faulty = cluster(st, name="Cụm Giồng").cluster
        cluster(st, name="Cụm Mới")  # never heard from
        late = cluster(st, name="Cụm Xa").cluster
        seen(working, local(DAY, 11, 45))  # 15 minutes ago: still working
        seen(faulty, local(DAY, 11, 59), ClusterStatus.FAULT)
        seen(late, local(DAY, 11, 44))  # 16 minutes ago: offline
        response = en(personas.client(personas.commune_a)).get(f"{BASE}/stations/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "Đài Ngãi Xuyên" in html and "Đài Kim Sơn" not in html
        states = dict(re.findall(r"(Cụm \w+) <span class=\"badge [\w-]+\">([\w ]+)<", html))
        assert states == {
            "Cụm Chợ": "Working",
            "Cụm Giồng": "Fault reported",
            "Cụm Mới": "No contact",
            "Cụm Xa": "No contact",
        }
        assert "02/12/2026 11:45" in html  # Vietnam time

    def test_the_province_sees_every_station(self, personas: Personas) -> None:
        station(personas.commune_a_unit, name="Đài Ngãi Xuyên")
        station(personas.commune_b_unit, name="Đài Kim Sơn")
        html = personas.client(personas.province).get(f"{BASE}/stations/").content.decode()
        assert "Đài Ngãi Xuyên" in html and "Đài Kim Sơn" in html

    def test_the_list_costs_the_same_queries_for_many_stations(
        self, personas: Personas, django_assert_max_num_queries: Any
    ) -> None:
        client = personas.client(personas.province)
        for n in range(6):
            st = station(personas.commune_a_unit, name=f"Đài {n}")
            for k in range(3):
                cluster(st, name=f"Cụm {n}-{k}")
        client.get(f"{BASE}/stations/")
        with django_assert_max_num_queries(12):
            assert client.get(f"{BASE}/stations/").status_code == 200

    def test_the_station_page_shows_uptime_over_24_hours(
        self, personas: Personas, at_noon: Any, django_assert_max_num_queries: Any
    ) -> None:
        st = station(personas.commune_a_unit)
        half = cluster(st, name="Cụm Nửa").cluster
        for n in range(2):
            cluster(st, name=f"Cụm {n}")
        start = local(DAY, 12) - dt.timedelta(hours=24)
        buckets = [
            Heartbeat(cluster=half, bucket=heartbeat_bucket(start + dt.timedelta(minutes=10 * k)))
            for k in range(144)
        ]
        # An older one does not count.
        buckets.append(Heartbeat(cluster=half, bucket=start - dt.timedelta(minutes=5)))
        Heartbeat.objects.bulk_create(buckets)
        client = personas.client(personas.commune_a)
        with django_assert_max_num_queries(12):
            response = client.get(f"{BASE}/stations/{st.pk}/")
        html = response.content.decode()
        row = html[html.index("Cụm Nửa") :]
        assert "<td>50%</td>" in row[: row.index("</tr>")]


@pytest.mark.django_db
class StationFormTests:
    def test_an_officer_adds_a_station_of_their_commune(self, personas: Personas) -> None:
        client = personas.client(personas.commune_a)
        response = client.post(
            f"{BASE}/stations/add/",
            {"unit": personas.commune_a_unit.pk, "name": "Đài truyền thanh Ngãi Xuyên",
             "active": "on"},
        )  # fmt: skip
        assert response.status_code == 302
        made = Station.objects.get()
        assert (made.unit, made.name) == (personas.commune_a_unit, "Đài truyền thanh Ngãi Xuyên")
        assert made.history.count() == 1

    def test_a_commune_outside_the_officers_units_is_refused(self, personas: Personas) -> None:
        client = personas.client(personas.commune_a)
        response = client.post(
            f"{BASE}/stations/add/", {"unit": personas.commune_b_unit.pk, "name": "Đài Kim Sơn"}
        )
        assert response.status_code == 422
        assert not Station.objects.exists()

    def test_editing_with_a_stale_version_is_a_conflict(self, personas: Personas) -> None:
        st = station(personas.commune_a_unit, name="Đài A")
        client = personas.client(personas.commune_a)
        url = f"{BASE}/stations/{st.pk}/edit/"
        assert (
            client.post(url, {"name": "Đài B", "active": "on", "version": "1"}).status_code == 302
        )
        response = client.post(url, {"name": "Đài C", "active": "on", "version": "1"})
        assert response.status_code == 409
        st.refresh_from_db()
        assert st.name == "Đài B"


@pytest.mark.django_db
class TokenPageTests:
    def test_the_token_is_shown_once_after_creation_and_never_again(
        self, personas: Personas
    ) -> None:
        st = station(personas.commune_a_unit)
        client = personas.client(personas.commune_a)
        response = client.post(
            f"{BASE}/stations/{st.pk}/clusters/add/",
            {"name": "Cụm loa ấp Chợ", "hamlet": personas.hamlet_a_unit.pk, "speakers": "4"},
        )
        assert response.status_code == 200
        assert (
            response["Cache-Control"].startswith("no-store")
            or "no-store" in response["Cache-Control"]
        )
        token = re.search(r'<code id="device-token">([\w-]+)</code>', response.content.decode())
        assert token is not None
        made = Cluster.objects.get()
        assert made.token_hash == token_hash(token.group(1))
        assert (made.hamlet, made.speakers) == (personas.hamlet_a_unit, 4)
        pages = ("stations/{st}/", "stations/", "clusters/{c}/edit/", "clusters/{c}/history/")
        for page in pages:
            url = f"{BASE}/" + page.format(st=st.pk, c=made.pk)
            assert token.group(1) not in client.get(url).content.decode()

    def test_a_hamlet_of_another_commune_is_refused(self, personas: Personas) -> None:
        st = station(personas.commune_b_unit)
        client = personas.client(personas.province)
        response = client.post(
            f"{BASE}/stations/{st.pk}/clusters/add/",
            {"name": "Cụm", "hamlet": personas.hamlet_a_unit.pk, "speakers": "1"},
        )
        assert response.status_code == 422
        assert not Cluster.objects.exists()

    def test_rotating_shows_a_new_token_and_revoking_stops_it(self, personas: Personas) -> None:
        st = station(personas.commune_a_unit)
        issued = cluster(st)
        client = en(personas.client(personas.commune_a))
        response = client.post(f"{BASE}/clusters/{issued.cluster.pk}/rotate/", {"version": "1"})
        assert response.status_code == 200
        new = re.search(r'<code id="device-token">([\w-]+)</code>', response.content.decode())
        assert new is not None and new.group(1) != issued.token
        response = client.post(f"{BASE}/clusters/{issued.cluster.pk}/revoke/", {"version": "2"})
        assert response.status_code == 302
        stored = Cluster.objects.get()
        assert stored.token_hash == token_hash(new.group(1))
        assert stored.token_revoked_at is not None
        page = client.get(f"{BASE}/stations/{st.pk}/").content.decode()
        assert "Token revoked" in page

    def test_a_read_only_viewer_cannot_rotate(self, personas: Personas) -> None:
        issued = cluster(station(personas.commune_a_unit))
        client = personas.client(personas.viewer_a)
        response = client.post(f"{BASE}/clusters/{issued.cluster.pk}/rotate/", {"version": "1"})
        assert response.status_code == 403
        assert Cluster.objects.get().token_hash == token_hash(issued.token)


@pytest.mark.django_db
class ProgrammePageTests:
    def test_it_shows_each_item_its_priority_and_the_clusters_reports(
        self, personas: Personas, at_noon: Any, django_assert_max_num_queries: Any
    ) -> None:
        st = station(personas.commune_a_unit)
        clusters = [cluster(st, name=f"Cụm {n}").cluster for n in range(4)]
        end = local(DAY + dt.timedelta(days=1), 0)
        for n in range(5):
            bulletin(personas.commune_a_unit, title=f"Bản tin {n}", plays_from=local(DAY, 7),
                     expires_at=end, stations=[st])  # fmt: skip
        bulletin(personas.commune_a_unit, title="Khẩn", priority=Priority.EMERGENCY,
                 plays_from=local(DAY, 9), expires_at=end, stations=[st])  # fmt: skip
        items = programme_build(station=st, day=DAY)
        for item in items:
            for cl in clusters[:2]:
                PlayLog.objects.create(cluster=cl, item=item, status="played",
                                       played_at=timezone.now())  # fmt: skip
        PlayLog.objects.filter(cluster=clusters[1], item=items[0]).update(status="failed")
        client = en(personas.client(personas.commune_a))
        url = f"{BASE}/stations/{st.pk}/programme/?day=02/12/2026"
        client.get(url)
        with django_assert_max_num_queries(20):
            response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert html.index("Khẩn") < html.index("Bản tin 0")
        assert 'Cụm 1: <span class="badge badge-err">Failed' in html
        assert "2 clusters have not reported." in html
        assert ">Emergency<" in html

    def test_a_day_that_is_not_a_date_is_422(self, personas: Personas) -> None:
        st = station(personas.commune_a_unit)
        client = personas.client(personas.commune_a)
        response = client.get(f"{BASE}/stations/{st.pk}/programme/?day=31/02/2026")
        assert response.status_code == 422

    def test_the_play_log_is_paginated(
        self, personas: Personas, at_noon: Any, django_assert_max_num_queries: Any
    ) -> None:
        st = station(personas.commune_a_unit)
        end = local(DAY + dt.timedelta(days=1), 0)
        clusters = [cluster(st, name=f"Cụm {n}").cluster for n in range(11)]
        for n in range(5):
            bulletin(personas.commune_a_unit, title=f"Bản tin {n}", plays_from=local(DAY, 7),
                     expires_at=end, stations=[st])  # fmt: skip
        for item in programme_build(station=st, day=DAY):
            for cl in clusters:
                PlayLog.objects.create(cluster=cl, item=item, status="played",
                                       played_at=timezone.now())  # fmt: skip
        client = personas.client(personas.commune_a)
        with django_assert_max_num_queries(12):
            response = client.get(f"{BASE}/stations/{st.pk}/plays/?page=2")
        assert response.status_code == 200
        assert response.content.decode().count("<tr>") == 1 + 5  # header + 55 - 50

    def test_another_communes_station_is_404(self, personas: Personas) -> None:
        st = station(personas.commune_b_unit)
        client = personas.client(personas.commune_a)
        for suffix in ("", "programme/", "plays/", "edit/", "history/"):
            assert client.get(f"{BASE}/stations/{st.pk}/{suffix}").status_code == 404


def test_heartbeat_buckets_are_five_minutes_in_utc() -> None:
    moment = dt.datetime(2026, 12, 2, 12, 7, 59, tzinfo=LOCAL)
    assert heartbeat_bucket(moment) == dt.datetime(2026, 12, 2, 5, 5, tzinfo=dt.UTC)
