"""Reads of the portals: the portal each page belongs to, the comment counts of the officers'
pages, the collection of a portal's editors (services, the demo and jobs share them)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from wagtail.models import Collection, Page

from smartrural.surveys.models import Stance

from .models import CommentStatus, PlanComment, PlanPage, PortalHome
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


@dataclass(frozen=True)
class PlanConsultation:
    """A plan's consultation as officers follow it: the published opinions by stance and the
    opinions awaiting moderation."""

    plan: PlanPage
    agree: int = 0
    disagree: int = 0
    comment: int = 0
    pending: int = 0


def plan_consultations(comments: QuerySet[PlanComment]) -> list[PlanConsultation]:
    """The plans ``comments`` are on, each with its counts (two queries, newest plan first)."""
    counts: dict[int, dict[str, int]] = {}
    rows = comments.order_by().values("plan_id", "status", "stance").annotate(n=Count("pk"))
    for row in rows:
        plan = counts.setdefault(row["plan_id"], dict.fromkeys([*Stance.values, "pending"], 0))
        if row["status"] == CommentStatus.PUBLISHED:
            plan[row["stance"]] += row["n"]
        elif row["status"] == CommentStatus.PENDING:
            plan["pending"] += row["n"]
    plans = PlanPage.objects.filter(pk__in=counts).order_by("-pk")
    return [PlanConsultation(plan, **counts[plan.pk]) for plan in plans]


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
