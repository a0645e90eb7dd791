"""Digital transformation under /api/v1: monthly work record counts, and every KPI per level.

One module per programme (``work_records``, ``kpis``), its schemas apart (``*_schemas``).

Not open data: a login or a Bearer token is needed, and everything is scoped to the caller's
units (outside: 404; read-only roles writing: 403).
"""

from __future__ import annotations

from ninja import Router

from .kpis import router as kpis_router
from .work_records import router as work_records_router

router = Router(tags=["transformation"])
router.add_router("", work_records_router)
router.add_router("", kpis_router)
