"""Background work of outreach: sending what is queued.

``deliver`` drains the queue until it is empty (or for ``OUTREACH_TASK_SECONDS``); it is asked for
after each commit that queues messages, and every minute by the scheduler for retries that
became due and for rows a killed worker left half-sent.
"""

from __future__ import annotations

from django.conf import settings
from django_tasks import task

from smartrural.core.scheduler import periodic

from . import delivery, queue
from .models import Campaign
from .services import campaigns


@periodic("* * * * *", name="outreach.deliver")
@task()
def deliver() -> int:
    """Send everything due; the number of answers recorded."""
    return delivery.drain_until_idle(seconds=settings.OUTREACH_TASK_SECONDS).handled


@task()
def enqueue_campaign(campaign_id: int) -> int:
    """Write a due campaign's messages (``campaign_enqueue``); the number written."""
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        return 0
    return campaigns.campaign_enqueue(campaign=campaign).written


@periodic("* * * * *", name="outreach.campaigns_due")
@task()
def campaigns_due() -> int:
    """Enqueue the scheduled campaigns whose time has come (and resume any a crash cut short),
    then mark ``sent`` those with nothing left to send; the number of campaigns enqueued."""
    started = 0
    for pk in campaigns.campaigns_due():
        campaign = Campaign.objects.filter(pk=pk).first()
        if campaign is not None:
            campaigns.campaign_enqueue(campaign=campaign)
            started += 1
    campaigns.campaigns_finish()
    return started


queue.register("deliver", deliver)
queue.register("enqueue_campaign", enqueue_campaign)
