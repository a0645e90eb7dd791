"""Excel templates: download pre-filled for a unit, a district or the province; upload back."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from smartrural.accounts.actor import ActorRequest
from smartrural.core.errors import ValidationFailed
from smartrural.core.uploads import max_bytes

from .. import excel
from ..forms import WorkbookForm
from .common import load_target

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_http_methods(["GET", "HEAD"])
def workbook_template(
    request: ActorRequest, set_code: str, year: int, unit_code: str
) -> HttpResponse:
    target = load_target(request.user, set_code, year, unit_code, at_or_above=True)
    units = excel.template_units(criteria_set=target.criteria_set, year=year, unit=target.unit)
    if not units:
        message = _("There is no unit of this set under %(name)s.")
        raise Http404(message % {"name": target.unit.name})
    data = excel.workbook_bytes(
        criteria_set=target.criteria_set, definition=target.definition, year=year, units=units
    )
    response = HttpResponse(data, content_type=XLSX)
    name = f"{target.criteria_set.code}-{year}-{target.unit.code}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def workbook_upload(
    request: ActorRequest, set_code: str, year: int, unit_code: str
) -> HttpResponse:
    user = request.user
    target = load_target(user, set_code, year, unit_code, write=True, at_or_above=True)
    form = WorkbookForm(request.POST or None, request.FILES or None)
    errors: list[excel.CellError] = []
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > max_bytes():
                form.add_error("file", _("The file is too large."))
            else:
                try:
                    result = excel.workbook_import(
                        data=upload.read(),
                        criteria_set=target.criteria_set,
                        definition=target.definition,
                        year=year,
                        parent=target.unit,
                        by=user,
                    )
                except ValidationFailed as exc:  # not a workbook, damaged, over a limit
                    form.add_error("file", exc.message)
                else:
                    errors = excel.sort_errors(result.errors)
                    if not errors:
                        messages.success(
                            request,
                            _(
                                "Workbook imported for %(units)s unit(s): %(new)s new, "
                                "%(changed)s changed, %(same)s unchanged values."
                            )
                            % {
                                "units": result.units,
                                "new": result.imported,
                                "changed": result.updated,
                                "same": result.ignored,
                            },
                        )
                        return redirect(request.path)
    context = {
        "target": target,
        "unit": target.unit,
        "form": form,
        "errors": errors,
        "is_entry_unit": target.unit.level == target.criteria_set.unit_level,
    }
    return render(request, "criteria/upload.html", context, status=status)
