"""The dashboard's exports (Excel, PDF) of the unit and year the dashboard shows."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from smartrural.accounts.actor import ActorRequest
from smartrural.core.exports import XLSX

from . import exports
from .selectors import Dashboard
from .views import dashboard_for


def _export_unit(request: ActorRequest) -> Dashboard:
    data = dashboard_for(request)[0]
    if data is None:
        raise Http404(_("You have no unit to report on."))
    return data


@require_GET
@login_required
def export_xlsx(request: ActorRequest) -> HttpResponse:
    data = _export_unit(request)
    response = HttpResponse(exports.dashboard_xlsx(data), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(data, "xlsx")}"'
    return response


@require_GET
@login_required
def export_pdf(request: ActorRequest) -> HttpResponse:
    data = _export_unit(request)
    response = HttpResponse(exports.dashboard_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(data, "pdf")}"'
    return response
