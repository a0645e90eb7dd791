"""Writes of the demo app's own table."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from .models import DemoStamp


@transaction.atomic
def demo_stamp_record(*, content_hash: str, loaded_at: dt.datetime, seconds: float) -> DemoStamp:
    """Record that the demo built from ``content_hash`` is complete in this database."""
    return DemoStamp.objects.create(
        content_hash=content_hash, loaded_at=loaded_at, seconds=round(seconds, 1)
    )
