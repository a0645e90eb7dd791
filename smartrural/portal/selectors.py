"""Reads of the officers' portal pages: the portal each plan belongs to, the comment counts."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, QuerySet
from wagtail.models import Page

from .models import CommentStatus, PlanComment, PortalHome


def portals_of_pages(pages: Iterable[Page]) -> dict[int, PortalHome]:
    """Page id -> its portal (the nearest portal home above it, ``PortalHome.objects.ancestor_of``
    for many pages at once), in one query."""
    paths = {page.pk: page.path for page in pages}
    step = Page.steplen
    above = {path[:end] for path in paths.values() for end in range(step, len(path), step)}
    homes = {
        home.path: home for home in PortalHome.objects.filter(path__in=above).select_related("unit")
    }
    found: dict[int, PortalHome] = {}
    for pk, path in paths.items():
        for end in range(len(path) - step, 0, -step):
            home = homes.get(path[:end])
            if home is not None:
                found[pk] = home
                break
    return found


def comment_counts(comments: QuerySet[PlanComment]) -> dict[str, int]:
    """How many of ``comments`` are in each status (every status named, 0 when none)."""
    counts = dict.fromkeys(CommentStatus.values, 0)
    for row in comments.order_by().values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    return counts
