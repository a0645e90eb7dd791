"""The commune's rural construction plan (quy hoạch xây dựng nông thôn) on its portal, and the
residents' comments on a draft.

A draft plan is put out for consultation: between ``comments_open_from`` and
``comments_open_until`` (both days included, Viet Nam's calendar) its page shows a comment form
where residents agree, disagree or comment (the stances of ``surveys``' consultations, counted
on the page once published: this is the plan's consultation, not a second system);
officers of the commune publish, reject or answer the comments from /portal/work/ (``officers``).
Published comments and their answers are shown under the plan; the others, and every phone
number, never are. An approved plan names its decision and takes no comments.

The page's own views (the page with its form, and the comment posted to ``gop-y/``) live at the
web edge (``portal.views``), which registers them here in ``PortalConfig.ready``: the model
holds the data and the routes, not the forms and services of the edge.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from modelcluster.fields import ParentalKey
from simple_history.models import HistoricalRecords
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from smartrural.core.dates import MAX_YEAR, MIN_YEAR, today
from smartrural.core.textcheck import validate_free_text, validate_name
from smartrural.core.versioning import Versioned
from smartrural.surveys.models import Stance

from ..zones import Zone, parse_zones, validate_zones, zones_geojson
from .base import PortalPage

NAME_MAX_CHARS = 100
PHONE_MAX_CHARS = 20
# Colours of the land uses on the map and in the list (``portal.css``: .use-0 … .use-7).
ZONE_COLOURS = 8


class PlanStatus(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Draft for consultation")
    APPROVED = "approved", gettext_lazy("Approved")


class CommentPeriod(models.TextChoices):
    """Where a plan stands for comments on a day."""

    NONE = "none", gettext_lazy("No comment period")
    BEFORE = "before", gettext_lazy("Not open yet")
    OPEN = "open", gettext_lazy("Open")
    AFTER = "after", gettext_lazy("Closed")
    APPROVED = "approved", gettext_lazy("Plan approved")


@dataclass(frozen=True)
class PlanViews:
    """The page's views at the web edge: the page itself (GET) and a comment posted to it."""

    page: Callable[[HttpRequest, PlanPage], HttpResponse]
    comment: Callable[[HttpRequest, PlanPage], HttpResponse]


_views: list[PlanViews] = []


def register_plan_views(views: PlanViews) -> None:
    """Set the views of the plan page (``PortalConfig.ready``). Without them the page shows
    the plan without a form and ``gop-y/`` is 404."""
    _views[:] = [views]


