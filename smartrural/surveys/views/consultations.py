"""Officers' consultation pages under /surveys/work/consultations/: the list of the officer's
units, a new consultation (on a dossier's self-assessment with ``?dossier=<id>``, else on another
subject of a unit), a consultation's page with its counts and opinions, its edit page and
history; an opinion's page with what may be done to it (publish, reject with an internal reason,
answer) and its history. Gates: ``access.access_consultation_for_user``,
``access_opinion_for_user`` (404 outside the officer's units, 403 to write read-only), and the
recognition gate for the dossier."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.accounts.access import require_official, require_writer, scope_for_user
from smartrural.accounts.actor import ActorRequest
from smartrural.core.dates import today
from smartrural.core.history import render_history
from smartrural.core.page_forms import submit
from smartrural.geo.models import AdministrativeUnit
from smartrural.recognition.access import access_dossier_for_user
from smartrural.recognition.models import Dossier

from ..access import (
    Action,
    access_consultation_for_user,
    access_opinion_for_user,
    consultations_for_user,
)
from ..forms.consultations import (
    AnswerForm,
    ConsultationForm,
    NewConsultationForm,
    OpinionFilterForm,
    PublishForm,
    RejectForm,
)
from ..models import Consultation, Opinion, OpinionStatus
from ..services import consultations as services

READ = ["GET", "HEAD"]
FORM = ["GET", "HEAD", "POST"]
PAGE_SIZE = 25


def _list_crumb() -> tuple[str, str]:
    return reverse("surveys:consultation-list"), _("Public consultations")


def consultation_url(consultation: Consultation) -> str:
    return reverse("surveys:consultation-detail", args=[consultation.pk])


def _opinion_url(opinion: Opinion) -> str:
    return reverse("surveys:consultation-opinion", args=[opinion.pk])


def _crumbs(consultation: Consultation) -> list[tuple[str, str]]:
    return [_list_crumb(), (consultation_url(consultation), consultation.title)]


@login_required
@require_http_methods(READ)
def consultation_list(request: ActorRequest) -> HttpResponse:
    require_official(request.user)
    listed = consultations_for_user(request.user).select_related("unit", "dossier")
    page = Paginator(listed.order_by("-opens_on", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    counts = services.counts_by_consultation(
        Consultation.objects.filter(pk__in=[c.pk for c in page])
    )
    day = today()
    context = {
        "page": page,
        "rows": [(c, counts.get(c.pk, services.Counts()), services.is_open(c, day)) for c in page],
        "may_write": bool(getattr(request.user, "can_write", False)),
        "crumbs": [],
    }
    return render(request, "surveys/consultations/list.html", context)


def _units_for(request: ActorRequest) -> QuerySet[AdministrativeUnit]:
    scope = scope_for_user(request.user)
    return (
        AdministrativeUnit.objects.filter(scope.unit_q(), level__in=services.CONSULTED_LEVELS)
        .select_related("parent")
        .order_by("level", "name", "code")
    )


def _dossier_of(request: ActorRequest) -> Dossier | None:
    raw = request.GET.get("dossier", "")
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 12:
        raise Http404(_("No such dossier."))
    return access_dossier_for_user(request.user, int(raw), write=True)


@login_required
@require_http_methods(FORM)
def consultation_create(request: ActorRequest) -> HttpResponse:
    """A new consultation: ``?dossier=<id>`` on that dossier's self-assessment (its title and
    period proposed), else on another subject of a unit of the officer's scope."""
    require_official(request.user)
    require_writer(request.user)
    dossier = _dossier_of(request)
    data = request.POST if request.method == "POST" else None
    form: ConsultationForm
    if dossier is not None:
        day = today()
        initial = {
            "title": _("Opinions on the self-assessment of %(unit)s (%(year)s)")
            % {"unit": dossier.unit.name, "year": dossier.year},
            "opens_on": day,
            "closes_on": day + services.DEFAULT_LENGTH,
        }
        form = ConsultationForm(data, initial=initial)
    else:
        form = NewConsultationForm(data, units=_units_for(request))

    def create(values: dict[str, Any]) -> Consultation:
        return services.consultation_create(
            unit=values.get("unit"),
            dossier=dossier,
            title=values["title"],
            summary=values["summary"],
            opens_on=values["opens_on"],
            closes_on=values["closes_on"],
            by=request.user,
        )

    done, status = submit(
        request,
        form,
        create,
        message=lambda c: (
            _("The consultation “%(title)s” is open to residents in its period.")
            % {"title": c.title}
        ),
        then=consultation_url,
    )
    if done is not None:
        return done
    context = {"form": form, "dossier": dossier, "crumbs": [_list_crumb()]}
    return render(request, "surveys/consultations/form.html", context, status=status)


@login_required
@require_http_methods(READ)
def consultation_detail(request: ActorRequest, pk: int) -> HttpResponse:
    consultation = access_consultation_for_user(request.user, pk)
    form = OpinionFilterForm(request.GET or None)
    status = form.wanted()
    opinions = consultation.opinions.order_by("-created_at", "-pk")
    if status:
        opinions = opinions.filter(status=status)
    page = Paginator(opinions, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "consultation": consultation,
        "counts": services.counts_of(consultation),
        "is_open": services.is_open(consultation, today()),
        "form": form,
        "page": page,
        "may_write": bool(getattr(request.user, "can_write", False)),
        "crumbs": [_list_crumb()],
    }
    return render(request, "surveys/consultations/detail.html", context)


