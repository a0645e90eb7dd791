"""Tourism: the places worth a visit (spots) and the festivals and events (the Ok Om Bók
festival…) of a portal's area."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from smartrural.core.dates import today

from .base import PortalPage


class TourismIndex(PortalPage):
    """A portal's tourism section: the events to come (and those under way), then the past
    ones, then the places."""

    show_in_menus_default = True  # a section of the portal's menu
    parent_page_types = ["portal.PortalHome"]
    subpage_types = ["portal.TourismSpot", "portal.TourismEvent"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("tourism")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context.update(tourism_of(self, as_of=today()))
        return context


def tourism_of(index_page: TourismIndex, *, as_of: dt.date) -> dict[str, Any]:
    """The published events and spots under ``index_page``: ``upcoming`` (not yet over on
    ``as_of``, the soonest first; ``ongoing`` the ids of those already begun), ``past`` (the
    latest first) and ``spots`` (by name)."""
    events: QuerySet[TourismEvent] = (
        TourismEvent.objects.child_of(index_page).live().select_related("photo")
    )
    upcoming = list(events.filter(end_date__gte=as_of).order_by("start_date", "pk"))
    return {
        "upcoming": upcoming,
        "ongoing": {event.pk for event in upcoming if event.start_date <= as_of},
        "past": list(events.filter(end_date__lt=as_of).order_by("-start_date", "-pk")),
        "spots": list(
            TourismSpot.objects.child_of(index_page)
            .live()
            .select_related("photo")
            .order_by("title", "pk")
        ),
    }


class TourismSpot(PortalPage):
    """A place to visit: a pagoda, an orchard, a craft village…"""

    address = models.CharField(_("address"), max_length=300, blank=True)
    hamlet = models.CharField(
        _("hamlet"), max_length=120, blank=True, help_text=_("The hamlet it is in, by name.")
    )
    opening_hours = models.CharField(_("opening hours"), max_length=300, blank=True)
    directions = models.TextField(_("how to get there"), blank=True, max_length=2000)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = RichTextField(_("body"), blank=True)

    content_panels = [
        *PortalPage.content_panels,
        FieldPanel("photo"),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("hamlet"),
                FieldPanel("opening_hours"),
                FieldPanel("directions"),
            ],
            heading=_("Visiting"),
        ),
        FieldPanel("body"),
    ]
    parent_page_types = ["portal.TourismIndex"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("tourism spot")
        verbose_name_plural = _("tourism spots")

    def searchable_parts(self) -> list[str]:
        return [
            *super().searchable_parts(),
            self.address,
            self.hamlet,
            self.directions,
            strip_tags(self.body),
        ]


class TourismEvent(PortalPage):
    """A festival or event, from its first day to its last (one day: the same date twice)."""

    start_date = models.DateField(_("start date"), default=today)
    end_date = models.DateField(_("end date"), default=today)
    place = models.CharField(_("place"), max_length=300, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = RichTextField(_("body"), blank=True)

    content_panels = [
        *PortalPage.content_panels,
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")], heading=_("Dates")),
        FieldPanel("place"),
        FieldPanel("photo"),
        FieldPanel("body"),
    ]
    search_fields = [
        *PortalPage.search_fields,
        index.FilterField("start_date"),
        index.FilterField("end_date"),
    ]
    parent_page_types = ["portal.TourismIndex"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["end_date"], name="portal_event_end")]

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("The end date must be on or after the start date.")}
            )

    @property
    def one_day(self) -> bool:
        return self.start_date == self.end_date

    def searchable_parts(self) -> list[str]:
        return [*super().searchable_parts(), self.place, strip_tags(self.body)]
