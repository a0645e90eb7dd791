"""The criterion report (báo cáo kết quả thực hiện từng tiêu chí) as a PDF, from the evaluation.

Rendered with WeasyPrint from ``recognition/report_pdf.html`` in the active language; the
"DejaVu Sans" font carries every Vietnamese diacritic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from smartrural.criteria.definition import PASS_FAIL
from smartrural.criteria.display import threshold_text
from smartrural.criteria.engine import IndicatorResult, Result
from smartrural.criteria.selectors import evaluation_detail

from .models import Authority, Dossier
from .workflow import LEVEL_RULES

_OPS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "=", "in": "∈"}


@dataclass(frozen=True)
class IndicatorRow:
    code: str
    name: str
    value: str
    threshold: str
    met: bool | None
    explanation: str


@dataclass(frozen=True)
class CriterionBlock:
    number: int
    name: str
    met: bool
    rows: list[IndicatorRow]


def _value(result: IndicatorResult) -> str:
    if result.value is None:
        return "—"
    if result.indicator.value_type == PASS_FAIL:
        return _("Pass") if result.value == "true" else _("Fail")
    unit = result.indicator.unit
    return f"{result.value}{unit}" if unit == "%" else f"{result.value} {unit}".strip()


def _threshold(result: IndicatorResult) -> str:
    if result.threshold is None:
        return "—"
    if result.indicator.value_type == PASS_FAIL:
        return _("Pass")
    op = _OPS.get(result.indicator.comparator, result.indicator.comparator)
    unit = result.indicator.unit
    text = threshold_text(result.threshold)
    return f"{op} {text}{unit}" if unit == "%" else f"{op} {text} {unit}".strip()


def criterion_blocks(result: Result, *, conditions: bool = False) -> list[CriterionBlock]:
    """One block per criterion (``conditions``: per group of recognition conditions)."""
    return [
        CriterionBlock(
            number=criterion.number,
            name=criterion.name,
            met=criterion.met,
            rows=[
                IndicatorRow(
                    code=i.code,
                    name=i.name,
                    value=_value(i),
                    threshold=_threshold(i),
                    met=i.met,
                    explanation=i.explanation(),
                )
                for i in criterion.indicators
            ],
        )
        for criterion in (result.conditions if conditions else result.criteria)
    ]


def report_context(dossier: Dossier) -> dict[str, Any] | None:
    """What the report shows; None when the set has no version to evaluate against."""
    found = evaluation_detail(dossier.unit, dossier.criteria_set, dossier.year)
    if found is None:
        return None
    result, version = found
    return {
        "dossier": dossier,
        "result": result,
        "version": version,
        "legal_basis": version.definition.get("legal_basis", ""),
        "blocks": criterion_blocks(result),
        "condition_blocks": criterion_blocks(result, conditions=True),
        "authority": Authority(LEVEL_RULES[dossier.target_level].authority).label,
        "missing": result.missing,
        "generated_at": timezone.localtime(),
    }


def report_pdf(dossier: Dossier) -> bytes | None:
    """The report as PDF bytes (None: nothing to evaluate against)."""
    from weasyprint import HTML  # heavy import, only when a report is made

    context = report_context(dossier)
    if context is None:
        return None
    html = render_to_string("recognition/report_pdf.html", context)
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def report_filename(dossier: Dossier) -> str:
    return f"criterion-report-{dossier.unit.code}-{dossier.year}.pdf"
