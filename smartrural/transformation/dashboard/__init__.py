"""The digital transformation dashboard and periodic report: what the page, the Excel workbook
and the PDF show, built once from ``kpis.kpi_report`` so the three (and the API) agree.

``query`` reads the period and unit asked for, ``data`` builds what the page shows (``ranking``
its table of child units), ``report`` the periodic report's tables, ``chart`` the monthly trend.
"""

from __future__ import annotations

from smartrural.geo.models import Level


def level_label(level: str) -> str:
    return str(Level(level).label)
