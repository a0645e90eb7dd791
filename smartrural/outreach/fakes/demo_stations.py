"""The demo's loudspeakers, simulated beside the site (``make demo``): every cluster in service
of a station in service gets a fresh device token when the demo starts (the cluster's history
says so; tokens are kept in memory only) and then behaves as a device does, over HTTP to the
site's device API: a heartbeat and a poll every ``every`` seconds, each item due downloaded,
checked and acknowledged (``fakes.station.SimulatedCluster``). So the station pages show the
clusters working and the day's programme played, on whatever day the demo is served.
"""

from __future__ import annotations

import threading

import httpx

from ..models import Cluster
from ..services.stations import cluster_token_rotate
from .station import SimulatedCluster


class DemoLoudspeakers:
    def __init__(
        self,
        site_url: str,
        *,
        every: float = 60.0,
        transport: httpx.BaseTransport | None = None,  # tests: the site in process
    ) -> None:
        self.site_url = site_url.rstrip("/")
        self.every = every
        self.transport = transport
        self.clusters: list[SimulatedCluster] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def issue_tokens(self) -> int:
        """A token for each cluster in service (the only write; done before serving)."""
        clusters = Cluster.objects.filter(active=True, station__active=True).order_by("pk")
        for cluster in clusters:
            issued = cluster_token_rotate(cluster=cluster, version=None, by=None)
            self.clusters.append(
                SimulatedCluster(self.site_url, issued.token, transport=self.transport, timeout=5.0)
            )
        return len(self.clusters)

    def run_once(self) -> int:
        """Every cluster's heartbeat and poll once; how many the site answered."""
        heard = 0
        for device in self.clusters:
            if self._stop.is_set():
                break
            try:
                device.heartbeat()
                device.run_once()
            except httpx.HTTPError:  # the site not up yet, or restarting: try next time
                continue
            heard += 1
        return heard

    def start(self) -> DemoLoudspeakers:
        self.issue_tokens()
        self._thread = threading.Thread(target=self._run, name="demo-loudspeakers", daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            heard = self.run_once()
            # Until the site answers, try again soon; then at the devices' pace.
            self._stop.wait(self.every if heard else min(self.every, 5.0))

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        for device in self.clusters:
            device.close()
