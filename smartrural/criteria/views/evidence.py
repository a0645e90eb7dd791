"""Evidence files of a value: upload (type and size checked by content) and gated download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from smartrural.accounts.actor import ActorRequest
from smartrural.core.errors import DomainError
from smartrural.core.uploads import check_document, max_bytes

from ..forms import EvidenceForm
from ..models import Evidence
from ..services import evidence_add
from .common import load_target, stored_value


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def evidence_upload(
    request: ActorRequest, set_code: str, year: int, unit_code: str, indicator_code: str
) -> HttpResponse:
    write = request.method == "POST"
    user = request.user
    target = load_target(user, set_code, year, unit_code, write=write, at_or_above=False)
    value = stored_value(target, indicator_code)
    form = EvidenceForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                kind = check_document(upload)
                evidence_add(
                    value=value,
                    upload=upload,
                    name=upload.name,
                    size=upload.size,
                    content_type=kind.content_type,
                    by=user,
                )
            except DomainError as exc:
                form.add_error("file", exc.message)
            else:
                messages.success(request, _("Evidence “%(name)s” added.") % {"name": upload.name})
                return redirect(target.url())
    context = {
        "target": target,
        "unit": target.unit,
        "value": value,
        "indicator": target.definition.indicators().get(indicator_code),
        "form": form,
        "max_bytes": max_bytes(),
        "can_write": user.can_write,
    }
    return render(request, "criteria/evidence.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD"])
def evidence_download(
    request: ActorRequest, set_code: str, year: int, unit_code: str, indicator_code: str, pk: int
) -> FileResponse:
    target = load_target(request.user, set_code, year, unit_code, at_or_above=False)
    value = stored_value(target, indicator_code)
    evidence = Evidence.objects.filter(pk=pk, value=value).first()
    if evidence is None:
        raise Http404(_("No such evidence file."))
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The evidence file is missing from storage.")) from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
