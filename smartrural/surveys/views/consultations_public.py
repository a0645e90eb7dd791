"""Residents' consultation pages under /khao-sat/y-kien/: the consultations (open, coming and
past, filtered by commune), a consultation's page (its subject, period, the counts of published
opinions and the published opinions with their answers; never a phone, a pending or rejected
opinion, or an officer's reason) with the opinion form during its period, and the opinion posted
to ``gop-y/`` (honeypot, rate limit per client address). No login."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.core.dates import today
from smartrural.core.page_forms import submit
from smartrural.feedback.ratelimit import client_hash
from smartrural.geo.models import AdministrativeUnit

from ..forms.consultations import OpinionForm
from ..models import Consultation, Opinion, OpinionStatus
from ..services import consultations as services

READ = ["GET", "HEAD"]
PAGE_SIZE = 20
FORM_ANCHOR = "#gop-y"


class UnitFilterForm(forms.Form):
    commune = forms.ChoiceField(label=gettext_lazy("Commune"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = AdministrativeUnit.objects.filter(
            pk__in=Consultation.objects.values("unit_id")
        ).order_by("name", "code")
        field = self.fields["commune"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", _("All")),
            *((unit.code, unit.name) for unit in units),
        ]

    def wanted(self) -> str:
        if not self.is_bound or not self.is_valid():
            return ""
        return str(self.cleaned_data["commune"])


@require_http_methods(READ)
def consultation_list(request: HttpRequest) -> HttpResponse:
    form = UnitFilterForm(request.GET or None)
    listed = Consultation.objects.select_related("unit")
    code = form.wanted()
    if code:
        listed = listed.filter(unit__code=code)
    page = Paginator(listed.order_by("-closes_on", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    counts = services.counts_by_consultation(
        Consultation.objects.filter(pk__in=[c.pk for c in page])
    )
    day = today()
    rows = [
        {
            "consultation": c,
            "counts": counts.get(c.pk, services.Counts()),
            "open": services.is_open(c, day),
            "coming": day < c.opens_on,
        }
        for c in page
    ]
    context = {"form": form, "page": page, "rows": rows}
    return render(request, "surveys/consultations/public_list.html", context)


def _page(
    request: HttpRequest,
    consultation: Consultation,
    *,
    form: OpinionForm | None,
    status: int = 200,
    refusal: str = "",
) -> HttpResponse:
    day = today()
    published = (
        Opinion.objects.filter(consultation=consultation, status=OpinionStatus.PUBLISHED)
        .exclude(text="")
        .only("pk", "stance", "text", "name", "reply", "answered_at", "created_at")
        .order_by("created_at", "pk")
    )
    context = {
        "consultation": consultation,
        "counts": services.counts_of(consultation),
        "is_open": services.is_open(consultation, day),
        "closed_message": services.closed_message(consultation, day),
        "opinions": published,
        "form": form,
        "refusal": refusal,
    }
    return render(request, "surveys/consultations/public_detail.html", context, status=status)


def _consultation(pk: int) -> Consultation:
    return get_object_or_404(Consultation.objects.select_related("unit"), pk=pk)


@require_http_methods(READ)
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(pk)
    form = OpinionForm() if services.is_open(consultation, today()) else None
    return _page(request, consultation, form=form)


@require_POST
def opinion_send(request: HttpRequest, pk: int) -> HttpResponse:
    """An opinion posted to ``gop-y/``: stored and back to the page with a thank-you; the form
    again with what is wrong (422), too many from this address (429); outside the period, the
    page with why (400), nothing stored."""
    consultation = _consultation(pk)
    day = today()
    if not services.is_open(consultation, day):
        refusal = services.closed_message(consultation, day)
        return _page(request, consultation, form=None, status=400, refusal=refusal)
    form = OpinionForm(request.POST)
    thanks = _(
        "Thank you: your opinion was received. An opinion with words is published once the "
        "officers have read it."
    )
    back = reverse("surveys_public:consultation", args=[consultation.pk]) + FORM_ANCHOR
    if form.is_bot:
        # A filled honeypot: look like success to the bot, store nothing.
        messages.success(request, thanks)
        return redirect(back)

    def send(data: dict[str, Any]) -> Opinion:
        return services.opinion_submit(
            consultation=consultation,
            stance=data["stance"],
            text=data["text"],
            name=data["name"],
            phone=data["phone"],
            client_hash=client_hash(request),
        )

    done, status = submit(request, form, send, message=thanks, then=back)
    if done is not None:
        return done
    if status == services.ConsultationClosed.status_code:  # closed while the form was filled
        refusal = services.closed_message(consultation, today())
        return _page(request, consultation, form=None, status=status, refusal=refusal)
    return _page(request, consultation, form=form, status=status)
