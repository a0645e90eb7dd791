"""Officers' URLs of the surveys app: door-to-door collection (in ``urls.py``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from .views.collect import collect, collect_worker

urlpatterns: list[URLPattern] = [
    path("<int:pk>/collect/", collect, name="collect"),
    # Its scope is /surveys/work/: the collection page of every survey.
    path("collect-sw.js", collect_worker, name="collect-worker"),
]
