"""The status page a reporter reaches with the tracking code: the report's public view, its
public timeline and photos; rating the resolution and reopening it."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.core.dates import today
from smartrural.core.page_forms import submit

from ... import services, tracking
from ...models import PhotoState, Report
from ...ratelimit import RateLimited, client_hash
from ...services.residents import rating_open, reopen_open
from ..lookup import public_page_url, public_timeline, report_by_code, visible_photos
from ..track_forms import RateForm, ReopenForm, TrackForm

PAGE = "feedback/reporting/track_detail.html"


@require_http_methods(["GET"])
def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect("feedback:track-detail", tracking.display(form.cleaned_data["code"]))
    status = 422 if form.is_bound else 200
    return render(request, "feedback/reporting/track_form.html", {"form": form}, status=status)


def _open(request: HttpRequest, code: str) -> Report | HttpResponse:
    """The report of ``code``, or the page saying why not (429, 404, 410)."""
    try:
        found = report_by_code(code, client=client_hash(request))
    except RateLimited as exc:
        return render(
            request, "feedback/reporting/track_refused.html", {"message": exc.message}, status=429
        )
    if found.report is None:
        message = _(
            "No report has this tracking code. Check the code (10 letters and digits, "
            "e.g. ABCD-EFGH-JK) and type it again."
        )
        return render(
            request,
            "feedback/reporting/track_refused.html",
            {"message": message, "form": TrackForm()},
            status=404,
        )
    if found.expired:
        message = _(
            "This tracking code has expired: report #%(pk)s was closed more than its keeping "
            "period ago. What was published stays on the report's public page."
        ) % {"pk": found.report.pk}
        return render(
            request,
            "feedback/reporting/track_refused.html",
            {"message": message, "public_url": public_page_url(found.report)},
            status=410,
        )
    return found.report


def _page(
    request: HttpRequest, report: Report, code: str, *, status: int = 200, **forms: Any
) -> HttpResponse:
    now = timezone.now()
    may_rate = rating_open(report, now)
    may_reopen = reopen_open(report, now)
    context = {
        "report": report,
        "code": tracking.display(tracking.normalise(code) or ""),
        "timeline": list(public_timeline(report)),
        "photos": list(visible_photos(report)),
        "overdue": report.is_open and today() > report.deadline,
        "public_url": public_page_url(report),
        "rate_form": forms.get("rate_form")
        or (
            RateForm(initial={"rating": report.rating, "comment": report.rating_comment})
            if may_rate
            else None
        ),
        "reopen_form": forms.get("reopen_form") or (ReopenForm() if may_reopen else None),
    }
    response = render(request, PAGE, context, status=status)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_http_methods(["GET"])
def track_detail(request: HttpRequest, code: str) -> HttpResponse:
    report = _open(request, code)
    if isinstance(report, HttpResponse):
        return report
    return _page(request, report, code)


@require_http_methods(["GET"])
def track_photo(request: HttpRequest, code: str, photo_id: int) -> HttpResponseBase:
    """A photo of the report, reached with its code: never a removed one; a redacted one as
    its public copy."""
    report = _open(request, code)
    if isinstance(report, HttpResponse):
        return report
    photo = visible_photos(report).filter(pk=photo_id).first()
    if photo is None:
        raise Http404(_("No such photo."))
    file = photo.public_image if photo.state == PhotoState.REDACTED else photo.image
    if not file:
        raise Http404(_("No such photo."))
    response = FileResponse(file.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_POST
def track_rate(request: HttpRequest, code: str) -> HttpResponse:
    report = _open(request, code)
    if isinstance(report, HttpResponse):
        return report
    form = RateForm(request.POST)
    done, status = submit(
        request,
        form,
        lambda data: services.report_rate(
            report=report, rating=data["rating"], comment=data.get("comment", "")
        ),
        message=_("Thank you for your rating."),
        then=reverse("feedback:track-detail", args=[code]),
    )
    return done or _page(request, report, code, status=status, rate_form=form)


@require_POST
def track_reopen(request: HttpRequest, code: str) -> HttpResponse:
    report = _open(request, code)
    if isinstance(report, HttpResponse):
        return report
    form = ReopenForm(request.POST)
    done, status = submit(
        request,
        form,
        lambda data: services.report_reopen(report=report, reason=data["reason"]),
        message=_("Your report is open again; the commune will look at it anew."),
        then=reverse("feedback:track-detail", args=[code]),
    )
    return done or _page(request, report, code, status=status, reopen_form=form)
