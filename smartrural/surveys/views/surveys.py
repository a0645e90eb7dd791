"""The officers' survey pages: the list, a new survey, a survey's page with its sample's
progress per hamlet, its changes, opening and closing it, its history."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.accounts.access import require_official, require_writer
from smartrural.accounts.actor import ActorRequest
from smartrural.core.dates import MAX_YEAR, MIN_YEAR, today
from smartrural.core.errors import DomainError
from smartrural.core.history import render_history
from smartrural.core.page_forms import act, posted, submit

from ..access import access_survey_for_user, surveys_for_user
from ..forms.surveys import RULE_FIELDS, SurveyCreateForm, SurveyEditForm, SurveyFilterForm
from ..models import SampleFrame, SampleMember, Survey, SurveyStatus
from ..rules import default_rules
from ..services import surveys as services
from .common import (
    FORM,
    PAGE_SIZE,
    READ,
    crumbs,
    detail_url,
    list_url,
    survey_units,
    units_in_year,
)


def _may_write(request: ActorRequest) -> bool:
    return bool(getattr(request.user, "can_write", False))


@login_required
@require_http_methods(READ)
def survey_list(request: ActorRequest) -> HttpResponse:
    require_official(request.user)
    scoped = surveys_for_user(request.user)
    units = survey_units(request.user).filter(pk__in=scoped.values("unit"))
    form = SurveyFilterForm(request.GET or None, units=units)
    surveys = scoped
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data.get("year"):
            surveys = surveys.filter(year=data["year"])
        if data.get("status"):
            surveys = surveys.filter(status=data["status"])
        if data.get("unit"):
            surveys = surveys.filter(unit=data["unit"])
    surveys = (
        surveys.select_related("unit", "criteria_set")
        .annotate(
            drawn=Count("members"),
            answered=Count("members", filter=Q(members__answered_on__isnull=False)),
        )
        .order_by("-year", "unit__code", "pk")
    )
    page = Paginator(surveys, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "may_write": _may_write(request)}
    return render(request, "surveys/survey/list.html", context)


def _form_page(
    request: ActorRequest,
    form: Any,
    *,
    title: str,
    submit_label: str,
    survey: Survey | None,
    status: int,
) -> HttpResponse:
    context = {
        "form": form,
        "title": title,
        "submit": submit_label,
        "survey": survey,
        "crumbs": crumbs(survey),
        "cancel": detail_url(survey) if survey else list_url(),
    }
    return render(request, "surveys/survey/form_page.html", context, status=status)


def _shown_year(request: ActorRequest) -> int:
    raw = request.GET.get("year", "")
    if raw.isdigit() and MIN_YEAR <= int(raw) <= MAX_YEAR:
        return int(raw)
    return today().year


@login_required
@require_http_methods(FORM)
def survey_create(request: ActorRequest) -> HttpResponse:
    require_official(request.user)
    require_writer(request.user)
    year = _shown_year(request)
    units = survey_units(request.user)
    choices = units_in_year(units, year)
    initial: dict[str, Any] = {
        "year": year,
        "title": _("Residents' satisfaction with the results of new rural construction, %(year)s")
        % {"year": year},
    }
    offered = list(choices[:2])
    if offered:
        # The rules of the unit's level; the overall rate differs between a commune and a
        # district, so it is filled in only when there is one unit to choose.
        rules = default_rules(offered[0])
        if len(offered) > 1:
            del rules["overall_min"]
        else:
            initial["unit"] = offered[0].pk
        initial.update(rules)
    form = SurveyCreateForm(posted(request), initial=initial, units=units, choices=choices)

    def create(data: dict[str, Any]) -> Survey:
        return services.survey_create(
            unit=data["unit"],
            year=data["year"],
            title=data["title"],
            organiser=data["organiser"],
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            criteria_set=data.get("criteria_set"),
            rules=form.rules(),
            by=request.user,
        )

    done, status = submit(
        request,
        form,
        create,
        message=lambda survey: (
            _("Survey “%(title)s” created as a draft.") % {"title": survey.title}
        ),
        then=detail_url,
    )
    if done is not None:
        return done
    return _form_page(
        request,
        form,
        title=_("New survey"),
        submit_label=_("Create the survey"),
        survey=None,
        status=status,
    )


def hamlet_progress(survey: Survey) -> QuerySet[SampleFrame]:
    """The survey's hamlets with their households, those drawn and those that answered (one
    query: the answered count is a grouped subquery of the sample)."""
    answered = (
        SampleMember.objects.filter(
            survey=OuterRef("survey"), hamlet=OuterRef("hamlet"), answered_on__isnull=False
        )
        .order_by()
        .values("hamlet")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        SampleFrame.objects.filter(survey=survey)
        .select_related("hamlet")
        .annotate(
            answered=Coalesce(
                Subquery(answered, output_field=IntegerField()),
                Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("hamlet__code")
    )


@login_required
@require_http_methods(READ)
def survey_detail(request: ActorRequest, pk: int) -> HttpResponse:
    survey = access_survey_for_user(request.user, pk)
    return _detail_page(request, survey)


def _detail_page(
    request: ActorRequest, survey: Survey, *, error: str = "", status: int = 200
) -> HttpResponse:
    frames = list(hamlet_progress(survey))
    totals = {
        "households": sum(frame.households for frame in frames),
        "sampled": sum(frame.sampled for frame in frames),
        "answered": sum(getattr(frame, "answered", 0) for frame in frames),
    }
    context = {
        "survey": survey,
        "frames": frames,
        "totals": totals,
        "question_count": survey.questions.count(),
        "may_write": _may_write(request),
        "crumbs": crumbs(),
        "error": error,
        "statuses": SurveyStatus,
    }
    return render(request, "surveys/survey/detail.html", context, status=status)


@login_required
@require_http_methods(FORM)
def survey_edit(request: ActorRequest, pk: int) -> HttpResponse:
    survey = access_survey_for_user(request.user, pk, action="write")
    draft = survey.status == SurveyStatus.DRAFT
    initial: dict[str, Any] = {
        "title": survey.title,
        "organiser": survey.organiser,
        "criteria_set": survey.criteria_set_id,
        "opens_on": survey.opens_on,
        "closes_on": survey.closes_on,
        "version": survey.version,
        **{name: getattr(survey, name) for name in RULE_FIELDS},
    }
    form = SurveyEditForm(posted(request), initial=initial, draft=draft, levels=[survey.unit.level])

    def save(data: dict[str, Any]) -> Survey:
        fields: dict[str, Any] = {
            "title": data["title"],
            "organiser": data["organiser"],
            "opens_on": data["opens_on"],
            "closes_on": data["closes_on"],
            **form.rules(),
        }
        if "criteria_set" in form.fields:
            fields["criteria_set"] = data.get("criteria_set")
        return services.survey_update(
            survey=survey, version=data["version"], by=request.user, **fields
        )

    done, status = submit(
        request,
        form,
        save,
        message=lambda saved: _("Survey “%(title)s” saved.") % {"title": saved.title},
        then=detail_url,
    )
    if done is not None:
        return done
    return _form_page(
        request,
        form,
        title=_("Edit the survey"),
        submit_label=_("Save"),
        survey=survey,
        status=status,
    )


def _change_status(request: ActorRequest, pk: int, *, opening: bool) -> HttpResponse:
    survey = access_survey_for_user(request.user, pk, action="write")
    raw = request.POST.get("version", "")
    version = int(raw) if raw.isdigit() and len(raw) < 10 else None

    def refused(exc: DomainError) -> HttpResponse:
        return _detail_page(request, survey, error=exc.message, status=exc.status_code)

    if opening:
        return act(
            request,
            lambda: services.survey_open(survey=survey, version=version, by=request.user),
            message=_("The survey is open: answers are taken from %(day)s.")
            % {"day": survey.opens_on.strftime("%d/%m/%Y")},
            then=detail_url(survey),
            refused=refused,
        )
    return act(
        request,
        lambda: services.survey_close(survey=survey, version=version, by=request.user),
        message=_("The survey is closed; its results are final."),
        then=detail_url(survey),
        refused=refused,
    )


@login_required
@require_POST
def survey_open(request: ActorRequest, pk: int) -> HttpResponse:
    return _change_status(request, pk, opening=True)


@login_required
@require_POST
def survey_close(request: ActorRequest, pk: int) -> HttpResponse:
    return _change_status(request, pk, opening=False)


@login_required
@require_http_methods(READ)
def survey_history(request: ActorRequest, pk: int) -> HttpResponse:
    survey = access_survey_for_user(request.user, pk)
    return render_history(
        request,
        survey,
        title=survey.title,
        back_url=detail_url(survey),
        breadcrumbs=crumbs(survey),
        hidden=frozenset({"sample_seed"}),
    )
