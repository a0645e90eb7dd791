"""The officers' CAP pages (/outreach/work/cap/): the alerts received (and what they became),
importing a CAP 1.2 file (upload → preview → confirm, or at once with its report)."""

from __future__ import annotations

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.accounts.access import require_official, require_writer
from smartrural.accounts.actor import ActorRequest
from smartrural.core.errors import DomainError
from smartrural.core.page_forms import add_domain_error, posted, posted_files

from .. import cap
from ..access import scoped
from ..forms.bulletins import CapConfirmForm, CapImportForm
from ..models import CapAlert
from .bulletins import PAGE_SIZE, READ

FORM = ["GET", "HEAD", "POST"]


def list_url() -> str:
    return reverse("outreach:cap-list")


def _crumbs() -> list[tuple[str, str]]:
    return [(reverse("outreach:home"), _("Outreach")), (list_url(), _("CAP alerts"))]


@login_required
@require_http_methods(READ)
def cap_list(request: ActorRequest) -> HttpResponse:
    require_official(request.user)
    alerts = (
        scoped(CapAlert, request.user)
        .select_related("bulletin", "bulletin__unit")
        .order_by("-sent", "-pk")
    )
    page = Paginator(alerts, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "may_write": bool(getattr(request.user, "can_write", False)),
        "crumbs": _crumbs()[:1],
    }
    return render(request, "outreach/cap/list.html", context)


def _done(request: ActorRequest, result: cap.CapImport) -> HttpResponse:
    alert = result.alert
    if not result.created:
        messages.info(
            request,
            _("This alert (%(identifier)s) was imported already; nothing changed.")
            % {"identifier": alert.identifier},
        )
    elif alert.bulletin is not None and result.plan.makes_bulletin:
        messages.success(
            request,
            _("Alert imported: bulletin “%(title)s” is published.")
            % {"title": alert.bulletin.title},
        )
    else:
        messages.success(request, _("Cancellation imported: the alert's bulletins are withdrawn."))
    if alert.bulletin_id is not None:
        return redirect("outreach:bulletin-detail", alert.bulletin_id)
    return redirect(list_url())


def _page(
    request: ActorRequest,
    form: CapImportForm | CapConfirmForm,
    *,
    plan: cap.CapPlan | None = None,
    confirm: CapConfirmForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form,
        "error": error,
        "plan": plan,
        "confirm": confirm,
        "crumbs": _crumbs(),
        "limit": cap.max_bytes(),
    }
    return render(request, "outreach/cap/import.html", context, status=status)


@login_required
@require_http_methods(FORM)
def cap_import(request: ActorRequest) -> HttpResponse:
    """Upload a CAP file: with "at once", import it and report; else show what it becomes."""
    require_official(request.user)
    require_writer(request.user)
    form = CapImportForm(posted(request), posted_files(request))
    if request.method != "POST":
        return _page(request, form)
    if not form.is_valid():
        return _page(request, form, status=422)
    upload = form.cleaned_data["file"]
    if upload.size > cap.max_bytes():
        form.add_error("file", _("The file is too large for a CAP alert."))
        return _page(request, form, status=422)
    xml_bytes = upload.read()
    try:
        if form.cleaned_data.get("direct"):
            return _done(request, cap.cap_import(xml_bytes=xml_bytes, user=request.user))
        plan = cap.cap_plan(xml_bytes=xml_bytes, user=request.user)
    except DomainError as exc:
        add_domain_error(form, exc)
        return _page(request, form, status=exc.status_code)
    # Base64: a hidden field would not keep the file's line breaks and bytes exactly.
    confirm = CapConfirmForm(initial={"xml": base64.b64encode(xml_bytes).decode("ascii")})
    return _page(request, form, plan=plan, confirm=confirm)


@login_required
@require_POST
def cap_confirm(request: ActorRequest) -> HttpResponse:
    """Import the alert shown in the preview (its XML is posted back as it was read)."""
    require_official(request.user)
    require_writer(request.user)
    confirm = CapConfirmForm(request.POST)
    upload_form = CapImportForm()
    if not confirm.is_valid():
        error = _("The alert to import was not sent: upload the file again.")
        return _page(request, upload_form, error=error, status=422)
    try:
        xml_bytes = base64.b64decode(confirm.cleaned_data["xml"], validate=True)
    except ValueError:
        error = _("The alert to import was damaged: upload the file again.")
        return _page(request, upload_form, error=error, status=422)
    try:
        return _done(request, cap.cap_import(xml_bytes=xml_bytes, user=request.user))
    except DomainError as exc:
        return _page(request, upload_form, error=exc.message, status=exc.status_code)
