"""Door-to-door collection (/surveys/work/<pk>/collect/): the survey's sample by hamlet and the
answer form, for an officer's phone.

With JavaScript (``static/surveys/collect.js``) the page works without signal: a service worker
(``collect_worker``) keeps the page and its static files; answers are queued on the phone, each
with its own idempotency key, and sent to ``POST /api/v1/surveys/<pk>/responses`` when there is
signal. Without JavaScript the form posts here and the same service records it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from smartrural.accounts.actor import ActorRequest
from smartrural.core.errors import DomainError
from smartrural.core.page_forms import posted, submit

from ..access import access_survey_for_user
from ..forms.collect import HOUSEHOLD_FIELD, KEY_FIELD, CollectForm
from ..models import Channel, SampleFrame, SampleMember, Survey
from ..services.responses import Recorded, member_for_household, response_record
from ..services.surveys import require_answerable
from .common import crumbs

WORKER = "surveys/collect-sw.js"


def _hamlet_filter(request: ActorRequest, frames: list[SampleFrame]) -> int | None:
    raw = request.GET.get("hamlet", "")
    if raw.isdigit() and int(raw) in {frame.hamlet_id for frame in frames}:
        return int(raw)
    return None


def _refusal(survey: Survey) -> str:
    """Why the survey takes no answer today ("" when it does)."""
    try:
        require_answerable(survey)
    except DomainError as exc:
        return exc.message
    return ""


def _record(
    request: ActorRequest, survey: Survey, form: CollectForm
) -> tuple[SampleMember, Recorded]:
    member = member_for_household(survey, form.cleaned_data[HOUSEHOLD_FIELD])
    recorded = response_record(
        member=member,
        answers=form.answers(),
        channel=Channel.DOOR,
        idempotency_key=form.cleaned_data[KEY_FIELD],
        by=request.user,
    )
    return member, recorded


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def collect(request: ActorRequest, pk: int) -> HttpResponse:
    survey = access_survey_for_user(request.user, pk, action="write")
    frames = list(survey.frames.select_related("hamlet"))
    members = list(
        SampleMember.objects.filter(survey=survey)
        .select_related("household", "hamlet")
        .order_by("hamlet__code", "household__number", "pk")
    )
    form = CollectForm(posted(request), survey=survey, members=members)
    if request.method == "GET" and request.GET.get("household", "").isdigit():
        form.initial[HOUSEHOLD_FIELD] = int(request.GET["household"])
    page = reverse("surveys:collect", args=[survey.pk])
    done, status = submit(
        request,
        form,
        lambda data: _record(request, survey, form),
        message=lambda result: (
            (
                _("The answers of household %(number)s are recorded.")
                if result[1].created
                else _("The answers of household %(number)s were already recorded; counted once.")
            )
            % {"number": result[0].household.number}
        ),
        then=page,
    )
    if done is not None:
        return done
    hamlet = _hamlet_filter(request, frames)
    context: dict[str, Any] = {
        "survey": survey,
        "crumbs": crumbs(survey),
        "frames": frames,
        "hamlet": hamlet,
        "members": [m for m in members if hamlet is None or m.hamlet_id == hamlet],
        "answered": sum(1 for member in members if member.answered_on is not None),
        "sampled": len(members),
        "form": form,
        "household_field": form[HOUSEHOLD_FIELD],
        "refusal": _refusal(survey),
        "page_url": page,
        "config": {
            "survey": survey.pk,
            "api": reverse("api:post_survey_response", kwargs={"survey_id": survey.pk}),
            "page": page,
            "worker": reverse("surveys:collect-worker"),
            "csrfCookie": settings.CSRF_COOKIE_NAME,
            "questions": [
                {"name": q.name, "label": q.label, "required": q.required} for q in form.questions
            ],
        },
    }
    return render(request, "surveys/collect/collect.html", context, status=status)


@lru_cache(maxsize=1)
def _worker_source() -> bytes:
    found = finders.find(WORKER)
    if isinstance(found, str):
        return Path(found).read_bytes()
    with staticfiles_storage.open(WORKER) as source:  # collected (production)
        return bytes(source.read())


@login_required
@require_GET
def collect_worker(request: ActorRequest) -> HttpResponse:
    """The service worker of the collection pages, served under /surveys/work/ so that its
    scope may cover them (a worker controls only pages under its own URL's folder)."""
    response = HttpResponse(_worker_source(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response
