"""Residents report and follow their report (no account needed): the form, the confirmation
with the tracking code, the status page reached with the code."""

from __future__ import annotations

from django.urls import URLPattern, path

from .views import form, track

urlpatterns: list[URLPattern] = [
    path("new/", form.report_new, name="report-new"),
    path("new/done/", form.report_done, name="report-done"),
    path("new/similar/", form.report_similar, name="report-similar"),
    path("new/similar/<int:pk>/me-too/", form.report_me_too, name="report-me-too"),
    path("track/", track.track, name="track"),
    path("track/<str:code>/", track.track_detail, name="track-detail"),
    path("track/<str:code>/photos/<int:photo_id>/", track.track_photo, name="track-photo"),
    path("track/<str:code>/rate/", track.track_rate, name="track-rate"),
    path("track/<str:code>/reopen/", track.track_reopen, name="track-reopen"),
]
