from __future__ import annotations

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from config.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("smartrural.core.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("units/", include("smartrural.geo.urls")),
    path("accounts/", include("smartrural.accounts.urls")),
    path("criteria/", include("smartrural.criteria.urls")),
    path("criteria-sets/", include("smartrural.criteria.set_urls")),
    path("dossiers/", include("smartrural.recognition.urls")),
    path("dashboard/", include("smartrural.reports.urls")),
    path("transformation/", include("smartrural.transformation.urls")),
    path("admin/", admin.site.urls),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "smartrural.core.errors_views.bad_request"
handler403 = "smartrural.core.errors_views.permission_denied"
handler404 = "smartrural.core.errors_views.page_not_found"
handler500 = "smartrural.core.errors_views.server_error"
