"""The officers' campaign pages: the list, a campaign's page (its audience, its deliveries,
submit / approve / cancel), the preview per channel, history. A new campaign and a draft's
changes: ``campaign_form``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.accounts.access import require_official
from smartrural.accounts.actor import ActorRequest
from smartrural.core.errors import DomainError, ValidationFailed
from smartrural.core.history import render_history
from smartrural.core.page_forms import act

from ..access import access_for_user, scoped
from ..forms.campaigns import (
    CampaignFilterForm,
)
from ..models import (
    Campaign,
    CampaignStatus,
    Channel,
    Message,
    MessageStatus,
    Subscriber,
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
