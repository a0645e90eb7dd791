"""Officers' pages of a survey's sample: per hamlet the households on record, drawn and
answered; the draw (again, until someone answered); the households drawn with their one-time
codes; and the printable answer sheets, one A4 page per household drawn with its code and QR.

The codes let anyone answer for a household, so they are shown to officers who may write only
(a read-only viewer sees the counts and the households drawn, not their codes)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.db.models.functions import Length
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.accounts.access import require_writer
from smartrural.accounts.actor import ActorRequest
from smartrural.accounts.reference import note_year
from smartrural.core.errors import DomainError
from smartrural.core.page_forms import act
from smartrural.geo.models import AdministrativeUnit

from ..access import access_survey_for_user
from ..forms.answers import AnswerForm
from ..forms.households import SampleFilterForm
from ..models import Household, SampleFrame, SampleMember, Survey, SurveyStatus
from ..services.sampling import sample_draw, sample_size, survey_hamlets
from .common import crumbs

PAGE_SIZE = 50
# The resident's page of a household's code (``urls_public``): what the QR code opens.
ANSWER_PATH = "/khao-sat/{code}/"
QR_MASK = 0


@dataclass(frozen=True)
class HamletLine:
    hamlet: AdministrativeUnit
    households: int
    sampled: int
    answered: int
    drawn: bool  # False: the sample is not drawn yet (``sampled`` is what a draw would take)


def sample_url(survey: Survey) -> str:
    return reverse("surveys:sample", args=[survey.pk])


def hamlet_lines(survey: Survey) -> list[HamletLine]:
    """Per hamlet: from the drawn sample's frames (households when drawn, drawn, answered), or
    before a draw the hamlets of the survey's unit with their active households now and the
    number a draw would take."""
    frames = list(survey.frames.select_related("hamlet"))
    if frames:
        answered = dict(
            survey.members.filter(answered_on__isnull=False)
            .values("hamlet")
            .annotate(n=Count("pk"))
            .values_list("hamlet", "n")
        )
        return [
            HamletLine(f.hamlet, f.households, f.sampled, answered.get(f.hamlet_id, 0), True)
            for f in frames
        ]
    hamlets = survey_hamlets(survey)
    counts = dict(
        Household.objects.filter(hamlet__in=hamlets, active=True)
        .values("hamlet")
        .annotate(n=Count("pk"))
        .values_list("hamlet", "n")
    )
    return [
        HamletLine(
            h,
            counts.get(h.pk, 0),
            sample_size(counts.get(h.pk, 0), survey.sample_share),
            0,
            False,
        )
        for h in hamlets
    ]


def _totals(lines: Iterable[HamletLine]) -> dict[str, int]:
    lines = list(lines)
    return {
        "households": sum(line.households for line in lines),
        "sampled": sum(line.sampled for line in lines),
        "answered": sum(line.answered for line in lines),
    }


def _sample_hamlets(survey: Survey) -> Any:
    ids = SampleFrame.objects.filter(survey=survey).values("hamlet")
    return AdministrativeUnit.objects.filter(pk__in=ids).order_by("code")


@login_required
@require_http_methods(["GET", "HEAD"])
def sample(request: ActorRequest, pk: int) -> HttpResponse:
    survey = access_survey_for_user(request.user, pk)
    note_year(request, survey.year)
    lines = hamlet_lines(survey)
    form = SampleFilterForm(request.GET or None, hamlets=_sample_hamlets(survey))
    form.is_valid()
    hamlet = (
        getattr(form, "cleaned_data", {}).get("hamlet") if "hamlet" not in form.errors else None
    )
    members = survey.members.select_related("household", "hamlet").order_by(
        "hamlet__code", Length("household__number"), "household__number", "pk"
    )
    if hamlet is not None:
        members = members.filter(hamlet=hamlet)
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    answered = any(line.answered for line in lines)
    context = {
        "survey": survey,
        "lines": lines,
        "totals": _totals(lines),
        "drawn": bool(lines) and lines[0].drawn,
        "form": form,
        "hamlet": hamlet,
        "page": page,
        "may_write": request.user.can_write,
        "may_draw": request.user.can_write
        and survey.status != SurveyStatus.CLOSED
        and not answered,
        "answered": answered,
        "crumbs": crumbs(survey),
    }
    return render(request, "surveys/sample/sample.html", context)


@login_required
@require_POST
def sample_draw_view(request: ActorRequest, pk: int) -> HttpResponse:
    survey = access_survey_for_user(request.user, pk, action="write")
    then = sample_url(survey)

    def refused(exc: DomainError) -> HttpResponse:
        messages.error(request, exc.message)
        return redirect(then)

    return act(
        request,
        lambda: sample_draw(survey=survey, by=request.user),
        message=lambda count: (
            _("Sample drawn: %(count)s households, each with its code.") % {"count": count}
        ),
        then=then,
        refused=refused,
    )


def qr_svg(url: str) -> SafeString:
    """The QR code of ``url`` as inline SVG (segno writes it from the URL alone: no user text).

    The mask is fixed: choosing the best of the eight (the standard's penalty rules) is three
    quarters of segno's time for a code, and a hamlet's sheets make hundreds; every reader
    decodes every mask, and the quiet zone and error correction (M) stay as the standard
    asks."""
    svg = segno.make_qr(url, error="m", mask=QR_MASK).svg_inline(
        scale=4, border=4, title=_("QR code"), svgclass="qr"
    )
    return mark_safe(svg)  # noqa: S308 - segno's own SVG


def paper_questions(request: HttpRequest, survey: Survey) -> SafeString:
    """The survey's questions with tick boxes, rendered once and put on every sheet."""
    form = AnswerForm(survey=survey)
    return mark_safe(  # noqa: S308 - a template's output, escaped by the template engine
        render_to_string("surveys/sample/_paper_questions.html", {"form": form}, request=request)
    )


@dataclass(frozen=True)
class Sheet:
    member: SampleMember
    qr: SafeString
    url: str


@login_required
@require_http_methods(["GET", "HEAD"])
def sample_sheets(request: ActorRequest, pk: int) -> HttpResponse:
    """One printable A4 sheet per household drawn in the hamlet ``?hamlet=<id>``; without a
    hamlet, the list of the sample's hamlets to choose from."""
    survey = access_survey_for_user(request.user, pk)
    require_writer(request.user)
    note_year(request, survey.year)
    hamlets = _sample_hamlets(survey)
    raw = request.GET.get("hamlet", "")
    context: dict[str, Any] = {"survey": survey, "crumbs": crumbs(survey)}
    if not raw:
        lines = hamlet_lines(survey)
        context["lines"] = [line for line in lines if line.drawn and line.sampled]
        return render(request, "surveys/sample/sheets_choose.html", context)
    hamlet = hamlets.filter(pk=int(raw)).first() if raw.isdigit() else None
    if hamlet is None:
        raise Http404(_("No hamlet #%(pk)s in this survey's sample.") % {"pk": raw})
    members = (
        survey.members.filter(hamlet=hamlet)
        .filter(Q(answered_on__isnull=True))
        .select_related("household")
        .order_by(Length("household__number"), "household__number")
    )
    sheets = []
    for member in members:
        url = request.build_absolute_uri(ANSWER_PATH.format(code=member.code))
        sheets.append(Sheet(member=member, qr=qr_svg(url), url=url))
    context.update(
        {
            "hamlet": hamlet,
            "sheets": sheets,
            "questions": paper_questions(request, survey),
            "answered": survey.members.filter(hamlet=hamlet, answered_on__isnull=False).count(),
        }
    )
    return render(request, "surveys/sample/sheets.html", context)
