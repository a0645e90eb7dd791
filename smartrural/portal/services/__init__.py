from __future__ import annotations

from .sync import SyncReport, portal_slug, portal_sync_units

__all__ = ["SyncReport", "portal_slug", "portal_sync_units"]
