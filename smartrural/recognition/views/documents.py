"""Dossier documents: upload, gated download, and the generated criterion report."""

from __future__ import annotations

import mimetypes

from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.accounts.actor import ActorRequest
from smartrural.core.page_forms import act

from .. import services
from ..access import access_dossier_for_user
from ..forms import DocumentForm
from ..models import DocumentKind
from ..report import report_filename
from ..report import report_pdf as build_report
from .common import detail_url, refused_on, render_detail


@login_required
@require_POST
def document_upload(request: ActorRequest, dossier_id: int) -> HttpResponse:
    dossier = access_dossier_for_user(request.user, dossier_id, write=True)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        return render_detail(request, dossier, status=422, document_form=form)
    return act(
        request,
        lambda: services.dossier_document_add(
            dossier=dossier,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
            by=request.user,
        ),
        message=lambda document: _("%(name)s uploaded.") % {"name": document.original_name},
        then=detail_url(dossier),
        refused=refused_on(request, dossier),
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def document_download(request: ActorRequest, dossier_id: int, document_id: int) -> FileResponse:
    dossier = access_dossier_for_user(request.user, dossier_id)
    document = dossier.documents.filter(pk=document_id).first()
    if document is None:
        raise Http404(_("No such document."))
    content_type = mimetypes.guess_type(document.original_name)[0] or "application/octet-stream"
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=content_type,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def report_pdf(request: ActorRequest, dossier_id: int) -> HttpResponse:
    dossier = access_dossier_for_user(request.user, dossier_id)
    pdf = build_report(dossier)
    if pdf is None:
        raise Http404(_("The criteria set has no version to evaluate against."))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{report_filename(dossier)}"'
    return response


@login_required
@require_POST
def report_attach(request: ActorRequest, dossier_id: int) -> HttpResponse:
    """Generate the report and keep it as the dossier's criterion report document."""
    dossier = access_dossier_for_user(request.user, dossier_id, write=True)
    pdf = build_report(dossier)
    if pdf is None:
        error = _("The criteria set has no version to evaluate against.")
        return render_detail(request, dossier, status=409, error=error)
    upload = SimpleUploadedFile(report_filename(dossier), pdf, content_type="application/pdf")
    return act(
        request,
        lambda: services.dossier_document_add(
            dossier=dossier, kind=DocumentKind.CRITERION_REPORT, upload=upload, by=request.user
        ),
        message=_("The criterion report was generated and attached."),
        then=detail_url(dossier),
        refused=refused_on(request, dossier),
    )
