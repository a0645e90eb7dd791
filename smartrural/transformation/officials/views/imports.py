"""Import of officials from Excel or CSV, and the template to fill in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from smartrural.accounts.access import require_writer
from smartrural.accounts.actor import ActorRequest
from smartrural.core.dates import today
from smartrural.core.errors import DomainError
from smartrural.core.page_forms import add_domain_error
from smartrural.core.tabular import read_table

from .. import selectors, services, tables
from ..forms import ImportForm
from .common import officials_crumb


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def official_import(request: ActorRequest) -> HttpResponse:
    require_writer(request.user)
    form = ImportForm(request.POST or None, request.FILES or None, initial={"as_of": today()})
    errors: list[services.RowError] = []
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                rows = tables.official_rows(read_table(form.cleaned_data["file"]))
                result = services.officials_import(
                    rows=rows, as_of=form.cleaned_data["as_of"], by=request.user
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                errors = result.errors
                if result.ok:
                    messages.success(
                        request,
                        _(
                            "Import done: %(created)s official(s) added, %(updated)s updated, "
                            "%(unchanged)s unchanged."
                        )
                        % {
                            "created": result.created,
                            "updated": result.updated,
                            "unchanged": result.unchanged,
                        },
                    )
                    return redirect("transformation:official-list")
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
