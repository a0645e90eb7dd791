"""What the digital service pages share: breadcrumbs, the gate that fetches an offering in the
reader's scope, and the form page."""

from __future__ import annotations

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from smartrural.accounts.actor import ActorRequest
from smartrural.transformation.access import object_in_scope
from smartrural.transformation.models import ServiceOffering

PAGE_SIZE = 25


READ = ["GET", "HEAD"]


FORM = ["GET", "HEAD", "POST"]


def _list_crumb() -> tuple[str, str]:
    return reverse("transformation:offering-list"), _("Digital services")


def _catalogue_crumb() -> tuple[str, str]:
    return reverse("transformation:service-catalogue"), _("Catalogue of essential services")


def _root_crumb() -> tuple[str, str]:
    return "/transformation/", _("Digital transformation")


def _detail_url(offering: ServiceOffering) -> str:
    return reverse("transformation:offering-detail", args=[offering.pk])


def _offering(request: ActorRequest, offering_id: int, *, write: bool = False) -> ServiceOffering:
    queryset = ServiceOffering.objects.select_related("unit__parent", "service", "entered_by")
    return object_in_scope(queryset, request.user, offering_id, write=write)


def _form_page(
    request: ActorRequest,
    *,
    form: forms.Form,
    title: str,
    submit: str,
    crumbs: list[tuple[str, str]],
    cancel: str,
    status: int,
    multipart: bool = False,
    notice: str = "",
) -> HttpResponse:
    context = {
        "form": form,
        "title": title,
        "submit": submit,
        "crumbs": crumbs,
        "cancel": cancel,
        "multipart": multipart,
        "notice": notice,
    }
    return render(request, "transformation/digital_services/form_page.html", context, status=status)