@login_required
@require_http_methods(FORM)
def consultation_edit(request: ActorRequest, pk: int) -> HttpResponse:
    consultation = access_consultation_for_user(request.user, pk, action="write")
    initial = {
        "title": consultation.title,
        "summary": consultation.summary,
        "opens_on": consultation.opens_on,
        "closes_on": consultation.closes_on,
        "version": consultation.version,
    }
    form = ConsultationForm(request.POST if request.method == "POST" else None, initial=initial)
    done, status = submit(
        request,
        form,
        lambda data: services.consultation_update(
            consultation=consultation,
            version=data["version"],
            by=request.user,
            title=data["title"],
            summary=data["summary"],
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
        ),
        message=_("The consultation is saved."),
        then=consultation_url(consultation),
    )
    if done is not None:
        return done
    context = {
        "form": form,
        "consultation": consultation,
        "dossier": consultation.dossier,
        "crumbs": _crumbs(consultation),
    }
    return render(request, "surveys/consultations/form.html", context, status=status)


@login_required
@require_http_methods(READ)
def consultation_history(request: ActorRequest, pk: int) -> HttpResponse:
    consultation = access_consultation_for_user(request.user, pk)
    url = consultation_url(consultation)
    return render_history(
        request,
        consultation,
        title=consultation.title,
        back_url=url,
        breadcrumbs=_crumbs(consultation),
    )


# -- one opinion --------------------------------------------------------------------------------


def _get(request: ActorRequest, pk: int, action: Action = "read") -> Opinion:
    return access_opinion_for_user(request.user, pk, action=action)


def _forms(opinion: Opinion) -> dict[str, forms.Form]:
    """The empty forms of what may be done to ``opinion`` now (each with its version)."""
    version = {"version": opinion.version}
    shown: dict[str, forms.Form] = {}
    if opinion.status != OpinionStatus.PUBLISHED:
        shown["publish"] = PublishForm(initial=version, prefix="publish")
    if opinion.status != OpinionStatus.REJECTED:
        shown["reject"] = RejectForm(initial=version, prefix="reject")
        shown["answer"] = AnswerForm(initial={**version, "answer": opinion.reply}, prefix="answer")
    return shown


def _render_opinion(
    request: ActorRequest,
    opinion: Opinion,
    *,
    bound: tuple[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    may_write = bool(getattr(request.user, "can_write", False))
    actions = _forms(opinion) if may_write else {}
    if bound is not None:
        actions[bound[0]] = bound[1]
    context = {
        "opinion": opinion,
        "consultation": opinion.consultation,
        "actions": actions,
        "crumbs": _crumbs(opinion.consultation),
    }
    return render(request, "surveys/consultations/opinion.html", context, status=status)


@login_required
@require_http_methods(READ)
def opinion_detail(request: ActorRequest, pk: int) -> HttpResponse:
    return _render_opinion(request, _get(request, pk))


def _act(
    request: ActorRequest,
    pk: int,
    name: str,
    form_class: type[forms.Form],
    action: Callable[[Opinion, dict[str, Any]], Opinion],
    message: str,
) -> HttpResponse:
    opinion = _get(request, pk, "write")
    form = form_class(request.POST, prefix=name)
    done, status = submit(
        request,
        form,
        lambda data: action(opinion, data),
        message=message % {"pk": opinion.pk},
        then=_opinion_url(opinion),
    )
    if done is not None:
        return done
    return _render_opinion(request, _get(request, pk), bound=(name, form), status=status)


@login_required
@require_POST
def opinion_publish(request: ActorRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "publish",
        PublishForm,
        lambda opinion, data: services.opinion_publish(
            opinion=opinion, version=data["version"], by=request.user
        ),
        _("Opinion #%(pk)s is published and counted."),
    )


@login_required
@require_POST
def opinion_reject(request: ActorRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "reject",
        RejectForm,
        lambda opinion, data: services.opinion_reject(
            opinion=opinion, version=data["version"], reason=data["reason"], by=request.user
        ),
        _("Opinion #%(pk)s is rejected: it is neither shown nor counted."),
    )


@login_required
@require_POST
def opinion_answer(request: ActorRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "answer",
        AnswerForm,
        lambda opinion, data: services.opinion_answer(
            opinion=opinion, version=data["version"], answer=data["answer"], by=request.user
        ),
        _("The answer to opinion #%(pk)s is saved."),
    )


@login_required
@require_http_methods(READ)
def opinion_history(request: ActorRequest, pk: int) -> HttpResponse:
    opinion = _get(request, pk)
    url = _opinion_url(opinion)
    return render_history(
        request,
        opinion,
        title=_("Opinion #%(pk)s") % {"pk": opinion.pk},
        back_url=url,
        breadcrumbs=[*_crumbs(opinion.consultation), (url, f"#{opinion.pk}")],
    )
