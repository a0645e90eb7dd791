"""Reading an uploaded sheet's header: the set, the year and a unit the user may enter."""

from __future__ import annotations

from django.utils.translation import gettext as _

from smartrural.accounts.access import scope_for_user
from smartrural.accounts.actor import Actor
from smartrural.core.spreadsheets import Sheet
from smartrural.core.tabular import cell_text
from smartrural.geo.models import AdministrativeUnit

from ..models import CriteriaSet
from .layout import SET_CELL, UNIT_CELL, YEAR_CELL, CellError


def read_header(
    ws: Sheet,
    *,
    criteria_set: CriteriaSet,
    year: int,
    units: dict[str, AdministrativeUnit],
    user: Actor,
    errors: list[CellError],
) -> AdministrativeUnit | None:
    title = ws.title
    if cell_text(ws[SET_CELL]) != criteria_set.code:
        errors.append(
            CellError(
                title,
                2,
                "B",
                _("This sheet is for the criteria set “%(found)s”, not %(code)s.")
                % {"found": cell_text(ws[SET_CELL]), "code": criteria_set.code},
            )
        )
    if cell_text(ws[YEAR_CELL]) != str(year):
        errors.append(
            CellError(
                title,
                3,
                "B",
                _("This sheet is for the year “%(found)s”, not %(year)s.")
                % {"found": cell_text(ws[YEAR_CELL]), "year": year},
            )
        )
    code = cell_text(ws[UNIT_CELL])
    unit = units.get(code)
    if unit is None or not scope_for_user(user).contains(unit):
        errors.append(
            CellError(
                title,
                4,
                "B",
                _("“%(code)s” is not a unit of this set among the units you may enter.")
                % {"code": code},
            )
        )
        return None
    return unit
