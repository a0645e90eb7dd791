"""Channel adapters: one per channel, chosen by ``settings.OUTREACH_ADAPTERS`` (dotted paths).

The delivery loop asks ``adapters()`` once per run; each adapter is built from settings when it
is first asked for, and closed at the end of the run.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from .base import Adapter


def adapter_for(channel: str) -> Adapter:
    path = settings.OUTREACH_ADAPTERS.get(channel)
    if not path:
        raise LookupError(f"No adapter configured for the {channel!r} channel.")
    return import_string(path)()
