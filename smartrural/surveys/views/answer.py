"""Residents answer a survey on the web with their household's code (/khao-sat/): type the code
(or open the QR code's link), answer, thank you. No login.

The page shows the survey, its organiser, the hamlet and the period, never the household (its
head, address, number) nor anything of other households. Wrong codes count against the client
address with feedback's guessing limit (``feedback.ratelimit``: one limit for every code typed
on the public site, tracking codes and survey codes alike).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from smartrural.core.errors import DomainError
from smartrural.core.page_forms import add_domain_error, posted
from smartrural.feedback.ratelimit import (
    RateLimited,
    check_tracking_misses,
    client_hash,
    record_tracking_miss,
)

from ..forms.answers import AnswerForm
from ..forms.surveys import CODE_RE, CodeForm, normalise_code
from ..models import Channel, SampleMember
from ..services.responses import CodeUsed, response_record
from ..services.surveys import require_answerable

REFUSED = "surveys/public/refused.html"


def _private(response: HttpResponse) -> HttpResponse:
    """The code is in the address: not cached, not indexed, not sent on to another site.
    (``same-origin``, not ``no-referrer``: with no referrer at all, browsers send the form's
    POST with ``Origin: null`` and Django's CSRF check refuses it.)"""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "same-origin"
    return response


def _refused(request: HttpRequest, message: str, *, status: int, retry: bool) -> HttpResponse:
    context = {"message": message, "form": CodeForm() if retry else None}
    return _private(render(request, REFUSED, context, status=status))


@require_http_methods(["GET", "HEAD"])
def answer_start(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect("surveys_public:answer-code", form.cleaned_data["code"])
    status = 422 if form.is_bound else 200
    return _private(render(request, "surveys/public/start.html", {"form": form}, status=status))


def _member(request: HttpRequest, code: str) -> SampleMember | HttpResponse:
    """The sample member of ``code``, or the page saying why it takes no answer (429 too many
    wrong codes, 404 unknown, 409 used or the survey not taking answers today)."""
    client = client_hash(request)
    now = timezone.now()
    try:
        check_tracking_misses(client=client, now=now)
    except RateLimited as exc:
        message = _("Too many wrong codes from this connection. You can try again from %(at)s.") % {
            "at": timezone.localtime(exc.retry_at).strftime("%H:%M %d/%m/%Y")
        }
        return _refused(request, message, status=429, retry=False)
    normal = normalise_code(code)
    member = (
        SampleMember.objects.select_related("survey", "hamlet").filter(code=normal).first()
        if CODE_RE.match(normal)
        else None
    )
    if member is None:
        record_tracking_miss(client=client, now=now)
        message = _(
            "No survey sheet has this code. Check the code printed on your sheet and type it again."
        )
        return _refused(request, message, status=404, retry=True)
    if member.answered_on is not None:
        return _refused(request, _used_message(), status=409, retry=False)
    try:
        require_answerable(member.survey)
    except DomainError as exc:
        return _refused(request, exc.message, status=exc.status_code, retry=False)
    return member


def _used_message() -> str:
    return _(
        "This code has already been used: your household's answer is counted. Each household "
        "answers once."
    )


@require_http_methods(["GET", "HEAD", "POST"])
def answer_code(request: HttpRequest, code: str) -> HttpResponse:
    member = _member(request, code)
    if isinstance(member, HttpResponse):
        return member
    survey = member.survey
    data = posted(request)
    form = AnswerForm(data, survey=survey)
    status = 200
    if data is not None:
        status = 422
        if form.is_valid():
            try:
                response_record(member=member, answers=form.answers(), channel=Channel.WEB)
            except CodeUsed:
                return _refused(request, _used_message(), status=409, retry=False)
            except DomainError as exc:
                add_domain_error(form, exc)
                status = exc.status_code
            else:
                return redirect("surveys_public:answer-done")
    context = {"survey": survey, "hamlet": member.hamlet, "form": form, "code": member.code}
    return _private(render(request, "surveys/public/answer.html", context, status=status))


@require_http_methods(["GET", "HEAD"])
def answer_done(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/public/done.html")
