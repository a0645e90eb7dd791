"""The campaign form pages: a new campaign and a draft's changes, with the audience picker's
choices (units as of a day, refreshed in place)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from smartrural.accounts.access import require_official, require_writer
from smartrural.accounts.actor import ActorRequest
from smartrural.core.dates import today
from smartrural.core.page_forms import posted, submit
from smartrural.geo.models import AdministrativeUnit

from ..access import access_for_user
from ..choices import audience_units, office_units, templates_for
from ..forms.campaigns import (
    CampaignEditForm,
    CampaignForm,
    format_values,
    parse_day,
)
from ..models import (
    Campaign,
    Channel,
    Template,
    topics_of,
)
from ..services import campaigns as services
from .campaigns import FORM, crumbs, detail_url, list_url

# ---------------------------------------------------------------------------------------------
# Choices


def _as_of(request: ActorRequest, default: dt.date) -> tuple[dt.date, bool]:
    """The day the audience's units are taken as of: the form's field when posted, ``?as_of=``
    otherwise (a link, or the picker's fetch); ``default`` when none is given. Second: whether
    what was given is no date."""
    raw = request.POST.get("audience_as_of") if request.method == "POST" else None
    raw = (raw if raw is not None else request.GET.get("as_of", "")).strip()
    day = parse_day(raw)
    return day or default, bool(raw) and day is None


# The form's "show units as of this date" button: the form again with what was typed, its lists
# taken as of the date (the page works without JavaScript; with it, the picker fetches the list).
REFRESH = "refresh"
KEPT_MANY = ("audience_units", "topics", "channels")


def _refreshing(request: ActorRequest) -> bool:
    return request.method == "POST" and REFRESH in request.POST


def _kept(request: ActorRequest, as_of: dt.date) -> dict[str, Any]:
    """What the officer typed, as the unbound form's initial values (no error is shown for
    fields not filled in yet); the date as the one used."""
    kept: dict[str, Any] = {
        name: value for name, value in request.POST.items() if name not in KEPT_MANY
    }
    kept.update({name: request.POST.getlist(name) for name in KEPT_MANY})
    kept["post_to_facebook"] = bool(request.POST.get("post_to_facebook"))
    kept["audience_as_of"] = as_of
    return kept


def _wants_part(request: ActorRequest) -> bool:
    return request.method != "POST" and request.GET.get("part") == "audience"


def _audience_part(
    request: ActorRequest, form: CampaignForm, *, as_of: dt.date, bad_date: bool
) -> HttpResponse:
    """The picker's fetch (``?part=audience``): the sender list and the audience tree as of the
    date, for the page to put in place of its own (422 with the reason for a wrong date)."""
    context = {
        "form": form,
        "sender": form["unit"] if "unit" in form.fields else None,
        "as_of": as_of,
        "bad_date": bad_date,
    }
    status = 422 if bad_date else 200
    return render(request, "outreach/campaigns/_audience.html", context, status=status)


# ---------------------------------------------------------------------------------------------
# Create, edit


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": data["title"],
        "template": data["template"],
        "values": data["values"],
        "audience_units": list(data["audience_units"]),
        "audience_as_of": data["audience_as_of"],
        "topics": data["topics"],
        "channels": data["channels"],
        "post_to_facebook": data["post_to_facebook"],
        "send_at": data["send_at"],
    }


def _form_page(
    request: ActorRequest,
    form: CampaignForm,
    *,
    title: str,
    campaign: Campaign | None,
    as_of: dt.date,
    status: int,
    bad_date: bool = False,
) -> HttpResponse:
    template = None
    raw = form["template"].value()
    if raw and str(raw).isdigit():
        template = form.fields["template"].queryset.filter(pk=raw).first()  # type: ignore[attr-defined]
    context = {
        "form": form,
        "title": title,
        "campaign": campaign,
        "as_of": as_of,
        "bad_date": bad_date,
        "refresh": REFRESH,
        "shared_placeholders": services.shared_placeholders(template) if template else [],
        "crumbs": crumbs(campaign),
        "submit": _("Save the draft"),
        "cancel": detail_url(campaign) if campaign else list_url(),
    }
    return render(request, "outreach/campaigns/form.html", context, status=status)


def _initial_values(request: ActorRequest, templates: QuerySet[Template]) -> dict[str, Any]:
    """Pick a template with ?template= and its shared placeholders come as ``name =`` lines."""
    raw = request.GET.get("template", "")
    template = templates.filter(pk=raw).first() if raw.isdigit() else None
    if template is None:
        return {}
    names = services.shared_placeholders(template)
    return {"template": template.pk, "values": format_values(dict.fromkeys(names, ""))}


@login_required
@require_http_methods(FORM)
def campaign_create(request: ActorRequest) -> HttpResponse:
    require_official(request.user)
    require_writer(request.user)
    as_of, bad_date = _as_of(request, today())
    units = office_units(request.user, as_of)
    templates = templates_for(request.user)
    initial: dict[str, Any] = {
        "audience_as_of": as_of,
        "channels": [Channel.ZNS, Channel.SMS, Channel.EMAIL],
        **_initial_values(request, templates),
    }
    first_units = list(units[:2])
    if len(first_units) == 1:
        initial["unit"] = first_units[0].pk
    refreshing = _refreshing(request)
    if refreshing:
        initial = _kept(request, as_of)
    form = CampaignForm(
        None if refreshing else posted(request),
        initial=initial,
        units=units,
        templates=templates,
        audience=audience_units(request.user, as_of),
    )
    if _wants_part(request):
        return _audience_part(request, form, as_of=as_of, bad_date=bad_date)
    done, status = (
        (None, 200)
        if refreshing
        else submit(
            request,
            form,
            lambda data: services.campaign_create(
                unit=data["unit"], user=request.user, **_fields(data)
            ),
            message=lambda c: _("Campaign “%(title)s” saved as a draft.") % {"title": c.title},
            then=detail_url,
        )
    )
    if done is not None:
        return done
    return _form_page(
        request,
        form,
        title=_("New campaign"),
        campaign=None,
        as_of=as_of,
        status=status,
        bad_date=bad_date and (refreshing or request.method != "POST"),
    )


@login_required
@require_http_methods(FORM)
def campaign_edit(request: ActorRequest, pk: int) -> HttpResponse:
    campaign = access_for_user(Campaign, request.user, pk, action="write")
    as_of, bad_date = _as_of(request, campaign.audience_as_of)
    templates = templates_for(request.user)
    initial: dict[str, Any] = {
        "title": campaign.title,
        "template": campaign.template_id,
        "values": format_values(campaign.values),
        "audience_as_of": campaign.audience_as_of,
        "audience_units": list(campaign.audience_units.values_list("pk", flat=True)),
        "topics": campaign.topics and topics_of(campaign.topics),
        "channels": [name for name in campaign.channels.split(",") if name],
        "post_to_facebook": campaign.post_to_facebook,
        "send_at": campaign.send_at,
        "version": campaign.version,
        **_initial_values(request, templates),
    }
    if request.method != "POST" and "as_of" in request.GET:
        initial["audience_as_of"] = as_of
    refreshing = _refreshing(request)
    if refreshing:
        initial = _kept(request, as_of)
    form = CampaignEditForm(
        None if refreshing else posted(request),
        initial=initial,
        units=AdministrativeUnit.objects.none(),
        templates=templates,
        audience=audience_units(request.user, as_of).filter(path__startswith=campaign.unit.path),
    )
    if _wants_part(request):
        return _audience_part(request, form, as_of=as_of, bad_date=bad_date)
    done, status = (
        (None, 200)
        if refreshing
        else submit(
            request,
            form,
            lambda data: services.campaign_update(
                campaign=campaign, version=data["version"], user=request.user, **_fields(data)
            ),
            message=lambda c: _("Campaign “%(title)s” saved.") % {"title": c.title},
            then=detail_url,
        )
    )
    if done is not None:
        return done
    return _form_page(
        request,
        form,
        title=_("Edit the campaign"),
        campaign=campaign,
        as_of=as_of,
        status=status,
        bad_date=bad_date and (refreshing or request.method != "POST"),
    )
