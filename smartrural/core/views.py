from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .home import home_sections


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability for load balancers and monitoring."""
    status = {"status": "ok", "database": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "not ready"
        status = {"status": "error", "database": f"error: {exc.__class__.__name__}"}
        return JsonResponse(status, status=503)
    return JsonResponse(status)


def home(request: HttpRequest) -> HttpResponse:
    """The reader's figures and what waits for them, from the sections apps register
    (``core.home``)."""
    return render(request, "core/home.html", {"sections": home_sections(request)})
