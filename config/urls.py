from __future__ import annotations

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from config.api import api
from smartrural.accounts.decorators import officials_area

# Public pages (units, results, the API's open data) and the officials' areas, which answer 404
# to residents (``officials_area``: every page of the module, present and future).
urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("smartrural.core.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("units/", include("smartrural.geo.urls")),
    path("results/", include("smartrural.reports.results_urls")),
    path("accounts/", include("smartrural.accounts.urls")),
    path("criteria/", include(officials_area("smartrural.criteria.urls"))),
    path("criteria-sets/", include(officials_area("smartrural.criteria.set_urls"))),
    path("dossiers/", include(officials_area("smartrural.recognition.urls"))),
    path("dashboard/", include(officials_area("smartrural.reports.urls"))),
    path("transformation/", include(officials_area("smartrural.transformation.urls"))),
    path("feedback/work/", include(officials_area("smartrural.feedback.officers.urls"))),
    path("feedback/", include("smartrural.feedback.urls")),
    path("open311/v2/", include("smartrural.feedback.open311.urls")),
    path("outreach/work/", include(officials_area("smartrural.outreach.urls"))),
    path("thong-bao/", include("smartrural.outreach.urls_public")),
    path("outreach/hooks/", include("smartrural.outreach.urls_hooks")),
    path("surveys/work/", include(officials_area("smartrural.surveys.urls"))),
    path("khao-sat/", include("smartrural.surveys.urls_public")),
    # Officers' portal pages (comments on the plans): before the portals' page tree below.
    path("portal/work/", include(officials_area("smartrural.portal.officers.urls"))),
    path("admin/", admin.site.urls),
    # Portals (Wagtail): the editors' admin behind our gates (portal.middleware), the public
    # documents, then the page tree itself, last, at the root.
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
urlpatterns.append(path("", include("smartrural.portal.urls")))

handler400 = "smartrural.core.errors_views.bad_request"
handler403 = "smartrural.core.errors_views.permission_denied"
handler404 = "smartrural.core.errors_views.page_not_found"
handler500 = "smartrural.core.errors_views.server_error"
