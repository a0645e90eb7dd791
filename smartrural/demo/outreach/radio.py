"""The story's commune radio: stations, clusters, bulletins, and the simulated loudspeaker
devices calling the device API in this process."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

import httpx
from django.conf import settings

from smartrural.geo.models import AdministrativeUnit
from smartrural.outreach.api_devices import contacts_record
from smartrural.outreach.fakes.station import SimulatedCluster
from smartrural.outreach.models import (
    Cluster,
    ClusterStatus,
    Station,
)
from smartrural.outreach.programmes import programme_plan
from smartrural.outreach.services.bulletins import bulletin_create_from_text, bulletin_publish
from smartrural.outreach.services.stations import cluster_create, station_create, station_update

from ..clock import at, moment
from ..datafiles import day
from .base import (
    PRIORITIES,
    _clock,
    _StoryBase,
    _when,
    quiet,
)

# ---------------------------------------------------------------------------------------------
# The simulated loudspeaker devices, calling the device API in this process


def site_transport() -> httpx.WSGITransport:
    """The site's WSGI application for an in-process client. As Django's test client does, the
    request signals do not close the database connection (the demo may be inside its one
    transaction)."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    handler = WSGIHandler()

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = handler(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                response.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)

    return httpx.WSGITransport(app=app)


def site_host() -> str:
    hosts = [h for h in settings.ALLOWED_HOSTS if h and h != "*" and not h.startswith(".")]
    return hosts[0] if hosts else "localhost"


class RadioStory(_StoryBase):
    """The commune radio of the story."""

    # -- radio -----------------------------------------------------------------------------

    def _stations(self, block: dict[str, Any]) -> Callable[[], None]:
        def run() -> None:
            radio = self.spec["radio"]
            made = day(block["made"])
            rng = random.Random(f"{self.spec['seed']}-radio-{made}")
            with at(made):
                for entry in block["list"]:
                    unit = self._unit(str(entry["unit"]), made)
                    officer = self._officer(unit)
                    station = station_create(unit=unit, name=entry["name"], by=officer)
                    for hamlet in self._hamlets(unit, made):
                        issued = cluster_create(
                            station=station,
                            name=f"Cụm loa {hamlet.name}",
                            hamlet=hamlet,
                            speakers=rng.randint(
                                radio["speakers"]["min"], radio["speakers"]["max"]
                            ),
                            by=officer,
                        )
                        self.tokens[issued.cluster.pk] = issued.token

        return run

    def _retire(self) -> None:
        old = self.spec["radio"]["stations_2023"]
        retired = day(old["retired"])
        with at(retired, hour=8):
            for entry in old["list"]:
                last_day = retired - dt.timedelta(days=1)
                unit = self._unit(str(entry["unit"]), last_day)
                station = Station.objects.get(unit=unit)
                station_update(
                    station=station,
                    version=station.version,
                    by=self.actors.office,
                    active=False,
                )

    def _bulletin(self, plan: dict[str, Any]) -> Callable[[], None]:
        def run() -> None:
            made = _when(plan["made"])
            plays_from, expires_at = (_when(v) for v in plan["plays"])
            with at(made):
                unit = self._unit(str(plan["unit"]), made.date())
                officer = self._officer(unit)
                bulletin = bulletin_create_from_text(
                    unit=unit,
                    title=plan["title"],
                    text=plan["text"],
                    priority=PRIORITIES[plan["priority"]],
                    plays_from=plays_from,
                    expires_at=expires_at,
                    by=officer,
                )
                stations: list[Station] = []
                zones: list[AdministrativeUnit] = []
                if plan["to"] == "stations":
                    stations = list(Station.objects.filter(unit=unit, active=True))
                else:
                    zones = [self._unit(str(code), made.date()) for code in plan["to"]]
                bulletin_publish(
                    bulletin=bulletin,
                    version=bulletin.version,
                    stations=stations,
                    zones=zones,
                    by=officer,
                )

        return run

    def _radio_heard(self, now: dt.datetime) -> Callable[[], None]:
        """Up to ``now``: every cluster of the stations in service heard from every 5 minutes
        since the first of the month or 24 hours before, if earlier (one with a gap), and the
        devices playing what was due that day."""

        def run() -> None:
            today = now.date()
            clusters = list(
                Cluster.objects.filter(station__active=True, active=True, created_at__lte=now)
                .select_related("station__unit", "hamlet")
                .order_by("station__unit__code", "hamlet__code", "pk")
            )
            gap = self.spec["radio"]["gappy"]
            gappy_station = [c for c in clusters if c.station.unit.code == str(gap["station"])]
            gappy = gappy_station[int(gap["cluster"])] if gappy_station else None
            gap_from, gap_to = _clock(gap["from"], today), _clock(gap["to"], today)
            step = dt.timedelta(minutes=5)
            # The stations' 24-hour uptime and the report of the month so far (the report's
            # default period) both read whole periods.
            since = min(moment(today.replace(day=1), 0), now - dt.timedelta(days=1))
            for cluster in clusters:
                beats = []
                beat = since + dt.timedelta(seconds=30 + cluster.pk % 200)
                while beat <= now:
                    if cluster is not gappy or not gap_from <= beat < gap_to:
                        beats.append(beat)
                    beat += step
                contacts_record(cluster, moments=beats, reported_status=ClusterStatus.OK)
            # The devices poll a minute after each start of the day's programme (as planned,
            # nothing written) and, for the one that was off, when it is back, and play
            # (acknowledge) what is due.
            stations = {cluster.station for cluster in clusters}
            starts = {
                placed.starts_at
                for station in stations
                for placed in programme_plan(station=station, day=today)
            }
            moments = sorted({*(s + dt.timedelta(minutes=1) for s in starts), gap_to})
            transport = site_transport()
            with quiet("httpx"):
                self._play(
                    clusters,
                    [m for m in moments if m <= now],
                    transport,
                    gappy,
                    (gap_from, gap_to),
                )

        return run

    def _play(
        self,
        clusters: list[Cluster],
        moments: list[dt.datetime],
        transport: httpx.WSGITransport,
        gappy: Cluster | None,
        gap: tuple[dt.datetime, dt.datetime],
    ) -> None:
        gap_from, gap_to = gap
        for when in moments:
            with at(when):
                for cluster in clusters:
                    if cluster is gappy and gap_from <= when < gap_to:
                        continue
                    device = SimulatedCluster(
                        base_url=f"http://{site_host()}",
                        token=self.tokens[cluster.pk],
                        transport=transport,
                    )
                    with device:
                        device.run_once()
