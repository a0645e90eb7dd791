"""Outreach under /api/v1/outreach: single messages for other systems, campaigns and
loudspeaker bulletins (the loudspeakers' own device API is ``outreach.api_devices``).

One module per area (``messages``, ``campaigns``, ``bulletins``), shared pieces in ``common``.
Not open data: a login (browser session) or a Bearer token, and only records of the caller's
units (outside: 404; read-only roles writing: 403; residents: 404). Writes call the same forms
(input) and services (rules) as the officers' pages. Subscribers are not in the API: their
addresses are personal data, kept to the officers' pages of their commune.
"""

from __future__ import annotations

from ninja import Router

from .bulletins import router as bulletins_router
from .campaigns import router as campaigns_router
from .messages import router as messages_router

router = Router(tags=["outreach"])
router.add_router("", messages_router)
router.add_router("", campaigns_router)
router.add_router("", bulletins_router)
