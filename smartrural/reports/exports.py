"""The dashboard's tables as Excel and PDF, built from the same ``Dashboard`` as the page."""

from __future__ import annotations

from django.utils.translation import gettext as _

from smartrural.core.exports import Table, TableCell, tables_pdf, tables_xlsx

from .selectors import ChildRow, Dashboard


def _headlines(data: Dashboard) -> Table:
    rows: list[list[TableCell]] = [
        [h.label, h.recognised, h.total, h.meeting_not_recognised, h.in_progress]
        for h in data.headlines
    ]
    rows.append([_("Dossiers overdue"), data.overdue, "", "", data.in_progress])
    return Table(
        _("Headline counts"),
        [_("Level"), _("Recognised"), _("Units"), _("Meeting, not recognised"), _("In progress")],
        rows,
    )


def _recognition(row: ChildRow) -> str:
    """A district-level unit's recognition: level, decision and who decided."""
    r = row.recognition
    if r is None:
        return ""
    return (
        f"{r.get_level_display()}: {r.decision_number}, {r.decision_date:%d/%m/%Y}"
        f" — {r.get_authority_display()}"
    )


def _children(data: Dashboard) -> Table:
    return Table(
        _("By unit"),
        [
            _("Code"),
            _("Unit"),
            _("Communes"),
            _("Meeting all criteria"),
            _("Recognised NTM"),
            _("Recognised advanced"),
            _("Meeting, not recognised"),
            _("Recognition of the district-level unit"),
        ],
        [
            [
                c.code,
                c.name,
                c.total,
                c.meeting_all,
                c.ntm,
                c.advanced,
                c.meeting_not_recognised,
                _recognition(c),
            ]
            for c in data.children
        ],
    )


def _heat(data: Dashboard) -> Table:
    heat = data.heat
    if heat is None:
        return Table(_("Criteria met"), [], [])
    header = [_("Code"), _("Unit"), _("Communes")] + [str(c["number"]) for c in heat.criteria]
    rows: list[list[TableCell]] = [[r.code, r.name, r.total, *r.cells] for r in heat.rows]
    rows.append(["", _("Total"), heat.total, *[c["met"] for c in heat.criteria]])
    return Table(_("Communes meeting each criterion"), header, rows)


def _stages(data: Dashboard) -> Table:
    return Table(
        _("Dossiers in progress"),
        [_("Stage"), _("Dossiers"), _("Overdue")],
        [[s.label, s.count, s.overdue] for s in data.stages],
    )


def tables(data: Dashboard) -> list[Table]:
    return [_headlines(data), _children(data), _heat(data), _stages(data)]


def title(data: Dashboard) -> str:
    return _("New rural development — %(unit)s, %(year)s") % {
        "unit": data.unit.name,
        "year": data.year,
    }


def filename(data: Dashboard, extension: str) -> str:
    return f"smartrural-dashboard-{data.unit.code}-{data.year}.{extension}"


def dashboard_xlsx(data: Dashboard) -> bytes:
    return tables_xlsx(title(data), tables(data))


def dashboard_pdf(data: Dashboard) -> bytes:
    return tables_pdf(title(data), tables(data))
