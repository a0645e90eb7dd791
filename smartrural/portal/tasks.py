"""The portals' periodic jobs (``core.scheduler``; Asia/Ho_Chi_Minh): scheduled publishing and
unpublishing every minute (Wagtail's own command), the portals from the units nightly."""

from __future__ import annotations

from django.core.management import call_command
from django_tasks import task

from smartrural.core.dates import today
from smartrural.core.scheduler import periodic

from .services import portal_sync_units


@periodic("* * * * *", name="portal.publish_scheduled")
@task()
def publish_scheduled() -> None:
    """Publish what was scheduled for now and unpublish what expired."""
    call_command("publish_scheduled", verbosity=0)


@periodic("30 1 * * *", name="portal.sync_units")
@task()
def sync_units() -> int:
    """The portals of today's units; the number created or moved."""
    report = portal_sync_units(as_of=today())
    return len(report.created) + len(report.moved)
