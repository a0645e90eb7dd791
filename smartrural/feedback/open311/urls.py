"""Open311 GeoReport v2 under /open311/v2/ (JSON and XML, by the URL's extension)."""

from __future__ import annotations

from django.urls import URLPattern, re_path

from . import views

app_name = "open311"
FMT = r"\.(?P<fmt>json|xml)$"
urlpatterns: list[URLPattern] = [
    re_path(rf"^discovery{FMT}", views.discovery, name="discovery"),
    re_path(rf"^services{FMT}", views.services, name="services"),
    re_path(rf"^services/(?P<code>[^/]+?){FMT}", views.service, name="service"),
    re_path(rf"^requests{FMT}", views.requests, name="requests"),
    re_path(rf"^requests/(?P<pk>[^/]+?){FMT}", views.service_request, name="request"),
    re_path(rf"^tokens/(?P<token>[^/]+?){FMT}", views.token, name="token"),
]
