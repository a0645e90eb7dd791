"""The upload of an e-office export of work records, and the blank template to fill."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from smartrural.accounts.access import require_writer
from smartrural.accounts.actor import ActorRequest
from smartrural.core.errors import ValidationFailed
from smartrural.core.exports import XLSX
from smartrural.criteria.selectors import as_of_for_year

from .. import selectors
from ..forms import UploadForm
from ..upload import template_bytes, work_records_upload
from .common import crumbs, records_year


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def work_record_upload(request: ActorRequest) -> HttpResponse:
    require_writer(request.user)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    problems: list[Any] = []
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                result = work_records_upload(upload=form.cleaned_data["file"], by=request.user)
            except ValidationFailed as exc:
                form.add_error("file", exc.message)
            else:
                problems = result.problems
                if result.ok:
                    messages.success(
                        request,
                        _("File imported: %(new)s new and %(updated)s updated monthly figures.")
                        % {"new": result.imported, "updated": result.updated},
                    )
                    return redirect("transformation:work-record-upload")
    context = {
        "form": form,
        "problems": problems,
        "year": records_year(request),
        "crumbs": crumbs(),
    }
    return render(request, "transformation/work_records/upload.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD"])
def work_record_template(request: ActorRequest) -> HttpResponse:
    require_writer(request.user)
    year = records_year(request)
    units = selectors.stat_units_for_user(user=request.user, as_of=as_of_for_year(year))
    response = HttpResponse(template_bytes(units=list(units)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="ho-so-cong-viec-{year}.xlsx"'
    return response
