"""Reading an uploaded sheet's indicator rows: what changed since the template was made."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl.utils.cell import column_index_from_string

from smartrural.core.spreadsheets import Sheet
from smartrural.core.tabular import cell_text

from ..definition import Indicator
from ..models import IndicatorValue, ValueStatus
from ..parsing import InvalidValue, parse_value
from ..services import ValueRow
from .layout import (
    CODE_COL,
    COMMENT_COL,
    FIRST_ROW,
    LOADED_COMMENT_COL,
    LOADED_VALUE_COL,
    VALUE_COL,
    VERSION_COL,
    CellError,
)


def read_rows(
    ws: Sheet,
    *,
    indicators: dict[str, Indicator],
    stored: dict[str, IndicatorValue],
    errors: list[CellError],
) -> tuple[list[ValueRow], dict[str, int]]:
    title = ws.title
    rows: list[ValueRow] = []
    row_of: dict[str, int] = {}
    code_at, value_at, comment_at, version_at, loaded_value_at, loaded_comment_at = (
        column_index_from_string(c)
        for c in (
            CODE_COL,
            VALUE_COL,
            COMMENT_COL,
            VERSION_COL,
            LOADED_VALUE_COL,
            LOADED_COMMENT_COL,
        )
    )
    for r in range(FIRST_ROW, ws.max_row + 1):
        code = cell_text(ws.value(r, code_at))
        raw = cell_text(ws.value(r, value_at))
        comment = cell_text(ws.value(r, comment_at))
        made_from = cell_text(ws.value(r, version_at))
        version = int(made_from) if made_from.isascii() and made_from.isdigit() else None
        if not code and not raw:
            continue
        ind = indicators.get(code)
        if ind is None or ind.derived:
            message = _("There is no indicator “%(code)s” to enter in this set.") % {"code": code}
            errors.append(CellError(title, r, CODE_COL, message))
            continue
        if code in row_of:
            message = _("Indicator %(code)s is already on row %(row)s.") % {
                "code": code,
                "row": row_of[code],
            }
            errors.append(CellError(title, r, CODE_COL, message))
            continue
        row_of[code] = r
        if not raw:
            continue  # not filled in: nothing to enter
        if version is not None and (raw, comment) == (
            cell_text(ws.value(r, loaded_value_at)),
            cell_text(ws.value(r, loaded_comment_at)),
        ):
            continue  # sent back as the template was made: not a change
        try:
            parsed = parse_value(ind, raw)
        except InvalidValue as exc:
            errors.append(CellError(title, r, VALUE_COL, exc.message))
            continue
        current = stored.get(code)
        if (
            current is not None
            and current.status == ValueStatus.LOCKED
            and current.value == parsed.text
            and current.comment.strip() == comment  # cells are read stripped
        ):
            continue  # a locked value sent back unchanged is not a correction
        rows.append(ValueRow(indicator=code, value=raw, comment=comment, version=version))
    return rows, row_of
