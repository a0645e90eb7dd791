"""Officers' URLs of commune radio (stations, clusters, programmes, play logs), in
``urls.py``."""

from __future__ import annotations

from django.urls import URLPattern, path

from .views import stations

urlpatterns: list[URLPattern] = [
    path("stations/", stations.station_list, name="station-list"),
    path("stations/add/", stations.station_add, name="station-create"),
    path("stations/<int:pk>/", stations.station_detail, name="station-detail"),
    path("stations/<int:pk>/edit/", stations.station_edit, name="station-edit"),
    path("stations/<int:pk>/history/", stations.station_history, name="station-history"),
    path("stations/<int:pk>/programme/", stations.station_programme, name="station-programme"),
    path("stations/<int:pk>/plays/", stations.station_plays, name="station-plays"),
    path("stations/<int:pk>/clusters/add/", stations.cluster_add, name="cluster-create"),
    path("clusters/<int:pk>/edit/", stations.cluster_edit, name="cluster-edit"),
    path("clusters/<int:pk>/history/", stations.cluster_history, name="cluster-history"),
    path("clusters/<int:pk>/rotate/", stations.cluster_rotate, name="cluster-token-rotate"),
    path("clusters/<int:pk>/revoke/", stations.cluster_revoke, name="cluster-token-revoke"),
]
