"""The question builder: a survey's questions grouped by NTM content; adding, changing,
removing and moving one while the survey is a draft."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.accounts.actor import ActorRequest
from smartrural.core.errors import DomainError
from smartrural.core.page_forms import act, posted, submit
from smartrural.criteria.selectors import current_definition

from ..access import access_survey_for_user
from ..forms.surveys import QuestionForm
from ..models import CHOICE_KINDS, Question, QuestionKind, Survey, SurveyStatus
from ..services import surveys as services
from .common import FORM, READ, crumbs


def builder_url(survey: Survey) -> str:
    return reverse("surveys:question-list", args=[survey.pk])


def criterion_names(survey: Survey) -> dict[int, str]:
    if survey.criteria_set is None:
        return {}
    return {c.number: c.name for c in current_definition(survey.criteria_set).criteria}


@dataclass(frozen=True)
class Group:
    content: int | None
    title: str
    questions: list[Question]


def grouped(survey: Survey, names: dict[int, str]) -> list[Group]:
    """The questions in their order, a new group at each change of content."""
    groups: list[Group] = []
    for question in survey.questions.prefetch_related("choices").order_by("position", "pk"):
        if not groups or groups[-1].content != question.content:
            if question.content is None:
                title = _("Not tied to a content")
            elif question.content in names:
                title = _("Content %(number)s: %(name)s") % {
                    "number": question.content,
                    "name": names[question.content],
                }
            else:
                title = _("Content %(number)s") % {"number": question.content}
            groups.append(Group(question.content, title, []))
        groups[-1].questions.append(question)
    return groups


def _page(
    request: ActorRequest, survey: Survey, *, error: str = "", status: int = 200
) -> HttpResponse:
    names = criterion_names(survey)
    context = {
        "survey": survey,
        "groups": grouped(survey, names),
        "editable": survey.status == SurveyStatus.DRAFT
        and bool(getattr(request.user, "can_write", False)),
        "crumbs": crumbs(survey),
        "error": error,
    }
    return render(request, "surveys/survey/questions.html", context, status=status)


@login_required
@require_http_methods(READ)
def question_list(request: ActorRequest, pk: int) -> HttpResponse:
    return _page(request, access_survey_for_user(request.user, pk))


def _question(survey: Survey, question_id: int) -> Question:
    question = survey.questions.prefetch_related("choices").filter(pk=question_id).first()
    if question is None:
        raise Http404(_("No such question in this survey."))
    question.survey = survey
    return question


def _form_page(request: ActorRequest, survey: Survey, question: Question | None) -> HttpResponse:
    names = criterion_names(survey)
    others = (
        survey.questions.all() if question is None else survey.questions.exclude(pk=question.pk)
    )
    taken = others.values_list("name", flat=True)
    initial: dict[str, Any] = {}
    if question is not None:
        initial = {
            "label": question.label,
            "hint": question.hint,
            "kind": question.kind,
            "content": question.content,
            "required": question.required,
            "choices": "\n".join(c.label for c in question.choices.all())
            if question.kind in CHOICE_KINDS and question.kind != QuestionKind.SCALE
            else "",
        }
    form = QuestionForm(
        posted(request),
        initial=initial,
        contents=names,
        taken=list(taken),
        name=question.name if question else None,
    )

    def save(data: dict[str, Any]) -> Question:
        spec = form.spec()
        if question is None:
            return services.question_add(survey=survey, spec=spec, by=request.user)
        return services.question_update(question=question, spec=spec, by=request.user)

    done, status = submit(
        request,
        form,
        save,
        message=lambda saved: _("Question “%(label)s” saved.") % {"label": saved.label},
        then=builder_url(survey),
    )
    if done is not None:
        return done
    title = _("Add a question") if question is None else _("Edit a question")
    context = {
        "form": form,
        "title": title,
        "submit": _("Save"),
        "survey": survey,
        "crumbs": [*crumbs(survey), (builder_url(survey), _("Questions"))],
        "cancel": builder_url(survey),
    }
    return render(request, "surveys/survey/form_page.html", context, status=status)


@login_required
@require_http_methods(FORM)
def question_add(request: ActorRequest, pk: int) -> HttpResponse:
    survey = access_survey_for_user(request.user, pk, action="write")
    return _form_page(request, survey, None)


@login_required
@require_http_methods(FORM)
def question_edit(request: ActorRequest, pk: int, question_id: int) -> HttpResponse:
    survey = access_survey_for_user(request.user, pk, action="write")
    return _form_page(request, survey, _question(survey, question_id))


def _refused(request: ActorRequest, survey: Survey) -> Any:
    def refused(exc: DomainError) -> HttpResponse:
        return _page(request, survey, error=exc.message, status=exc.status_code)

    return refused


@login_required
@require_POST
def question_delete(request: ActorRequest, pk: int, question_id: int) -> HttpResponse:
    survey = access_survey_for_user(request.user, pk, action="write")
    question = _question(survey, question_id)
    return act(
        request,
        lambda: services.question_delete(question=question, by=request.user),
        message=_("Question “%(label)s” removed.") % {"label": question.label},
        then=builder_url(survey),
        refused=_refused(request, survey),
    )


@login_required
@require_POST
def question_move(request: ActorRequest, pk: int, question_id: int) -> HttpResponse:
    survey = access_survey_for_user(request.user, pk, action="write")
    question = _question(survey, question_id)
    up = request.POST.get("direction") != "down"
    return act(
        request,
        lambda: services.question_move(question=question, up=up, by=request.user),
        message=_("Question “%(label)s” moved.") % {"label": question.label},
        then=f"{builder_url(survey)}#question-{question.pk}",
        refused=_refused(request, survey),
    )