class PlanPage(RoutablePageMixin, PortalPage):
    """A commune's rural construction plan: its status (a draft for consultation, or approved
    by a decision), period, text, maps, documents and land-use zones (GeoJSON, ``zones``)."""

    status = models.CharField(
        gettext_lazy("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    decision_number = models.CharField(
        gettext_lazy("approval decision number"),
        max_length=60,
        blank=True,
        validators=[validate_name],
        help_text=gettext_lazy("E.g. 1234/QĐ-UBND. Required once the plan is approved."),
    )
    decision_date = models.DateField(
        gettext_lazy("approval decision date"),
        null=True,
        blank=True,
        help_text=gettext_lazy("Required once the plan is approved."),
    )
    period_start = models.PositiveSmallIntegerField(
        gettext_lazy("period from (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)],
    )
    period_end = models.PositiveSmallIntegerField(
        gettext_lazy("period to (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)],
    )
    body = RichTextField(gettext_lazy("body"), blank=True)
    zones = models.TextField(
        gettext_lazy("land-use zones (GeoJSON)"),
        blank=True,
        validators=[validate_zones],
        help_text=gettext_lazy(
            "A GeoJSON FeatureCollection of Polygon or MultiPolygon zones, each with a “name” "
            "and a “use” property (the land use); at most 200 KB and 500 zones."
        ),
    )
    comments_open_from = models.DateField(gettext_lazy("comments open from"), null=True, blank=True)
    comments_open_until = models.DateField(
        gettext_lazy("comments open until (included)"), null=True, blank=True
    )

    content_panels = [
        *PortalPage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldRowPanel([FieldPanel("decision_number"), FieldPanel("decision_date")]),
                FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
            ],
            heading=gettext_lazy("Status and period"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("comments_open_from"), FieldPanel("comments_open_until")])],
            heading=gettext_lazy("Residents' comments on the draft"),
        ),
        FieldPanel("body"),
        InlinePanel("map_images", heading=gettext_lazy("Maps"), label=gettext_lazy("Map")),
        InlinePanel("documents", heading=gettext_lazy("Documents"), label=gettext_lazy("Document")),
        FieldPanel("zones"),
    ]
    parent_page_types = ["portal.PortalHome"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    show_in_menus_default = True

    class Meta:
        verbose_name = gettext_lazy("rural construction plan")
        verbose_name_plural = gettext_lazy("rural construction plans")

    def searchable_parts(self) -> list[str]:
        return [*super().searchable_parts(), self.decision_number, strip_tags(self.body)]

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.status == PlanStatus.APPROVED:
            if not self.decision_number:
                errors["decision_number"] = _(
                    "An approved plan needs the number of its approval decision."
                )
            if self.decision_date is None:
                errors["decision_date"] = _(
                    "An approved plan needs the date of its approval decision."
                )
        start, end = self.period_start, self.period_end
        if (start is None) != (end is None):
            errors["period_end" if end is None else "period_start"] = _(
                "Give both years of the period, or neither."
            )
        elif start is not None and end is not None and end < start:
            errors["period_end"] = _("The period ends (%(end)d) before it starts (%(start)d).") % {
                "end": end,
                "start": start,
            }
        opens, closes = self.comments_open_from, self.comments_open_until
        if (opens is None) != (closes is None):
            errors["comments_open_until" if closes is None else "comments_open_from"] = _(
                "Give both days of the comment period, or neither."
            )
        elif opens is not None and closes is not None and closes < opens:
            errors["comments_open_until"] = _("The comment period ends before it starts.")
        if errors:
            raise ValidationError(errors)

    # -- comments --------------------------------------------------------------------------

    def comment_period(self, on: dt.date) -> CommentPeriod:
        """Where the plan stands for comments on ``on`` (both days of the period included)."""
        if self.status == PlanStatus.APPROVED:
            return CommentPeriod.APPROVED
        if self.comments_open_from is None or self.comments_open_until is None:
            return CommentPeriod.NONE
        if on < self.comments_open_from:
            return CommentPeriod.BEFORE
        if on > self.comments_open_until:
            return CommentPeriod.AFTER
        return CommentPeriod.OPEN

    def accepts_comments(self, on: dt.date) -> bool:
        return self.comment_period(on) == CommentPeriod.OPEN

    def closed_message(self, on: dt.date) -> str:
        """Why the plan takes no comment on ``on`` (empty while it does)."""
        period = self.comment_period(on)
        day = "%d/%m/%Y"
        if period == CommentPeriod.APPROVED:
            return _("This plan is approved: it no longer takes comments.")
        if period == CommentPeriod.BEFORE and self.comments_open_from is not None:
            return _("Comments on this draft open on %(day)s.") % {
                "day": self.comments_open_from.strftime(day)
            }
        if period == CommentPeriod.AFTER and self.comments_open_until is not None:
            return _("Comments on this draft closed on %(day)s.") % {
                "day": self.comments_open_until.strftime(day)
            }
        if period == CommentPeriod.NONE:
            return _("This draft is not open for comments.")
        return ""

    def published_comments(self) -> QuerySet[PlanComment]:
        if self.pk is None:  # a new page previewed in the admin
            return PlanComment.objects.none()
        return self.comments.filter(status=CommentStatus.PUBLISHED).order_by("created_at", "pk")

    def stance_counts(self) -> dict[str, int]:
        """The published opinions by stance (``agree``, ``disagree``, ``comment``; 0 when none):
        the plan's consultation as residents read it."""
        counts = dict.fromkeys(Stance.values, 0)
        rows = self.published_comments().order_by().values("stance").annotate(n=Count("pk"))
        for row in rows:
            counts[row["stance"]] = row["n"]
        return counts

    # -- zones -----------------------------------------------------------------------------

    def zone_list(self) -> list[Zone]:
        """The checked zones; none when the stored text no longer passes the checks (it was
        checked when saved: only a change of the limits could do that)."""
        try:
            return parse_zones(self.zones)
        except ValidationError:
            return []

    # -- the page ----------------------------------------------------------------------------

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        day = today()
        zones = self.zone_list()
        uses: dict[str, int] = {}
        for zone in zones:
            uses.setdefault(zone.use, len(uses) % ZONE_COLOURS)
        context.update(
            {
                "period": self.comment_period(day),
                "closed_message": self.closed_message(day),
                "comments": self.published_comments(),
                "counts": self.stance_counts(),
                "map_images": self.map_images.select_related("image"),
                "documents": self.documents.select_related("document"),
                "zones": [(zone, uses[zone.use]) for zone in zones],
                "zones_total_ha": sum(zone.area_ha for zone in zones),
                "map": _map_data(zones, uses) if settings.MAP_TILE_URL and zones else None,
            }
        )
        return context

    @path("")
    def plan_route(self, request: HttpRequest) -> HttpResponse:
        if _views:
            return _views[0].page(request, self)
        return self.render(request)

    @path("gop-y/", name="comment")
    def comment_route(self, request: HttpRequest) -> HttpResponse:
        if not _views:
            raise Http404(_("This page takes no comments."))
        return _views[0].comment(request, self)


def _map_data(zones: list[Zone], uses: dict[str, int]) -> dict[str, Any]:
    return {
        "tiles": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "zones": zones_geojson(zones, uses),
    }


class PlanMapImage(Orderable):
    """A map of the plan (an image of the drawings) with its caption."""

    page = ParentalKey(PlanPage, on_delete=models.CASCADE, related_name="map_images")
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=gettext_lazy("image"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    caption = models.CharField(gettext_lazy("caption"), max_length=250, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = gettext_lazy("plan map")
        verbose_name_plural = gettext_lazy("plan maps")


class PlanDocument(Orderable):
    """A document of the plan (the decision, the explanatory report, the regulations…)."""

    page = ParentalKey(PlanPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=gettext_lazy("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(gettext_lazy("title"), max_length=200, validators=[validate_name])

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = gettext_lazy("plan document")
        verbose_name_plural = gettext_lazy("plan documents")


class CommentStatus(models.TextChoices):
    PENDING = "pending", gettext_lazy("Awaiting moderation")
    PUBLISHED = "published", gettext_lazy("Published")
    REJECTED = "rejected", gettext_lazy("Rejected")


class PlanComment(Versioned):
    """A resident's comment on a draft plan. Public once published, with the commune's answer;
    the phone (to call the resident back) and the rejection reason are for officers only."""

    plan = models.ForeignKey(
        PlanPage,
        verbose_name=pgettext_lazy("construction plan", "plan"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    name = models.CharField(
        gettext_lazy("name"), max_length=NAME_MAX_CHARS, validators=[validate_name]
    )
    hamlet = models.CharField(
        gettext_lazy("hamlet"), max_length=NAME_MAX_CHARS, validators=[validate_name]
    )
    # The plan's consultation: agree, disagree or comment (the stances of ``surveys``'
    # consultations); words are needed for a comment only.
    stance = models.CharField(
        gettext_lazy("opinion"), max_length=10, choices=Stance.choices, default=Stance.COMMENT
    )
    text = models.TextField(
        pgettext_lazy("plan comment", "comment"), blank=True, validators=[validate_free_text]
    )
    phone = models.CharField(gettext_lazy("phone"), max_length=PHONE_MAX_CHARS, blank=True)
    status = models.CharField(
        gettext_lazy("status"),
        max_length=10,
        choices=CommentStatus.choices,
        default=CommentStatus.PENDING,
    )
    rejection_reason = models.TextField(
        gettext_lazy("reason for rejection (internal)"),
        blank=True,
        validators=[validate_free_text],
    )
    answer = models.TextField(gettext_lazy("answer"), blank=True, validators=[validate_free_text])
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(gettext_lazy("answered at"), null=True, blank=True)
    created_at = models.DateTimeField(gettext_lazy("sent at"), default=timezone.now)
    # A keyed hash of the sender's address, for the rate limit (never the address itself).
    client_hash = models.CharField(max_length=64, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["client_hash"])

    class Meta:
        verbose_name = gettext_lazy("comment on a plan")
        verbose_name_plural = gettext_lazy("comments on plans")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["plan", "status", "created_at"], name="portal_comment_plan"),
            models.Index(fields=["status", "created_at"], name="portal_comment_status"),
            models.Index(fields=["client_hash", "created_at"], name="portal_comment_client"),
        ]

    def __str__(self) -> str:
        return _("Comment #%(pk)s by %(name)s") % {"pk": self.pk, "name": self.name}
