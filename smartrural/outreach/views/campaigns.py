"""The officers' campaign pages: the list, a new campaign, a draft's changes, a campaign's page
(its audience, its deliveries, submit / approve / cancel), the preview per channel, history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.accounts.access import require_official, require_writer
from smartrural.accounts.actor import ActorRequest
from smartrural.core.dates import today
from smartrural.core.errors import DomainError, ValidationFailed
from smartrural.core.history import render_history
from smartrural.core.page_forms import act, posted, submit
from smartrural.geo.models import AdministrativeUnit

from ..access import access_for_user, scoped
from ..choices import audience_units, office_units, templates_for
from ..forms.campaigns import (
    CampaignEditForm,
    CampaignFilterForm,
    CampaignForm,
    format_values,
    parse_day,
)
from ..models import (
    Campaign,
    CampaignStatus,
    Channel,
    Message,
    MessageStatus,
    Subscriber,
    Template,
    Topic,
    channels_label,
    topics_label,
    topics_of,
)
from ..rendering import Rendered, subscriber_values
from ..rendering import render as render_message
from ..services import campaigns as services

READ = ["GET", "HEAD"]
FORM = ["GET", "HEAD", "POST"]
PAGE_SIZE = 25


def list_url() -> str:
    return reverse("outreach:campaign-list")


def detail_url(campaign: Campaign) -> str:
    return reverse("outreach:campaign-detail", args=[campaign.pk])


def crumbs(campaign: Campaign | None = None) -> list[tuple[str, str]]:
    items = [(reverse("outreach:home"), _("Outreach")), (list_url(), _("Campaigns"))]
    if campaign is not None:
        items.append((detail_url(campaign), campaign.title))
    return items


def _may_write(request: ActorRequest) -> bool:
    return bool(getattr(request.user, "can_write", False))


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
# List


@login_required
@require_http_methods(READ)
def campaign_list(request: ActorRequest) -> HttpResponse:
    require_official(request.user)
    rows = scoped(Campaign, request.user)
    counts = dict(rows.order_by().values_list("status").annotate(n=Count("pk")))
    form = CampaignFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        if form.cleaned_data.get("status"):
            rows = rows.filter(status=form.cleaned_data["status"])
        if form.cleaned_data.get("q"):
            rows = rows.filter(title__icontains=form.cleaned_data["q"])
    rows = rows.select_related("unit", "template").order_by("-created_at", "-pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "counts": [(value, label, counts.get(value, 0)) for value, label in CampaignStatus.choices],
        "may_write": _may_write(request),
        "crumbs": crumbs()[:1],
    }
    return render(request, "outreach/campaigns/list.html", context)


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


# ---------------------------------------------------------------------------------------------
# Detail, actions


def delivery_counts(campaign: Campaign) -> dict[str, Any]:
    """Messages per channel × status (one grouped query)."""
    grid: dict[str, dict[str, int]] = {}
    for channel, status, n in (
        Message.objects.filter(campaign=campaign)
        .order_by()
        .values_list("channel", "status")
        .annotate(n=Count("pk"))
    ):
        grid.setdefault(channel, {})[status] = n
    labels = dict(Channel.choices)
    rows = [
        (labels.get(channel, channel), [cells.get(s, 0) for s in MessageStatus.values])
        for channel, cells in sorted(grid.items())
    ]
    return {"statuses": MessageStatus.choices, "rows": rows}


def _detail_page(
    request: ActorRequest, campaign: Campaign, *, error: str = "", status: int = 200
) -> HttpResponse:
    audience = list(campaign.audience_units.order_by("path"))
    labels = dict(Channel.choices)
    writer = _may_write(request)
    deliveries = delivery_counts(campaign)
    # Before its messages are written: whom it would reach today; after: whom it was written for
    # (later unsubscribes or new subscribers do not change a campaign already sent).
    preview = None if deliveries["rows"] else services.audience_preview(campaign)
    written_for = (
        Message.objects.filter(campaign=campaign).values("subscriber").distinct().count()
        if preview is None
        else 0
    )
    context = {
        "campaign": campaign,
        "audience": audience,
        "preview": preview,
        "preview_rows": [(labels[c], n) for c, n in preview["per_channel"].items()]
        if preview
        else [],
        "written_for": written_for,
        "deliveries": deliveries,
        "topics": [label for value, label in Topic.choices if value in topics_of(campaign.topics)],
        "channels": [labels[c] for c in campaign.channels.split(",") if c],
        "province_wide": services.is_province_wide(unit=campaign.unit, audience=audience),
        "may_edit": writer and campaign.status == CampaignStatus.DRAFT,
        "may_submit": writer and campaign.status == CampaignStatus.DRAFT,
        "may_approve": campaign.status == CampaignStatus.AWAITING_APPROVAL
        and services.may_approve(request.user, campaign),
        "may_cancel": writer and campaign.status in services.CANCELLABLE,
        "crumbs": crumbs()[:2],
        "error": error,
    }
    return render(request, "outreach/campaigns/detail.html", context, status=status)


def _campaign(request: ActorRequest, pk: int, *, action: str = "read") -> Campaign:
    queryset = Campaign.objects.select_related("unit", "template", "created_by", "approved_by")
    return access_for_user(
        Campaign,
        request.user,
        pk,
        action="write" if action == "write" else "read",
        queryset=queryset,
    )


@login_required
@require_http_methods(READ)
def campaign_detail(request: ActorRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _campaign(request, pk))


def _version(request: ActorRequest) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


def _action(request: ActorRequest, pk: int, run: Any, message: str) -> HttpResponse:
    campaign = _campaign(request, pk, action="write")

    def refused(exc: DomainError) -> HttpResponse:
        return _detail_page(request, campaign, error=exc.message, status=exc.status_code)

    return act(
        request,
        lambda: run(campaign=campaign, version=_version(request), user=request.user),
        message=message,
        then=detail_url(campaign),
        refused=refused,
    )


@login_required
@require_POST
def campaign_submit(request: ActorRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        services.campaign_submit,
        _("Campaign submitted: it is sent at its time, after approval when that is needed."),
    )


@login_required
@require_POST
def campaign_approve(request: ActorRequest, pk: int) -> HttpResponse:
    return _action(
        request, pk, services.campaign_approve, _("Campaign approved: it is sent at its time.")
    )


@login_required
@require_POST
def campaign_cancel(request: ActorRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        services.campaign_cancel,
        _("Campaign cancelled: messages not yet handed to a provider will not be sent."),
    )


@login_required
@require_http_methods(READ)
def campaign_preview(request: ActorRequest, pk: int) -> HttpResponse:
    """The message each channel would carry, for the first subscriber of the audience (or an
    example reader in the first hamlet)."""
    campaign = _campaign(request, pk)
    example = (
        services.audience_subscribers(campaign).select_related("hamlet").order_by("pk").first()
    )
    if example is None:
        hamlet = services.audience_hamlets(campaign).order_by("path").first()
        example = Subscriber(name="", hamlet=hamlet or campaign.unit)
    values = {**campaign.values, **subscriber_values(example)}
    labels = dict(Channel.choices)
    channels = [c for c in campaign.channels.split(",") if c]
    if campaign.post_to_facebook:
        channels.append(Channel.FACEBOOK)
    shown: list[tuple[str, Rendered | None, str]] = []
    for channel in channels:
        try:
            rendered = render_message(campaign.template, channel, values)
            shown.append((str(labels[channel]), rendered, ""))
        except ValidationFailed as exc:
            shown.append((str(labels[channel]), None, exc.message))
    context = {
        "campaign": campaign,
        "example_name": values["ten"],
        "example_hamlet": values["ten_ap"],
        "shown": shown,
        "crumbs": crumbs(campaign),
    }
    return render(request, "outreach/campaigns/preview.html", context)


@login_required
@require_http_methods(READ)
def campaign_history(request: ActorRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    return render_history(
        request,
        campaign,
        title=campaign.title,
        back_url=detail_url(campaign),
        breadcrumbs=crumbs(campaign),
        display={"topics": topics_label, "channels": channels_label},
    )
