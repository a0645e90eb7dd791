"""Reads of the portals: the portal each page belongs to, the comment counts of the officers'
pages, the collection of a portal's editors (services, the demo and jobs share them)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, QuerySet
from wagtail.models import Collection, Page

from .models import CommentStatus, PlanComment, PortalHome
from .services.sync import portal_group


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


def portal_collection(home: PortalHome) -> Collection | None:
    """The image and document collection of ``home``'s editors (``services.sync``): found
    through their group's permission, so it stays the portal's when its title changes."""
    group = portal_group(home)
    if group is None:
        return None
    return (
        Collection.objects.filter(group_permissions__group=group)
        .order_by("path")
        .distinct()
        .first()
    )
