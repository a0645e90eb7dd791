"""The demo's simulated loudspeakers: fresh tokens for the clusters in service, then heartbeats
and plays through the device API, so the station pages show them working on any day."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
import time_machine

from smartrural.testing import TODAY, Personas

from ..fakes.demo_stations import DemoLoudspeakers
from ..models import Cluster, PlayLog
from ..services.stations import cluster_state
from .station_support import bulletin, cluster, local, station

pytestmark = pytest.mark.django_db


def test_the_clusters_in_service_get_tokens_then_beat_and_play(
    personas: Personas, wsgi_transport: httpx.WSGITransport
) -> None:
    unit = personas.commune_a_unit
    st = station(unit)
    old = cluster(st, hamlet=personas.hamlet_a_unit).cluster
    resting = cluster(st, name="Cụm loa dự phòng").cluster
    Cluster.objects.filter(pk=resting.pk).update(active=False)
    with time_machine.travel(local(TODAY, 11, 0), tick=False):
        bulletin(
            unit,
            title="Thu hoạch lúa",
            plays_from=local(TODAY, 7),
            expires_at=local(TODAY + dt.timedelta(days=1), 0),
            zones=[unit],
        )
        speakers = DemoLoudspeakers("http://testserver", transport=wsgi_transport)
        before = old.token_hash
        assert speakers.issue_tokens() == 1  # the one in service only
        assert speakers.run_once() == 1
        speakers.stop()
        old.refresh_from_db()
        assert old.token_hash != before  # a fresh token; the old one no longer works
        assert cluster_state(old, now=local(TODAY, 11, 0)) == "ok"
        assert list(PlayLog.objects.values_list("cluster_id", "status")) == [(old.pk, "played")]


def test_a_site_not_up_yet_is_tried_again_without_failing(personas: Personas) -> None:
    st = station(personas.commune_a_unit)
    cluster(st, hamlet=personas.hamlet_a_unit)
    speakers = DemoLoudspeakers("http://127.0.0.1:9")  # nothing listens on the discard port
    speakers.issue_tokens()
    assert speakers.run_once() == 0
    speakers.stop()
