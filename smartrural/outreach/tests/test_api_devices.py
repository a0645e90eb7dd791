"""The loudspeakers' device API through the test client: token checks, next, audio, ack,
heartbeat buckets."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

import pytest
import time_machine
from django.test import Client, override_settings

from smartrural.geo.services import unit_create
from smartrural.testing import LOCAL, TODAY, TV_END, Personas

from ..models import Cluster, Heartbeat, PlayLog, Priority, ProgrammeItem
from ..services.stations import cluster_token_revoke, cluster_token_rotate, cluster_update
from .station_support import DEVICE_PREFIX, bearer, bulletin, cluster, local, station, tone_mp3

DAY = TODAY
NOON = dt.datetime(DAY.year, DAY.month, DAY.day, 12, 0, 30, tzinfo=LOCAL)


@pytest.fixture
def at_noon() -> Any:
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


@pytest.fixture
def radio(personas: Personas, at_noon: Any) -> dict[str, Any]:
    st = station(personas.commune_a_unit)
    issued = cluster(st, hamlet=personas.hamlet_a_unit)
    end = local(DAY + dt.timedelta(days=1), 0)
    bulletin(
        personas.commune_a_unit,
        title="Lịch tiêm phòng",
        plays_from=local(DAY, 7),
        expires_at=end,
        stations=[st],
    )
    return {"station": st, "cluster": issued.cluster, "token": issued.token}


def post(client: Client, path: str, body: Any, token: str | None) -> Any:
    headers = bearer(token) if token else {}
    return client.post(
        DEVICE_PREFIX + path,
        data=json.dumps(body),
        content_type="application/json",
        **headers,  # type: ignore[arg-type]
    )


def get(client: Client, path: str, token: str | None) -> Any:
    headers = bearer(token) if token else {}
    return client.get(DEVICE_PREFIX + path, **headers)  # type: ignore[arg-type]


def ack_body(item: int, status: str = "played") -> dict[str, Any]:
    return {"item": item, "status": status, "at": NOON.isoformat(), "detail": ""}


@pytest.mark.django_db
class DeviceAuthTests:
    def test_no_token_is_401_with_a_clear_message(self, radio: dict[str, Any]) -> None:
        response = get(Client(), "/next", None)
        assert response.status_code == 401
        assert "Authorization: Bearer" in response.json()["detail"]

    def test_an_unknown_token_is_401(self, radio: dict[str, Any]) -> None:
        response = get(Client(), "/next", "x" * 43)
        assert response.status_code == 401
        assert response.json()["detail"] == "Mã thiết bị không đúng."  # Vietnamese by default

    def test_a_revoked_token_is_401_and_nothing_is_written(self, radio: dict[str, Any]) -> None:
        cl = radio["cluster"]
        cluster_token_revoke(cluster=cl, version=None, by=None)
        item = ProgrammeItem.objects.count()
        for response in (
            get(Client(), "/next", radio["token"]),
            post(Client(), "/heartbeat", {"status": "ok"}, radio["token"]),
            post(Client(), "/ack", ack_body(1), radio["token"]),
        ):
            assert response.status_code == 401
            assert "đã bị thu hồi" in response.json()["detail"]
        cl.refresh_from_db()
        assert cl.last_contact_at is None and cl.reported_status == ""
        assert Heartbeat.objects.count() == 0
        assert PlayLog.objects.count() == 0
        assert ProgrammeItem.objects.count() == item

    def test_a_rotated_token_replaces_the_old_one(self, radio: dict[str, Any]) -> None:
        issued = cluster_token_rotate(cluster=radio["cluster"], version=None, by=None)
        assert get(Client(), "/next", radio["token"]).status_code == 401
        assert get(Client(), "/next", issued.token).status_code == 200

    def test_only_the_hash_of_the_token_is_stored(self, radio: dict[str, Any]) -> None:
        stored = Cluster.objects.get()
        assert stored.token_hash == hashlib.sha256(radio["token"].encode()).hexdigest()
        assert stored.token_prefix == radio["token"][:8]
        assert radio["token"] not in json.dumps(list(Cluster.objects.values()), default=str)
        assert radio["token"] not in json.dumps(list(Cluster.history.values()), default=str)

    def test_a_cluster_out_of_service_is_403(self, radio: dict[str, Any]) -> None:
        cluster_update(cluster=radio["cluster"], version=None, by=None, active=False)
        response = get(Client(), "/next", radio["token"])
        assert response.status_code == 403
        assert "ngừng hoạt động" in response.json()["detail"]

    @override_settings(OUTREACH_DEVICE_MAX_BODY=100)
    def test_a_body_over_the_limit_is_413(self, radio: dict[str, Any]) -> None:
        response = post(Client(), "/heartbeat", {"status": "ok", "detail": "x" * 150},
                        radio["token"])  # fmt: skip
        assert response.status_code == 413

    def test_a_cluster_calling_too_often_is_slowed_down(self, radio: dict[str, Any]) -> None:
        # OUTREACH_DEVICE_RATE: 120 calls a minute per cluster (the clock stands still).
        client = Client()
        statuses = [
            post(client, "/heartbeat", {"status": "ok"}, radio["token"]).status_code
            for _ in range(121)
        ]
        assert statuses[:120] == [200] * 120
        assert statuses[120] == 429
        other = cluster(radio["station"], name="Cụm loa ấp Mới")
        assert post(client, "/heartbeat", {"status": "ok"}, other.token).status_code == 200


@pytest.mark.django_db
class NextTests:
    def test_it_lists_the_days_items_with_audio_checksum_and_times(
        self, radio: dict[str, Any]
    ) -> None:
        response = get(Client(), "/next", radio["token"])
        assert response.status_code == 200, response.content
        body = response.json()
        [item] = body["items"]
        assert item["title"] == "Lịch tiêm phòng"
        assert item["priority"] == "normal" and item["interrupt"] is False
        assert item["starts_at"] == f"{DAY.isoformat()}T11:00:00+07:00"
        assert item["expires_at"] == f"{(DAY + dt.timedelta(days=1)).isoformat()}T00:00:00+07:00"
        assert item["sha256"] == hashlib.sha256(tone_mp3()).hexdigest()
        assert item["duration"] == 1.0
        assert item["audio_url"].startswith("http://testserver/api/v1/loudspeakers/items/")
        assert body["server_time"] == "2026-12-02T12:00:30+07:00"

    def test_the_audio_is_served_with_the_token_only(self, radio: dict[str, Any]) -> None:
        [item] = get(Client(), "/next", radio["token"]).json()["items"]
        path = item["audio_url"].removeprefix("http://testserver")
        assert Client().get(path).status_code == 401
        response = Client().get(path, **bearer(radio["token"]))  # type: ignore[arg-type]
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == tone_mp3()  # type: ignore[attr-defined]
        assert response["Content-Type"] == "audio/mpeg"

    def test_another_stations_audio_is_404(self, personas: Personas, radio: dict[str, Any]) -> None:
        [item] = get(Client(), "/next", radio["token"]).json()["items"]
        other = cluster(station(personas.commune_b_unit, name="Đài Kim Sơn"), name="Cụm B")
        response = get(Client(), f"/items/{item['id']}/audio", other.token)
        assert response.status_code == 404

    def test_an_emergency_comes_first_with_interrupt(
        self, personas: Personas, radio: dict[str, Any]
    ) -> None:
        bulletin(
            personas.commune_a_unit,
            title="Cảnh báo triều cường",
            priority=Priority.EMERGENCY,
            plays_from=local(DAY, 11, 59),
            expires_at=local(DAY, 18),
            stations=[radio["station"]],
        )
        items = get(Client(), "/next", radio["token"]).json()["items"]
        assert [(i["title"], i["interrupt"]) for i in items] == [
            ("Cảnh báo triều cường", True),
            ("Lịch tiêm phòng", False),
        ]
        assert items[0]["priority"] == "emergency"

    def test_a_bulletin_to_a_hamlet_goes_only_to_that_hamlets_clusters(
        self, personas: Personas, radio: dict[str, Any]
    ) -> None:
        elsewhere = cluster(radio["station"], name="Cụm loa chung").token  # no hamlet
        bulletin(personas.commune_a_unit, title="Cúp nước ấp Chợ", plays_from=local(DAY, 7),
                 expires_at=local(DAY, 23), zones=[personas.hamlet_a_unit])  # fmt: skip
        mine = [i["title"] for i in get(Client(), "/next", radio["token"]).json()["items"]]
        other = [i["title"] for i in get(Client(), "/next", elsewhere).json()["items"]]
        assert sorted(mine) == ["Cúp nước ấp Chợ", "Lịch tiêm phòng"]
        assert other == ["Lịch tiêm phòng"]

    def test_acknowledged_and_expired_items_are_left_out(
        self, personas: Personas, radio: dict[str, Any]
    ) -> None:
        bulletin(personas.commune_a_unit, title="Hết hạn trưa nay", plays_from=local(DAY, 7),
                 expires_at=local(DAY, 12), stations=[radio["station"]])  # fmt: skip
        [item] = get(Client(), "/next", radio["token"]).json()["items"]
        assert post(Client(), "/ack", ack_body(item["id"]), radio["token"]).status_code == 200
        assert get(Client(), "/next", radio["token"]).json()["items"] == []

    def test_a_poll_counts_as_contact(self, radio: dict[str, Any]) -> None:
        get(Client(), "/next", radio["token"])
        cl = Cluster.objects.get()
        assert cl.last_contact_at == NOON
        assert Heartbeat.objects.filter(cluster=cl).count() == 1


@pytest.mark.django_db
class AckTests:
    def test_the_same_ack_twice_is_one_row_and_200_both_times(self, radio: dict[str, Any]) -> None:
        [item] = get(Client(), "/next", radio["token"]).json()["items"]
        first = post(Client(), "/ack", ack_body(item["id"]), radio["token"])
        again = post(Client(), "/ack", ack_body(item["id"]), radio["token"])
        assert (first.status_code, again.status_code) == (200, 200)
        assert first.json()["recorded"] is True and again.json()["recorded"] is False
        log = PlayLog.objects.get()
        assert (log.status, log.played_at, log.cluster_id) == ("played", NOON, radio["cluster"].pk)

    def test_an_item_of_another_station_is_404_and_not_logged(
        self, personas: Personas, radio: dict[str, Any]
    ) -> None:
        [item] = get(Client(), "/next", radio["token"]).json()["items"]
        other = cluster(station(personas.commune_b_unit, name="Đài Kim Sơn"), name="Cụm B")
        response = post(Client(), "/ack", ack_body(item["id"]), other.token)
        assert response.status_code == 404
        assert PlayLog.objects.count() == 0

    def test_an_expired_item_is_still_logged(self, radio: dict[str, Any], at_noon: Any) -> None:
        [item] = get(Client(), "/next", radio["token"]).json()["items"]
        at_noon.move_to(local(DAY + dt.timedelta(days=1), 1))
        response = post(Client(), "/ack", ack_body(item["id"], "failed"), radio["token"])
        assert response.status_code == 200
        assert PlayLog.objects.get().status == "failed"

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"item": 1, "status": "played"}, "at"),
            ({"item": 1, "status": "sung", "at": "2026-12-02T12:00:00+07:00"}, "status"),
            ({"item": "1", "status": "played", "at": "2026-12-02T12:00:00+07:00"}, "item"),
            ({"item": 1, "status": "played", "at": "2026-12-02T12:00:00"}, "at"),
            (
                {
                    "item": 1,
                    "status": "played",
                    "at": "2026-12-02T12:00:00+07:00",
                    "detail": "x" * 201,
                },
                "detail",
            ),
            ({"item": 1, "status": "played", "at": "2026-12-02T12:00:00+07:00", "x": 1}, "x"),
        ],
    )
    def test_a_bad_body_is_422_naming_the_field_and_writes_nothing(
        self, radio: dict[str, Any], body: dict[str, Any], field: str
    ) -> None:
        response = post(Client(), "/ack", body, radio["token"])
        assert response.status_code == 422, response.content
        assert response.json()["field"] == field
        assert PlayLog.objects.count() == 0

    def test_a_moment_in_the_future_is_refused(self, radio: dict[str, Any]) -> None:
        [item] = get(Client(), "/next", radio["token"]).json()["items"]
        body = ack_body(item["id"]) | {"at": (NOON + dt.timedelta(hours=1)).isoformat()}
        response = post(Client(), "/ack", body, radio["token"])
        assert response.status_code == 422
        assert response.json()["field"] == "at"
        assert PlayLog.objects.count() == 0

    def test_a_body_that_is_not_json_is_400(self, radio: dict[str, Any]) -> None:
        response = Client().post(
            DEVICE_PREFIX + "/ack",
            data=b"{item",
            content_type="application/json",
            **bearer(radio["token"]),  # type: ignore[arg-type]
        )
        assert response.status_code == 400


@pytest.fixture
def hamlet_bulletin(personas: Personas, radio: dict[str, Any]) -> dict[str, Any]:
    """A bulletin sent to Ấp Chợ only (its item in the station's programme), and two other
    clusters of the same station: one in another hamlet (Ấp Mới), one with no hamlet."""
    other_hamlet = unit_create(
        code="2947902",
        name="Ấp Mới",
        kind="ap",
        level="hamlet",
        parent=personas.commune_a_unit,
        valid_to=TV_END,
    )
    bulletin(personas.commune_a_unit, title="Cúp nước ấp Chợ", plays_from=local(DAY, 7),
             expires_at=local(DAY, 23), zones=[personas.hamlet_a_unit])  # fmt: skip
    items = get(Client(), "/next", radio["token"]).json()["items"]
    [item] = [i for i in items if i["title"] == "Cúp nước ấp Chợ"]
    return {
        "item": item["id"],
        "other_hamlet": cluster(radio["station"], name="Cụm loa ấp Mới", hamlet=other_hamlet),
        "no_hamlet": cluster(radio["station"], name="Cụm loa chung"),
    }


@pytest.mark.django_db
class HamletBulletinTests:
    """``next``, ``audio`` and ``ack`` agree: a bulletin sent to a hamlet is for the clusters
    of that hamlet only; a bulletin sent to the station or the commune is for every cluster."""

    @pytest.mark.parametrize("who", ["other_hamlet", "no_hamlet"])
    def test_a_cluster_outside_the_hamlet_neither_lists_nor_fetches_nor_acks_it(
        self, radio: dict[str, Any], hamlet_bulletin: dict[str, Any], who: str
    ) -> None:
        token = hamlet_bulletin[who].token
        item = hamlet_bulletin["item"]
        listed = [i["title"] for i in get(Client(), "/next", token).json()["items"]]
        assert listed == ["Lịch tiêm phòng"]
        assert get(Client(), f"/items/{item}/audio", token).status_code == 404
        response = post(Client(), "/ack", ack_body(item), token)
        assert response.status_code == 404
        assert PlayLog.objects.count() == 0

    def test_the_hamlets_own_cluster_fetches_and_acks_it(
        self, radio: dict[str, Any], hamlet_bulletin: dict[str, Any]
    ) -> None:
        item = hamlet_bulletin["item"]
        response = get(Client(), f"/items/{item}/audio", radio["token"])
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == tone_mp3()
        assert post(Client(), "/ack", ack_body(item), radio["token"]).status_code == 200
        assert PlayLog.objects.get().cluster_id == radio["cluster"].pk

    def test_a_station_wide_item_is_for_every_cluster_of_the_station(
        self, radio: dict[str, Any], hamlet_bulletin: dict[str, Any]
    ) -> None:
        [item] = [
            i for i in get(Client(), "/next", radio["token"]).json()["items"]
            if i["title"] == "Lịch tiêm phòng"
        ]  # fmt: skip
        for who in ("other_hamlet", "no_hamlet"):
            token = hamlet_bulletin[who].token
            assert get(Client(), f"/items/{item['id']}/audio", token).status_code == 200
            assert post(Client(), "/ack", ack_body(item["id"]), token).status_code == 200
        assert PlayLog.objects.count() == 2


@pytest.mark.django_db
class HeartbeatTests:
    def test_heartbeats_count_once_per_five_minute_bucket(
        self, radio: dict[str, Any], at_noon: Any
    ) -> None:
        token = radio["token"]
        moments = [(12, 0, 30), (12, 4, 59), (12, 5, 0), (12, 9, 0), (12, 10, 0)]
        for hour, minute, second in moments:
            at_noon.move_to(dt.datetime(DAY.year, DAY.month, DAY.day, hour, minute, second,
                                        tzinfo=LOCAL))  # fmt: skip
            response = post(Client(), "/heartbeat", {"status": "ok"}, token)
            assert response.status_code == 200
        buckets = sorted(
            b.astimezone(LOCAL).strftime("%H:%M")
            for b in Heartbeat.objects.values_list("bucket", flat=True)
        )
        assert buckets == ["12:00", "12:05", "12:10"]

    def test_a_fault_is_recorded_with_its_detail(self, radio: dict[str, Any]) -> None:
        response = post(Client(), "/heartbeat", {"status": "fault", "detail": "Mất sóng 4G"},
                        radio["token"])  # fmt: skip
        assert response.status_code == 200
        assert response.json()["bucket"] == "2026-12-02T12:00:00+07:00"
        cl = Cluster.objects.get()
        assert (cl.reported_status, cl.reported_detail) == ("fault", "Mất sóng 4G")
        assert cl.last_contact_at == NOON
        # Contact is no edit: no version, no history row.
        assert cl.version == 1 and cl.history.count() == 1
