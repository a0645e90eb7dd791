"""Entering a paper answer sheet: the officer names the household (hamlet and number) and types
its answers; they count once, as answered on paper by this officer."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from smartrural.accounts.actor import ActorRequest
from smartrural.core.errors import DomainError, ValidationFailed
from smartrural.core.page_forms import add_domain_error, posted
from smartrural.geo.models import AdministrativeUnit

from ..access import access_survey_for_user
from ..forms.answers import AnswerForm
from ..forms.surveys import PaperForm
from ..models import Channel, Household, SampleFrame, Survey
from ..services.responses import member_for_household, response_record
from .common import FORM, crumbs


def paper_url(survey: Survey) -> str:
    return reverse("surveys:survey-paper", args=[survey.pk])


def _hamlets(survey: Survey) -> list[AdministrativeUnit]:
    return [
        frame.hamlet
        for frame in SampleFrame.objects.filter(survey=survey)
        .select_related("hamlet")
        .order_by("hamlet__code")
    ]


def _record(request: ActorRequest, survey: Survey, pick: PaperForm, answers: AnswerForm) -> str:
    """Store the sheet; the confirmation to show. ``DomainError`` when it is refused."""
    hamlet_id = pick.cleaned_data["hamlet"]
    number = pick.cleaned_data["household"]
    household = Household.objects.filter(hamlet_id=hamlet_id, number=number).first()
    if household is None:
        raise ValidationFailed(
            _("No household %(number)s is on record in this hamlet.") % {"number": number},
            field="household",
        )
    member = member_for_household(survey, household.pk)
    response_record(
        member=member, answers=answers.answers(), channel=Channel.PAPER, by=request.user
    )
    return _("The sheet of household %(number)s (%(hamlet)s) is counted.") % {
        "number": number,
        "hamlet": member.hamlet.name,
    }


@login_required
@require_http_methods(FORM)
def survey_paper(request: ActorRequest, pk: int) -> HttpResponse:
    survey = access_survey_for_user(request.user, pk, action="write")
    hamlets = _hamlets(survey)
    initial: dict[str, Any] = {}
    if request.GET.get("hamlet", "").isdigit():
        initial["hamlet"] = int(request.GET["hamlet"])
    data = posted(request)
    pick = PaperForm(data, hamlets=hamlets, initial=initial)
    answers = AnswerForm(data, survey=survey)
    status = 200
    if data is not None:
        status = 422
        if pick.is_valid() and answers.is_valid():
            try:
                saved = _record(request, survey, pick, answers)
            except DomainError as exc:
                add_domain_error(answers if exc.field in answers.fields else pick, exc)
                status = exc.status_code
            else:
                # A fresh sheet for the next household of the same hamlet.
                messages.success(request, saved)
                return redirect(f"{paper_url(survey)}?hamlet={pick.cleaned_data['hamlet']}")
    context = {"survey": survey, "pick": pick, "form": answers, "crumbs": crumbs(survey)}
    return render(request, "surveys/survey/paper.html", context, status=status)
