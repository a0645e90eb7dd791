"""The officers' outreach home (/outreach/work/): where each part of outreach is."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from smartrural.accounts.access import require_official


@require_http_methods(["GET", "HEAD"])
def home(request: HttpRequest) -> HttpResponse:
    require_official(request.user)
    return render(request, "outreach/work/home.html")
