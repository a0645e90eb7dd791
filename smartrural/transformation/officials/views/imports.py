"""Import of officials from Excel or CSV, and the template to fill in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from smartrural.accounts.access import require_writer
from smartrural.accounts.actor import ActorRequest
from smartrural.core.dates import today
from smartrural.core.page_forms import import_submit
from smartrural.core.tabular import read_table

from .. import selectors, services, tables
from ..forms import ImportForm
from .common import officials_crumb


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def official_import(request: ActorRequest) -> HttpResponse:
    require_writer(request.user)
    form = ImportForm(request.POST or None, request.FILES or None, initial={"as_of": today()})
    done, status, errors = import_submit(
        request,
        form,
        lambda data: services.officials_import(
            rows=tables.official_rows(read_table(data["file"])),
            as_of=data["as_of"],
            by=request.user,
        ),
        message=lambda result: (
            _(
                "Import done: %(created)s official(s) added, %(updated)s updated, "
                "%(unchanged)s unchanged."
            )
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
        ),
        then=reverse("transformation:official-list"),
    )
    if done is not None:
        return done
    context = {"form": form, "errors": errors, "crumbs": [officials_crumb()]}
    return render(request, "transformation/officials/official_import.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD"])
def official_import_template(request: ActorRequest) -> HttpResponse:
    require_writer(request.user)
    data = tables.template_bytes(selectors.units_for_officials(request.user))
    response = HttpResponse(data, content_type=tables.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="can-bo-ntm-mau.xlsx"'
    return response
