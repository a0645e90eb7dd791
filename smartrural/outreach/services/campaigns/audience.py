"""A campaign's audience: its hamlets (and those they succeeded), its subscribers, and a preview
of how many each channel reaches."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
)

from smartrural.geo.models import (
    AdministrativeUnit,
    Level,
    Succession,
    path_upper_bound,
    valid_on_q,
)

from ...models import (
    Campaign,
    Channel,
    Subscriber,
)


def audience_hamlets(campaign: Campaign) -> QuerySet[AdministrativeUnit]:
    """The hamlets valid on the campaign's date under (or equal to) its audience units, and the
    hamlets they succeeded (a subscriber recorded in a hamlet before the 2025 reorganisation
    lives in its successor today)."""
    under = Q(pk__in=[])
    for path in campaign.audience_units.values_list("path", flat=True):
        under |= Q(path__gte=path, path__lt=path_upper_bound(path))
    current = set(
        AdministrativeUnit.objects.filter(
            valid_on_q(campaign.audience_as_of), under, level=Level.HAMLET
        ).values_list("pk", flat=True)
    )
    hamlets, newer = set(current), current
    while newer:  # one generation of predecessors per query
        newer = (
            set(
                Succession.objects.filter(
                    successor__in=newer, predecessor__level=Level.HAMLET
                ).values_list("predecessor", flat=True)
            )
            - hamlets
        )
        hamlets |= newer
    return AdministrativeUnit.objects.filter(pk__in=hamlets)


def audience_subscribers(campaign: Campaign) -> QuerySet[Subscriber]:
    """Active subscribers of the audience's hamlets who chose one of the campaign's topics."""
    return (
        Subscriber.objects.filter(
            hamlet__in=audience_hamlets(campaign).values("pk"), unsubscribed_at=None
        )
        .alias(shared=F("topics").bitand(campaign.topics))
        .filter(shared__gt=0)
    )


def _channels_for(preferences: str, allowed: Sequence[str], addresses: dict[str, str]) -> list[str]:
    """The subscriber's channels in their order that the campaign allows and that reach them."""
    return [
        name for name in preferences.split(",") if name and name in allowed and addresses.get(name)
    ]


def _usable(campaign: Campaign) -> list[str]:
    names = [name for name in campaign.channels.split(",") if name]
    if not campaign.template.zns_template_id:
        names = [name for name in names if name != Channel.ZNS]
    return names


def audience_preview(campaign: Campaign) -> dict[str, Any]:
    """How many subscribers the campaign would reach per (first) channel, and how many it
    cannot reach on any of its channels (one grouped query)."""
    allowed = _usable(campaign)
    present = {
        f"has_{name}": ExpressionWrapper(~Q(**{name: ""}), output_field=BooleanField())
        for name in ("phone", "email", "zalo_user_id")
    }
    rows = (
        audience_subscribers(campaign)
        .annotate(**present)
        .values("channels", *present)
        .annotate(n=Count("pk"))
        .order_by()
    )
    per_channel = dict.fromkeys(allowed, 0)
    unreachable = 0
    total = 0
    for row in rows:
        addresses: dict[str, str] = {
            Channel.ZNS: "1" if row["has_phone"] else "",
            Channel.SMS: "1" if row["has_phone"] else "",
            Channel.EMAIL: "1" if row["has_email"] else "",
            Channel.ZALO_OA: "1" if row["has_zalo_user_id"] else "",
        }
        names = _channels_for(row["channels"], allowed, addresses)
        total += row["n"]
        if names:
            per_channel[names[0]] += row["n"]
        else:
            unreachable += row["n"]
    return {"total": total, "per_channel": per_channel, "unreachable": unreachable}
