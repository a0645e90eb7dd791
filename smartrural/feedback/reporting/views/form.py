"""The report form, its "similar reports" look-up and "me too", and the confirmation page
that shows the tracking code once."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.core.dates import today
from smartrural.core.errors import Conflict
from smartrural.core.page_forms import posted, posted_files, submit

from ... import services, tracking
from ...models import Report
from ...ratelimit import client_hash
from ..forms import ReportForm, SimilarForm
from ..similar import open_report_for_support, similar_reports

DONE_KEY = "feedback_submitted"


def _initial(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {}
    return {
        "name": user.get_full_name(),
        "phone": getattr(user, "phone", ""),
        "email": user.email,
    }


def _suggestions(form: SimilarForm) -> list[Report] | None:
    """Similar reports when category and place are valid, else None (nothing to look up)."""
    form.is_valid()
    data = form.cleaned_data
    if "category" not in data or "place" not in data or form.has_error(None):
        return None
    return similar_reports(
        category=data["category"],
        place=data["place"],
        latitude=data.get("latitude"),
        longitude=data.get("longitude"),
        now=timezone.now(),
    )


def _context(form: ReportForm, **more: Any) -> dict[str, Any]:
    return {
        "form": form,
        "map_tiles": bool(settings.MAP_TILE_URL),
        "map_tile_url": settings.MAP_TILE_URL,
        "map_attribution": settings.MAP_TILE_ATTRIBUTION,
        **more,
    }


def _remember(request: HttpRequest, report_id: int | None, code: str, deadline: str) -> str:
    request.session[DONE_KEY] = {"report": report_id, "code": code, "deadline": deadline}
    return reverse("feedback:report-done")


@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest) -> HttpResponse:
    day = today()
    if request.method == "POST" and "check" in request.POST:
        # Without JavaScript: the suggestions on the page, the form again as typed (only what
        # the look-up needs is checked: nothing is missing yet). Chosen photos must be chosen
        # again: a browser never sends a file input back.
        similar_form = SimilarForm(request.POST, day=day)
        found = _suggestions(similar_form)
        return render(
            request,
            "feedback/reporting/report_form.html",
            _context(similar_form, similar=found, checked=True),
            status=200 if found is not None else 422,
        )
    form = ReportForm(posted(request), posted_files(request), day=day, initial=_initial(request))
    if request.method == "POST" and form.is_bot:
        # A filled honeypot: look like success to the bot, store nothing.
        return redirect(_remember(request, None, tracking.new_code(), ""))

    def file(data: dict[str, Any]) -> services.Submitted:
        return services.report_submit_public(
            client_hash=client_hash(request),
            category=data["category"],
            description=data["description"],
            place=data["place"],
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            photos=data.get("photos") or [],
            contact=services.Contact(
                name=data.get("name", ""),
                phone=data.get("phone", ""),
                email=data.get("email", ""),
                hide_name=bool(data.get("hide_name")),
            ),
            reporter=request.user if request.user.is_authenticated else None,
        )

    done, status = submit(
        request,
        form,
        file,
        message=_("Your report was sent."),
        then=lambda sent: _remember(
            request,
            sent.report.pk,
            sent.tracking_code,
            sent.report.deadline.strftime("%d/%m/%Y"),
        ),
    )
    if done is not None:
        return done
    return render(request, "feedback/reporting/report_form.html", _context(form), status=status)


@require_http_methods(["GET"])
def report_done(request: HttpRequest) -> HttpResponse:
    """The tracking code, once: it is taken out of the session as the page is shown."""
    shown = request.session.pop(DONE_KEY, None)
    context: dict[str, Any] = {"shown": shown}
    if shown:
        code = str(shown["code"])
        context["code"] = tracking.display(code)
        context["track_url"] = reverse("feedback:track-detail", args=[tracking.display(code)])
    response = render(request, "feedback/reporting/report_done.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET"])
def report_similar(request: HttpRequest) -> HttpResponse:
    """The similar reports as an HTML fragment (fetched by htmx as category and place change)."""
    form = SimilarForm(request.GET, day=today())
    found = _suggestions(form)
    return render(request, "feedback/reporting/_similar.html", {"similar": found})


def who_hash(request: HttpRequest) -> str:
    """The person behind a "me too": their account when logged in, else their address."""
    if request.user.is_authenticated:
        return tracking.keyed_hash(f"user:{request.user.pk}")
    return client_hash(request)


@require_POST
def report_me_too(request: HttpRequest, pk: int) -> HttpResponse:
    report = open_report_for_support(pk)
    try:
        added = services.report_support(report=report, who_hash=who_hash(request))
    except Conflict as exc:
        messages.error(request, exc.message)
        return redirect("feedback:report-new")
    if added:
        messages.success(
            request,
            _("Thank you: your “me too” was added to report #%(pk)s.") % {"pk": report.pk},
        )
    else:
        messages.info(
            request, _("You already said “me too” on report #%(pk)s.") % {"pk": report.pk}
        )
    return redirect("feedback:report-new")
