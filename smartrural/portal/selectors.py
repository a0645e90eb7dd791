"""Reads of the portals that services, the demo and jobs share."""

from __future__ import annotations

from wagtail.models import Collection

from .models import PortalHome
from .services.sync import portal_group


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
